/**
 * A monotone root finder shared by the policies: the smallest stock level x (integer when
 * `discrete`) at which a non-increasing shortage measure f(x) is <= target.
 */

/**
 * Smallest x with f(x) <= target for a non-increasing f, searched upward from `start`
 * (bracket doubling, then bisection; integers when `discrete`, else to a relative 1e-10).
 * `scale` is a typical step size (e.g. the standard deviation of demand).
 */
export function smallestLevel(f: (x: number) => number, target: number, start: number, scale: number, discrete: boolean): number {
  const step0 = Math.max(scale, discrete ? 1 : 1e-9, Math.abs(start) * 1e-9);
  let lo = start;
  let hi = start;
  if (f(start) <= target) {
    // walk down until it fails
    let step = step0;
    lo = start - step;
    let guard = 0;
    while (f(lo) <= target) {
      hi = lo;
      step *= 2;
      lo = hi - step;
      if (++guard > 200) return -Infinity;
    }
  } else {
    let step = step0;
    hi = start + step;
    let guard = 0;
    while (f(hi) > target) {
      lo = hi;
      step *= 2;
      hi = lo + step;
      if (++guard > 200) return Infinity;
    }
  }
  // invariant: f(lo) > target >= f(hi)
  if (discrete) {
    let a = Math.floor(lo);
    let b = Math.ceil(hi);
    if (f(a) <= target) return a;
    while (b - a > 1) {
      const m = Math.floor((a + b) / 2);
      if (f(m) <= target) b = m;
      else a = m;
    }
    return b;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-10 * Math.max(1, Math.abs(hi), scale); i++) {
    const m = 0.5 * (lo + hi);
    if (f(m) <= target) hi = m;
    else lo = m;
  }
  return hi;
}
