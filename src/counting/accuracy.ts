/**
 * Inventory record accuracy (IRA): the share of counted lines whose variance was within the
 * session's tolerance, per location, optionally per month of the count. Only posted lines count
 * (a cancelled session says nothing about the records).
 */
import { sql } from 'kysely';
import type { Executor } from '../store/executor.ts';
import { recordAccuracy } from './count-rules.ts';
import type { AccuracyRow } from './types.ts';
import { checkOptDay } from './validate.ts';

/** IRA per location (and per 'YYYY-MM' month when `byMonth`), for counts dated from..to (inclusive days). */
export async function inventoryRecordAccuracy(
  ex: Executor,
  options: { location?: string; from?: string; to?: string; byMonth?: boolean } = {},
): Promise<AccuracyRow[]> {
  const from = checkOptDay('from', options.from);
  const to = checkOptDay('to', options.to);
  const period = sql<string>`substr(l.counted_at, 1, 7)`;
  let q = ex.db
    .selectFrom('count_lines as l')
    .innerJoin('count_sessions as s', 's.id', 'l.session_id')
    .select((eb) => ['s.location', eb.fn.countAll<number>().as('counted'), eb.fn.sum<number>('l.within_tolerance').as('within')])
    .where('l.status', '=', 'posted')
    .groupBy('s.location')
    .orderBy('s.location');
  if (options.byMonth) q = q.select(period.as('period')).groupBy(period).orderBy(period);
  if (options.location) q = q.where('s.location', '=', options.location);
  if (from) q = q.where('l.counted_at', '>=', from);
  if (to) q = q.where('l.counted_at', '<', `${to}T99`);
  const rows = (await q.execute()) as { location: string; counted: number; within: number; period?: string }[];
  return rows.map((r) => {
    const counted = Number(r.counted);
    const within = Number(r.within ?? 0);
    return { location: r.location, period: options.byMonth ? (r.period ?? null) : null, counted, withinTolerance: within, ira: recordAccuracy(within, counted) };
  });
}
