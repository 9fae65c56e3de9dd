/** Read side of the ledger: balances, movements and lots, keyset-paged. */
import { sql } from 'kysely';
import { decodeCursor, encodeCursor, pageLimit } from '../catalog/index.ts';
import { validationError } from '../shared/errors.ts';
import { isNewestFirst } from '../shared/validate.ts';
import type { Executor } from '../store/executor.ts';
import { codesFor, locationIds, skuIds } from './codes.ts';
import { canonicalInstant } from './normalize.ts';
import { MOVEMENT_KINDS, type Balance, type BalanceQuery, type Lot, type LotQuery, type Movement, type MovementQuery, type MovementKind } from './types.ts';

const MAX_LIMIT = 10_000;
const isPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(Number.isSafeInteger);
const isMovCursor = (v: unknown): v is [string, number] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Number.isSafeInteger(v[1]);
const isId = (v: unknown): v is number => Number.isSafeInteger(v);

/**
 * Balances per SKU x location (on hand, reserved, available = on hand - reserved, inbound), ordered
 * by internal SKU then location id, keyset-paged. Unknown SKU/location codes in filters -> 404.
 */
export async function getBalances(ex: Executor, query: BalanceQuery = {}): Promise<{ items: Balance[]; nextCursor: string | null }> {
  const limit = pageLimit(query.limit, MAX_LIMIT);
  const after = decodeCursor(query.cursor, isPair);
  let q = ex.db.selectFrom('balances').select(['sku_id', 'location_id', 'on_hand', 'reserved', 'inbound']);
  if (query.skus) q = q.where('sku_id', 'in', query.skus.length ? await skuIds(ex, query.skus) : [-1]);
  if (query.locations) q = q.where('location_id', 'in', query.locations.length ? await locationIds(ex, query.locations) : [-1]);
  if (query.onlyNonZero) q = q.where((eb) => eb.or([eb('on_hand', '<>', 0), eb('reserved', '<>', 0), eb('inbound', '<>', 0)]));
  if (query.outOfStock) q = q.where('on_hand', '<=', 0);
  if (after) q = q.where(sql<boolean>`(sku_id, location_id) > (${after[0]}, ${after[1]})`);
  const rows = await q.orderBy('sku_id').orderBy('location_id').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const codes = await codesFor(ex, page.map((r) => Number(r.sku_id)), page.map((r) => Number(r.location_id)));
  const items = page.map((r) => {
    const onHand = Number(r.on_hand);
    const reserved = Number(r.reserved);
    return { sku: codes.sku(Number(r.sku_id)), location: codes.location(Number(r.location_id))!, onHand, reserved, available: onHand - reserved, inbound: Number(r.inbound) };
  });
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit ? encodeCursor([Number(last.sku_id), Number(last.location_id)]) : null };
}

/** Counts over every balance row: SKU x locations, those with nothing on hand, those with nothing available (on hand - reserved <= 0); one aggregate query. */
export async function balanceCounts(ex: Executor): Promise<{ pairs: number; outOfStock: number; noAvailable: number }> {
  const r = await ex.db
    .selectFrom('balances')
    .select([
      sql<string | number>`count(*)`.as('pairs'),
      sql<string | number | null>`sum(case when on_hand <= 0 then 1 else 0 end)`.as('out'),
      sql<string | number | null>`sum(case when on_hand - reserved <= 0 then 1 else 0 end)`.as('none'),
    ])
    .executeTakeFirstOrThrow();
  return { pairs: Number(r.pairs), outOfStock: Number(r.out ?? 0), noAvailable: Number(r.none ?? 0) };
}

function instantBound(field: 'from' | 'to', v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const c = typeof v === 'string' ? canonicalInstant(v) : null;
  if (!c) throw validationError(`${field} must be an ISO date or instant (got ${JSON.stringify(v)})`, { field });
  return c;
}

/**
 * Movements oldest first (occurredAt, then id), or newest first with `order: 'newest'` (a SKU's
 * recent movements in one small request), filtered and keyset-paged.
 */
export async function listMovements(ex: Executor, query: MovementQuery = {}): Promise<{ items: Movement[]; nextCursor: string | null }> {
  const limit = pageLimit(query.limit, MAX_LIMIT);
  const newest = isNewestFirst(query.order);
  const after = decodeCursor(query.cursor, isMovCursor);
  let q = ex.db.selectFrom('movements').selectAll();
  if (query.sku !== undefined) q = q.where('sku_id', '=', (await skuIds(ex, [query.sku]))[0]);
  if (query.location !== undefined) q = q.where('location_id', '=', (await locationIds(ex, [query.location]))[0]);
  if (query.kind !== undefined) {
    if (!(MOVEMENT_KINDS as readonly string[]).includes(query.kind)) throw validationError(`kind must be one of ${MOVEMENT_KINDS.join(', ')} (got ${JSON.stringify(query.kind)})`, { field: 'kind' });
    q = q.where('kind', '=', query.kind);
  }
  const from = instantBound('from', query.from);
  const to = instantBound('to', query.to);
  if (from) q = q.where('occurred_at', '>=', from);
  if (to) q = q.where('occurred_at', '<', to);
  if (query.reference !== undefined) q = q.where('reference', '=', query.reference);
  if (after) q = q.where(newest ? sql<boolean>`(occurred_at, id) < (${after[0]}, ${after[1]})` : sql<boolean>`(occurred_at, id) > (${after[0]}, ${after[1]})`);
  const dir = newest ? 'desc' : 'asc';
  const rows = await q.orderBy('occurred_at', dir).orderBy('id', dir).limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const codes = await codesFor(ex, page.map((r) => Number(r.sku_id)), page.flatMap((r) => [Number(r.location_id), r.counterpart_location_id === null ? null : Number(r.counterpart_location_id)]));
  const items = page.map((r) => movementFromRow(r, codes));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit ? encodeCursor([last.occurred_at, Number(last.id)]) : null };
}

