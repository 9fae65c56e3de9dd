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
 * (family 'degenerate'). Negative means are only valid for 'normal'.
 */
export function fromMoments(mean: number, variance: number, family: DistributionFamily): Distribution {
  if (!Number.isFinite(mean) || !Number.isFinite(variance) || variance < 0) {
    throw new RangeError(`fromMoments: need a finite mean and variance >= 0 (got ${mean}, ${variance})`);
  }
  switch (family) {
    case 'normal':
      return variance > 0 ? normalDistribution(mean, Math.sqrt(variance)) : degenerateDistribution(mean, false);
    case 'poisson':
      if (mean < 0) throw new RangeError(`fromMoments: Poisson needs mean >= 0 (got ${mean})`);
      return mean > 0 ? poissonDistribution(mean) : degenerateDistribution(0, true);
    case 'negbin':
      if (mean < 0) throw new RangeError(`fromMoments: negative binomial needs mean >= 0 (got ${mean})`);
      if (mean === 0) return degenerateDistribution(0, true);
      return variance > mean * (1 + 1e-9) ? negativeBinomialFromMoments(mean, variance) : poissonDistribution(mean);
    case 'gamma':
      if (mean < 0) throw new RangeError(`fromMoments: gamma needs mean >= 0 (got ${mean})`);
      if (mean === 0 || variance === 0) return degenerateDistribution(mean, false);
      return gammaDistribution((mean * mean) / variance, variance / mean);
    default:
      throw new RangeError(`fromMoments: unknown family ${String(family)}`);
  }
}
