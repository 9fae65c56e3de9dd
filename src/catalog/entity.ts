/**
 * The generic implementation behind the SKU, location and supplier services: create, update, get,
 * list (keyset-paged by code), bulk upsert (set-based, atomic), resolve codes and ids in bulk.
 * Each entity supplies an EntitySpec (its table, how input maps to columns, how rows map back).
 */
import { sql, type Kysely } from 'kysely';
import { conflict, notFound, validationError } from '../shared/errors.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import { isUniqueViolation } from './db-errors.ts';
import { valuesIn } from './bulk.ts';
import { chunkRows, decodeCursor, encodeCursor, pageLimit } from './paging.ts';
import type { Page } from './types.ts';
import { checkCode, checkKnownKeys } from './validate.ts';

/** Lookups an input batch needs besides its own rows (e.g. supplier code -> id for SKUs). */
export type Refs = Map<string, number>;

export interface EntitySpec<T extends { id: number; code: string; createdAt: string }, I extends { code: string }, F> {
  table: 'skus' | 'locations' | 'suppliers';
  /** Name used in messages: 'SKU', 'location', 'supplier'. */
  what: string;
  /** Allowed input keys (others are a VALIDATION_FAILED). */
  fields: readonly string[];
  /** The select returning rows that fromRow understands; `code` must be qualified by the table. */
  select(db: Kysely<any>): any;
  fromRow(row: any): T;
  /** Resolves references of a batch of inputs; throws NOT_FOUND for unknown ones. */
  prepare?(ex: Executor, inputs: I[], existing: T[]): Promise<Refs>;
  /**
   * Column values for `input` laid over `existing` (undefined = create: defaults apply and required
   * fields must be present). Excludes id, code and timestamps.
   */
  toColumns(input: I, existing: T | undefined, label: string, refs: Refs): Record<string, unknown>;
  /** Adds list filters to a query. */
  filter(q: any, filters: F, refs: Refs): any;
  /** References of the filters to resolve first (codes), if any. */
  filterRefs?(ex: Executor, filters: F): Promise<Refs>;
}

/** CRUD, paging, bulk upsert and code/id resolution for one catalog entity, driven by its EntitySpec. */
export class EntityService<T extends { id: number; code: string; createdAt: string }, I extends { code: string }, F> {
  constructor(readonly spec: EntitySpec<T, I, F>) {}

  private label(code: unknown, index?: number): string {
    return index === undefined ? `${this.spec.what} ${JSON.stringify(code)}` : `row ${index + 1} (${this.spec.what} ${JSON.stringify(code)})`;
  }

  async create(ex: Executor, input: I): Promise<T> {
    const label = this.label(input?.code);
    if (!input || typeof input !== 'object') throw validationError(`${this.spec.what}: input must be an object`);
    checkKnownKeys(label, input, this.spec.fields);
    const code = checkCode(label, 'code', input.code);
    return inTransaction(ex, async (tx) => {
      const refs = this.spec.prepare ? await this.spec.prepare(tx, [input], []) : new Map();
      const cols = this.spec.toColumns(input, undefined, label, refs);
      const now = new Date().toISOString();
      try {
        await tx.db.insertInto(this.spec.table as any).values({ ...cols, code, created_at: now, updated_at: now } as any).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('ALREADY_EXISTS', `${this.spec.what} ${JSON.stringify(code)} already exists`, { code });
        throw e;
      }
      return this.get(tx, code);
    });
  }

  async update(ex: Executor, code: string, patch: Partial<I>): Promise<T> {
    const label = this.label(code);
    if (!patch || typeof patch !== 'object') throw validationError(`${label}: patch must be an object`);
    checkKnownKeys(label, patch, this.spec.fields);
    if (patch.code !== undefined && patch.code !== code) throw validationError(`${label}: code cannot be changed`, { field: 'code' });
    return inTransaction(ex, async (tx) => {
      const existing = await this.get(tx, code);
      const input = { ...patch, code } as I;
      const refs = this.spec.prepare ? await this.spec.prepare(tx, [input], [existing]) : new Map();
      const cols = this.spec.toColumns(input, existing, label, refs);
      await tx.db
        .updateTable(this.spec.table as any)
        .set({ ...cols, updated_at: new Date().toISOString() } as any)
        .where('id', '=', existing.id)
        .execute();
      return this.get(tx, code);
    });
  }

  async get(ex: Executor, code: string): Promise<T> {
    const row = await this.spec.select(ex.db).where(`${this.spec.table}.code`, '=', code).executeTakeFirst();
    if (!row) throw notFound(this.spec.what, code);
    return this.spec.fromRow(row);
  }

