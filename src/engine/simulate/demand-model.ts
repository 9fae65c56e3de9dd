/**
 * The forecasting interface the policy simulator re-plans with. A `DemandModel` is fitted on the
 * history known at a review (oldest first, NaN = missing) and returns the distribution of demand
 * summed over the next k periods. `ForecastResult` of src/engine/forecast satisfies
 * `DemandForecast`, so autoForecast plugs in through a thin adapter.
 */
import type { DistributionFamily } from '../stats/index.ts';

export interface DemandForecast {
  /** Model name for explanations, e.g. "SES(0.2)+normal", "ETS(A,N,N)". */
  model: string;
  /** Distribution family to use for demand sums ('empirical' and unknown families map to 'normal'). */
  family: DistributionFamily | string;
  /** Mean and variance of total demand over steps 1..k (k may be fractional). */
  horizonSum(k: number): { mean: number; variance: number };
}

/** What the planner knows about the item beyond its history. */
export interface ForecastContext {
  /**
   * The item's demand segment as the plan fixed it (Syntetos-Boylan class; simulate-portfolio.ts),
   * so that a model choosing its method by class keeps the method its segment was calibrated with
   * while the item's own history drifts across a class boundary.
   */
  segment?: string;
}

export interface DemandModel {
  readonly name: string;
  /**
   * Forecast from `history` (demand per period, oldest first, NaN = missing; `stockout[i] = 1`
   * marks a censored period) for `horizon` steps ahead.
   */
  forecast(history: Float64Array, horizon: number, stockout?: Uint8Array, context?: ForecastContext): DemandForecast;
}

/** Maps a forecast family name to one the policy library supports. */
export function policyFamily(family: string): DistributionFamily {
  return family === 'poisson' || family === 'negbin' || family === 'gamma' || family === 'normal' ? family : 'normal';
}
