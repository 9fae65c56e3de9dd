/**
 * Newsvendor model for a one-off (e.g. seasonal) buy (Snyder & Shen 2019, s. 4.3):
 *   S* = F^-1( p / (p + h) ),  g(S) = h E[(S - D)^+] + p E[(D - S)^+] = h (S - mu) + (h + p) n(S)
 * h = overage cost per unit left over, p = underage cost per unit short (money), D the demand
 * distribution (any family; discrete families give the smallest integer with F(S) >= ratio).
 */
import type { Distribution } from '../stats/index.ts';
import type { PolicyExplanation } from './explanation.ts';

export interface NewsvendorResult {
  /** Optimal order quantity / base-stock level (units). */
  orderQuantity: number;
  /** Critical ratio p / (p + h). */
  criticalRatio: number;
  /** Expected cost of the optimal quantity (money). */
  cost: number;
  explanation: PolicyExplanation;
}

/** Expected newsvendor cost of ordering `s` units: h (s - mu) + (h + p) n(s). */
export function newsvendorCost(s: number, holdingCost: number, stockoutCost: number, demand: Distribution): number {
  return holdingCost * (s - demand.mean) + (holdingCost + stockoutCost) * demand.loss(s);
}

/** Optimal newsvendor quantity and cost for overage cost h and underage cost p. */
export function newsvendor(holdingCost: number, stockoutCost: number, demand: Distribution): NewsvendorResult {
  if (!(holdingCost > 0)) throw new RangeError(`holding (overage) cost must be > 0 (got ${holdingCost})`);
  if (!(stockoutCost > 0)) throw new RangeError(`stockout (underage) cost must be > 0 (got ${stockoutCost})`);
  const ratio = stockoutCost / (stockoutCost + holdingCost);
  const s = demand.quantile(ratio);
  const sd = Math.sqrt(demand.variance);
  const cost = newsvendorCost(s, holdingCost, stockoutCost, demand);
  return {
    orderQuantity: s,
    criticalRatio: ratio,
    cost,
    explanation: {
      policy: 'newsvendor',
      demandPerPeriod: { mean: demand.mean, sd },
      leadTime: { mean: 0, sd: 0 },
      reviewPeriod: 0,
      protectionPeriods: 1,
      protectionDemand: { mean: demand.mean, sd, family: demand.family },
      serviceTarget: { kind: 'cycle-service', level: ratio },
      safetyStock: s - demand.mean,
      safetyFactor: sd > 0 ? (s - demand.mean) / sd : 0,
      orderQuantity: s,
      expected: { cycleService: demand.cdf(s), fillRate: demand.mean > 0 ? 1 - demand.loss(s) / demand.mean : 1, shortagePerCycle: demand.loss(s) },
      assumptions: [`one ordering opportunity; critical ratio p/(p+h) = ${ratio.toFixed(6)}`, `leftover units cost h = ${holdingCost}, shortages cost p = ${stockoutCost} per unit`],
    },
  };
}
