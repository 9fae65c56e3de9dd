import { describe, expect, it } from 'vitest';
import { degenerateDistribution, negativeBinomialDistribution, normalDistribution, poissonDistribution } from '../stats/index.ts';
import { cycleSales } from './cycle-sales.ts';

describe('cycleSales', () => {
  it('point masses: the stock left at arrival sells first, the order serves the rest of the cycle', () => {
    // position 10, 6 sold over the lead time: 4 left when the order arrives; the cycle wants 8
    const f = cycleSales({ position: 10, lead: degenerateDistribution(6, true), cycle: degenerateDistribution(8, true) });
    expect(f(0)).toBe(0);
    expect(f(2)).toBeCloseTo(2, 12);
    expect(f(4)).toBeCloseTo(4, 12);
    expect(f(10)).toBeCloseTo(4, 12); // only 8 - 4 of the cycle's units are left for the order
  });

  it('matches a brute-force sum over both Poisson demands', () => {
    const lead = poissonDistribution(6);
    const cycle = poissonDistribution(3);
    const f = cycleSales({ position: 7, lead, cycle });
    for (const q of [1, 3, 5, 9]) {
      let s = 0;
      for (let dl = 0; dl < 60; dl++) {
        const a = Math.max(0, 7 - dl);
        for (let dc = 0; dc < 60; dc++) s += lead.pdf(dl) * cycle.pdf(dc) * (Math.min(dc, a + q) - Math.min(dc, a));
      }
      expect(f(q)).toBeCloseTo(s, 9);
    }
  });

  it('a backlog (position below zero) is sold first and for sure', () => {
    const f = cycleSales({ position: -3, lead: poissonDistribution(2), cycle: poissonDistribution(2) });
    expect(f(3)).toBeCloseTo(3, 12);
    // the 4th unit sells when the cycle asks at least one: P(D_C >= 1)
    expect(f(4) - f(3)).toBeCloseTo(1 - Math.exp(-2), 9);
  });

  it('is concave for continuous and over-dispersed demand (each unit sells with a lower probability)', () => {
    for (const [lead, cycle] of [
      [normalDistribution(50, 12), normalDistribution(20, 6)],
      [negativeBinomialDistribution(0.8, 0.2), negativeBinomialDistribution(0.4, 0.2)],
    ] as const) {
      const f = cycleSales({ position: 40, lead, cycle });
      let prev = Infinity;
      for (let q = 1; q <= 60; q++) {
        const d = f(q) - f(q - 1);
        expect(d).toBeGreaterThanOrEqual(-1e-9);
        expect(d).toBeLessThanOrEqual(prev + 1e-6);
        prev = d;
      }
    }
  });
});
