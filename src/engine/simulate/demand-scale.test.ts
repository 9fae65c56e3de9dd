import { describe, expect, it } from 'vitest';
import type { DemandModel } from './demand-model.ts';
import { scaleDemandSum } from './demand-scale.ts';
import { planOrderUpTo } from './simulate-series.ts';

describe('scaleDemandSum', () => {
  it('thins counts: Poisson(mu) stays Poisson(m mu); NB keeps variance >= mean', () => {
    expect(scaleDemandSum({ mean: 10, variance: 10 }, 0.5, true)).toEqual({ mean: 5, variance: 5 });
    // NB mean 10, variance 30, m = 0.5: 0.25 x 30 + 0.5 x 0.5 x 10 = 10
    expect(scaleDemandSum({ mean: 10, variance: 30 }, 0.5, true)).toEqual({ mean: 5, variance: 10 });
    // m > 1 extends the formula: 4 x 30 + 2 x (-1) x 10 = 100 (>= mean 20)
    expect(scaleDemandSum({ mean: 10, variance: 30 }, 2, true)).toEqual({ mean: 20, variance: 100 });
  });

  it('scales continuous demand: mean m mu, variance m^2 sigma^2', () => {
    expect(scaleDemandSum({ mean: 10, variance: 30 }, 0.5, false)).toEqual({ mean: 5, variance: 7.5 });
  });

  it('refuses a factor <= 0', () => {
    expect(() => scaleDemandSum({ mean: 1, variance: 1 }, 0, true)).toThrow(/demand scale must be > 0/);
  });
});

describe('planOrderUpTo with a demand scale', () => {
  const poisson = (mu: number): DemandModel => ({
    name: 'poisson',
    forecast: () => ({ model: `Poisson(${mu})`, family: 'poisson', horizonSum: (k: number) => ({ mean: mu * k, variance: mu * k }) }),
  });
  const opts = { leadTime: 2, reviewPeriod: 1, warmup: 10, target: { kind: 'fill-rate' as const, rate: 0.95 }, rounding: 'up' as const };
  const history = new Float64Array(10).fill(8);

  it('a Poisson(8) forecast scaled by 0.5 plans exactly as a Poisson(4) forecast, and says so', () => {
    const scaled = planOrderUpTo(history, undefined, { ...opts, model: poisson(8), demandScale: { factor: 0.5, note: 'because' } });
    const four = planOrderUpTo(history, undefined, { ...opts, model: poisson(4) });
    const eight = planOrderUpTo(history, undefined, { ...opts, model: poisson(8) });
    expect(scaled.orderUpTo).toBe(four.orderUpTo);
    expect(scaled.orderUpTo).toBeLessThan(eight.orderUpTo);
    expect(scaled.explanation.protectionDemand.mean).toBe(12);
    expect(scaled.explanation.assumptions).toContain('forecast demand scaled by 0.500 (protection-interval mean 24.00 -> 12.00): because');
  });

  it('a factor of 1 changes nothing', () => {
    const one = planOrderUpTo(history, undefined, { ...opts, model: poisson(8), demandScale: { factor: 1, note: 'x' } });
    const plain = planOrderUpTo(history, undefined, { ...opts, model: poisson(8) });
    expect(one.orderUpTo).toBe(plain.orderUpTo);
    expect(one.explanation).toEqual(plain.explanation);
  });
});
