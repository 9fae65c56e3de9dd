/**
 * Wraps per-step forecast moments into a `ForecastResult` with horizon sums and quantiles.
 */
import { demandQuantile, type DemandFamily } from './demand-distribution.ts';
import type { DemandClass, ForecastResult, ModelForecast } from './types.ts';

/**
 * Builds the public result. Means are floored at 0 (demand cannot be negative); horizon
 * variances come from `cumVariance` and are interpolated linearly for a fractional k, the mean
 * adds frac × mean of the next step.
 */
export function makeForecastResult(f: ModelForecast, demandClass: DemandClass, family: DemandFamily): ForecastResult {
  const h = f.mean.length;
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  const cumMean = new Float64Array(h + 1);
  const cumVar = new Float64Array(h + 1);
  for (let j = 0; j < h; j++) {
    mean[j] = Math.max(0, f.mean[j]);
    variance[j] = Math.max(0, f.variance[j]);
    cumMean[j + 1] = cumMean[j] + mean[j];
    cumVar[j + 1] = Math.max(cumVar[j], f.cumVariance[j]);
  }
  const horizonSum = (k: number): { mean: number; variance: number } => {
    if (!(k >= 0 && k <= h)) throw new RangeError(`horizon k must be within [0, ${h}], got ${k}`);
    const i = Math.floor(k);
    const frac = k - i;
    if (frac === 0) return { mean: cumMean[i], variance: cumVar[i] };
    return { mean: cumMean[i] + frac * mean[i], variance: cumVar[i] + frac * (cumVar[i + 1] - cumVar[i]) };
  };
  return {
    model: f.model,
    demandClass,
    mean,
    variance,
    family,
    params: f.params,
    horizonSum,
    quantile(step: number, p: number): number {
      if (!(Number.isInteger(step) && step >= 1 && step <= h)) throw new RangeError(`step must be an integer in [1, ${h}], got ${step}`);
      return demandQuantile(family, mean[step - 1], variance[step - 1], p);
    },
    horizonQuantile(k: number, p: number): number {
      const s = horizonSum(k);
      return demandQuantile(family, s.mean, s.variance, p);
    },
  };
}
