/**
 * The explanation stored with every recommendation: the inputs it was computed from and each
 * decision on the way (forecast model and rate, lead time mean/sd and its source, service target,
 * protection-interval demand, safety stock, reorder point, order-up-to level, rounding applied,
 * including a top-up to the supplier's minimum order value),
 * as plain JSON so a planner can see why, and a later review can check whether the policy held.
 * Money is in integer micro-units, in keys ending in `Micros`.
 */
import type { LeadTimeAssumption } from './lead-time.ts';
import type { Segment } from './segmentation.ts';
import type { PlanItem, PlanItemResult } from './suggestion.ts';

export interface ExplanationContext {
  asOf: string;
  historyFrom: string;
  historyDays: number;
  segment: Segment;
  policy: { code: string; version: number; owner: string } | null;
  leadTime: LeadTimeAssumption;
  supplier: { code: string; moq: number; minOrderValue: number | null } | null;
  unitCost: number;
  maxOrderValue: number | null;
  dates: { projectedStockout: string | null; orderBy: string | null };
  /** The fed locations whose demand flows through a source's line, and their units in its history (null: none). */
  flowThrough?: { locations: string[]; units: number } | null;
}

const round = (x: number | undefined | null, digits = 4): number | null => (x === undefined || x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

/** Builds the explanation JSON of one line. */
export function buildExplanation(item: PlanItem, r: PlanItemResult, ctx: ExplanationContext): Record<string, unknown> {
  const params: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(r.forecast.params)) params[k] = round(v, 6);
  // economic lots apply to min/max lines only (with order days the lot is the calendar's)
  const economic = item.economicLot && r.policy?.policy !== 'periodic-review-RS' ? item.economicLot : null;
  return {
    asOf: ctx.asOf,
    summary: summarize(r),
    position: {
      onHand: item.onHand,
      inbound: item.inbound,
      reserved: item.reserved,
      inventoryPosition: r.inventoryPosition,
      formula: 'on hand + inbound - reserved',
      // open POs in inbound that are open longer than twice their supplier's longest lead time
      staleInbound: item.staleInbound?.length ? item.staleInbound : null,
      // drafts counted in the position that were not placed or shipped a week after their creation
      staleDrafts: item.staleDrafts?.length ? item.staleDrafts : null,
    },
    segment: { abc: ctx.segment.abc, xyz: ctx.segment.xyz, annualValueMicros: ctx.segment.annualValue, weeklyCv: round(ctx.segment.weeklyCv), lifecycle: ctx.segment.lifecycle ?? null, lifecycleReason: ctx.segment.lifecycleReason ?? null },
    policy: ctx.policy ? { ...ctx.policy, serviceTarget: item.target, reviewPeriodDays: item.reviewPeriodDays, maxCoverDays: item.maxCoverDays, maxOrderValueMicros: ctx.maxOrderValue, safetyShift: item.safetyShift ?? 0, classShifts: item.classShifts ?? null, orderWeekdays: item.orderWeekdays ?? null, economicLot: item.economicLot ? { orderCostMicros: Math.round(item.economicLot.orderCost * 1_000_000), holdingRate: item.economicLot.holdingRate } : null } : null,
    forecast: {
      model: r.forecast.model,
      demandClass: r.forecast.demandClass,
      distribution: r.forecast.family,
      perDay: round(r.forecast.perDay),
      sdPerDay: round(r.forecast.sdPerDay),
      historyFrom: ctx.historyFrom,
      historyDays: ctx.historyDays,
      observedDays: r.forecast.observedDays,
      stockoutDaysCensored: r.forecast.stockoutDays,
      params,
    },
    leadTime: { meanDays: round(ctx.leadTime.meanDays), sdDays: round(ctx.leadTime.sdDays), source: ctx.leadTime.source, observations: ctx.leadTime.n, openOrders: ctx.leadTime.openOrders, independence: round(ctx.leadTime.independence) },
    protection: {
      days: round(r.protection.days),
      formula:
        'demand over the lead time; variance = forecast variance of the sum + (demand per day)^2 x lead-time variance (the pipeline\'s when the supplier\'s orders overtake each other: see the notes); plus the undershoot beyond a day of demand for a line selling in lumps (see the notes)',
      demandMean: round(r.protection.mean),
      demandSd: round(r.protection.sd),
      distribution: r.protection.family,
      leadTimeDemandMean: round(r.protection.leadTimeMean),
      leadTimeDemandSd: round(r.protection.leadTimeSd),
      undershoot: r.protection.undershoot ? { mean: round(r.protection.undershoot.mean), sd: round(r.protection.undershoot.sd), unitsPerSellingDay: round(r.protection.undershoot.daySize), sellingDays: r.protection.undershoot.days } : null,
    },
    levels: {
      reorderPoint: r.reorderPoint,
      orderUpTo: r.orderUpTo,
      safetyStock: round(r.safetyStock),
      safetyFactor: round(r.safetyFactor),
      expectedFillRate: round(r.expected?.fillRate),
      expectedCycleService: round(r.expected?.cycleService),
      // the policy's calibrated shift (policy review) and the formula's levels before it; the
      // expected rates above are the formula's, at those levels
      safetyShift: r.safetyShift ? { z: r.safetyShift.z, formulaReorderPoint: r.safetyShift.reorderPoint, formulaOrderUpTo: r.safetyShift.orderUpTo, ...(r.safetyShift.classShift ? { classShift: r.safetyShift.classShift } : {}) } : null,
      method:
        r.policy?.policy === 'periodic-review-RS'
          ? 'periodic review (R, S) on the order days: S meets the service target over the lead time + the days to the next order day; every order day, up to S when below it'
          : economic
            ? 'min/max (s, S) reviewed nightly: s meets the service target over the lead time; S = s + the economic lot (EOQ of the forecast annual demand, the order cost and the holding cost)'
            : 'min/max (s, S) reviewed nightly: s meets the service target over the lead time; S = s + forecast demand of one review period (the order cycle)',
      // the lot S - s the levels were computed with: one review period's demand, or the economic lot
      lot:
        r.policy?.orderQuantity !== undefined && r.policy.policy !== 'periodic-review-RS'
          ? {
              units: round(r.policy.orderQuantity),
              basis: economic ? 'economic' : 'review-period',
              economic: economic
                ? { orderCostMicros: Math.round(economic.orderCost * 1_000_000), holdingRate: economic.holdingRate, unitCostMicros: Math.round(economic.unitCost * 1_000_000), annualDemand: round(365 * (r.forecast.perDay ?? 0)) }
                : null,
            }
          : null,
    },
    order: {
      need: r.need,
      suggestedQty: r.suggestedQty,
      meetsNeed: r.meetsNeed,
      rules: { casePack: item.casePack, orderMultiple: item.orderMultiple, moq: item.moq, maxOrderUnits: item.maxOrderUnits },
      rounding: r.rounding,
      unitCostMicros: ctx.unitCost,
      valueMicros: r.suggestedQty * ctx.unitCost,
      supplier: ctx.supplier ? { code: ctx.supplier.code, moq: ctx.supplier.moq, minOrderValueMicros: ctx.supplier.minOrderValue } : null,
    },
    // stock beyond the run's excess horizon (excess.ts); the transfers it feeds are in the notes
    excess: r.excess
      ? { horizonDays: r.excess.horizonDays, keep: r.excess.keep, units: r.excess.units, onHand: r.excess.onHand, inbound: r.excess.inbound, valueMicros: r.excess.value, dead: r.excess.dead, coverDays: round(r.excess.coverDays, 1), oldestDays: r.excess.oldestDays, agedUnits: r.excess.agedUnits }
      : null,
    transfers: r.transfers ?? null,
    // a location replenished by transfer (replenishment-transfers.ts): its source, the units asked,
    // sent and short there (it buys nothing); a source's line: the fed demand in its forecast
    replenishment: r.replenishment ? { ...r.replenishment, leadTimeDays: round(ctx.leadTime.meanDays), leadTimeSdDays: round(ctx.leadTime.sdDays) } : null,
    flowThrough: ctx.flowThrough ? { locations: ctx.flowThrough.locations, units: round(ctx.flowThrough.units, 2) } : null,
    // the run's budget or an exposure cap (budget.ts): asked and funded units, what cut them, and
    // the expected sales of each in the cycle after the order arrives
    budget: r.budget
      ? {
          ...r.budget,
          askedCycleSales: round(r.budget.askedCycleSales),
          fundedCycleSales: round(r.budget.fundedCycleSales),
          cycle: { days: round(r.cycle.days), demandMean: round(r.cycle.mean), demandSd: round(r.cycle.sd) },
        }
      : null,
    dates: {
      daysOfCover: round(r.daysOfCover, 2),
      projectedStockoutDate: ctx.dates.projectedStockout,
      orderByDate: ctx.dates.orderBy,
      arrivals: item.arrivalDays.map((d, i) => ({ inDays: d, quantity: item.arrivalQty[i] })),
      assumption:
        'demand follows the forecast means; projected stockout: on hand - reserved plus open PO lines on their expected days (late lines today, other inbound today); days of cover and order-by: from the inventory position',
    },
    notes: r.notes,
    policyModel: r.policy,
    error: r.error,
  };
}

