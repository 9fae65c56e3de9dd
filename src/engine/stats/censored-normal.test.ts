import { describe, expect, it } from 'vitest';
import { censoredNormalFit } from './censored-normal.ts';
import { stdNormalLogPdf, stdNormalPdf, stdNormalSf } from './normal.ts';
import { createRng } from './random.ts';

/** Log-likelihood of observed values and values censored above (normal, sd sigma). */
function logLik(x: readonly number[], c: readonly number[], mu: number, sigma: number): number {
  let l = 0;
  for (const v of x) l += stdNormalLogPdf((v - mu) / sigma) - Math.log(sigma);
  for (const v of c) l += Math.log(stdNormalSf((v - mu) / sigma));
  return l;
}

describe('censoredNormalFit (right-censored normal, EM)', () => {
  const observed = [30, 32, 28, 31, 29, 35, 27, 33];

  it('without censored values: the sample mean and sd (divisor n - 1)', () => {
    const f = censoredNormalFit(observed, [])!;
    expect(f.mean).toBeCloseTo(30.625, 12);
    const ss = observed.reduce((s, x) => s + (x - 30.625) ** 2, 0);
    expect(f.sd).toBeCloseTo(Math.sqrt(ss / 7), 12);
    expect(censoredNormalFit([30], [40])).toBeNull();
  });

  it('the fit solves the likelihood equations and beats the receipts-only estimate', () => {
    const open = [45, 50, 38];
    const f = censoredNormalFit(observed, open)!;
    const n = observed.length + open.length;
    const mu = f.mean;
    const sigma = f.sd * Math.sqrt((n - 1) / n); // the ML sigma
    // score equations: d logL / d mu = 0 and d logL / d sigma = 0
    let dmu = 0;
    let dsigma = -observed.length / sigma;
    for (const x of observed) {
      dmu += (x - mu) / sigma ** 2;
      dsigma += (x - mu) ** 2 / sigma ** 3;
    }
    for (const c of open) {
      const a = (c - mu) / sigma;
      const lambda = stdNormalPdf(a) / stdNormalSf(a);
      dmu += lambda / sigma;
      dsigma += (lambda * a) / sigma;
    }
    expect(Math.abs(dmu)).toBeLessThan(1e-6);
    expect(Math.abs(dsigma)).toBeLessThan(1e-6);
    // the three late orders move the mean well above the receipts' 30.6 days
    expect(mu).toBeGreaterThan(35);
    const naive = censoredNormalFit(observed, [])!;
    expect(logLik(observed, open, mu, sigma)).toBeGreaterThan(logLik(observed, open, naive.mean, naive.sd));
    // and no nearby point does better (a local maximum)
    for (const [dm, ds] of [[0.1, 0], [-0.1, 0], [0, 0.1], [0, -0.1]]) expect(logLik(observed, open, mu, sigma)).toBeGreaterThanOrEqual(logLik(observed, open, mu + dm, sigma + ds));
  });

  it('an order placed a few days ago says almost nothing', () => {
    const f = censoredNormalFit(observed, [3, 5])!;
    expect(Math.abs(f.mean - 30.625)).toBeLessThan(0.01);
  });

  it('recovers the mean of censored normal lead times where the receipts alone are biased low', () => {
    // N(40, 8) lead times, each order looked at c ~ U(0, 60) days after it was placed: orders
    // not yet delivered are censored at c
    const rng = createRng(7);
    const x: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const lt = 40 + 8 * rng.normal();
      const age = 60 * rng.next();
      if (lt <= age) x.push(lt);
      else c.push(age);
    }
    const receiptsOnly = x.reduce((s, v) => s + v, 0) / x.length;
    expect(receiptsOnly).toBeLessThan(38); // delivered orders are the quick ones
    const f = censoredNormalFit(x, c)!;
    expect(Math.abs(f.mean - 40)).toBeLessThan(0.6);
    expect(Math.abs(f.sd - 8)).toBeLessThan(0.6);
  });
});
