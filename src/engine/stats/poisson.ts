import { discreteQuantile, interpolateInteger, type Distribution } from './distribution.ts';
import { stdNormalQuantile } from './normal.ts';
import { gammaP, gammaQ, logFactorial } from './special-functions.ts';

/**
 * Poisson(lambda) as a `Distribution` on {0, 1, ...} (lambda > 0).
 * - pmf(k) = exp(k ln lambda - lambda - ln k!)
 * - cdf(k) = Q(k + 1, lambda), sf(k) = P(k + 1, lambda) (regularized incomplete gamma)
 * - loss(k) = E[(X - k)^+] = (lambda - k) P(X > k) + lambda p(k), from k p(k) = lambda p(k - 1)
 * - loss2(k) = 1/2 E[(X-k)^+ (X-k-1)^+] = 1/2 [ ((k - lambda)^2 + k) P(X > k) - lambda (k - lambda) p(k) ]
 *   (Snyder & Shen 2019, appendix C; the forms avoid cancellation near the mean).
 */
export function poissonDistribution(lambda: number): Distribution {
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`Poisson distribution needs lambda > 0 (got ${lambda})`);
  const logLambda = Math.log(lambda);
  const pmf = (k: number): number => {
    if (k < 0 || !Number.isInteger(k)) return 0;
    return Math.exp(k * logLambda - lambda - logFactorial(k));
  };
  const cdf = (x: number): number => {
    const k = Math.floor(x);
    return k < 0 ? 0 : gammaQ(k + 1, lambda);
  };
  const sf = (x: number): number => {
    const k = Math.floor(x);
    return k < 0 ? 1 : gammaP(k + 1, lambda);
  };
  const lossInt = (k: number): number => (k < 0 ? lambda - k : Math.max(0, (lambda - k) * sf(k) + lambda * pmf(k)));
  const loss2Int = (k: number): number => {
    if (k < 0) return 0.5 * (lambda * lambda + lambda - (2 * k + 1) * lambda + k * (k + 1));
    const d = k - lambda;
    return Math.max(0, 0.5 * ((d * d + k) * sf(k) - lambda * d * pmf(k)));
  };
  const dist: Distribution = {
    family: 'poisson',
    discrete: true,
    mean: lambda,
    variance: lambda,
    params: { lambda },
    pdf: pmf,
    cdf,
    sf,
    quantile: (p) => discreteQuantile(dist, p, lambda + Math.sqrt(lambda) * clampZ(stdNormalQuantile(p)) - 0.5),
    loss: (x) => interpolateInteger(lossInt, x),
    loss2: (x) => interpolateInteger(loss2Int, x),
  };
  return dist;
}

/** Clamp a normal-approximation starting z so discrete quantile walks start sensibly. */
export function clampZ(z: number): number {
  return Math.max(-8, Math.min(8, z));
}

/** Convenience: Poisson pmf. */
export function poissonPmf(k: number, lambda: number): number {
  return poissonDistribution(lambda).pdf(k);
}

/** Convenience: Poisson cdf P(X <= k). */
export function poissonCdf(k: number, lambda: number): number {
  return poissonDistribution(lambda).cdf(k);
}
