/**
 * Continuous review (s, Q): when the inventory position falls to the reorder point s or below,
 * order Q. Protection interval = lead time.
 * - cycle service alpha: s = F_L^-1(alpha) (quantile of lead-time demand)
 * - fill rate beta: smallest s with 1 - (n(s) - n(s+Q))/Q >= beta (exact) or 1 - n(s)/Q >= beta
 *   (textbook), loss functions of lead-time demand in the chosen family (service-level.ts).
 * Safety stock = s - E[lead-time demand]; safety factor k = safety stock / sd(lead-time demand).
 */
import type { PolicyExplanation } from './explanation.ts';
import { baseExplanation, capFillRateLevel, setupProtection, type PolicyInput } from './policy-input.ts';
import { continuousFillRate, continuousShortagePerCycle, levelForCycleService, reorderPointForFillRate } from './service-level.ts';

export interface ContinuousReviewResult {
  /** Reorder point, exact (real for continuous families). */
  reorderPoint: number;
  /** Reorder point rounded up to whole units (rounding up keeps the service promise). */
  reorderPointUnits: number;
  orderQuantity: number;
  safetyStock: number;
  explanation: PolicyExplanation;
}

/** (s, Q) reorder point for the given order quantity Q (units) and service target. */
export function continuousReview(input: PolicyInput & { orderQuantity: number }): ContinuousReviewResult {
  const q = input.orderQuantity;
  if (!(q > 0)) throw new RangeError(`order quantity must be > 0 (got ${q})`);
  const setup = setupProtection(input, 0);
  const d = setup.protection;
  const method = input.fillRateMethod ?? 'exact';
  const capped = capFillRateLevel(input.target.kind === 'cycle-service' ? levelForCycleService(d, input.target.level) : reorderPointForFillRate(d, q, input.target.rate, method), input, d);
  const s = capped.level;
  const explanation = baseExplanation('continuous-review-sQ', input, 0, setup, s);
  if (capped.note) explanation.assumptions.push(capped.note);
  explanation.reorderPoint = s;
  explanation.orderQuantity = q;
  explanation.expected = { cycleService: d.cdf(s), fillRate: continuousFillRate(d, s, q, method), shortagePerCycle: continuousShortagePerCycle(d, s, q, method) };
  const units = Math.ceil(s - 1e-9);
  if (units !== s) explanation.assumptions.push(`reorder point ${s.toFixed(3)} rounded up to ${units} units`);
  return { reorderPoint: s, reorderPointUnits: units, orderQuantity: q, safetyStock: explanation.safetyStock, explanation };
}
