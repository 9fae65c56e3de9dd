/**
 * Equal-weight forecast combination (Bates & Granger 1969; the simple average is hard to beat,
 * Clemen 1989 and the M3/M4 results). Means are averaged; variances assume the members' errors
 * are perfectly correlated, Var = (mean of standard deviations)², which is conservative.
 */
import type { ModelForecast } from './types.ts';

/** Averages the member forecasts step by step (all must have the same horizon). */
export function combine(model: string, members: ModelForecast[]): ModelForecast {
  const h = members[0].mean.length;
  const k = members.length;
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  const cumVariance = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    let mu = 0;
    let sd = 0;
    let csd = 0;
    for (const f of members) {
      mu += f.mean[j];
      sd += Math.sqrt(Math.max(0, f.variance[j]));
      csd += Math.sqrt(Math.max(0, f.cumVariance[j]));
    }
    mean[j] = mu / k;
    variance[j] = (sd / k) ** 2;
    cumVariance[j] = (csd / k) ** 2;
  }
  const params: Record<string, number> = {};
  members.forEach((f, i) => {
    for (const [key, v] of Object.entries(f.params)) params[`m${i + 1}.${key}`] = v;
  });
  return { model, mean, variance, cumVariance, params };
}
