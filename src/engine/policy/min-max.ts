/**
 * Min/max (s, S): when the inventory position is at or below s (the min), order up to S (the max).
 * Computed as the (s, Q) heuristic: s from the service target over the protection interval
 * (lead time, plus the review period R when reviewed periodically) with Q = S - s the minimum lot
 * (an EOQ or the given lot); S = s + Q. The undershoot of s at review time is ignored, which makes
 * the fill rate slightly optimistic for large R (Silver, Pyke & Thomas 2017, s. 7.7), unless the
 * caller gives one (`undershoot`, undershoot.ts): its mean and variance are then added to the
 * protection demand, so s covers the demand of the interval plus the position's expected fall
 * below s when the order is placed.
 *
 * Lost sales (`lostSales`, fill-rate targets): the loss-function formula is a backorder formula.
 * When unmet demand is lost, the units lost while an order is in transit do not consume the stock
 * that arrives, so the same s serves more. First-order correction, as periodicReview's: about
 * L mu / Q cycles overlap one lead time, each short (1 - beta) Q, so s_lost = s_backorder -
 * L (1 - beta) mu, with mu = demand per period (PolicyInput.lostSales).
 */
import type { PolicyExplanation } from './explanation.ts';
import { baseExplanation, capFillRateLevel, setupProtection, type PolicyInput } from './policy-input.ts';
import { protectionDemandMoments } from './lead-time-demand.ts';
import { continuousFillRate, continuousShortagePerCycle, levelForCycleService, reorderPointForFillRate } from './service-level.ts';

export interface MinMaxResult {
  min: number;
  max: number;
  minUnits: number;
  maxUnits: number;
  safetyStock: number;
  explanation: PolicyExplanation;
}

/** (s, S) levels for a lot size `lotSize` = S - s (units) and review period R (0 = continuous). */
export function minMax(input: PolicyInput & { lotSize: number; reviewPeriod?: number; undershoot?: { mean: number; variance: number } }): MinMaxResult {
  const R = input.reviewPeriod ?? 0;
  const q = input.lotSize;
  if (!(q > 0)) throw new RangeError(`lot size must be > 0 (got ${q})`);
  const u = input.undershoot;
  if (u && !(u.mean >= 0 && u.variance >= 0)) throw new RangeError(`undershoot mean and variance must be >= 0 (got ${u.mean}, ${u.variance})`);
  const withUndershoot = u && u.mean > 0 ? { ...input, protectionDemand: addMoments(input.protectionDemand ?? protectionDemandMoments(input.demand, input.leadTime, R), u) } : input;
  const setup = setupProtection(withUndershoot, R);
  const d = setup.protection;
  const method = input.fillRateMethod ?? 'exact';
  const capped = capFillRateLevel(input.target.kind === 'cycle-service' ? levelForCycleService(d, input.target.level) : reorderPointForFillRate(d, q, input.target.rate, method), input, d);
  let s = capped.level;
  let lostSalesNote: string | undefined;
  if (input.lostSales && input.target.kind === 'fill-rate' && input.leadTime.mean > 0) {
    const credit = input.leadTime.mean * (1 - input.target.rate) * input.demand.mean;
    lostSalesNote = `lost sales: min lowered by L (1 - beta) mu = ${credit.toFixed(3)} units (units lost in transit stay on the shelf)`;
    s = Math.max(d.discrete ? Math.ceil(s - credit - 1e-9) : s - credit, 0);
  }
  const explanation = baseExplanation('min-max-sS', input, R, setup, s);
  if (capped.note) explanation.assumptions.push(capped.note);
  if (lostSalesNote) explanation.assumptions.push(lostSalesNote);
  explanation.reorderPoint = s;
  explanation.orderUpTo = s + q;
  explanation.orderQuantity = q;
  explanation.expected = { cycleService: d.cdf(s), fillRate: continuousFillRate(d, s, q, method), shortagePerCycle: continuousShortagePerCycle(d, s, q, method) };
  explanation.assumptions.push(
    u && u.mean > 0
      ? `undershoot of the min: ${u.mean.toFixed(3)} +- ${Math.sqrt(u.variance).toFixed(3)} units added to the protection demand (the position falls below s by that when the order is placed)`
      : 'undershoot of the min at review time ignored (S - s treated as the order quantity)',
  );
  const minUnits = Math.ceil(s - 1e-9);
  return { min: s, max: s + q, minUnits, maxUnits: minUnits + Math.ceil(q - 1e-9), safetyStock: explanation.safetyStock, explanation };
}

/** Moments of the sum of two independent demands. */
function addMoments(a: { mean: number; variance: number }, b: { mean: number; variance: number }): { mean: number; variance: number } {
  return { mean: a.mean + b.mean, variance: a.variance + b.variance };
}
