/**
 * Public types of the forecasting engine. Units: demand per period of the input series (e.g.
 * units per day for daily history); steps are periods after the last observation.
 */
import type { DemandFamily } from './demand-distribution.ts';

export type { DemandFamily } from './demand-distribution.ts';

/** Syntetos-Boylan demand classes (plus 'none' for no observed history). */
export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'none';

/** Input of `autoForecast`. */
export interface AutoForecastInput {
  /** Demand per period, oldest first; NaN = missing observation. */
  y: ArrayLike<number>;
  /** 1 where the period was out of stock (its y is censored and not read as demand), else 0. */
  stockout?: ArrayLike<number>;
  /** Seasonal period (7 for daily data with weekly season, 12 monthly, 1 = no seasonality). */
  season: number;
  /** Number of periods to forecast (>= 1). */
  horizon: number;
  /** Force a model by name (see `MODEL_NAMES`); default automatic choice. */
  model?: string;
}

/** Forecast of one series: per-step moments and the demand distribution over any horizon. */
export interface ForecastResult {
  /** Model used, e.g. "ETS(A,Ad,N)", "SBA", "TSB", "Naive". */
  model: string;
  /** Demand class of the history (smooth / erratic / intermittent / lumpy / none). */
  demandClass: DemandClass;
  /** Expected demand per step 1..horizon (never negative). */
  mean: Float64Array;
  /** Forecast variance per step 1..horizon. */
  variance: Float64Array;
  /**
   * Total demand over steps 1..k (0 <= k <= horizon; fractional k adds that fraction of the next
   * step): its mean and variance, including the correlation between steps.
   */
  horizonSum(k: number): { mean: number; variance: number };
  /** p-quantile (0<p<1) of demand in one step (1-based), from `family`. */
  quantile(step: number, p: number): number;
  /** p-quantile of total demand over steps 1..k (k may be fractional), from `family`. */
  horizonQuantile(k: number, p: number): number;
  /** Distribution family used for quantiles. */
  family: DemandFamily;
  /** Fitted parameters and diagnostics for explanation (model-specific keys). */
  params: Record<string, number>;
}

/** What each model produces before it is wrapped into a ForecastResult. */
export interface ModelForecast {
  model: string;
  mean: Float64Array;
  variance: Float64Array;
  /** Variance of the sum of steps 1..k, for k = 1..h (index k-1). */
  cumVariance: Float64Array;
  params: Record<string, number>;
  /** In-sample information criterion when the model has one (AICc). */
  aicc?: number;
}
