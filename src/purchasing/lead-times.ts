/**
 * Supplier lead-time history: every receipt against a placed PO records, per SKU, the days from
 * the PO's placed day to the receipt day (src/purchasing/receiving.ts). These functions summarise
 * that history (mean, sample standard deviation, n) per supplier and per SKU, for planners and
 * for the planning module's lead-time assumptions.
 */
import { resolveSuppliers } from '../catalog/index.ts';
import { orderCrossingEvidence } from '../engine/policy/order-crossover.ts';
import { censoredNormalFit } from '../engine/stats/index.ts';
import type { Executor } from '../store/executor.ts';
import { summarizeLeadTimes } from './lead-time-stats.ts';
import { daysBetween } from './po-state.ts';
import type { LeadTimeStats, LeadTimeSummaryOut } from './types.ts';
import { checkCode, checkOptDay } from './validate.ts';

export interface LeadTimeQuery {
  /** Only this SKU in bySku (overall still covers every receipt). */
  sku?: string;
  /**
   * Only receipts on or after / on or before these days ('YYYY-MM-DD'). `to` is also the day the
   * open orders' ages are measured to (default: today, UTC); open orders placed before `from` are
   * left out as their receipts would be.
   */
  from?: string;
  to?: string;
}

/** An order open longer than this many times the longest lead time seen (or configured) is stale: a record to close, not evidence. */
export const STALE_OPEN_FACTOR = 2;
/**
 * The lead time the stale threshold is at least taken of (days): a supplier configured with no
 * default whose receipts came the day they were ordered would otherwise call every PO older than
 * a day stale.
 */
export const STALE_MIN_LEAD_DAYS = 7;

/** Days after which an open order is stale: STALE_OPEN_FACTOR x the longest of its supplier's longest lead time received, its default and STALE_MIN_LEAD_DAYS. */
export function staleThresholdDays(longestDays: number | null, defaultDays: number): number {
  return STALE_OPEN_FACTOR * Math.max(longestDays ?? 0, defaultDays, STALE_MIN_LEAD_DAYS);
}

/** Common origin of the day numbers the crossing count compares. */
const EPOCH = '1970-01-01';

function summary(days: number[], lastDay: string | null): LeadTimeSummaryOut {
  return { ...summarizeLeadTimes(days), lastReceivedDay: lastDay };
}

/**
 * Lead-time statistics of a supplier: `overall` has one observation per receipt (a delivery),
 * `bySku` one per SKU per receipt (with its own `openOrders`: the open POs that hold the SKU);
 * `openOrders` adds the placed POs with nothing received yet as
 * right-censored observations (each lead time is more than the PO's age on `to`; ML fit of a
 * normal, engine/stats/censored-normal.ts), so a supplier running late shows it before its late
 * orders arrive -- orders open for more than STALE_OPEN_FACTOR times the longest lead time seen
 * (or the configured one) are counted as stale and left out; `crossing` says whether its orders overtake each other as
 * independent lead times would (each PO placed on its day and delivered on its first receipt's
 * day; engine/policy/order-crossover.ts), which the plan's safety stock uses. 404 for an unknown
 * supplier. Days are calendar days.
 */
