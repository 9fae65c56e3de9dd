import { describe, expect, it } from 'vitest';
import {
  normalCdf,
  normalQuantile,
  stdNormalCdf,
  stdNormalLoss,
  stdNormalLoss2,
  stdNormalLossInverse,
  stdNormalPdf,
  stdNormalQuantile,
  stdNormalSf,
} from './normal.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('standard normal', () => {
  it('matches published values of Phi and its tail', () => {
    // Values from Abramowitz & Stegun table 26.1 / scipy.stats.norm to 16 digits.
    expect(rel(stdNormalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15);
    expect(stdNormalCdf(0)).toBe(0.5);
    expect(rel(stdNormalSf(8), 6.22096057427174e-16)).toBeLessThan(1e-13);
    expect(rel(stdNormalCdf(-8), 6.22096057427174e-16)).toBeLessThan(1e-13);
    expect(rel(stdNormalCdf(-37), 5.7255712225239e-300)).toBeLessThan(1e-12);
    expect(stdNormalCdf(3) + stdNormalSf(3)).toBeCloseTo(1, 15);
  });

  it('density', () => {
    expect(stdNormalPdf(0)).toBeCloseTo(0.3989422804014327, 15);
    expect(stdNormalPdf(1)).toBeCloseTo(0.24197072451914337, 15);
  });

  it('quantile is accurate to ~1e-15 and inverts the cdf', () => {
    expect(rel(stdNormalQuantile(0.95), 1.6448536269514722)).toBeLessThan(1e-15);
    expect(rel(stdNormalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-15);
    expect(rel(stdNormalQuantile(1e-10), -6.361340902404056)).toBeLessThan(1e-15);
    expect(stdNormalQuantile(0.5)).toBe(0);
    expect(stdNormalQuantile(0)).toBe(-Infinity);
    expect(stdNormalQuantile(1)).toBe(Infinity);
    expect(stdNormalQuantile(1.5)).toBeNaN();
    for (const p of [1e-300, 1e-12, 0.001, 0.1, 0.3, 0.6, 0.9, 0.99, 0.999999]) {
      expect(rel(stdNormalCdf(stdNormalQuantile(p)), p)).toBeLessThan(1e-13);
    }
  });

  it('first- and second-order loss functions', () => {
    expect(stdNormalLoss(0)).toBeCloseTo(0.3989422804014327, 15);
    expect(stdNormalLoss(1)).toBeCloseTo(0.08331547058768629, 15);
    // L(z) - L(-z) = -z
    expect(stdNormalLoss(-1.3) - stdNormalLoss(1.3)).toBeCloseTo(1.3, 14);
    expect(stdNormalLoss2(0.5)).toBeCloseTo(0.10481963001266692, 15);
    expect(stdNormalLoss2(0)).toBeCloseTo(0.25, 15); // E[(Z^+)^2]/2 = 1/4
    expect(stdNormalLoss(-50)).toBe(50);
  });

  it('loss inverse recovers z', () => {
    for (const z of [-2, -0.5, 0, 0.7, 1.5, 3, 5]) {
      expect(stdNormalLossInverse(stdNormalLoss(z))).toBeCloseTo(z, 10);
    }
  });

  it('general normal helpers', () => {
    expect(normalCdf(66, 50, 8)).toBeCloseTo(stdNormalCdf(2), 15);
    expect(normalQuantile(0.5, 50, 8)).toBe(50);
  });
});