/** A movements row as the public Movement. */
export function movementFromRow(r: any, codes: { sku(id: number): string; location(id: number | null): string | null }): Movement {
  const counterpart = r.counterpart_location_id === null ? null : codes.location(Number(r.counterpart_location_id));
  return {
    id: Number(r.id),
    kind: r.kind as MovementKind,
    sku: codes.sku(Number(r.sku_id)),
    location: codes.location(Number(r.location_id))!,
    quantity: Number(r.quantity),
    unitCost: r.unit_cost === null ? null : Number(r.unit_cost),
    value: Number(r.value),
    occurredAt: r.occurred_at,
    createdAt: r.created_at,
    actor: r.actor,
    reason: r.reason,
    note: r.note,
    reference: r.reference,
    toLocation: r.kind === 'transfer_out' ? counterpart : null,
    fromLocation: r.kind === 'transfer_in' ? counterpart : null,
    idempotencyKey: r.idempotency_key,
  };
}

/** FIFO lots (open ones by default), ordered by id, keyset-paged. */
export async function listLots(ex: Executor, query: LotQuery = {}): Promise<{ items: Lot[]; nextCursor: string | null }> {
  const limit = pageLimit(query.limit, MAX_LIMIT);
  const after = decodeCursor(query.cursor, isId);
  let q = ex.db.selectFrom('lots').selectAll();
  if (query.sku !== undefined) q = q.where('sku_id', '=', (await skuIds(ex, [query.sku]))[0]);
  if (query.location !== undefined) q = q.where('location_id', '=', (await locationIds(ex, [query.location]))[0]);
  if (!query.includeExhausted) q = q.where('qty_remaining', '<>', 0);
  if (query.inTransit === true) q = q.where('in_transit_from', 'is not', null);
  if (query.inTransit === false) q = q.where('in_transit_from', 'is', null);
  if (after !== null) q = q.where('id', '>', after);
  const rows = await q.orderBy('id').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const codes = await codesFor(ex, page.map((r) => Number(r.sku_id)), page.flatMap((r) => [Number(r.location_id), r.in_transit_from === null ? null : Number(r.in_transit_from)]));
  const items = page.map((r) => ({
    id: Number(r.id),
    sku: codes.sku(Number(r.sku_id)),
    location: codes.location(Number(r.location_id))!,
    inTransitFrom: codes.location(r.in_transit_from === null ? null : Number(r.in_transit_from)),
    receivedAt: r.received_at,
    unitCost: Number(r.unit_cost),
    qtyReceived: Number(r.qty_received),
    qtyRemaining: Number(r.qty_remaining),
    sourceMovementId: Number(r.source_movement_id),
  }));
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}

/** Per SKU x location with stock on hand in lots: the oldest lot's receipt and the units received before a day. */
export interface LotAge {
  sku: string;
  location: string;
  /** Receipt instant of the oldest lot with units remaining. */
  oldestReceivedAt: string;
  /** Units remaining in lots received before `agedBefore`. */
  agedQty: number;
}

/**
 * The age of every SKU x location's stock on hand, from its FIFO lots (in transit left out), in one
 * grouped query: the oldest lot still holding units, and the units received before `agedBefore`
 * (an instant or YYYY-MM-DD). The plan's excess report uses it (planning/excess.ts).
 */
export async function lotAges(ex: Executor, agedBefore: string): Promise<LotAge[]> {
  const cutoff = canonicalInstant(agedBefore);
  if (!cutoff) throw validationError(`agedBefore must be an instant or a day YYYY-MM-DD (got ${JSON.stringify(agedBefore)})`, { field: 'agedBefore' });
  const rows = await ex.db
    .selectFrom('lots')
    .select((eb) => ['sku_id', 'location_id', eb.fn.min('received_at').as('oldest'), sql<string | number>`sum(case when received_at < ${cutoff} then qty_remaining else 0 end)`.as('aged')])
    .where('qty_remaining', '>', 0)
    .where('in_transit_from', 'is', null)
    .groupBy(['sku_id', 'location_id'])
    .execute();
  const codes = await codesFor(ex, rows.map((r) => Number(r.sku_id)), rows.map((r) => Number(r.location_id)));
  return rows.map((r) => ({ sku: codes.sku(Number(r.sku_id)), location: codes.location(Number(r.location_id))!, oldestReceivedAt: String(r.oldest), agedQty: Number(r.aged) }));
}
