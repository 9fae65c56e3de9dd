/**
 * Reservations: stock committed to customer orders. reserve() is all-or-nothing (lines of the same
 * SKU x location summed first, refused with 422 INSUFFICIENT_AVAILABLE unless the SKU allows
 * backorders); release() frees open units; fulfil() posts the sale movements and consumes the
 * reservation in one transaction. balances.reserved always equals the open units of all lines.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { bulkInsert, decodeCursor, encodeCursor, pageLimit, type BulkColumns } from '../catalog/index.ts';
import { conflict, notFound, refused, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { codesFor, locationIds, skuIds } from './codes.ts';
import { dayOf, normalizeMovement } from './normalize.ts';
import { checkActor, postInSession } from './post.ts';
import { LedgerSession } from './session.ts';
import { ledgerTransaction } from './tx.ts';
import type { Movement, PostContext, Reservation, ReservationLineInput, ReservationStatus, ReserveInput } from './types.ts';

/** Most lines one reservation (or one release/fulfil request) may carry. */
export const MAX_RESERVATION_LINES = 10_000;
const LINE_COLUMNS: BulkColumns = [['reservation_id', 'int8'], ['sku_id', 'int8'], ['location_id', 'int8'], ['quantity', 'int8'], ['fulfilled', 'int8'], ['released', 'int8'], ['backordered', 'int8']];

interface LineRow { id: number; sku_id: number; location_id: number; quantity: number; fulfilled: number; released: number; backordered: number }

function checkLines(lines: unknown, required: boolean): ReservationLineInput[] | undefined {
  if (lines === undefined || lines === null) {
    if (required) throw validationError('lines must be a non-empty array', { field: 'lines' });
    return undefined;
  }
  if (!Array.isArray(lines) || lines.length === 0) throw validationError('lines must be a non-empty array', { field: 'lines' });
  if (lines.length > MAX_RESERVATION_LINES) throw validationError(`at most ${MAX_RESERVATION_LINES} lines (got ${lines.length})`, { field: 'lines' });
  lines.forEach((l: any, i) => {
    const at = `lines[${i}]`;
    if (!l || typeof l !== 'object') throw validationError(`${at} must be an object`, { index: i });
    for (const f of ['sku', 'location'] as const) if (typeof l[f] !== 'string' || l[f] === '') throw validationError(`${at}: ${f} must be a non-empty code (got ${JSON.stringify(l[f])})`, { index: i, field: f });
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) throw validationError(`${at} (${l.sku} @ ${l.location}): quantity must be an integer > 0 (got ${JSON.stringify(l.quantity)})`, { index: i, field: 'quantity' });
  });
  return lines as ReservationLineInput[];
}

/** Lines of the same SKU x location summed, in first-appearance order, with the index of the first. */
function sumLines(lines: ReservationLineInput[]): (ReservationLineInput & { index: number })[] {
  const m = new Map<string, ReservationLineInput & { index: number }>();
  lines.forEach((l, index) => {
    const k = `${l.sku}\u0000${l.location}`;
    const e = m.get(k);
    if (e) e.quantity += l.quantity;
    else m.set(k, { sku: l.sku, location: l.location, quantity: l.quantity, index });
  });
  return [...m.values()];
}

const statusOf = (lines: LineRow[]): ReservationStatus => {
  if (lines.some((l) => l.quantity - l.fulfilled - l.released > 0)) return 'open';
  if (lines.every((l) => l.fulfilled === l.quantity)) return 'fulfilled';
  if (lines.every((l) => l.fulfilled === 0)) return 'released';
  return 'closed';
};

/**
 * Reserves stock for an order, all lines or none. Errors: 400 VALIDATION_FAILED, 404 NOT_FOUND,
 * 422 INSUFFICIENT_AVAILABLE (naming the line, SKU, location, available and requested),
 * 409 IDEMPOTENCY_CONFLICT (key reused with other content). A replay returns the first reservation
 * with `replayed: true`.
 */
