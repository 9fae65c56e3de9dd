/**
 * Demand over the protection interval (lead time, plus the review period for periodic review),
 * with random lead time.
 *
 * With i.i.d. per-period demand (mean mu, variance sigma^2) and an independent lead time L
 * (mean E[L], variance Var(L)), the demand over L + R periods has (Hadley & Whitin 1963;
 * Silver, Pyke & Thomas 2017, eq. 6.8):
 *   mean     = mu (E[L] + R)
 *   variance = (E[L] + R) sigma^2 + mu^2 Var(L)
 */
import { fromMoments, type Distribution, type DistributionFamily } from '../stats/index.ts';

/** Per-period demand moments (units per period). */
export interface DemandRate {
  mean: number;
  /** Standard deviation of demand per period. */
  sd: number;
}

/** Lead time in periods (mean and standard deviation; sd 0 or absent = deterministic). */
export interface LeadTime {
  mean: number;
  sd?: number;
}

export interface ProtectionDemand {
  mean: number;
  variance: number;
  sd: number;
  /** Protection interval length used (E[L] + R). */
  periods: number;
}

/**
 * Moments of demand over E[L] + R periods with random lead time (formula in the file header).
 * Units: demand units; `reviewPeriod` and lead time in periods.
 */
export function protectionDemandMoments(demand: DemandRate, leadTime: LeadTime, reviewPeriod = 0): ProtectionDemand {
  validateInputs(demand, leadTime, reviewPeriod);
  const periods = leadTime.mean + reviewPeriod;
  const ltSd = leadTime.sd ?? 0;
  const variance = periods * demand.sd * demand.sd + demand.mean * demand.mean * ltSd * ltSd;
  return { mean: demand.mean * periods, variance, sd: Math.sqrt(variance), periods };
}

/** The protection-interval demand as a distribution of the given family (method of moments). */
export function protectionDemandDistribution(m: { mean: number; variance: number }, family: DistributionFamily): Distribution {
  return fromMoments(Math.max(0, m.mean), Math.max(0, m.variance), family);
}

function validateInputs(demand: DemandRate, leadTime: LeadTime, reviewPeriod: number): void {
  if (!(demand.mean >= 0) || !Number.isFinite(demand.mean)) throw new RangeError(`demand mean must be a finite number >= 0 (got ${demand.mean})`);
  if (!(demand.sd >= 0) || !Number.isFinite(demand.sd)) throw new RangeError(`demand sd must be a finite number >= 0 (got ${demand.sd})`);
  if (!(leadTime.mean >= 0) || !Number.isFinite(leadTime.mean)) throw new RangeError(`lead time mean must be >= 0 (got ${leadTime.mean})`);
  if (leadTime.sd !== undefined && !(leadTime.sd >= 0)) throw new RangeError(`lead time sd must be >= 0 (got ${leadTime.sd})`);
  if (!(reviewPeriod >= 0) || !Number.isFinite(reviewPeriod)) throw new RangeError(`review period must be >= 0 (got ${reviewPeriod})`);
}
