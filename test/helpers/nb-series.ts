/**
 * Synthetic demand for simulator tests: gamma-Poisson (negative binomial) counts with mean mu and
 * variance mu * disp (Poisson when disp <= 1), from the engine's seeded RNG (Marsaglia-Tsang gamma,
 * inversion for the Poisson draw), so a seed always gives the same series.
 */
import { createRng } from '../../src/engine/stats/index.ts';

export function nbSeries(n: number, mu: number, disp: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const gamma = (a: number): number => {
    const d = (a < 1 ? a + 1 : a) - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = rng.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      if (Math.log(rng.next()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return a < 1 ? d * v * Math.pow(rng.next(), 1 / a) : d * v;
    }
  };
  return Float64Array.from({ length: n }, () => {
    const lam = disp > 1 ? gamma(mu / (disp - 1)) * (disp - 1) : mu;
    let k = 0;
    let p = Math.exp(-lam);
    let cdf = p;
    const u = rng.next();
    while (u > cdf && k < 100_000) {
      k++;
      p *= lam / k;
      cdf += p;
    }
    return k;
  });
}
