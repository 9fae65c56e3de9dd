import { describe, expect, it } from 'vitest';
import { createRng, fromMoments, poissonDistribution } from '../stats/index.ts';
import { continuousReview } from './continuous-review.ts';
import { minMax } from './min-max.ts';
import { periodicReview } from './periodic-review.ts';
import { continuousFillRate, periodicFillRate } from './service-level.ts';

/** Poisson sampler by inversion (small means). */
function poissonSample(rng: { next(): number }, lambda: number): number {
  let k = 0;
  let p = Math.exp(-lambda);
  let c = p;
  const u = rng.next();
  while (u > c) {
    k++;
    p *= lambda / k;
    c += p;
  }
  return k;
}

describe('periodic review (R, S)', () => {
  it('cycle service: S is the quantile of demand over L + R', () => {
    const r = periodicReview({ demand: { mean: 10, sd: 4 }, leadTime: { mean: 5 }, reviewPeriod: 2, target: { kind: 'cycle-service', level: 0.9 } });
    const d = fromMoments(70, 7 * 16, 'normal');
    expect(r.orderUpTo).toBeCloseTo(d.quantile(0.9), 12);
    expect(r.explanation.protectionPeriods).toBe(7);
    expect(r.explanation.expected?.cycleService).toBeCloseTo(0.9, 12);
  });

  it('fill rate, discrete: smallest integer S meeting the target, exact formula', () => {
    const input = { demand: { mean: 2, sd: Math.sqrt(2) }, leadTime: { mean: 3 }, reviewPeriod: 1, family: 'poisson' as const, target: { kind: 'fill-rate' as const, rate: 0.95 } };
    const r = periodicReview(input);
    expect(Number.isInteger(r.orderUpTo)).toBe(true);
    const prot = poissonDistribution(8);
    const lt = poissonDistribution(6);
    expect(periodicFillRate(prot, lt, r.orderUpTo, 2)).toBeGreaterThanOrEqual(0.95);
    expect(periodicFillRate(prot, lt, r.orderUpTo - 1, 2)).toBeLessThan(0.95);
    // textbook formula ignores n_L(S) and so needs at least as much stock
    const t = periodicReview({ ...input, fillRateMethod: 'textbook' });
    expect(t.orderUpTo).toBeGreaterThanOrEqual(r.orderUpTo);
  });

  it('minCycleDemand: the fill target is taken of at least that much demand per cycle', () => {
    // a near-dead item: 0.01/day over a 7-day cycle, a wide negative binomial over L + R = 28 days
    const input = {
      demand: { mean: 0.01, sd: 1 },
      leadTime: { mean: 21 },
      reviewPeriod: 7,
      family: 'negbin' as const,
      target: { kind: 'fill-rate' as const, rate: 0.9 },
      protectionDemand: { mean: 0.28, variance: 60 },
      leadTimeDemand: { mean: 0.21, variance: 45 },
    };
    const raw = periodicReview(input);
    const floored = periodicReview({ ...input, minCycleDemand: 1 });
    // short at most 0.1 x 0.07 units a cycle asks for far more than 0.1 x 1
    expect(floored.orderUpTo).toBeLessThan(raw.orderUpTo);
    const prot = fromMoments(0.28, 60, 'negbin');
    const lt = fromMoments(0.21, 45, 'negbin');
    expect(periodicFillRate(prot, lt, floored.orderUpTo, 1)).toBeGreaterThanOrEqual(0.9);
    expect(periodicFillRate(prot, lt, floored.orderUpTo - 1, 1)).toBeLessThan(0.9);
  });

  it('fill-rate guard: the level never exceeds the fillRateCap quantile of protection demand', () => {
    // Poisson(8) over L + R = 4; a 0.999 fill rate asks for more than the 0.9 quantile (12)
    const input = { demand: { mean: 2, sd: Math.sqrt(2) }, leadTime: { mean: 3 }, reviewPeriod: 1, family: 'poisson' as const, target: { kind: 'fill-rate' as const, rate: 0.999 } };
    const free = periodicReview({ ...input, fillRateCap: 1 });
    const capped = periodicReview({ ...input, fillRateCap: 0.9 });
    const q90 = poissonDistribution(8).quantile(0.9);
    expect(q90).toBe(12);
    expect(free.orderUpTo).toBeGreaterThan(q90);
    expect(capped.orderUpTo).toBe(q90);
    expect(capped.explanation.assumptions.join('\n')).toContain(`capped at the 0.9 quantile of protection demand (12.00)`);
    // below the cap's quantile (the default 0.9999 here) the level is the uncapped one, with no note
    const usual = periodicReview({ ...input, target: { kind: 'fill-rate', rate: 0.95 } });
    expect(usual.orderUpTo).toBe(periodicReview({ ...input, target: { kind: 'fill-rate', rate: 0.95 }, fillRateCap: 1 }).orderUpTo);
    expect(usual.explanation.assumptions.join('\n')).not.toContain('capped');
  });

  it('exact fill-rate formula agrees with a backorder simulation (Poisson demand)', () => {
    const L = 3;
    const R = 2;
    const lambda = 2;
    const S = 13;
    const formula = periodicFillRate(poissonDistribution(lambda * (L + R)), poissonDistribution(lambda * L), S, lambda * R);
    // simulate: order at t (start of period, before demand), arrives at start of t + L
    const rng = createRng(42);
    const n = 400_000;
    let net = S; // on hand minus backorders
    const pipeline = new Array<number>(n + L + 1).fill(0);
    let ip = S;
    let demanded = 0;
    let served = 0;
    for (let t = 0; t < n; t++) {
      net += pipeline[t];
      if (t % R === 0) {
        const q = S - ip;
        if (q > 0) {
          pipeline[t + L] += q;
          ip += q;
        }
      }
      const d = poissonSample(rng, lambda);
      const avail = Math.max(net, 0);
      if (t > 1000) {
        demanded += d;
        served += Math.min(avail, d);
      }
      net -= d;
      ip -= d;
    }
    expect(Math.abs(served / demanded - formula)).toBeLessThan(0.004);
  });

  it('rejects bad inputs', () => {
    expect(() => periodicReview({ demand: { mean: 1, sd: 1 }, leadTime: { mean: 1 }, reviewPeriod: 0, target: { kind: 'fill-rate', rate: 0.9 } })).toThrow(RangeError);
    expect(() => periodicReview({ demand: { mean: 1, sd: 1 }, leadTime: { mean: 1 }, reviewPeriod: 1, target: { kind: 'fill-rate', rate: 1 } })).toThrow(RangeError);
    expect(() => periodicReview({ demand: { mean: -1, sd: 1 }, leadTime: { mean: 1 }, reviewPeriod: 1, target: { kind: 'fill-rate', rate: 0.9 } })).toThrow(RangeError);
  });
});

