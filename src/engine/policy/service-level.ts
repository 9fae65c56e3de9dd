/**
 * Stock levels that meet a service target, from the exact loss functions of the demand
 * distribution in use (normal, Poisson, negative binomial or gamma), not only the normal
 * approximation.
 *
 * - Cycle service level alpha (probability of no stockout in a replenishment cycle): the level is
 *   the alpha-quantile of protection-interval demand.
 * - Fill rate beta (share of demand served from stock), backorder accounting:
 *   - continuous review (s, Q): the inventory position after ordering is uniform on (s, s + Q], so
 *     the expected shortage per cycle is n(s) - n(s + Q) and exactly beta = 1 - (n(s) - n(s + Q)) / Q
 *     (Hadley & Whitin 1963; Zipkin 2000, s. 6.4; Axsater 2015, s. 5.9), n the loss function of
 *     lead-time demand; the textbook approximation drops n(s + Q): beta = 1 - n(s) / Q
 *     (Silver, Pyke & Thomas 2017, eq. 7.22).
 *   - periodic review (R, S): expected shortage per cycle = n_{L+R}(S) - n_L(S) (Hadley & Whitin
 *     1963); textbook approximation n_{L+R}(S). Target: shortage = (1 - beta) * mean demand per
 *     review period.
 */
import type { Distribution } from '../stats/index.ts';
import { smallestLevel } from './solve.ts';

/** Level meeting cycle service level `alpha` (0 < alpha < 1): smallest x with P(D <= x) >= alpha. */
export function levelForCycleService(dist: Distribution, alpha: number): number {
  checkProbability(alpha, 'cycle service level');
  return dist.quantile(alpha);
}

/** Method for fill-rate calculations: exact backorder formula or the textbook single-loss approximation. */
export type FillRateMethod = 'exact' | 'textbook';

/**
 * Expected units short per (s, Q) cycle for reorder point s and order quantity Q, lead-time demand
 * `ltd`: exact = n(s) - n(s + Q), textbook = n(s).
 */
export function continuousShortagePerCycle(ltd: Distribution, s: number, q: number, method: FillRateMethod = 'exact'): number {
  if (method === 'textbook') return ltd.loss(s);
  return Math.max(0, ltd.loss(s) - ltd.loss(s + q));
}

/**
 * Expected backorders at a random time under (s, Q) (time-average, units): the position is
 * uniform on (s, s + Q], so B = (1/Q) integral_s^{s+Q} n(y) dy = (n2(s) - n2(s + Q)) / Q.
 */
export function continuousExpectedBackorders(ltd: Distribution, s: number, q: number): number {
  return Math.max(0, ltd.loss2(s) - ltd.loss2(s + q)) / q;
}

/** Fill rate of an (s, Q) policy with backorders: 1 - shortage per cycle / Q. */
export function continuousFillRate(ltd: Distribution, s: number, q: number, method: FillRateMethod = 'exact'): number {
  return 1 - continuousShortagePerCycle(ltd, s, q, method) / q;
}

/** Smallest reorder point s with (s, Q) fill rate >= beta. */
export function reorderPointForFillRate(ltd: Distribution, q: number, beta: number, method: FillRateMethod = 'exact'): number {
  checkProbability(beta, 'fill rate');
  if (!(q > 0)) throw new RangeError(`order quantity must be > 0 (got ${q})`);
  const target = (1 - beta) * q;
  const sd = Math.sqrt(ltd.variance);
  return smallestLevel((s) => continuousShortagePerCycle(ltd, s, q, method), target, ltd.mean, Math.max(sd, 1e-9), ltd.discrete);
}

/**
 * Expected units short per review cycle of an (R, S) policy: n_{L+R}(S) - n_L(S) (exact, backorders)
 * or n_{L+R}(S) (textbook). `leadTimeOnly` is the demand over the lead time alone.
 */
export function periodicShortagePerCycle(protection: Distribution, leadTimeOnly: Distribution | null, orderUpTo: number, method: FillRateMethod = 'exact'): number {
  const total = protection.loss(orderUpTo);
  if (method === 'textbook' || leadTimeOnly === null) return total;
  return Math.max(0, total - leadTimeOnly.loss(orderUpTo));
}

/** Fill rate of an (R, S) policy: 1 - shortage per cycle / mean demand per review period. */
export function periodicFillRate(protection: Distribution, leadTimeOnly: Distribution | null, orderUpTo: number, demandPerCycle: number, method: FillRateMethod = 'exact'): number {
  if (!(demandPerCycle > 0)) return 1;
  return 1 - periodicShortagePerCycle(protection, leadTimeOnly, orderUpTo, method) / demandPerCycle;
}

/**
 * Smallest order-up-to level S whose (R, S) fill rate is >= beta: expected shortage per cycle
 * <= (1 - beta) x expected demand per review period.
 */
export function orderUpToForFillRate(protection: Distribution, leadTimeOnly: Distribution | null, demandPerCycle: number, beta: number, method: FillRateMethod = 'exact'): number {
  checkProbability(beta, 'fill rate');
  if (!(demandPerCycle > 0)) return 0;
  const target = (1 - beta) * demandPerCycle;
  const sd = Math.sqrt(protection.variance);
  return smallestLevel((S) => periodicShortagePerCycle(protection, leadTimeOnly, S, method), target, protection.mean, Math.max(sd, 1e-9), protection.discrete);
}

export function checkProbability(p: number, what: string): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`${what} must be strictly between 0 and 1 (got ${p})`);
}
