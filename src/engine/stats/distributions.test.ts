import { describe, expect, it } from 'vitest';
import { fromMoments } from './from-moments.ts';
import { gammaDistribution } from './gamma.ts';
import { lossInverse } from './distribution.ts';
import { negativeBinomialDistribution } from './negative-binomial.ts';
import { normalDistribution } from './normal-distribution.ts';
import { poissonDistribution } from './poisson.ts';
import { gammaP, gammaQ, logGamma } from './special-functions.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Brute-force loss functions of a discrete distribution by summing its mass function. */
function bruteDiscreteLoss(pmf: (k: number) => number, k: number, upto: number) {
  let l1 = 0;
  let l2 = 0;
  for (let j = k + 1; j <= upto; j++) {
    l1 += (j - k) * pmf(j);
    l2 += 0.5 * (j - k) * (j - k - 1) * pmf(j);
  }
  return [l1, l2];
}

describe('special functions', () => {
  it('logGamma matches factorials and Gamma(1/2)', () => {
    expect(rel(logGamma(11), Math.log(3628800))).toBeLessThan(1e-14);
    expect(rel(logGamma(0.5), Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-14);
  });
  it('incomplete gamma: P(1, x) = 1 - e^-x, P(2, x) = 1 - e^-x (1 + x)', () => {
    expect(rel(gammaP(1, 0.3), 1 - Math.exp(-0.3))).toBeLessThan(1e-14);
    expect(rel(gammaQ(2, 7), Math.exp(-7) * 8)).toBeLessThan(1e-13);
    expect(rel(gammaQ(2, 0.5), Math.exp(-0.5) * 1.5)).toBeLessThan(1e-14);
  });
});

describe('Poisson', () => {
  const d = poissonDistribution(4.2);
  it('pmf, cdf, quantile (scipy.stats.poisson reference values)', () => {
    expect(rel(d.pdf(3), 0.1851653825792587)).toBeLessThan(1e-13);
    expect(rel(d.cdf(6), 0.8674639959499184)).toBeLessThan(1e-13);
    expect(rel(d.sf(6), 0.13253600405008165)).toBeLessThan(1e-13);
    expect(d.quantile(0.95)).toBe(8);
    expect(d.quantile(0)).toBe(0);
    expect(d.cdf(-1)).toBe(0);
  });
  it('loss functions equal brute-force sums', () => {
    expect(rel(d.loss(6), 0.2415838429684773)).toBeLessThan(1e-12);
    expect(rel(d.loss2(6), 0.18018255347861575)).toBeLessThan(1e-12);
    expect(d.loss(0)).toBeCloseTo(4.2, 14);
    expect(d.loss(-2)).toBeCloseTo(6.2, 14);
    for (const lam of [0.05, 2.5, 60, 900]) {
      const p = poissonDistribution(lam);
      for (const k of [0, Math.floor(lam), Math.floor(lam + 2 * Math.sqrt(lam)) + 1]) {
        const [l1, l2] = bruteDiscreteLoss(p.pdf, k, Math.ceil(lam + 40 * Math.sqrt(lam) + 50));
        expect(rel(p.loss(k), l1)).toBeLessThan(1e-9);
        expect(rel(p.loss2(k), l2)).toBeLessThan(1e-9);
      }
    }
  });
  it('second-order loss telescopes the first: sum_{y=r+1}^{r+Q} n(y) = n2(r) - n2(r+Q)', () => {
    let s = 0;
    for (let y = 4; y <= 10; y++) s += d.loss(y);
    expect(s).toBeCloseTo(d.loss2(3) - d.loss2(10), 12);
  });
  it('quantile is the smallest k with cdf >= p, also for large means', () => {
    for (const lam of [0.3, 7, 1234.5]) {
      const p = poissonDistribution(lam);
      for (const q of [0.01, 0.5, 0.9, 0.999]) {
        const k = p.quantile(q);
        expect(p.cdf(k)).toBeGreaterThanOrEqual(q);
        if (k > 0) expect(p.cdf(k - 1)).toBeLessThan(q);
      }
    }
  });
});

describe('negative binomial', () => {
  const d = negativeBinomialDistribution(3, 0.6);
  it('pmf, cdf, quantile', () => {
    expect(rel(d.pdf(2), 0.20736)).toBeLessThan(1e-13); // C(4,2) 0.6^3 0.4^2
    expect(rel(d.cdf(4), 0.903744)).toBeLessThan(1e-13);
    expect(d.quantile(0.9)).toBe(4);
    expect(d.mean).toBeCloseTo(2, 14);
    expect(d.variance).toBeCloseTo(2 / 0.6, 14);
  });
  it('loss functions equal brute-force sums', () => {
    expect(rel(d.loss(3), 0.37376)).toBeLessThan(1e-12);
    expect(rel(d.loss2(3), 0.3857066666666667)).toBeLessThan(1e-12);
    for (const [r, p] of [[0.4, 0.2], [20, 0.05], [500, 0.5]]) {
      const nb = negativeBinomialDistribution(r, p);
      const sd = Math.sqrt(nb.variance);
      for (const k of [0, Math.floor(nb.mean), Math.floor(nb.mean + 2 * sd)]) {
        const [l1, l2] = bruteDiscreteLoss(nb.pdf, k, Math.ceil(nb.mean + 60 * sd + 50));
        expect(rel(nb.loss(k), l1)).toBeLessThan(1e-9);
        expect(rel(nb.loss2(k), l2)).toBeLessThan(1e-9);
      }
    }
  });
});

describe('gamma', () => {
  it('exponential special case: loss(x) = theta e^{-x/theta}, loss2(x) = theta^2 e^{-x/theta}', () => {
    const d = gammaDistribution(1, 5);
    expect(rel(d.loss(3), 5 * Math.exp(-0.6))).toBeLessThan(1e-13);
    expect(rel(d.loss2(3), 25 * Math.exp(-0.6))).toBeLessThan(1e-13);
    expect(rel(d.quantile(0.9), -5 * Math.log(0.1))).toBeLessThan(1e-13);
  });
  it('Gamma(2, 3): pdf, cdf, quantile, loss (scipy.stats.gamma reference)', () => {
    const d = gammaDistribution(2, 3);
    expect(rel(d.pdf(4), 0.11715428360698966)).toBeLessThan(1e-13);
    expect(rel(d.cdf(4), 0.38494001106330406)).toBeLessThan(1e-13);
    expect(rel(d.quantile(0.9), 11.669160509602287)).toBeLessThan(1e-12);
    // closed form: E[(X-4)^+] = (6-4) Q(2, 4/3) + 3*4*f(4)
    expect(rel(d.loss(4), 2 * Math.exp(-4 / 3) * (1 + 4 / 3) + 12 * 0.11715428360698966)).toBeLessThan(1e-13);
    expect(d.loss(-1)).toBeCloseTo(7, 13);
  });
  it('quantile inverts cdf across shapes', () => {
    for (const [a, th] of [[0.3, 5], [50, 0.4], [5000, 2]]) {
      const d = gammaDistribution(a, th);
      for (const p of [0.01, 0.5, 0.98, 0.999999]) expect(Math.abs(d.cdf(d.quantile(p)) - p)).toBeLessThan(1e-11);
    }
  });
});

describe('fromMoments', () => {
  it('picks families and parameters by the method of moments', () => {
    const n = fromMoments(10, 4, 'normal');
    expect(n.family).toBe('normal');
    expect(n.params.sigma).toBe(2);
    const nb = fromMoments(2, 2 / 0.6, 'negbin');
    expect(nb.family).toBe('negbin');
    expect(nb.params.r).toBeCloseTo(3, 12);
    expect(nb.params.p).toBeCloseTo(0.6, 12);
    expect(fromMoments(5, 4, 'negbin').family).toBe('poisson'); // variance <= mean falls back
    expect(fromMoments(5, 5, 'negbin').family).toBe('poisson');
    const g = fromMoments(6, 18, 'gamma');
    expect(g.params.shape).toBeCloseTo(2, 14);
    expect(g.params.scale).toBeCloseTo(3, 14);
    expect(fromMoments(0, 0, 'negbin').family).toBe('degenerate');
    expect(fromMoments(7, 0, 'normal').quantile(0.99)).toBe(7);
    expect(() => fromMoments(1, -1, 'normal')).toThrow(RangeError);
  });

  it('a vanishing mean (a smoothed level decayed through a long run of zeros) is zero demand, not a crash', () => {
    // mean^2 underflows: r was computed as exactly 0 and the negative binomial threw
    for (const family of ['negbin', 'poisson', 'gamma'] as const) {
      const d = fromMoments(1e-170, 1.8e-170, family);
      expect(d.family).toBe('degenerate');
      expect(d.mean).toBe(0);
      expect(d.quantile(0.999)).toBe(0);
    }
    // small but not negligible: r from mean / (variance / mean - 1)
    const nb = fromMoments(1e-6, 2e-6, 'negbin');
    expect(nb.family).toBe('negbin');
    expect(nb.params.r).toBeCloseTo(1e-6, 18);
  });
});

describe('lossInverse', () => {
  it('continuous: the root of loss(x) = target', () => {
    const d = normalDistribution(100, 20);
    const x = lossInverse(d, 2);
    expect(d.loss(x)).toBeCloseTo(2, 10);
    const g = gammaDistribution(2, 3);
    expect(g.loss(lossInverse(g, 0.05))).toBeCloseTo(0.05, 10);
  });
  it('discrete: the smallest integer with loss <= target', () => {
    const d = poissonDistribution(4.2);
    const k = lossInverse(d, 0.25);
    expect(d.loss(k)).toBeLessThanOrEqual(0.25);
    expect(d.loss(k - 1)).toBeGreaterThan(0.25);
    expect(k).toBe(6); // loss(6) = 0.2416
    const nb = fromMoments(30, 300, 'negbin');
    const m = lossInverse(nb, 1);
    expect(nb.loss(m)).toBeLessThanOrEqual(1);
    expect(nb.loss(m - 1)).toBeGreaterThan(1);
  });
});