describe('continuous review (s, Q)', () => {
  it('fill rate, normal: 1 - (n(s) - n(s+Q))/Q = target exactly; textbook needs more stock', () => {
    const base = { demand: { mean: 20, sd: 6 }, leadTime: { mean: 4, sd: 1 }, orderQuantity: 60, target: { kind: 'fill-rate' as const, rate: 0.98 } };
    const r = continuousReview(base);
    const d = fromMoments(80, 4 * 36 + 400, 'normal');
    expect(continuousFillRate(d, r.reorderPoint, 60)).toBeCloseTo(0.98, 8);
    expect(r.explanation.expected?.fillRate).toBeCloseTo(0.98, 8);
    const t = continuousReview({ ...base, fillRateMethod: 'textbook' });
    expect(d.loss(t.reorderPoint) / 60).toBeCloseTo(0.02, 8);
    expect(t.reorderPoint).toBeGreaterThan(r.reorderPoint);
  });

  it('fill rate with negative binomial demand differs from the normal approximation', () => {
    const base = { demand: { mean: 2, sd: 3 }, leadTime: { mean: 2 }, orderQuantity: 10, target: { kind: 'fill-rate' as const, rate: 0.95 } };
    const nb = continuousReview({ ...base, family: 'negbin' });
    const nor = continuousReview({ ...base, family: 'normal' });
    expect(Number.isInteger(nb.reorderPoint)).toBe(true);
    expect(nb.explanation.protectionDemand.family).toBe('negbin');
    expect(nb.reorderPoint).not.toBeCloseTo(nor.reorderPoint, 0);
  });
});

describe('min/max (s, S)', () => {
  it('max = min + lot size; min from the protection interval incl. review period', () => {
    const r = minMax({ demand: { mean: 10, sd: 3 }, leadTime: { mean: 2 }, reviewPeriod: 1, lotSize: 40, target: { kind: 'cycle-service', level: 0.95 } });
    expect(r.max - r.min).toBe(40);
    expect(r.min).toBeCloseTo(30 + 1.6448536269514722 * 3 * Math.sqrt(3), 10);
    expect(r.maxUnits).toBe(r.minUnits + 40);
    expect(r.explanation.orderUpTo).toBe(r.max);
  });

  it('lost sales lower the min by L (1 - beta) mu (fill-rate targets only), whole units for discrete demand', () => {
    // Poisson 8/day, 21-day lead time, lot 56, 90 % fill: credit 21 x 0.1 x 8 = 16.8 units
    const base = { demand: { mean: 8, sd: Math.sqrt(8) }, leadTime: { mean: 21 }, lotSize: 56, family: 'poisson' as const, target: { kind: 'fill-rate' as const, rate: 0.9 } };
    const bo = minMax(base);
    const ls = minMax({ ...base, lostSales: true });
    expect(ls.min).toBe(Math.ceil(bo.min - 16.8));
    expect(ls.max - ls.min).toBe(56);
    expect(ls.explanation.assumptions.join(' ')).toContain('lost sales: min lowered by L (1 - beta) mu = 16.800 units');
    // a cycle-service target is a probability of no stockout, not a share of demand: unchanged
    const csl = { ...base, target: { kind: 'cycle-service' as const, level: 0.9 } };
    expect(minMax({ ...csl, lostSales: true }).min).toBe(minMax(csl).min);
    // never below 0
    expect(minMax({ ...base, demand: { mean: 0.05, sd: 0.3 }, family: 'normal', lostSales: true, target: { kind: 'fill-rate', rate: 0.5 } }).min).toBeGreaterThanOrEqual(0);
  });
});
