import { degenerateDistribution } from './degenerate.ts';
import type { Distribution, DistributionFamily } from './distribution.ts';
import { gammaDistribution } from './gamma.ts';
import { negativeBinomialFromMoments } from './negative-binomial.ts';
import { normalDistribution } from './normal-distribution.ts';
import { poissonDistribution } from './poisson.ts';

/**
 * A distribution of the requested family matched to a mean and variance (method of moments).
 * - 'normal': N(mean, variance).
 * - 'poisson': Poisson(mean) (the variance is ignored).
 * - 'negbin': NB with p = mean/variance, r = mean^2/(variance - mean); falls back to
 *   Poisson(mean) when variance <= mean (no over-dispersion to model).
 * - 'gamma': shape mean^2/variance, scale variance/mean.
 * Zero variance (normal, gamma) or zero mean (count families) gives a point mass at the mean
 * (family 'degenerate'). A mean below NEGLIGIBLE_MEAN counts as zero for the count and gamma
 * families: a smoothed level decays geometrically through a long run of zeros (0.5^1000 on a
 * daily history) and mean^2 then underflows, which made r = mean^2 / (variance - mean) exactly 0;
 * such a demand is 0 to twelve decimals. Negative means are only valid for 'normal'.
 */
/** Means below this are zero demand for the count and gamma families (see fromMoments). */
export const NEGLIGIBLE_MEAN = 1e-12;

export function fromMoments(mean: number, variance: number, family: DistributionFamily): Distribution {
  if (!Number.isFinite(mean) || !Number.isFinite(variance) || variance < 0) {
    throw new RangeError(`fromMoments: need a finite mean and variance >= 0 (got ${mean}, ${variance})`);
  }
  switch (family) {
    case 'normal':
      return variance > 0 ? normalDistribution(mean, Math.sqrt(variance)) : degenerateDistribution(mean, false);
    case 'poisson':
      if (mean < 0) throw new RangeError(`fromMoments: Poisson needs mean >= 0 (got ${mean})`);
      return mean >= NEGLIGIBLE_MEAN ? poissonDistribution(mean) : degenerateDistribution(0, true);
    case 'negbin':
      if (mean < 0) throw new RangeError(`fromMoments: negative binomial needs mean >= 0 (got ${mean})`);
      if (mean < NEGLIGIBLE_MEAN) return degenerateDistribution(0, true);
      return variance > mean * (1 + 1e-9) ? negativeBinomialFromMoments(mean, variance) : poissonDistribution(mean);
    case 'gamma':
      if (mean < 0) throw new RangeError(`fromMoments: gamma needs mean >= 0 (got ${mean})`);
      if (mean < NEGLIGIBLE_MEAN) return degenerateDistribution(0, false);
      if (variance === 0) return degenerateDistribution(mean, false);
      return gammaDistribution((mean * mean) / variance, variance / mean);
    default:
      throw new RangeError(`fromMoments: unknown family ${String(family)}`);
  }
}
