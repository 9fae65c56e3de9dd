/**
 * Plain-data batch forecasting (pure, no threads): the unit of work the thread pool in
 * parallel.ts hands to each worker, and its serialisable result.
 */
import { autoForecast } from './auto-forecast.ts';
import { makeForecastResult } from './forecast-result.ts';
import type { DemandClass, DemandFamily, ForecastResult } from './types.ts';

/** One series to forecast in a batch. */
export interface BatchSeries {
  id: string;
  /** Demand per period, oldest first; NaN = missing. */
  y: ArrayLike<number>;
  stockout?: ArrayLike<number>;
  season: number;
  horizon: number;
  model?: string;
}

/** Serialisable forecast of one series (what crosses thread boundaries). */
export interface BatchForecast {
  id: string;
  model: string;
  demandClass: DemandClass;
  family: DemandFamily;
  mean: Float64Array;
  variance: Float64Array;
  /** Variance of the total over steps 1..k at index k-1. */
  cumVariance: Float64Array;
  /** Per-step quantiles for each requested level (key = level as string, e.g. "0.95"). */
  quantiles: Record<string, Float64Array>;
  params: Record<string, number>;
  /** Set (and the arrays empty) when the series could not be forecast. */
  error?: string;
}

/** Forecasts one series into plain data, with per-step quantiles at `levels`. */
export function forecastToData(s: BatchSeries, levels: readonly number[]): BatchForecast {
  try {
    const r = autoForecast({ y: s.y, stockout: s.stockout, season: s.season, horizon: s.horizon, model: s.model });
    const cumVariance = new Float64Array(s.horizon);
    for (let k = 1; k <= s.horizon; k++) cumVariance[k - 1] = r.horizonSum(k).variance;
    const quantiles: Record<string, Float64Array> = {};
    for (const p of levels) {
      const q = new Float64Array(s.horizon);
      for (let j = 0; j < s.horizon; j++) q[j] = r.quantile(j + 1, p);
      quantiles[String(p)] = q;
    }
    return { id: s.id, model: r.model, demandClass: r.demandClass, family: r.family, mean: r.mean, variance: r.variance, cumVariance, quantiles, params: r.params };
  } catch (e) {
    const empty = new Float64Array(0);
    return { id: s.id, model: 'error', demandClass: 'none', family: 'normal', mean: empty, variance: empty, cumVariance: empty, quantiles: {}, params: {}, error: (e as Error).message };
  }
}

/** Rebuilds a full ForecastResult (with horizonSum/quantile methods) from batch data. */
export function fromBatchForecast(f: BatchForecast): ForecastResult {
  return makeForecastResult({ model: f.model, mean: f.mean, variance: f.variance, cumVariance: f.cumVariance, params: f.params }, f.demandClass, f.family);
}