  /** Keyset-paged list ordered by code. */
  async list(ex: Executor, opts: { cursor?: string | null; limit?: number; filters?: F } = {}): Promise<Page<T>> {
    const limit = pageLimit(opts.limit);
    const after = decodeCursor(opts.cursor, (v): v is { c: string } => typeof v === 'object' && v !== null && typeof (v as any).c === 'string');
    const filters = (opts.filters ?? {}) as F;
    const refs = this.spec.filterRefs ? await this.spec.filterRefs(ex, filters) : new Map();
    let q = this.spec.select(ex.db);
    q = this.spec.filter(q, filters, refs);
    if (after) q = q.where(`${this.spec.table}.code`, '>', after.c);
    const rows = await q.orderBy(`${this.spec.table}.code`).limit(limit + 1).execute();
    const items = rows.slice(0, limit).map((r: any) => this.spec.fromRow(r));
    const nextCursor = rows.length > limit ? encodeCursor({ c: items[items.length - 1].code }) : null;
    return { items, nextCursor };
  }

  /**
   * Inserts new codes and updates existing ones (only the fields given), all or nothing. Set-based:
   * existing rows are read in bulk and written with multi-row INSERT ... ON CONFLICT (code) DO UPDATE.
   */
  async upsert(ex: Executor, inputs: I[]): Promise<{ created: number; updated: number }> {
    if (!Array.isArray(inputs)) throw validationError(`${this.spec.what} upsert: rows must be an array`);
    const seen = new Map<string, number>();
    inputs.forEach((input, i) => {
      const label = this.label(input?.code, i);
      if (!input || typeof input !== 'object') throw validationError(`row ${i + 1}: must be an object`);
      checkKnownKeys(label, input, this.spec.fields);
      const code = checkCode(label, 'code', input.code);
      const prev = seen.get(code);
      if (prev !== undefined) throw validationError(`${label}: duplicate code, also at row ${prev + 1}`, { field: 'code', row: i + 1 });
      seen.set(code, i);
    });
    if (inputs.length === 0) return { created: 0, updated: 0 };
    return inTransaction(ex, async (tx) => {
      const existing = await this.byCodes(tx, [...seen.keys()]);
      const refs = this.spec.prepare ? await this.spec.prepare(tx, inputs, [...existing.values()]) : new Map();
      const now = new Date().toISOString();
      const rows = inputs.map((input, i) => {
        const ex0 = existing.get(input.code);
        const cols = this.spec.toColumns(input, ex0, this.label(input.code, i), refs);
        return { ...cols, code: input.code, created_at: ex0 ? ex0.createdAt : now, updated_at: now } as Record<string, unknown>;
      });
      const columns = Object.keys(rows[0]);
      for (const chunk of chunkRows(rows, columns.length, tx.dialect)) {
        await tx.db
          .insertInto(this.spec.table as any)
          .values(chunk as any)
          .onConflict((oc: any) =>
            oc.column('code').doUpdateSet(Object.fromEntries(columns.filter((c) => c !== 'code' && c !== 'created_at').map((c) => [c, (eb: any) => eb.ref(`excluded.${c}`)]))),
          )
          .execute();
      }
      return { created: inputs.length - existing.size, updated: existing.size };
    });
  }

  /** How many rows there are, and how many of them are active (one aggregate query). */
  async count(ex: Executor): Promise<{ total: number; active: number }> {
    const r = await ex.db
      .selectFrom(this.spec.table as any)
      .select([sql<string | number>`count(*)`.as('total'), sql<string | number | null>`sum(case when active = 1 then 1 else 0 end)`.as('active')])
      .executeTakeFirstOrThrow();
    return { total: Number((r as any).total), active: Number((r as any).active ?? 0) };
  }

  /** Entities by code (unknown codes are simply absent). */
  async byCodes(ex: Executor, codes: string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    const unique = [...new Set(codes)];
    if (unique.length > 0) {
      const rows = await this.spec.select(ex.db).where(valuesIn(ex, `${this.spec.table}.code`, unique, 'text')).execute();
      for (const r of rows) {
        const e = this.spec.fromRow(r);
        out.set(e.code, e);
      }
    }
    return out;
  }

  /** Entities by code; any unknown code is a NOT_FOUND naming it (all unknown codes in details). */
  async resolve(ex: Executor, codes: string[]): Promise<Map<string, T>> {
    const out = await this.byCodes(ex, codes);
    const missing = [...new Set(codes)].filter((c) => !out.has(c));
    if (missing.length > 0) throw notFound(this.spec.what, missing[0], { missing: missing.slice(0, 100), missingCount: missing.length });
    return out;
  }

  /** Entities by id (unknown ids are absent). */
  async byIds(ex: Executor, ids: number[]): Promise<Map<number, T>> {
    const out = new Map<number, T>();
    const unique = [...new Set(ids)];
    if (unique.length > 0) {
      const rows = await this.spec.select(ex.db).where(valuesIn(ex, `${this.spec.table}.id`, unique, 'int8')).execute();
      for (const r of rows) {
        const e = this.spec.fromRow(r);
        out.set(e.id, e);
      }
    }
    return out;
  }
}
