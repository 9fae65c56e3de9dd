/**
 * Periodic review (R, S): every R periods order up to S (order = S - inventory position).
 * Protection interval = lead time + review period.
 * - cycle service alpha: S = F_{L+R}^-1(alpha)
 * - fill rate beta: smallest S with expected shortage per review cycle <= (1 - beta) mu R, where the
 *   shortage per cycle is n_{L+R}(S) - n_L(S) (exact, backorders) or n_{L+R}(S) (textbook); loss
 *   functions of the chosen family (service-level.ts).
 */
import type { PolicyExplanation } from './explanation.ts';
import { baseExplanation, capFillRateLevel, setupProtection, type PolicyInput } from './policy-input.ts';
import { levelForCycleService, orderUpToForFillRate, periodicFillRate, periodicShortagePerCycle } from './service-level.ts';

export interface PeriodicReviewResult {
  /** Order-up-to level S, exact. */
  orderUpTo: number;
  /** S rounded up to whole units. */
  orderUpToUnits: number;
  safetyStock: number;
  explanation: PolicyExplanation;
}

/**
 * (R, S) order-up-to level for review period R (periods, > 0) and the service target.
 * `minCycleDemand`: a floor on the demand per review cycle the fill-rate target is taken of. For a
 * near-dead item the forecast's cycle demand is a fraction of a unit while its spread is not, and
 * "short at most (1 - beta) x 0.07 units a cycle" asks for a level far in the tail; min/max has
 * the same floor through its lot of at least one unit.
 */
export function periodicReview(input: PolicyInput & { reviewPeriod: number; minCycleDemand?: number }): PeriodicReviewResult {
  const R = input.reviewPeriod;
  if (!(R > 0)) throw new RangeError(`review period must be > 0 (got ${R})`);
  const setup = setupProtection(input, R);
  const d = setup.protection;
  const method = input.fillRateMethod ?? 'exact';
  const perCycle = Math.max(input.minCycleDemand ?? 0, input.protectionDemand && input.leadTimeDemand ? input.protectionDemand.mean - input.leadTimeDemand.mean : input.demand.mean * R);
  const capped = capFillRateLevel(input.target.kind === 'cycle-service' ? levelForCycleService(d, input.target.level) : orderUpToForFillRate(d, setup.leadTimeOnly, perCycle, input.target.rate, method), input, d);
  let S = capped.level;
  let lostSalesNote: string | undefined;
  if (input.lostSales && input.target.kind === 'fill-rate' && input.leadTime.mean > 0) {
    const credit = (input.leadTime.mean / R) * (1 - input.target.rate) * perCycle;
    const adjusted = d.discrete ? Math.ceil(S - credit - 1e-9) : S - credit;
    lostSalesNote = `lost sales: level lowered by (L/R)(1 - beta) mu R = ${credit.toFixed(3)} units (units lost in transit stay on the shelf)`;
    S = Math.max(adjusted, 0);
  }
  const explanation = baseExplanation('periodic-review-RS', input, R, setup, S);
  if (capped.note) explanation.assumptions.push(capped.note);
  if (lostSalesNote) explanation.assumptions.push(lostSalesNote);
  explanation.orderUpTo = S;
  explanation.expected = {
    cycleService: d.cdf(S),
    fillRate: periodicFillRate(d, setup.leadTimeOnly, S, perCycle, method),
    shortagePerCycle: periodicShortagePerCycle(d, setup.leadTimeOnly, S, method),
  };
  const units = Math.ceil(S - 1e-9);
  if (units !== S) explanation.assumptions.push(`order-up-to level ${S.toFixed(3)} rounded up to ${units} units`);
  return { orderUpTo: S, orderUpToUnits: units, safetyStock: explanation.safetyStock, explanation };
}
