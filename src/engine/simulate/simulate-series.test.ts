import { describe, expect, it } from 'vitest';
import { nbSeries } from '../../../test/helpers/nb-series.ts';
import { fromMoments } from '../stats/index.ts';
import { periodicFillRate } from '../policy/service-level.ts';
import type { DemandModel } from './demand-model.ts';
import { annSumVarianceFactor } from './ses-count-model.ts';
import { defaultWarmup } from './default-warmup.ts';
import { sesNormalModel } from './ses-normal-model.ts';
import { simulateSeries } from './simulate-series.ts';
import { summarizeSimulations } from './summary.ts';

const oracle = (mu: number, disp: number): DemandModel => ({
  name: 'oracle',
  forecast: () => ({ model: 'oracle', family: 'negbin', horizonSum: (k: number) => ({ mean: mu * k, variance: mu * disp * k }) }),
});

describe('simulateSeries', () => {
  it('with the true demand model and backorders the achieved fill rate meets the target (exact formula)', () => {
    const y = nbSeries(6000, 20, 3, 11);
    for (const [L, R] of [[0, 4], [2, 1], [6, 4]]) {
      for (const F of [0.9, 0.95, 0.98]) {
        const r = simulateSeries(y, { leadTime: L, reviewPeriod: R, target: { kind: 'fill-rate', rate: F }, warmup: 50, model: oracle(20, 3), backorders: true, rounding: 'up' });
        expect(Math.abs(r.fillRate - F)).toBeLessThan(0.015);
      }
    }
  });

  it('nearest rounding: S is the rounded-up level or one unit less, chosen by expected fill rate nearer the target', () => {
    const y = nbSeries(400, 0.6, 2, 13);
    const base = { leadTime: 1, reviewPeriod: 1, target: { kind: 'fill-rate' as const, rate: 0.9 }, warmup: 50, model: oracle(0.6, 2), backorders: true };
    const up = simulateSeries(y, { ...base, rounding: 'up' });
    const near = simulateSeries(y, { ...base });
    const sUp = up.lastPlan!.orderUpTo!;
    const sNear = near.lastPlan!.orderUpTo!;
    expect([sUp, sUp - 1]).toContain(sNear);
    // check against the exact backorder fill rate of the oracle's negative binomial
    const prot = fromMoments(1.2, 2.4, 'negbin');
    const lt = fromMoments(0.6, 1.2, 'negbin');
    const fill = (S: number) => periodicFillRate(prot, lt, S, 0.6, 'exact');
    expect(fill(sUp)).toBeGreaterThanOrEqual(0.9);
    expect(fill(sUp - 1)).toBeLessThan(0.9);
    expect(sNear).toBe(Math.abs(fill(sUp - 1) - 0.9) < Math.abs(fill(sUp) - 0.9) ? sUp - 1 : sUp);
    expect(sNear).toBe(sUp - 1); // for this case the lower level is nearer
    expect(near.lastPlan!.assumptions.some((a) => a.includes('nearest rounding'))).toBe(true);
  });

  it('lost sales serve more with the same S; the lost-sales correction lowers S', () => {
    const y = nbSeries(3000, 20, 3, 5);
    const base = { leadTime: 6, reviewPeriod: 1, target: { kind: 'fill-rate' as const, rate: 0.9 }, warmup: 50, model: oracle(20, 3), rounding: 'up' as const };
    const back = simulateSeries(y, { ...base, backorders: true });
    const lostPlain = simulateSeries(y, { ...base, lostSalesCorrection: false });
    const lost = simulateSeries(y, base);
    expect(lostPlain.fillRate).toBeGreaterThan(back.fillRate);
    expect(lost.lastPlan!.orderUpTo!).toBeLessThan(lostPlain.lastPlan!.orderUpTo!);
    expect(lost.fillRate).toBeLessThan(lostPlain.fillRate);
    expect(lost.avgOnHand).toBeLessThan(lostPlain.avgOnHand);
  });

  it('counts orders, cycles and stockouts; missing demand is not demand', () => {
    const y = Float64Array.from([5, 5, 5, 5, 5, NaN, 5, 30, 5, 5, 5]);
    const r = simulateSeries(y, { leadTime: 1, reviewPeriod: 2, target: { kind: 'fill-rate', rate: 0.95 }, warmup: 5, model: sesNormalModel({ alpha: 0.1 }) });
    expect(r.periods).toBe(6);
    expect(r.demanded).toBe(50);
    expect(r.cycles).toBe(3);
    expect(r.stockoutPeriods).toBeGreaterThanOrEqual(1);
    expect(r.cycleService).toBeCloseTo(1 - r.cyclesWithStockout / 3, 12);
    expect(r.served).toBeLessThan(50);
  });

  it('rejects a warm-up that leaves nothing to simulate', () => {
    expect(() => simulateSeries([1, 2, 3], { leadTime: 1, reviewPeriod: 1, target: { kind: 'fill-rate', rate: 0.9 }, warmup: 3, model: sesNormalModel() })).toThrow(RangeError);
  });

  it('sampled lead times are reproducible with a seed and differ across seeds', () => {
    const y = nbSeries(400, 8, 2, 3);
    const o = { leadTime: 3, leadTimeSd: 1.5, reviewPeriod: 2, target: { kind: 'fill-rate' as const, rate: 0.95 }, warmup: 50, model: oracle(8, 2) };
    expect(simulateSeries(y, { ...o, seed: 9 })).toEqual(simulateSeries(y, { ...o, seed: 9 }));
    expect(simulateSeries(y, { ...o, seed: 9 }).avgOnHand).not.toBe(simulateSeries(y, { ...o, seed: 10 }).avgOnHand);
  });

  it('summary: aggregate fill rate = units served / demanded', () => {
    const a = simulateSeries(nbSeries(200, 5, 2, 1), { leadTime: 2, reviewPeriod: 1, target: { kind: 'fill-rate', rate: 0.9 }, warmup: 50, model: oracle(5, 2) });
    const b = simulateSeries(nbSeries(200, 50, 2, 2), { leadTime: 2, reviewPeriod: 1, target: { kind: 'fill-rate', rate: 0.9 }, warmup: 50, model: oracle(50, 2) });
    const s = summarizeSimulations([a, b]);
    expect(s.aggregateFillRate).toBeCloseTo((a.served + b.served) / (a.demanded + b.demanded), 14);
    expect(s.meanFillRate).toBeCloseTo((a.fillRate + b.fillRate) / 2, 14);
    expect(s.totalAvgOnHand).toBeCloseTo(a.avgOnHand + b.avgOnHand, 10);
  });
});

describe('helpers', () => {
  it('ETS(A,N,N) sum variance factor: sum_{m<k} (1 + alpha m)^2', () => {
    expect(annSumVarianceFactor(0.3, 3)).toBeCloseTo(1 + 1.3 ** 2 + 1.6 ** 2, 12);
    expect(annSumVarianceFactor(0, 5)).toBe(5);
  });
  it('default warm-up: half, at least two seasons, leaving one period', () => {
    expect(defaultWarmup(51, 12)).toBe(25);
    expect(defaultWarmup(791, 7)).toBe(395);
    expect(defaultWarmup(30, 12)).toBe(24);
    expect(defaultWarmup(10, 12)).toBe(9);
  });
});