export async function reserve(ex: Executor, input: ReserveInput, ctx: PostContext): Promise<Reservation> {
  const actor = checkActor(ctx);
  if (!input || typeof input !== 'object') throw validationError('reservation input must be an object');
  const lines = checkLines(input.lines, true)!;
  if (input.reference !== undefined && input.reference !== null && (typeof input.reference !== 'string' || input.reference.length > 1000)) throw validationError('reference must be a string of at most 1000 characters', { field: 'reference' });
  const key = input.idempotencyKey ?? null;
  if (key !== null && (typeof key !== 'string' || key === '' || key.length > 255)) throw validationError('idempotencyKey must be a non-empty string of at most 255 characters', { field: 'idempotencyKey' });
  const hash = crypto.createHash('sha256').update(JSON.stringify([input.reference ?? null, lines.map((l) => [l.sku, l.location, l.quantity])])).digest('base64url');
  const summed = sumLines(lines);

  return ledgerTransaction(ex, async (tx) => {
    const session = new LedgerSession(tx);
    await session.resolve(summed.map((l) => l.sku), summed.map((l) => l.location));
    const pairs = summed.map((l) => ({ skuId: session.skus.get(l.sku)!.id, locationId: session.locations.get(l.location)!.id }));
    await session.load(pairs, false);
    if (key !== null) {
      const prior = await tx.db.selectFrom('reservations').select(['id', 'content_hash']).where('idempotency_key', '=', key).executeTakeFirst();
      if (prior) {
        if (prior.content_hash !== hash) throw conflict('IDEMPOTENCY_CONFLICT', `idempotency key ${JSON.stringify(key)} was already used for a different reservation (#${prior.id})`, { idempotencyKey: key, existingReservationId: Number(prior.id) });
        return { ...(await getReservation(tx, Number(prior.id))), replayed: true };
      }
    }
    const now = new Date().toISOString();
    const backordered = summed.map((l, i) => session.state.reserve(pairs[i].skuId, pairs[i].locationId, l.quantity, dayOf(now), { sku: l.sku, location: l.location, index: l.index }));
    const res = await tx.db
      .insertInto('reservations')
      .values({ reference: input.reference ?? null, status: 'open', actor, idempotency_key: key, content_hash: hash, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(res.id);
    await bulkInsert(tx, 'reservation_lines', LINE_COLUMNS, summed.map((l, i) => [id, pairs[i].skuId, pairs[i].locationId, l.quantity, 0, 0, backordered[i]]));
    await session.flush([]);
    return {
      id, reference: input.reference ?? null, status: 'open', actor, idempotencyKey: key, createdAt: now, updatedAt: now, replayed: false,
      lines: summed.map((l, i) => ({ sku: l.sku, location: l.location, quantity: l.quantity, fulfilled: 0, released: 0, open: l.quantity, backordered: backordered[i] })),
    };
  });
}

/** Locks (PostgreSQL) and reads an open reservation and its lines; 404 / 422 RESERVATION_NOT_OPEN. */
async function openReservation(tx: Executor, id: number): Promise<{ lines: LineRow[] }> {
  if (!Number.isSafeInteger(id)) throw validationError(`reservation id must be an integer (got ${JSON.stringify(id)})`, { field: 'id' });
  let q = tx.db.selectFrom('reservations').select(['id', 'status']).where('id', '=', id);
  if (tx.dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('reservation', id);
  if (r.status !== 'open') throw refused('RESERVATION_NOT_OPEN', `reservation #${id} is ${r.status}, not open`, { id, status: r.status });
  const lines = (await tx.db.selectFrom('reservation_lines').selectAll().where('reservation_id', '=', id).orderBy('id').execute()).map((l) => ({
    id: Number(l.id), sku_id: Number(l.sku_id), location_id: Number(l.location_id), quantity: Number(l.quantity), fulfilled: Number(l.fulfilled), released: Number(l.released), backordered: Number(l.backordered),
  }));
  return { lines };
}

/** How many units to take from each line: the requested lines, or everything open. */
async function pick(session: LedgerSession, id: number, lines: LineRow[], requested: ReservationLineInput[] | undefined): Promise<Map<LineRow, number>> {
  const out = new Map<LineRow, number>();
  if (!requested) {
    for (const l of lines) if (l.quantity - l.fulfilled - l.released > 0) out.set(l, l.quantity - l.fulfilled - l.released);
    return out;
  }
  const summed = sumLines(requested);
  await session.resolve(summed.map((l) => l.sku), summed.map((l) => l.location));
  for (const r of summed) {
    const skuId = session.skus.get(r.sku)!.id;
    const locId = session.locations.get(r.location)!.id;
    const line = lines.find((l) => l.sku_id === skuId && l.location_id === locId);
    if (!line) throw notFound('reservation line', `${r.sku} @ ${r.location}`, { reservation: id, index: r.index });
    const open = line.quantity - line.fulfilled - line.released;
    if (r.quantity > open) throw refused('RESERVATION_LINE_EXCEEDED', `lines[${r.index}]: reservation #${id} has ${open} units of ${r.sku} @ ${r.location} open, requested ${r.quantity}`, { reservation: id, index: r.index, sku: r.sku, location: r.location, open, requested: r.quantity });
    out.set(line, r.quantity);
  }
  return out;
}

async function writeLines(tx: Executor, id: number, lines: LineRow[], touched: Iterable<LineRow>): Promise<void> {
  for (const l of touched) await tx.db.updateTable('reservation_lines').set({ fulfilled: l.fulfilled, released: l.released }).where('id', '=', l.id).execute();
  await tx.db.updateTable('reservations').set({ status: statusOf(lines), updated_at: new Date().toISOString() }).where('id', '=', id).execute();
}

/** Releases open units (all, or the given lines). 404 unknown reservation/line; 422 RESERVATION_NOT_OPEN / RESERVATION_LINE_EXCEEDED. */
export async function release(ex: Executor, reservationId: number, ctx: PostContext, opts: { lines?: ReservationLineInput[] } = {}): Promise<Reservation> {
  checkActor(ctx);
  const requested = checkLines(opts?.lines, false);
  return ledgerTransaction(ex, async (tx) => {
    const { lines } = await openReservation(tx, reservationId);
    const session = new LedgerSession(tx);
    const take = await pick(session, reservationId, lines, requested);
    await session.load([...take.keys()].map((l) => ({ skuId: l.sku_id, locationId: l.location_id })), false);
    const today = dayOf(new Date().toISOString());
    for (const [l, q] of take) {
      session.state.unreserve(l.sku_id, l.location_id, q);
      session.state.touchDay(l.sku_id, l.location_id, today, 0);
      l.released += q;
    }
    await writeLines(tx, reservationId, lines, take.keys());
    await session.flush([]);
    return getReservation(tx, reservationId);
  });
}

/**
 * Ships open units (all, or the given lines): lowers reserved and posts one sale movement per line
 * (reference = the reservation's reference or `reservation:<id>`), atomically. Returns the
 * reservation with the posted `movements`. Errors as release(), plus 422 INSUFFICIENT_STOCK when
 * on hand does not cover a (backordered) line.
 */
export async function fulfil(ex: Executor, reservationId: number, ctx: PostContext, opts: { lines?: ReservationLineInput[]; occurredAt?: string } = {}): Promise<Reservation & { movements: Movement[] }> {
  const actor = checkActor(ctx);
  const requested = checkLines(opts?.lines, false);
  return ledgerTransaction(ex, async (tx) => {
    const { lines } = await openReservation(tx, reservationId);
    const head = await tx.db.selectFrom('reservations').select('reference').where('id', '=', reservationId).executeTakeFirstOrThrow();
    const session = new LedgerSession(tx);
    const take = await pick(session, reservationId, lines, requested);
    await session.resolveIds([...take.keys()].map((l) => l.sku_id), [...take.keys()].map((l) => l.location_id));
    await session.load([...take.keys()].map((l) => ({ skuId: l.sku_id, locationId: l.location_id })));
    const now = new Date().toISOString();
    const inputs = [...take].map(([l, q], i) => {
      session.state.unreserve(l.sku_id, l.location_id, q);
      l.fulfilled += q;
      return normalizeMovement(
        {
          kind: 'sale',
          sku: session.skuById.get(l.sku_id)!.code,
          location: session.locationById.get(l.location_id)!.code,
          quantity: q,
          occurredAt: opts?.occurredAt,
          reference: head.reference ?? `reservation:${reservationId}`,
          note: `fulfils reservation #${reservationId}`,
        },
        i,
        now,
      );
    });
    await writeLines(tx, reservationId, lines, take.keys());
    const posted = await postInSession(session, inputs, actor, now, true);
    return { ...(await getReservation(tx, reservationId)), movements: posted.movements };
  });
}

/** One reservation with its lines; 404 NOT_FOUND. */
export async function getReservation(ex: Executor, id: number): Promise<Reservation> {
  const [r] = await reservationsByIds(ex, [id]);
  if (!r) throw notFound('reservation', id);
  return r;
}

async function reservationsByIds(ex: Executor, ids: number[]): Promise<Reservation[]> {
  if (ids.length === 0) return [];
  const heads = await ex.db.selectFrom('reservations').selectAll().where('id', 'in', ids).execute();
  const lines = await ex.db.selectFrom('reservation_lines').selectAll().where('reservation_id', 'in', ids).orderBy('id').execute();
  const codes = await codesFor(ex, lines.map((l) => Number(l.sku_id)), lines.map((l) => Number(l.location_id)));
  const byId = new Map(heads.map((h) => [Number(h.id), { id: Number(h.id), reference: h.reference, status: h.status as ReservationStatus, actor: h.actor, idempotencyKey: h.idempotency_key, createdAt: h.created_at, updatedAt: h.updated_at, lines: [] as Reservation['lines'] }]));
  for (const l of lines) {
    const q = Number(l.quantity);
    const f = Number(l.fulfilled);
    const rel = Number(l.released);
    byId.get(Number(l.reservation_id))!.lines.push({ sku: codes.sku(Number(l.sku_id)), location: codes.location(Number(l.location_id))!, quantity: q, fulfilled: f, released: rel, open: q - f - rel, backordered: Number(l.backordered) });
  }
  return ids.map((id) => byId.get(id)).filter((r): r is Reservation => r !== undefined);
}

/** Reservations newest first, filtered by status, reference, SKU or location, keyset-paged. */
export async function listReservations(
  ex: Executor,
  query: { status?: ReservationStatus; reference?: string; sku?: string; location?: string; cursor?: string | null; limit?: number } = {},
): Promise<{ items: Reservation[]; nextCursor: string | null }> {
  const limit = pageLimit(query.limit);
  const before = decodeCursor(query.cursor, (v): v is number => Number.isSafeInteger(v));
  let q = ex.db.selectFrom('reservations').select('id');
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.reference !== undefined) q = q.where('reference', '=', query.reference);
  if (query.sku !== undefined || query.location !== undefined) {
    const s = query.sku !== undefined ? (await skuIds(ex, [query.sku]))[0] : null;
    const l = query.location !== undefined ? (await locationIds(ex, [query.location]))[0] : null;
    q = q.where('id', 'in', (eb) => {
      let sub = eb.selectFrom('reservation_lines').select('reservation_id');
      if (s !== null) sub = sub.where('sku_id', '=', s);
      if (l !== null) sub = sub.where('location_id', '=', l);
      return sub;
    });
  }
  if (before !== null) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  const ids = rows.slice(0, limit).map((r) => Number(r.id));
  const items = await reservationsByIds(ex, ids);
  return { items, nextCursor: rows.length > limit ? encodeCursor(ids[ids.length - 1]) : null };
}

/** Open (not yet fulfilled or released) units per SKU x location id pair, for verification. */
export async function openReservedByPair(ex: Executor): Promise<{ skuId: number; locationId: number; open: number }[]> {
  const rows = await ex.db
    .selectFrom('reservation_lines')
    .select(['sku_id', 'location_id', sql<number>`sum(quantity - fulfilled - released)`.as('open')])
    .groupBy(['sku_id', 'location_id'])
    .execute();
  return rows.map((r) => ({ skuId: Number(r.sku_id), locationId: Number(r.location_id), open: Number(r.open) }));
}
