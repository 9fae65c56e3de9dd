import { discreteQuantile, interpolateInteger, type Distribution } from './distribution.ts';
import { stdNormalQuantile } from './normal.ts';
import { clampZ } from './poisson.ts';
import { betaI, betaIComplement, logFactorial, logGamma } from './special-functions.ts';

/**
 * Negative binomial NB(r, p) on {0, 1, ...} (number of failures before the r-th success; r > 0
 * real, 0 < p < 1): mean m = r (1-p)/p, variance m / p (> m: over-dispersed count demand).
 * - pmf(k) = Gamma(k + r) / (Gamma(r) k!) p^r (1-p)^k
 * - cdf(k) = I_p(r, k + 1), sf(k) = I_{1-p}(k + 1, r) (regularized incomplete beta)
 * With a = (1-p)/p and variance v = m (1 + a), from the recursion (j+1) f(j+1) = (j+r) a p f(j):
 * - loss(k) = E[(X - k)^+] = (m - k) P(X > k) + a (k + r) f(k)
 * - loss2(k) = 1/2 E[(X-k)^+ (X-k-1)^+] = 1/2 [ ((k - m)^2 + k + m a) P(X > k) + a (k + r)(m + a - k) f(k) ]
 * (both reduce to the Poisson forms as r -> infinity with m fixed).
 */
export function negativeBinomialDistribution(r: number, p: number): Distribution {
  if (!(r > 0) || !(p > 0 && p < 1)) throw new RangeError(`negative binomial needs r > 0 and 0 < p < 1 (got r=${r}, p=${p})`);
  const q = 1 - p;
  const mean = (r * q) / p;
  const variance = mean / p;
  const logNorm = r * Math.log(p) - logGamma(r);
  const logQ = Math.log1p(-p);
  const pmf = (k: number): number => {
    if (k < 0 || !Number.isInteger(k)) return 0;
    return Math.exp(logGamma(k + r) - logFactorial(k) + logNorm + k * logQ);
  };
  const cdf = (x: number): number => {
    const k = Math.floor(x);
    return k < 0 ? 0 : betaI(r, k + 1, p);
  };
  const sf = (x: number): number => {
    const k = Math.floor(x);
    return k < 0 ? 1 : betaIComplement(r, k + 1, p);
  };
  const a = q / p;
  const lossInt = (k: number): number => (k < 0 ? mean - k : Math.max(0, (mean - k) * sf(k) + a * (k + r) * pmf(k)));
  const loss2Int = (k: number): number => {
    // E[X(X-1)] = variance + mean^2 - mean
    if (k < 0) return 0.5 * (variance + mean * mean - mean - 2 * k * mean + k * (k + 1));
    const d = k - mean;
    return Math.max(0, 0.5 * ((d * d + k + mean * a) * sf(k) + a * (k + r) * (mean + a - k) * pmf(k)));
  };
  const dist: Distribution = {
    family: 'negbin',
    discrete: true,
    mean,
    variance,
    params: { r, p },
    pdf: pmf,
    cdf,
    sf,
    quantile: (pp) => discreteQuantile(dist, pp, mean + Math.sqrt(variance) * clampZ(stdNormalQuantile(pp)) - 0.5),
    loss: (x) => interpolateInteger(lossInt, x),
    loss2: (x) => interpolateInteger(loss2Int, x),
  };
  return dist;
}

/** NB with the given mean and variance (variance > mean > 0): p = mean/variance, r = mean^2/(variance - mean). */
export function negativeBinomialFromMoments(mean: number, variance: number): Distribution {
  if (!(variance > mean) || !(mean > 0)) throw new RangeError(`negative binomial needs variance > mean > 0 (got ${mean}, ${variance})`);
  // r = mean / (variance / mean - 1): the same as mean^2 / (variance - mean) without squaring a small mean
  return negativeBinomialDistribution(mean / (variance / mean - 1), mean / variance);
}
