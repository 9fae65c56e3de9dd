import type { PolicyExplanation } from './explanation.ts';

/**
 * Economic order quantity (Harris 1913; Snyder & Shen 2019, eq. 3.4-3.5):
 *   Q* = sqrt(2 K lambda / h),   cost g(Q*) = sqrt(2 K lambda h)
 * K = fixed cost per order (money), h = holding cost per unit per time unit (money),
 * lambda = demand per time unit (units). Cost is per time unit.
 */
export function economicOrderQuantity(fixedCost: number, holdingCost: number, demandRate: number): { orderQuantity: number; cost: number; explanation: PolicyExplanation } {
  if (!(fixedCost > 0)) throw new RangeError(`fixed cost must be > 0 (got ${fixedCost})`);
  if (!(holdingCost > 0)) throw new RangeError(`holding cost must be > 0 (got ${holdingCost})`);
  if (!(demandRate >= 0)) throw new RangeError(`demand rate must be >= 0 (got ${demandRate})`);
  const orderQuantity = Math.sqrt((2 * fixedCost * demandRate) / holdingCost);
  return {
    orderQuantity,
    cost: Math.sqrt(2 * fixedCost * demandRate * holdingCost),
    explanation: {
      policy: 'eoq',
      demandPerPeriod: { mean: demandRate, sd: 0 },
      leadTime: { mean: 0, sd: 0 },
      reviewPeriod: 0,
      protectionPeriods: 0,
      protectionDemand: { mean: 0, sd: 0, family: 'degenerate' },
      safetyStock: 0,
      safetyFactor: 0,
      orderQuantity,
      assumptions: [`deterministic demand ${demandRate} per time unit; order cost K = ${fixedCost}, holding cost h = ${holdingCost} per unit per time unit; Q* = sqrt(2 K lambda / h)`],
    },
  };
}

/** EOQ cost per time unit of an arbitrary Q: K lambda / Q + h Q / 2. */
export function eoqCost(q: number, fixedCost: number, holdingCost: number, demandRate: number): number {
  return (fixedCost * demandRate) / q + (holdingCost * q) / 2;
}
