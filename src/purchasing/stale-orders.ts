/**
 * Stale purchase orders: an open PO (placed or partially received) whose age exceeds
 * STALE_OPEN_FACTOR times its supplier's longest lead time seen, or its configured default lead
 * time when that is longer (at least STALE_MIN_LEAD_DAYS), is most likely a record nobody closed,
 * not stock on its way. The plan still counts its open lines as inbound (and flags them on the
 * line); the Purchasing page and `GET /purchase-orders?stale=true` find them so that a buyer
 * closes them or chases the supplier. The threshold is the one lead-times.ts applies to the open
 * orders of its lead-time fit.
 *
 * Stale drafts: a draft PO not placed DRAFT_STALE_DAYS after it was created. A plan run counts a
 * draft's lines as inbound (as if placed that day), so that what a run's suggestions became is not
 * bought again the next night; a draft nobody places therefore hides its need for as long as it
 * sits. A week is one review cycle of the default weekly order day: a draft still unplaced after it
 * has missed its order day is flagged, on the PO, in the Purchasing list (`stale=true`) and on the
 * plan lines that count it.
 */
import { listSuppliers, resolveSuppliers } from '../catalog/index.ts';
import type { Executor } from '../store/executor.ts';
import { staleThresholdDays } from './lead-times.ts';

/** Days after its creation past which a draft PO (not placed) is stale: see the file header. */
export const DRAFT_STALE_DAYS = 7;

/**
 * Days after which an open PO of each supplier is stale (`suppliers`: only these; default every
 * supplier): lead-times.ts staleThresholdDays of its longest lead time received and its default.
 */
export async function staleAfterDays(ex: Executor, suppliers?: readonly string[]): Promise<Map<string, number>> {
  const wanted = suppliers ? new Set(suppliers) : null;
  if (wanted && wanted.size === 0) return new Map();
  const defaults = new Map<string, number>();
  if (wanted) {
    for (const [code, s] of await resolveSuppliers(ex, [...wanted])) defaults.set(code, s.defaultLeadTimeDays);
  } else {
    let cursor: string | null = null;
    do {
      const page = await listSuppliers(ex, { cursor, limit: 1000 });
      for (const s of page.items) defaults.set(s.code, s.defaultLeadTimeDays);
      cursor = page.nextCursor;
    } while (cursor);
  }
  let q = ex.db.selectFrom('supplier_lead_times').select(['supplier', (eb) => eb.fn.max<number>('lead_time_days').as('longest')]).groupBy('supplier');
  if (wanted) q = q.where('supplier', 'in', [...wanted]);
  const longest = new Map((await q.execute()).map((r) => [r.supplier, Number(r.longest)]));
  return new Map([...defaults].map(([code, def]) => [code, staleThresholdDays(longest.get(code) ?? null, def)]));
}
