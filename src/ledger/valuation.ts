/**
 * FIFO valuation: value = sum(qty_remaining x unit_cost) over open lots (micro-units), per
 * location, with stock in transit apart and aging buckets by days since receipt.
 */
import { sql } from 'kysely';
import { validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { codesFor, locationIds } from './codes.ts';
import { canonicalInstant } from './normalize.ts';
import type { AgingBucket, Valuation, ValuationLine } from './types.ts';

/** Aging buckets: label and the upper bound in days since receipt (inclusive). */
export const AGING_BUCKETS: readonly [string, number][] = [
  ['0-30', 30],
  ['31-60', 60],
  ['61-90', 90],
  ['91-180', 180],
  ['181-365', 365],
  ['>365', Infinity],
];

const DAY_MS = 86_400_000;

/**
 * Values stock on hand (and in transit) at FIFO cost as of now (or `asOf` for aging only: the lots
 * are today's). `location` narrows to one location (unknown -> 404).
 */
export async function valuation(ex: Executor, opts: { location?: string; asOf?: string } = {}): Promise<Valuation> {
  const asOf = opts.asOf === undefined ? new Date().toISOString() : canonicalInstant(opts.asOf);
  if (!asOf) throw validationError(`asOf must be an ISO date or instant (got ${JSON.stringify(opts.asOf)})`, { field: 'asOf' });
  const t = Date.parse(asOf);
  // A lot received at r is in the bucket with upper bound b when r >= asOf - b days (first match).
  const bounds = AGING_BUCKETS.map(([label, days]) => [label, Number.isFinite(days) ? new Date(t - (days + 1) * DAY_MS).toISOString() : null] as const);
  const bucketExpr = sql.raw(
    `case ${bounds
      .filter(([, b]) => b !== null)
      .map(([label, b]) => `when received_at > '${b}' then '${label}'`)
      .join(' ')} else '>365' end`,
  );
  let q = ex.db
    .selectFrom('lots')
    .select([
      'location_id',
      sql<number>`case when in_transit_from is null then 0 else 1 end`.as('transit'),
      sql<string>`${bucketExpr}`.as('bucket'),
      sql<number>`sum(qty_remaining)`.as('qty'),
      sql<number>`sum(qty_remaining * unit_cost)`.as('value'),
    ])
    .where('qty_remaining', '<>', 0);
  if (opts.location !== undefined) q = q.where('location_id', '=', (await locationIds(ex, [opts.location]))[0]);
  const rows = await q.groupBy(['location_id', sql`2`, sql`3`]).execute();

  const byLoc = new Map<number, ValuationLine>();
  const aging = new Map<string, AgingBucket>(AGING_BUCKETS.map(([b]) => [b, { bucket: b, quantity: 0, value: 0 }]));
  const codes = await codesFor(ex, [], rows.map((r) => Number(r.location_id)));
  const out: Valuation = { asOf, value: 0, quantity: 0, inTransitValue: 0, inTransitQuantity: 0, byLocation: [], aging: [] };
  for (const r of rows) {
    const id = Number(r.location_id);
    let line = byLoc.get(id);
    if (!line) {
      line = { location: codes.location(id)!, quantity: 0, value: 0, inTransitQuantity: 0, inTransitValue: 0 };
      byLoc.set(id, line);
    }
    const qty = Number(r.qty);
    const value = Number(r.value);
    if (Number(r.transit) === 1) {
      line.inTransitQuantity += qty;
      line.inTransitValue += value;
      out.inTransitQuantity += qty;
      out.inTransitValue += value;
    } else {
      line.quantity += qty;
      line.value += value;
      out.quantity += qty;
      out.value += value;
      const a = aging.get(String(r.bucket))!;
      a.quantity += qty;
      a.value += value;
    }
  }
  out.byLocation = [...byLoc.values()].sort((a, b) => (a.location < b.location ? -1 : 1));
  out.aging = [...aging.values()];
  return out;
}
