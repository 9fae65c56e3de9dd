/**
 * The common shape of the demand distributions used by the replenishment policies, plus
 * generic helpers that work on any of them (inverse of the loss function).
 *
 * Conventions for every distribution:
 * - `pdf(x)` is the density (continuous) or the probability mass P(X = x) (discrete, x integer).
 * - `cdf(x)` = P(X <= x); `sf(x)` = P(X > x), computed without cancellation in the upper tail.
 * - `quantile(p)` = the smallest x with cdf(x) >= p (an integer for discrete families).
 * - `loss(x)` = first-order loss E[(X - x)^+] (expected units short when stocking x).
 * - `loss2(x)` = second-order loss: continuous 1/2 E[((X - x)^+)^2]; discrete
 *   1/2 E[(X - x)^+ (X - x - 1)^+] (Zipkin 2000, s. 6.2; Snyder & Shen 2019, appendix C), so that
 *   for discrete X: sum_{y=r+1}^{r+Q} loss(y) = loss2(r) - loss2(r + Q).
 * For discrete families, non-integer x in loss/loss2 interpolate linearly between integers
 * (exact for loss, which is piecewise linear).
 */

export type DistributionFamily = 'normal' | 'poisson' | 'negbin' | 'gamma';

export interface Distribution {
  /** The family actually used ('degenerate' for a point mass, e.g. zero variance). */
  readonly family: DistributionFamily | 'degenerate';
  readonly discrete: boolean;
  readonly mean: number;
  readonly variance: number;
  /** The family's native parameters (e.g. {mu, sigma}, {lambda}, {r, p}, {shape, scale}). */
  readonly params: Readonly<Record<string, number>>;
  pdf(x: number): number;
  cdf(x: number): number;
  sf(x: number): number;
  quantile(p: number): number;
  loss(x: number): number;
  loss2(x: number): number;
}

/**
 * Smallest stock level x with loss(x) <= target, i.e. the inverse of the first-order loss
 * function (integer for discrete distributions, the exact root for continuous ones).
 * Used for fill-rate targets: expected shortage per cycle = (1 - fill rate) * demand per cycle.
 * `target` must be >= 0; target 0 returns +Infinity unless the distribution is bounded
 * (a point mass returns its value).
 */
export function lossInverse(dist: Distribution, target: number): number {
  if (!(target >= 0)) throw new RangeError(`lossInverse: target must be >= 0, got ${target}`);
  if (dist.family === 'degenerate') return target >= dist.mean ? -Infinity : dist.mean - target;
  const sd = Math.sqrt(Math.max(dist.variance, 0));
  // loss(x) >= mean - x, so any answer is >= mean - target.
  let lo = dist.mean - target - 1;
  if (dist.discrete) lo = Math.floor(lo);
  let hi = dist.mean + Math.max(sd, 1);
  let guard = 0;
  while (dist.loss(hi) > target) {
    hi = dist.mean + (hi - dist.mean) * 2;
    if (++guard > 200) return Infinity;
  }
  if (dist.discrete) {
    if (target === 0) {
      // Smallest integer with zero shortage exists only for bounded support; treat 1e-15 of mean as zero.
      target = 1e-15 * Math.max(1, dist.mean);
    }
    let a = Math.floor(lo); // loss(a) > target
    let b = Math.ceil(hi); // loss(b) <= target
    if (dist.loss(a) <= target) return Math.max(a, -1e15);
    while (b - a > 1) {
      const m = Math.floor((a + b) / 2);
      if (dist.loss(m) <= target) b = m;
      else a = m;
    }
    return b;
  }
  if (target === 0) return Infinity;
  // Continuous: safeguarded Newton (loss'(x) = -sf(x)).
  let x = Math.min(Math.max(dist.mean, lo), hi);
  for (let i = 0; i < 200; i++) {
    const f = dist.loss(x) - target;
    if (f > 0) lo = x;
    else hi = x;
    const slope = -dist.sf(x);
    let next = slope < 0 ? x - f / slope : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-12 * Math.max(1, Math.abs(x), sd)) return next;
    x = next;
  }
  return x;
}

/**
 * Generic smallest-integer quantile for a discrete distribution on {0, 1, ...}: starts from a
 * guess and walks with the mass function, using the upper tail when p > 1/2 for accuracy.
 */
export function discreteQuantile(dist: Pick<Distribution, 'pdf' | 'cdf' | 'sf'>, p: number, guess: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 1) return Infinity;
  let k = Math.max(0, Math.floor(guess));
  if (p <= 0.5) {
    let c = dist.cdf(k);
    if (c >= p) {
      while (k > 0) {
        const below = c - dist.pdf(k);
        if (below < p) break;
        c = below;
        k--;
      }
      return k;
    }
    while (c < p) {
      k++;
      c += dist.pdf(k);
    }
    return k;
  }
  const q = 1 - p; // want smallest k with sf(k) <= q
  let s = dist.sf(k);
  if (s <= q) {
    while (k > 0) {
      const above = s + dist.pdf(k); // sf(k-1)
      if (above > q) break;
      s = above;
      k--;
    }
    return k;
  }
  while (s > q) {
    k++;
    s -= dist.pdf(k);
    if (k % 64 === 0) s = dist.sf(k); // refresh to avoid drift
  }
  return k;
}

/** Linear interpolation of an integer-argument function at a real x. */
export function interpolateInteger(f: (k: number) => number, x: number): number {
  const k = Math.floor(x);
  const frac = x - k;
  if (frac === 0) return f(k);
  return (1 - frac) * f(k) + frac * f(k + 1);
}
