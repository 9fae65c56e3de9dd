import type { Distribution } from './distribution.ts';
import { stdNormalQuantile } from './normal.ts';
import { gammaP, gammaQ, logGamma } from './special-functions.ts';

/**
 * Gamma(shape a, scale theta) as a `Distribution` on [0, inf): mean a theta, variance a theta^2.
 * - cdf(x) = P(a, x/theta) (regularized incomplete gamma)
 * - loss(x) = E[(X - x)^+] = (mean - x) Q(a, x/theta) + theta x f(x)   (x >= 0)
 * - loss2(x) = 1/2 E[((X - x)^+)^2] = 1/2 [ ((x - mean)^2 + variance) Q(a, x/theta) + theta x f(x) (mean + theta - x) ]
 *   (from Q(a+1, u) = Q(a, u) + u^a e^-u / Gamma(a+1); no cancellation near the mean)
 * - quantile: Wilson-Hilferty start, then safeguarded Newton on the cdf.
 */
export function gammaDistribution(shape: number, scale: number): Distribution {
  if (!(shape > 0) || !(scale > 0)) throw new RangeError(`gamma distribution needs shape > 0 and scale > 0 (got ${shape}, ${scale})`);
  const a = shape;
  const th = scale;
  const mean = a * th;
  const lg = logGamma(a);
  const pdf = (x: number): number => {
    if (x < 0) return 0;
    if (x === 0) return a < 1 ? Infinity : a === 1 ? 1 / th : 0;
    return Math.exp((a - 1) * Math.log(x / th) - x / th - lg) / th;
  };
  const cdf = (x: number) => (x <= 0 ? 0 : gammaP(a, x / th));
  const sf = (x: number) => (x <= 0 ? 1 : gammaQ(a, x / th));
  const loss = (x: number): number => {
    if (x <= 0) return mean - x;
    return Math.max(0, (mean - x) * sf(x) + th * x * pdf(x));
  };
  const loss2 = (x: number): number => {
    if (x <= 0) return 0.5 * (a * (a + 1) * th * th - 2 * x * mean + x * x);
    const d = x - mean;
    return Math.max(0, 0.5 * ((d * d + mean * th) * sf(x) + th * x * pdf(x) * (mean + th - x)));
  };
  const quantile = (p: number): number => {
    if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
    if (p === 0) return 0;
    if (p === 1) return Infinity;
    const z = stdNormalQuantile(p);
    const c = 1 / (9 * a);
    let x = Math.max(a * Math.pow(1 - c + z * Math.sqrt(c), 3), 1e-300) * th;
    let lo = 0;
    let hi = Infinity;
    for (let i = 0; i < 200; i++) {
      const useUpper = p > 0.5;
      const f = useUpper ? 1 - p - sf(x) : cdf(x) - p; // cdf(x) - p, computed on the accurate side
      if (f < 0) lo = x;
      else hi = x;
      const d = pdf(x);
      let next = d > 0 && Number.isFinite(d) ? x - f / d : NaN;
      if (!(next > lo && next < hi)) next = hi === Infinity ? Math.max(2 * x, x + th) : 0.5 * (lo + hi);
      if (Math.abs(next - x) <= 1e-14 * Math.max(x, 1e-300)) return next;
      x = next;
    }
    return x;
  };
  return {
    family: 'gamma',
    discrete: false,
    mean,
    variance: mean * th,
    params: { shape: a, scale: th },
    pdf,
    cdf,
    sf,
    quantile,
    loss,
    loss2,
  };
}
