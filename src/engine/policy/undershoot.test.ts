/**
 * Undershoot of a reorder point: the renewal-theory moments against hand-computed distributions
 * and against a simulated min/max position, and minMax with an undershoot.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../stats/index.ts';
import { minMax } from './min-max.ts';
import { undershootMoments } from './undershoot.ts';

describe('undershootMoments', () => {
  it('days of 1, 2 or 3 units: P(U = 0, 1, 2) = 1/2, 1/3, 1/6', () => {
    // P(U = u) = P(X > u) / E[X]: (1, 2/3, 1/3) / 2 -> E[U] = 1/3 + 2/6 = 2/3, E[U^2] = 1/3 + 4/6 = 1
    const u = undershootMoments([1, 2, 3, 0, 0, NaN]);
    expect(u.transactions).toBe(3);
    expect(u.meanSize).toBeCloseTo(2, 12);
    expect(u.mean).toBeCloseTo(2 / 3, 12);
    expect(u.variance).toBeCloseTo(1 - 4 / 9, 12);
  });

  it('unit demand never undershoots; demand in pairs undershoots by 0 or 1', () => {
    expect(undershootMoments([1, 1, 1])).toMatchObject({ mean: 0, variance: 0 });
    const pairs = undershootMoments([2, 2, 2, 2]);
    expect(pairs.mean).toBeCloseTo(0.5, 12);
    expect(pairs.variance).toBeCloseTo(0.25, 12);
  });

  it('continuous sizes: exponential with mean m gives U exponential with mean m', () => {
    const rng = createRng(3);
    const m = 4;
    const sizes = Array.from({ length: 200_000 }, () => -m * Math.log(1 - rng.next()));
    const u = undershootMoments(sizes);
    expect(u.mean).toBeCloseTo(m, 1);
    expect(Math.sqrt(u.variance)).toBeCloseTo(m, 0);
  });

  it('no demand: all zero', () => {
    expect(undershootMoments([0, 0, NaN])).toEqual({ mean: 0, variance: 0, transactions: 0, meanSize: 0 });
  });

  it('matches the position of a simulated min/max policy (order at or below s, up to S)', () => {
    // skewed integer lumps: 1 (50 %), 2 (20 %), 5 (30 %); S - s = 12, several lumps per cycle
    const rng = createRng(11);
    const draw = () => {
      const v = rng.next();
      return v < 0.5 ? 1 : v < 0.7 ? 2 : 5;
    };
    const s = 20;
    const S = 32;
    let position = S;
    let sum = 0;
    let sum2 = 0;
    let n = 0;
    const sizes: number[] = [];
    for (let i = 0; i < 400_000; i++) {
      const x = draw();
      sizes.push(x);
      position -= x;
      if (position <= s) {
        const u = s - position;
        sum += u;
        sum2 += u * u;
        n++;
        position = S;
      }
    }
    const mean = sum / n;
    const variance = sum2 / n - mean * mean;
    const theory = undershootMoments(sizes);
    expect(theory.mean).toBeCloseTo(mean, 1);
    expect(theory.variance).toBeCloseTo(variance, 1);
  });
});

describe('minMax with an undershoot', () => {
  const base = { demand: { mean: 0.05, sd: 0.3 }, leadTime: { mean: 21 }, target: { kind: 'fill-rate', rate: 0.95 } as const, family: 'negbin' as const, lotSize: 1 };

  it('adds the undershoot to the protection demand: s rises, the explanation says so', () => {
    const plain = minMax({ ...base, protectionDemand: { mean: 1.05, variance: 2 } });
    const under = minMax({ ...base, protectionDemand: { mean: 1.05, variance: 2 }, undershoot: { mean: 0.6, variance: 0.5 } });
    expect(under.explanation.protectionDemand.mean).toBeCloseTo(1.65, 12);
    expect(under.explanation.protectionDemand.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(under.minUnits).toBeGreaterThan(plain.minUnits);
    expect(under.explanation.assumptions.join(' ')).toContain('undershoot of the min: 0.600');
    expect(plain.explanation.assumptions.join(' ')).toContain('undershoot of the min at review time ignored');
    // the same levels as protecting the sum directly
    const direct = minMax({ ...base, protectionDemand: { mean: 1.65, variance: 2.5 } });
    expect(under.minUnits).toBe(direct.minUnits);
    expect(under.maxUnits).toBe(direct.maxUnits);
  });

  it('rejects a negative undershoot', () => {
    expect(() => minMax({ ...base, undershoot: { mean: -1, variance: 0 } })).toThrow(/undershoot/);
  });
});
