/**
 * Demand distributions against R's stats (qnbinom, qpois, qgamma, qnorm and their cdfs), from
 * test/fixtures/forecast/distribution-reference.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demandCdf, demandQuantile, type DemandFamily } from './demand-distribution.ts';
import { normalQuantile } from './special-functions.ts';

const ref: { family: DemandFamily; mean: number; variance: number; p: number[]; quantile: number[]; x: number[]; cdf: number[] }[] = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/forecast/distribution-reference.json', import.meta.url), 'utf8'),
);

describe('demand distributions against R', () => {
  it.each(ref.map((r) => ({ ...r, label: `${r.family}(mean ${r.mean}, var ${r.variance})` })))('$label quantiles and cdf', (r) => {
    r.p.forEach((p, i) => {
      const q = demandQuantile(r.family, r.mean, r.variance, p);
      if (r.family === 'negbin' || r.family === 'poisson') expect(q).toBe(r.quantile[i] + 0);
      else expect(q).toBeCloseTo(Math.max(0, r.quantile[i]), 6);
    });
    r.x.forEach((x, i) => expect(demandCdf(r.family, r.mean, r.variance, x)).toBeCloseTo(r.cdf[i], 10));
  });

  it('normal quantile matches known values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
  });

  it('never returns a negative quantile and zero mean gives zero', () => {
    expect(demandQuantile('normal', 1, 100, 0.1)).toBe(0);
    expect(demandQuantile('negbin', 0, 0, 0.99)).toBe(0);
  });

  it('negbin with variance <= mean falls back to Poisson', () => {
    expect(demandQuantile('negbin', 12, 10, 0.9)).toBe(demandQuantile('poisson', 12, 12, 0.9));
  });
});

describe('large demand', () => {
  it('uses the normal approximation above a mean of 1e5 (fast, continuity-corrected for counts)', () => {
    const q = demandQuantile('negbin', 1e9, 4e12, 0.95);
    expect(q).toBe(Math.ceil(1e9 + 1.6448536269514722 * 2e6 - 0.5));
    expect(demandCdf('poisson', 2e5, 2e5, 2e5)).toBeCloseTo(0.5, 2);
    expect(demandQuantile('gamma', 1e6, 1e8, 0.5)).toBeCloseTo(1e6, 6);
  });
});
