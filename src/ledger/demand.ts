/**
 * Daily demand history per SKU x location: units sold minus units returned per UTC day, with a
 * stockout flag that marks censored days (available <= 0 at some point of the day).
 *
 * A stored row's flag is set when a movement or reservation left available <= 0 that day. Reading
 * adds one rule: a day whose previous recorded day closed with available <= 0 *started* out of
 * stock, so it is flagged too. With `fillStockoutGaps`, the quiet days between such a close and
 * the next recorded day (or `to`) are returned as rows with demand 0 and stockout 1.
 */
import { sql } from 'kysely';
import { validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { codesFor, locationIds, skuIds } from './codes.ts';
import type { DemandQuery, DemandRow } from './types.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const checkDay = (field: string, v: string | undefined): string | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw validationError(`${field} must be a day YYYY-MM-DD (got ${JSON.stringify(v)})`, { field });
  return v;
};

/** The day after `day` (YYYY-MM-DD, UTC). */
export const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Demand rows ordered by SKU, location, day. `from`/`to` are inclusive days (`to` defaults to
 * today, UTC); `skus`/`locations` filter by code (unknown -> 404 NOT_FOUND).
 */
export async function demandHistory(ex: Executor, query: DemandQuery & { fillStockoutGaps?: boolean } = {}): Promise<DemandRow[]> {
  const from = checkDay('from', query.from);
  const to = checkDay('to', query.to) ?? new Date().toISOString().slice(0, 10);
  const skus = query.skus ? (query.skus.length ? await skuIds(ex, query.skus) : [-1]) : null;
  const locs = query.locations ? (query.locations.length ? await locationIds(ex, query.locations) : [-1]) : null;

  let q = ex.db.selectFrom('demand_daily').select(['sku_id', 'location_id', 'day', 'demand', 'stockout', 'closing_available']).where('day', '<=', to);
  if (from) q = q.where('day', '>=', from);
  if (skus) q = q.where('sku_id', 'in', skus);
  if (locs) q = q.where('location_id', 'in', locs);
  const rows = await q.orderBy('sku_id').orderBy('location_id').orderBy('day').execute();

  // The last recorded day before `from` of every series: did the range start out of stock?
  const closedOut = new Set<string>();
  if (from) {
    let p = ex.db
      .selectFrom('demand_daily as d')
      .select(['d.sku_id', 'd.location_id', 'd.closing_available'])
      .where(sql<boolean>`(d.sku_id, d.location_id, d.day) in (select sku_id, location_id, max(day) from demand_daily where day < ${from} group by sku_id, location_id)`);
    if (skus) p = p.where('d.sku_id', 'in', skus);
    if (locs) p = p.where('d.location_id', 'in', locs);
    for (const r of await p.execute()) if (Number(r.closing_available) <= 0) closedOut.add(`${r.sku_id}:${r.location_id}`);
  }

  const codes = await codesFor(ex, [...new Set(rows.map((r) => Number(r.sku_id)))], [...new Set(rows.map((r) => Number(r.location_id)))]);
  const out: DemandRow[] = [];
  const fill = query.fillStockoutGaps === true;
  let series = '';
  let prevDay: string | null = null;
  let prevClosedOut = false;
  const emitGap = (sku: string, location: string, startAfter: string | null, until: string) => {
    if (!fill || !prevClosedOut) return;
    for (let d = startAfter === null ? from! : nextDay(startAfter); d < until; d = nextDay(d)) out.push({ sku, location, day: d, demand: 0, stockout: 1 });
  };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const k = `${r.sku_id}:${r.location_id}`;
    const sku = codes.sku(Number(r.sku_id));
    const location = codes.location(Number(r.location_id))!;
    if (k !== series) {
      series = k;
      prevDay = null;
      prevClosedOut = closedOut.has(k);
    }
    if (prevDay !== null || from) emitGap(sku, location, prevDay, r.day);
    const stockout = Number(r.stockout) === 1 || prevClosedOut ? 1 : 0;
    out.push({ sku, location, day: r.day, demand: Number(r.demand), stockout });
    prevDay = r.day;
    prevClosedOut = Number(r.closing_available) <= 0;
    const last = i === rows.length - 1 || `${rows[i + 1].sku_id}:${rows[i + 1].location_id}` !== k;
    if (last) emitGap(sku, location, prevDay, nextDay(to));
  }
  return out;
}