function summarize(r: PlanItemResult): string {
  if (r.error) return r.error;
  const rate = r.forecast.perDay.toFixed(2);
  const rp = r.replenishment;
  if (rp) {
    const why = `position ${r.inventoryPosition} <= reorder point ${r.reorderPoint} (${rate}/day), up to ${r.orderUpTo}`;
    if (rp.asked === 0) return `nothing to send from ${rp.from}: position ${r.inventoryPosition} above reorder point ${r.reorderPoint} (${rate}/day)`;
    if (rp.short === 0) return `send ${rp.sent} from ${rp.from}: ${why}`;
    if (rp.sent > 0) return `send ${rp.sent} from ${rp.from}, ${rp.short} short there (all it has available): ${why}`;
    return `${rp.asked} to send from ${rp.from}, none available there: ${why}`;
  }
  if (r.suggestedQty > 0) {
    // the run's raises (moq-consolidation.ts, min-order-top-up.ts), not the line's own sizing
    const moq = r.rounding.some((x) => x.rule === 'moq') ? "; raised to the supplier's minimum order quantity" : '';
    const raised = moq + (r.rounding.some((x) => x.rule === 'min-order-value') ? "; raised to reach the supplier's minimum order value" : '');
    const topUp = raised + (r.budget && r.budget.funded < r.budget.asked ? `; cut from ${r.budget.asked} by ${budgetCause(r.budget.limitedBy)}` : '');
    if (r.transfers?.in.length) return `order ${r.suggestedQty} and take ${transferText(r.transfers.in, 'from')}: position ${r.inventoryPosition} <= reorder point ${r.reorderPoint} (${rate}/day), up to ${r.orderUpTo}${topUp}`;
    if (!(r.need > 0)) return `order ${r.suggestedQty}: no need of its own (position ${r.inventoryPosition} above reorder point ${r.reorderPoint}, ${rate}/day)${topUp}`;
    return `order ${r.suggestedQty}: position ${r.inventoryPosition} <= reorder point ${r.reorderPoint} (${rate}/day over ${r.protection.days.toFixed(1)} days + safety stock ${r.safetyStock.toFixed(1)}), up to ${r.orderUpTo}${topUp}`;
  }
  if (r.transfers?.in.length) return `no purchase: ${transferText(r.transfers.in, 'from')} (excess there) covers the need ${r.need} (position ${r.inventoryPosition} <= reorder point ${r.reorderPoint}, ${rate}/day)`;
  if (r.budget && r.budget.asked > 0) return `no order: ${r.budget.asked} units asked, cut to nothing by ${budgetCause(r.budget.limitedBy)} (position ${r.inventoryPosition}, reorder point ${r.reorderPoint}, ${rate}/day)`;
  return `no order: position ${r.inventoryPosition} above reorder point ${r.reorderPoint} (${rate}/day)`;
}

/** "12 from WH-EAST, 4 from FBA-US". */
function transferText(moves: { location: string; quantity: number }[], dir: 'from' | 'to'): string {
  return moves.map((m) => `${m.quantity} ${dir} ${m.location}`).join(', ');
}

/** 'the run's budget', 'supplier X's open-value cap', 'supplier X's minimum order value (…)' or 'policy X's run budget'. */
function budgetCause(limitedBy: string | null): string {
  if (limitedBy?.startsWith('minimum:supplier:')) return `supplier ${limitedBy.slice(17)}'s minimum order value (its order dropped: raising it would have displaced more)`;
  if (limitedBy?.startsWith('supplier:')) return `supplier ${limitedBy.slice(9)}'s open-value cap`;
  if (limitedBy?.startsWith('policy:')) return `policy ${limitedBy.slice(7)}'s run budget`;
  return "the run's budget";
}
