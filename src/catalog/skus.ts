/** SKU master data: product variants with cost, price, pack size, default supplier, tags. */
import type { Executor } from '../store/executor.ts';
import { EntityService, type Refs } from './entity.ts';
import { supplierService } from './suppliers.ts';
import type { ListOptions, Page, Sku, SkuFilters, SkuInput, UpsertResult } from './types.ts';
import { checkBool, checkCode, checkInt, checkTags, checkText } from './validate.ts';

const FIELDS = ['code', 'name', 'unit', 'unitCost', 'price', 'packSize', 'defaultSupplier', 'backordersAllowed', 'active', 'tags'] as const;

async function supplierRefs(ex: Executor, codes: (string | null | undefined)[]): Promise<Refs> {
  const wanted = codes.filter((c): c is string => typeof c === 'string');
  if (wanted.length === 0) return new Map();
  const found = await supplierService.resolve(ex, wanted);
  return new Map([...found].map(([code, s]) => [code, s.id]));
}

/** The generic service configured for SKUs (resolves default supplier codes). */
export const skuService = new EntityService<Sku, SkuInput, SkuFilters>({
  table: 'skus',
  what: 'SKU',
  fields: FIELDS,
  select: (db) =>
    db
      .selectFrom('skus')
      .leftJoin('suppliers as sup', 'sup.id', 'skus.default_supplier_id')
      .selectAll('skus')
      .select('sup.code as default_supplier_code'),
  fromRow: (r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    unit: r.unit,
    unitCost: Number(r.unit_cost),
    price: Number(r.price),
    packSize: Number(r.pack_size),
    defaultSupplier: r.default_supplier_code ?? null,
    backordersAllowed: Number(r.backorders_allowed) === 1,
    active: Number(r.active) === 1,
    tags: JSON.parse(r.tags),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }),
  prepare: (ex, inputs, existing) => supplierRefs(ex, [...inputs.map((i) => i.defaultSupplier), ...existing.map((e) => e.defaultSupplier)]),
  toColumns(input, ex, label, refs) {
    const pick = <K extends keyof SkuInput>(k: K, dflt: SkuInput[K]): SkuInput[K] => (input[k] !== undefined ? input[k] : ex ? (ex as any)[k] : dflt);
    const name = input.name !== undefined || !ex ? checkText(label, 'name', input.name) : ex.name;
    const supplier = pick('defaultSupplier', null);
    if (supplier !== null) checkCode(label, 'defaultSupplier', supplier);
    return {
      name,
      unit: checkText(label, 'unit', pick('unit', 'each'), 32),
      unit_cost: checkInt(label, 'unitCost', pick('unitCost', 0), 0),
      price: checkInt(label, 'price', pick('price', 0), 0),
      pack_size: checkInt(label, 'packSize', pick('packSize', 1), 1),
      default_supplier_id: supplier === null ? null : (refs.get(supplier as string) ?? null),
      backorders_allowed: checkBool(label, 'backordersAllowed', pick('backordersAllowed', false)) ? 1 : 0,
      active: checkBool(label, 'active', pick('active', true)) ? 1 : 0,
      tags: JSON.stringify(checkTags(label, 'tags', pick('tags', []))),
    };
  },
  filterRefs: (ex, f) => supplierRefs(ex, [f.supplier]),
  filter(q, f, refs) {
    if (f.q) q = q.where((eb: any) => eb.or([eb(eb.fn('lower', ['skus.code']), 'like', `%${f.q!.toLowerCase()}%`), eb(eb.fn('lower', ['skus.name']), 'like', `%${f.q!.toLowerCase()}%`)]));
    if (f.active !== undefined) q = q.where('skus.active', '=', f.active ? 1 : 0);
    if (f.tag !== undefined) q = q.where('skus.tags', 'like', `%${JSON.stringify(f.tag)}%`);
    if (f.supplier !== undefined) q = q.where('skus.default_supplier_id', '=', refs.get(f.supplier)!);
    if (f.codes !== undefined) q = f.codes.length === 0 ? q.where((eb: any) => eb.val(1), '=', 0) : q.where('skus.code', 'in', f.codes);
    return q;
  },
});

/** Creates a SKU; 409 ALREADY_EXISTS if the code is taken, 404 NOT_FOUND for an unknown supplier, 400 VALIDATION_FAILED naming the field. */
export const createSku = (ex: Executor, input: SkuInput): Promise<Sku> => skuService.create(ex, input);
/** Changes the given fields of a SKU (code is immutable); 404 NOT_FOUND if unknown. */
export const updateSku = (ex: Executor, code: string, patch: Partial<SkuInput>): Promise<Sku> => skuService.update(ex, code, patch);
/** One SKU by code; 404 NOT_FOUND if unknown. */
export const getSku = (ex: Executor, code: string): Promise<Sku> => skuService.get(ex, code);
/** SKUs ordered by code, keyset-paged, filtered by text, tag, activity, default supplier or codes. */
export const listSkus = (ex: Executor, opts: ListOptions<SkuFilters> = {}): Promise<Page<Sku>> => skuService.list(ex, opts);
/** Bulk insert-or-update by code (set-based, atomic: all rows or none). Fields omitted on existing SKUs are kept. */
export const upsertSkus = (ex: Executor, rows: SkuInput[]): Promise<UpsertResult> => skuService.upsert(ex, rows);
/** SKUs by code; any unknown code -> 404 NOT_FOUND naming it. */
export const resolveSkus = (ex: Executor, codes: string[]): Promise<Map<string, Sku>> => skuService.resolve(ex, codes);
/** SKUs by id (unknown ids absent). */
export const getSkusByIds = (ex: Executor, ids: number[]): Promise<Map<number, Sku>> => skuService.byIds(ex, ids);
/** How many SKUs there are, and how many of them are active (the dashboard's counts without reading every SKU). */
export const countSkus = (ex: Executor): Promise<{ total: number; active: number }> => skuService.count(ex);
