/**
 * Demand distributions described by their mean and variance, with cdf and quantile. These are
 * what a safety-stock calculation needs: P(D <= x) and the p-quantile of demand over a horizon.
 *
 * - normal: N(mean, variance); quantiles are floored at 0 (demand is never negative).
 * - poisson: mean = variance; used for counts when the variance does not exceed the mean.
 * - negbin: negative binomial with size r = mean²/(variance - mean), prob p = mean/variance
 *   (variance > mean); cdf(k) = I_p(r, k+1) (regularised incomplete beta).
 * - gamma: shape = mean²/variance, scale = variance/mean; cdf(x) = P(shape, x/scale).
 * Quantiles of the count families are the smallest integer k with cdf(k) >= p (as R's qnbinom).
 * Above a mean of 1e5 all non-normal families use the normal approximation (continuity-corrected
 * for counts), where the exact series converge too slowly and the skewness is negligible.
 */
import { betaI, gammaP, gammaQ, normalCdf, normalQuantile } from './special-functions.ts';

/** Above this mean the count and gamma families use their normal approximation. */
export const LARGE_MEAN = 1e5;

export type DemandFamily = 'normal' | 'negbin' | 'poisson' | 'gamma' | 'empirical';

/** P(D <= x) for a demand distribution of the given family, mean and variance (units of demand). */
export function demandCdf(family: DemandFamily, mean: number, variance: number, x: number): number {
  if (!(mean > 0)) return x >= 0 ? 1 : 0;
  if (mean > LARGE_MEAN && family !== 'normal' && family !== 'empirical') {
    const sd = Math.sqrt(family === 'poisson' ? mean : Math.max(variance, family === 'gamma' ? 0 : mean));
    if (x < 0) return 0;
    const xx = family === 'gamma' ? x : Math.floor(x) + 0.5;
    return sd > 0 ? normalCdf((xx - mean) / sd) : xx >= mean ? 1 : 0;
  }
  switch (family) {
    case 'poisson': {
      if (x < 0) return 0;
      return gammaQ(Math.floor(x) + 1, mean);
    }
    case 'negbin': {
      if (x < 0) return 0;
      if (!(variance > mean * (1 + 1e-9))) return gammaQ(Math.floor(x) + 1, mean);
      const p = mean / variance;
      const r = (mean * mean) / (variance - mean);
      return betaI(r, Math.floor(x) + 1, p);
    }
    case 'gamma': {
      if (x <= 0) return 0;
      if (!(variance > 0)) return x >= mean ? 1 : 0;
      const scale = variance / mean;
      return gammaP(mean / scale, x / scale);
    }
    default: {
      if (!(variance > 0)) return x >= mean ? 1 : 0;
      return normalCdf((x - mean) / Math.sqrt(variance));
    }
  }
}

/**
 * The p-quantile (0 < p < 1) of demand with the given family, mean and variance. Never negative;
 * integer-valued for the count families.
 */
export function demandQuantile(family: DemandFamily, mean: number, variance: number, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile level must be in (0,1), got ${p}`);
  if (!(mean > 0)) return 0;
  const v = Math.max(0, variance);
  const z = normalQuantile(p);
  if (family === 'normal' || family === 'empirical' || v === 0) return Math.max(0, mean + z * Math.sqrt(v));
  if (mean > LARGE_MEAN) {
    // Large counts / shapes: the incomplete beta and gamma series converge too slowly; the
    // distributions are then close to normal (skewness < 0.01 for the Poisson at this mean).
    const sd = Math.sqrt(family === 'poisson' ? mean : Math.max(v, family === 'gamma' ? 0 : mean));
    const q = Math.max(0, mean + z * sd);
    return family === 'gamma' ? q : Math.ceil(q - 0.5);
  }
  if (family === 'gamma') {
    // Wilson-Hilferty start, then bisection on the cdf.
    const shape = (mean * mean) / v;
    const scale = v / mean;
    const wh = shape * Math.pow(1 - 1 / (9 * shape) + z / (3 * Math.sqrt(shape)), 3) * scale;
    let lo = 0;
    let hi = Math.max(wh, mean) * 2 + 10 * Math.sqrt(v);
    while (demandCdf('gamma', mean, v, hi) < p) hi *= 2;
    for (let i = 0; i < 100 && hi - lo > 1e-10 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      if (demandCdf('gamma', mean, v, mid) < p) lo = mid;
      else hi = mid;
    }
    return hi;
  }
  // Count families: search integers from a Cornish-Fisher start.
  const fam: DemandFamily = family === 'negbin' && v > mean * (1 + 1e-9) ? 'negbin' : 'poisson';
  const sd = Math.sqrt(fam === 'poisson' ? mean : v);
  let k = Math.max(0, Math.floor(mean + z * sd));
  if (demandCdf(fam, mean, v, k) >= p) {
    // step down with a galloping search
    let step = 1;
    while (k > 0 && demandCdf(fam, mean, v, k - step) >= p) {
      k -= step;
      step = Math.min(step * 2, k);
      if (step === 0) break;
    }
    while (k > 0 && demandCdf(fam, mean, v, k - 1) >= p) k--;
    return k;
  }
  let step = 1;
  while (demandCdf(fam, mean, v, k + step) < p) {
    k += step;
    step *= 2;
  }
  let lo = k; // cdf(lo) < p
  let hi = k + step; // cdf(hi) >= p
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (demandCdf(fam, mean, v, mid) >= p) hi = mid;
    else lo = mid;
  }
  return hi;
}
