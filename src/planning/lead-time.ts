/**
 * The lead-time assumption of one SKU under a policy (pure, given the loaded statistics):
 * - 'fixed': the policy's lead time (sd default 0);
 * - 'supplier-default': the supplier's configured default lead time and sd;
 * - 'learned' (default): the SKU's own receipt history with this supplier when it has at least
 *   `minSku` observations, else the supplier's receipt history with at least `minSupplier`
 *   receipts, else the configured default. A learned sd needs two observations; otherwise the
 *   configured sd (or 0) is used.
 * SKUs without a supplier use the policy's fixed lead time or the run's default.
 *
 * Both histories count the open orders too (placed POs with nothing received, each a lead time
 * known to exceed its age; purchasing's leadTimeStats fits the receipts and them together): the
 * supplier's all its open POs, a SKU's those that hold it. A supplier whose recent orders are late
 * shows it before they arrive.
 *
 * With a learned lead time comes the supplier's `independence` (engine/policy/order-crossover.ts):
 * how far its orders overtook each other as independent lead times would. The safety stock's
 * lead-time term shrinks with it when the line orders more often than the lead time's spread.
 * Without that evidence (a fixed or configured lead time, or too few overlapping orders) it is 0:
 * orders are assumed to arrive in sequence, the textbook term.
 */
import type { Supplier } from '../catalog/index.ts';
import type { LeadTimeSummaryOut } from '../purchasing/index.ts';
import type { PolicyRules } from './types.ts';

export interface LeadTimeAssumption {
  meanDays: number;
  sdDays: number;
  /** Where it came from: 'policy-fixed' | 'sku-history' | 'supplier-history' | 'supplier-default' | 'run-default'. */
  source: string;
  /** Observations behind a learned value (0 otherwise). */
  n: number;
  /** Independence of the supplier's lead times from order to order, in [0, 1] (0 without evidence; see the file comment). */
  independence: number;
  /** Open POs counted in a learned lead time (supplier or SKU history) as lasting at least their age (0 otherwise). */
  openOrders: number;
}

/** Open POs fitted with the receipts (purchasing's leadTimeStats `openOrders`). */
export interface OpenOrdersFit {
  count: number;
  meanDays: number | null;
  sdDays: number | null;
}

export interface LeadTimeOptions {
  minSku: number;
  minSupplier: number;
  defaultDays: number;
}

/** The lead time of a SKU supplied by `supplier` (null = none) under `rules`, given its own and its supplier's receipt statistics (see the file comment). */
export function leadTimeFor(
  supplier: Supplier | null,
  stats: { sku?: LeadTimeSummaryOut & { openOrders?: OpenOrdersFit }; overall?: LeadTimeSummaryOut; open?: OpenOrdersFit; independence?: number | null },
  rules: Pick<PolicyRules, 'leadTimeMode' | 'leadTimeDays' | 'leadTimeSdDays'>, opts: LeadTimeOptions): LeadTimeAssumption {
  if (rules.leadTimeMode === 'fixed' && rules.leadTimeDays !== null) {
    return { meanDays: rules.leadTimeDays, sdDays: rules.leadTimeSdDays ?? 0, source: 'policy-fixed', n: 0, independence: 0, openOrders: 0 };
  }
  if (!supplier) return { meanDays: opts.defaultDays, sdDays: 0, source: 'run-default', n: 0, independence: 0, openOrders: 0 };
  const configured: LeadTimeAssumption = { meanDays: supplier.defaultLeadTimeDays, sdDays: supplier.leadTimeSdDays ?? 0, source: 'supplier-default', n: 0, independence: 0, openOrders: 0 };
  if (rules.leadTimeMode !== 'learned') return configured;
  const independence = stats.independence ?? 0;
  // a receipt history, with its open POs' fit when there is one
  const learned = (summary: LeadTimeSummaryOut, open: OpenOrdersFit | undefined, source: string): LeadTimeAssumption =>
    open && open.count > 0 && open.meanDays !== null && open.sdDays !== null
      ? { meanDays: open.meanDays, sdDays: open.sdDays, source, n: summary.n, independence, openOrders: open.count }
      : { meanDays: summary.meanDays!, sdDays: summary.sdDays ?? configured.sdDays, source, n: summary.n, independence, openOrders: 0 };
  const own = stats.sku;
  if (own && own.n >= opts.minSku && own.meanDays !== null) return learned(own, own.openOrders, 'sku-history');
  if (stats.overall && stats.overall.n >= opts.minSupplier && stats.overall.meanDays !== null) return learned(stats.overall, stats.open, 'supplier-history');
  return configured;
}

/**
 * The lead time of a location replenished by transfer: learned from the shipments its lane
 * received (`days`, one per shipment: mean and sample sd) when there are at least `minObservations`
 * of them, else the lane's configured days and sd (catalog `transferLeadTimeDays`, `_SdDays`).
 * Shipments on one lane go as the warehouse ships them, so independence is not measured (0).
 */
export function laneLeadTime(configured: { days: number; sdDays: number }, days: readonly number[], minObservations: number): LeadTimeAssumption {
  const n = days.length;
  if (n < Math.max(2, minObservations)) return { meanDays: configured.days, sdDays: configured.sdDays, source: 'transfer-lane', n, independence: 0, openOrders: 0 };
  const mean = days.reduce((t, d) => t + d, 0) / n;
  const sd = Math.sqrt(days.reduce((t, d) => t + (d - mean) ** 2, 0) / (n - 1));
  return { meanDays: mean, sdDays: sd, source: 'transfer-history', n, independence: 0, openOrders: 0 };
}