export async function leadTimeStats(ex: Executor, supplierCode: string, query: LeadTimeQuery = {}): Promise<LeadTimeStats> {
  const code = checkCode('supplier', supplierCode);
  const from = checkOptDay('from', query.from);
  const to = checkOptDay('to', query.to);
  const supplier = (await resolveSuppliers(ex, [code])).get(code)!;
  let q = ex.db
    .selectFrom('supplier_lead_times')
    .select(['receipt_id', 'po_id', 'sku', 'lead_time_days', 'placed_day', 'received_day'])
    .where('supplier', '=', code)
    .orderBy('received_day')
    .orderBy('id');
  if (from) q = q.where('received_day', '>=', from);
  if (to) q = q.where('received_day', '<=', to);
  const rows = await q.execute();
  const perReceipt = new Map<number, number>();
  let last: string | null = null;
  const bySku = new Map<string, { days: number[]; last: string }>();
  // per PO: placed day and first receipt day (rows come in receipt order)
  const deliveries = new Map<number, { placedDay: number; receivedDay: number }>();
  for (const r of rows) {
    perReceipt.set(Number(r.receipt_id), Number(r.lead_time_days));
    if (!deliveries.has(Number(r.po_id))) deliveries.set(Number(r.po_id), { placedDay: daysBetween(EPOCH, r.placed_day), receivedDay: daysBetween(EPOCH, r.received_day) });
    last = r.received_day;
    if (query.sku && r.sku !== query.sku) continue;
    const e = bySku.get(r.sku) ?? { days: [], last: r.received_day };
    e.days.push(Number(r.lead_time_days));
    e.last = r.received_day;
    bySku.set(r.sku, e);
  }
  const overall = summary([...perReceipt.values()], last);
  // placed POs with nothing received yet: their lead time is more than their age (right-censored)
  const asOf = to ?? new Date().toISOString().slice(0, 10);
  let oq = ex.db
    .selectFrom('purchase_orders as po')
    .innerJoin('purchase_order_lines as l', 'l.po_id', 'po.id')
    .select(['po.id as po_id', 'po.placed_day', 'l.sku'])
    .where('po.supplier', '=', code)
    .where('po.status', '=', 'placed')
    .where('po.placed_day', 'is not', null)
    .where('po.placed_day', '<=', asOf);
  if (from) oq = oq.where('po.placed_day', '>=', from);
  const openRows = await oq.execute();
  const staleAfter = staleThresholdDays(overall.maxDays, supplier.defaultLeadTimeDays);
  // per PO its age, per SKU the open POs that hold it
  const agePerPo = new Map<number, number>();
  const openPosBySku = new Map<string, Set<number>>();
  for (const r of openRows) {
    agePerPo.set(Number(r.po_id), daysBetween(r.placed_day!, asOf));
    const set = openPosBySku.get(r.sku) ?? new Set<number>();
    set.add(Number(r.po_id));
    openPosBySku.set(r.sku, set);
  }
  const ages = [...agePerPo.values()];
  const censored = ages.filter((a) => a <= staleAfter);
  const fit = censored.length > 0 ? censoredNormalFit([...perReceipt.values()], censored) : null;
  const skuOpen = (sku: string, days: number[]) => {
    const own = [...(openPosBySku.get(sku) ?? [])].map((id) => agePerPo.get(id)!).filter((a) => a <= staleAfter);
    const f = own.length > 0 ? censoredNormalFit(days, own) : null;
    return { count: own.length, meanDays: f ? f.mean : null, sdDays: f ? f.sd : null };
  };
  return {
    supplier: code,
    defaultLeadTimeDays: supplier.defaultLeadTimeDays,
    overall,
    openOrders: {
      count: censored.length,
      oldestDays: censored.length > 0 ? Math.max(...censored) : null,
      stale: ages.length - censored.length,
      staleAfterDays: staleAfter,
      meanDays: fit ? fit.mean : null,
      sdDays: fit ? fit.sd : null,
    },
    crossing: orderCrossingEvidence([...deliveries.values()], overall.sdDays ?? 0),
    bySku: [...bySku.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, e]) => ({ sku, ...summary(e.days, e.last), openOrders: skuOpen(sku, e.days) })),
  };
}

/**
 * Raw lead-time observations (oldest first) of a supplier and/or SKU, for planners who fit their
 * own distribution: `{ supplier, sku, po, receiptId, placedDay, receivedDay, leadTimeDays }`. 404 for
 * an unknown supplier.
 */
export async function leadTimeHistory(ex: Executor, filter: { supplier?: string; sku?: string; limit?: number }): Promise<
  { supplier: string; sku: string; po: string; receiptId: number; placedDay: string; receivedDay: string; leadTimeDays: number }[]
> {
  if (filter.supplier) await resolveSuppliers(ex, [checkCode('supplier', filter.supplier)]); // 404 for an unknown supplier
  let q = ex.db
    .selectFrom('supplier_lead_times as t')
    .innerJoin('purchase_orders as po', 'po.id', 't.po_id')
    .select(['t.supplier', 't.sku', 'po.number as po', 't.receipt_id', 't.placed_day', 't.received_day', 't.lead_time_days'])
    .orderBy('t.received_day')
    .orderBy('t.id')
    .limit(Math.min(Math.max(filter.limit ?? 1000, 1), 10_000));
  if (filter.supplier) q = q.where('t.supplier', '=', filter.supplier);
  if (filter.sku) q = q.where('t.sku', '=', filter.sku);
  const rows = await q.execute();
  return rows.map((r) => ({
    supplier: r.supplier,
    sku: r.sku,
    po: r.po,
    receiptId: Number(r.receipt_id),
    placedDay: r.placed_day,
    receivedDay: r.received_day,
    leadTimeDays: Number(r.lead_time_days),
  }));
}
