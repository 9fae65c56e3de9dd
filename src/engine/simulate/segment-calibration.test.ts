import { describe, expect, it } from 'vitest';
import { nbSeries } from '../../../test/helpers/nb-series.ts';
import type { DemandModel } from './demand-model.ts';
import { demandSegment } from './demand-segment.ts';
import { calibrateSegments, replayShifted, replayStart, shiftedLevel } from './segment-calibration.ts';
import { simulatePortfolio } from './simulate-portfolio.ts';

/** A model that knows the mean but states the variance `disp` times the mean. */
const stated = (mu: number, disp: number): DemandModel => ({
  name: 'stated',
  forecast: () => ({ model: 'stated', family: 'negbin', horizonSum: (k: number) => ({ mean: mu * k, variance: mu * disp * k }) }),
});

const timeline = { leadTime: 1, reviewPeriod: 1 };

describe('replayShifted (hand-computed)', () => {
  it('levels 4 (sd 2), L = 1, R = 1, lost sales: z = 0 serves 8 of 11, z = -0.5 (S = 3) serves 7', () => {
    // z = 0, S = 4: t0 on hand 4, order 0, demand 2 -> 2 left. t1: order 2 (arrives t2), demand 5 ->
    // served 2, lost 3. t2: receive 2, order 2, demand 1 -> 1 left. t3: receive 2 -> 3, order 1, demand 3.
    // served 2 + 2 + 1 + 3 = 8 of 11.
    const y = Float64Array.from([2, 5, 1, 3]);
    const plans = [0, 1, 2, 3].map(() => ({ orderUpTo: 4, sd: 2 }));
    expect(replayShifted({ y, start: 0, plans }, 0, timeline)).toEqual({ served: 8, demanded: 11 });
    // z = -0.5 -> S = round(4 - 1) = 3: t0 on hand 3, demand 2 -> 1. t1: order 2, demand 5 -> served 1.
    // t2: receive 2, order 1, demand 1 -> 1 left. t3: receive 1 -> 2, order 1, demand 3 -> served 2.
    // served 2 + 1 + 1 + 2 = 6.
    expect(replayShifted({ y, start: 0, plans }, -0.5, timeline)).toEqual({ served: 6, demanded: 11 });
    // backorders, z = 0: t1 backlog 3; t2 receive 2 clears 2, order 5, demand 1 unmet (backlog 2);
    // t3 receive 5 clears 2, on hand 3, demand 3 served: 2 + 2 + 0 + 3 = 7.
    expect(replayShifted({ y, start: 0, plans }, 0, { ...timeline, backorders: true })).toEqual({ served: 7, demanded: 11 });
  });

  it('shifted levels round to nearest and never go below 0', () => {
    expect(shiftedLevel({ orderUpTo: 4, sd: 2 }, 0.2)).toBe(4);
    expect(shiftedLevel({ orderUpTo: 4, sd: 2 }, 0.3)).toBe(5);
    expect(shiftedLevel({ orderUpTo: 1, sd: 0.5 }, -3)).toBe(0);
  });

  it('replays from the later of mid-history and the period after the first demand', () => {
    expect(replayStart(Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 0.5, 1)).toBe(5);
    expect(replayStart(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 3, 0, 0]), 0.5, 1)).toBe(8);
    expect(replayStart(Float64Array.from([0, 0, 0, 0]), 0.5, 1)).toBe(-1);
    expect(replayStart(Float64Array.from([0, 0, 0, 2]), 0.5, 1)).toBe(-1);
  });
});

describe('demandSegment', () => {
  it('classes by Syntetos-Boylan, none without demand', () => {
    expect(demandSegment([0, 0, 0])).toBe('none');
    expect(demandSegment([5, 6, 5, 6, 5, 6])).toBe('smooth');
    expect(demandSegment([0, 0, 3, 0, 0, 3, 0, 0, 3])).toBe('intermittent');
  });
});

describe('calibrateSegments and simulatePortfolio', () => {
  // 60 items of NB(mean 6, variance 12) demand; the model states variance 6 x mean (too much spread)
  const series = Array.from({ length: 60 }, (_, i) => ({ id: `s${i}`, y: nbSeries(160, 6, 2, 100 + i) }));
  const base = { leadTime: 2, reviewPeriod: 1, target: { kind: 'fill-rate' as const, rate: 0.95 }, warmup: 80, rounding: 'up' as const };

  it('an over-stated spread over-delivers; the calibrated shift lowers stock and meets the target within 1.5 points', () => {
    const plain = simulatePortfolio(series, { ...base, model: stated(6, 6), calibrate: false });
    const cal = simulatePortfolio(series, { ...base, model: stated(6, 6) });
    const fill = (r: typeof plain) => r.results.reduce((a, x) => a + x.r.served, 0) / r.results.reduce((a, x) => a + x.r.demanded, 0);
    const stock = (r: typeof plain) => r.results.reduce((a, x) => a + x.r.avgOnHand, 0);
    expect(plain.calibration).toEqual([]);
    expect(fill(plain)).toBeGreaterThan(0.975);
    const smooth = cal.calibration.find((c) => c.segment === 'smooth')!;
    expect(smooth.series).toBeGreaterThan(50); // a noisy item or two may class as erratic and pool with all
    expect(smooth.z).toBeLessThan(-0.3);
    expect(smooth.analyticFill).toBeGreaterThan(0.975);
    expect(smooth.replayedFill).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(fill(cal) - 0.95)).toBeLessThan(0.015);
    expect(stock(cal)).toBeLessThan(0.9 * stock(plain));
    const note = cal.results[0].r.lastPlan!.assumptions.find((a) => a.includes('shifted by'));
    expect(note).toMatch(/segment (smooth|erratic).*: replaying the policy on the warm-up history of \d+ items/);
  });

  it("an under-stated spread: 'lower' keeps the analytic level, 'both' raises it", () => {
    const items = series.map((s) => ({ history: s.y.subarray(0, 80) }));
    const lower = calibrateSegments(items, { ...base, model: stated(6, 1.05) });
    const both = calibrateSegments(items, { ...base, model: stated(6, 1.05), direction: 'both' });
    expect(lower.get('smooth')!.z).toBe(0);
    expect(lower.get('smooth')!.analyticFill).toBeLessThan(0.95);
    expect(both.get('smooth')!.z).toBeGreaterThan(0);
    expect(both.get('smooth')!.replayedFill).toBeGreaterThanOrEqual(0.95);
  });

  it('a segment with too few items takes the shift of all items pooled', () => {
    const mixed = [...series.slice(0, 20), { id: 'slow', y: Float64Array.from({ length: 160 }, (_, i) => (i % 5 === 0 ? 2 : 0)) }];
    const r = calibrateSegments(
      mixed.map((s) => ({ history: s.y.subarray(0, 80) })),
      { ...base, model: stated(6, 6) },
    );
    expect(r.get('intermittent')!.pooledWith).toBe('all');
    expect(r.get('intermittent')!.series).toBe(1);
    expect(r.get('smooth')!.pooledWith).toBeUndefined();
  });

  it('uses only the warm-up: changing demand after it does not change the shift', () => {
    const a = simulatePortfolio(series, { ...base, model: stated(6, 6) });
    const changed = series.map((s) => ({ id: s.id, y: Float64Array.from(s.y, (v, i) => (i >= 80 ? v * 3 : v)) }));
    const b = simulatePortfolio(changed, { ...base, model: stated(6, 6) });
    expect(b.calibration).toEqual(a.calibration);
  });
});
