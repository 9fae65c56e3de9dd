import { describe, expect, it } from 'vitest';
import { nbSeries } from '../../../test/helpers/nb-series.ts';
import { FEEDBACK_MAX_SHIFT, feedbackShift, neededFillChange, pooledCurve } from './service-feedback.ts';
import { sesCountModel } from './ses-count-model.ts';
import { simulatePortfolio } from './simulate-portfolio.ts';
import { simulateSeries } from './simulate-series.ts';
import { summarizeSimulations } from './summary.ts';

describe('neededFillChange (hand-computed)', () => {
  it('recovers the shortfall beyond the 1-point band over c protection intervals, damped by 1 / (1 + P/p)', () => {
    // 0.9 x 1000 - 850 = 50 units short, 10 of them within the band (0.01 x 1000): 40 count;
    // 10 periods, P = 2 -> 200 units per interval; c = 2: 40 / (2 x 200 x (1 + 2/10)) = 40 / 480
    expect(neededFillChange(0.9, { demanded: 1000, served: 850, periods: 10 }, 2)).toBeCloseTo(40 / 480, 12);
    // c = 4 halves it; a surplus gives a negative change
    expect(neededFillChange(0.9, { demanded: 1000, served: 850, periods: 10 }, 2, 4)).toBeCloseTo(40 / 960, 12);
    expect(neededFillChange(0.9, { demanded: 1000, served: 950, periods: 10 }, 2)).toBeCloseTo(-40 / 480, 12);
    // within the band (0.5 points short or over): nothing
    expect(neededFillChange(0.9, { demanded: 1000, served: 895, periods: 10 }, 2)).toBe(0);
    expect(neededFillChange(0.9, { demanded: 1000, served: 905, periods: 10 }, 2)).toBe(0);
    // early (p = 1, P = 2) the same fill rate asks far less: 15 units short of 100 demanded, 1
    // within the band, 200 per interval, damping 1 / 3 -> 14 / (2 x 200 x 3)
    expect(neededFillChange(0.9, { demanded: 100, served: 75, periods: 1 }, 2)).toBeCloseTo(14 / 1200, 12);
  });

  it('is 0 before any demand', () => {
    expect(neededFillChange(0.9, { demanded: 0, served: 0, periods: 5 }, 2)).toBe(0);
    expect(neededFillChange(0.9, { demanded: 10, served: 9, periods: 0 }, 2)).toBe(0);
  });
});

describe('feedbackShift', () => {
  const curve = { z: [-1, 0, 1], fill: [0.8, 0.9, 0.95] };
  const outcome = (served: number) => ({ demanded: 1000, served, periods: 10 });
  it('reads the shift off the replayed fill curve, linearly between grid points', () => {
    // Delta = 40/480 = 0.083 -> want 0.983: beyond the curve -> its end, 1 sd (also the clamp)
    expect(feedbackShift(0.9, outcome(850), 2, curve)).toBe(1);
    // 22 units short, 12 beyond the band: Delta = 12/480 = 0.025 -> want 0.925 -> z = 0.5
    expect(feedbackShift(0.9, outcome(878), 2, curve)).toBeCloseTo(0.5, 12);
    // 34 units over, 24 beyond the band: Delta = -0.05 -> want 0.85 -> z = -0.5 (the steeper side moves less per point)
    expect(feedbackShift(0.9, outcome(934), 2, curve)).toBeCloseTo(-0.5, 12);
    // on target, or within the band: no shift
    expect(feedbackShift(0.9, outcome(900), 2, curve)).toBe(0);
    expect(feedbackShift(0.9, outcome(908), 2, curve)).toBe(0);
  });

  it('is clamped to FEEDBACK_MAX_SHIFT and 0 on a flat curve', () => {
    const wide = { z: [-3, 0, 3], fill: [0.5, 0.9, 0.99] };
    expect(FEEDBACK_MAX_SHIFT).toBe(1);
    expect(feedbackShift(0.9, outcome(700), 2, wide)).toBe(1);
    expect(feedbackShift(0.9, { demanded: 1000, served: 1000, periods: 10 }, 2, wide)).toBe(-1);
    expect(feedbackShift(0.9, outcome(850), 2, { z: [-1, 0, 1], fill: [0.9, 0.9, 0.9] })).toBe(0);
  });

  it('pooledCurve weights the segments by demand', () => {
    const a = { z: [-1, 0, 1], fill: [0.8, 0.9, 1] };
    const b = { z: [-1, 0, 1], fill: [0.5, 0.6, 0.7] };
    expect(pooledCurve([{ curve: a, weight: 3 }, { curve: b, weight: 1 }])!.fill.map((x) => Number(x.toFixed(6)))).toEqual([0.725, 0.825, 0.925]);
    expect(pooledCurve([])).toBeNull();
  });
});

describe('simulatePortfolio with service feedback', () => {
  const opts = { model: sesCountModel(), leadTime: 2, reviewPeriod: 1, target: { kind: 'fill-rate' as const, rate: 0.9 }, warmup: 30 };

  it('open loop, stepping all items period by period equals simulating each alone (any lengths)', () => {
    const series = [0, 1, 2, 3].map((k) => ({ id: `S${k}`, y: nbSeries(50 + 5 * k, 2 + k, 2, 10 + k) }));
    const sim = simulatePortfolio(series, { ...opts, calibrate: false, dormantPrior: false, feedback: false });
    expect(sim.feedback).toEqual([]);
    for (const [k, s] of series.entries()) {
      const alone = simulateSeries(s.y, { ...opts, segment: sim.results[k].segment });
      expect({ ...sim.results[k].r, lastPlan: null }).toEqual({ ...alone, lastPlan: null });
    }
  });

  // Catalogues whose demand changes after the warm-up (period 30), so that the levers fitted on the
  // warm-up are wrong for the simulated periods.
  const changed = (mu1: number, disp1: number, mu2: number, disp2: number) =>
    Array.from({ length: 40 }, (_, k) => {
      const y = new Float64Array(90);
      y.set(nbSeries(30, mu1, disp1, 100 + k), 0);
      y.set(nbSeries(60, mu2, disp2, 500 + k), 30);
      return { id: `P${k}`, y };
    });

  it('demand turns volatile (Poisson 4 -> variance 6x the mean): the feedback raises the levels, nearer the target', () => {
    const series = changed(4, 1, 4, 6);
    const open = summarizeSimulations(simulatePortfolio(series, { ...opts, feedback: false }).results.map((x) => x.r));
    const closed = simulatePortfolio(series, opts);
    const c = summarizeSimulations(closed.results.map((x) => x.r));
    // measured: open loop 0.813, with the feedback 0.879
    expect(open.aggregateFillRate).toBeLessThan(0.85);
    expect(c.aggregateFillRate).toBeGreaterThan(open.aggregateFillRate + 0.04);
    expect(c.aggregateFillRate).toBeLessThan(0.9 + 0.015);
    expect(closed.feedback.map((f) => [f.segment, f.maxShift])).toEqual([['smooth', 1]]);
    // the plans say why
    expect(closed.results.some((x) => x.r.lastPlan?.assumptions.some((a) => /service feedback \+\d\.\d{3} sd: segment smooth's shortfall/.test(a)))).toBe(true);
  });

  it('demand falls (3.5 -> 2 a period): the feedback lowers the levels and holds less stock, nearer the target', () => {
    const series = changed(3.5, 2, 2, 2);
    const open = summarizeSimulations(simulatePortfolio(series, { ...opts, feedback: false }).results.map((x) => x.r));
    const closed = simulatePortfolio(series, opts);
    const c = summarizeSimulations(closed.results.map((x) => x.r));
    expect(open.aggregateFillRate).toBeGreaterThan(0.92);
    expect(Math.abs(c.aggregateFillRate - 0.9)).toBeLessThan(Math.abs(open.aggregateFillRate - 0.9) - 0.01);
    expect(c.totalAvgOnHand).toBeLessThan(open.totalAvgOnHand);
    // measured: open loop 0.933 with 256.9 on hand, with the feedback 0.912 with 230.7
    expect(Math.min(...closed.feedback.map((f) => f.minShift))).toBeLessThan(-0.2);
  });

  it('rejects a catch-up that is not positive', () => {
    expect(() => simulatePortfolio([{ id: 'A', y: nbSeries(60, 2, 2, 1) }], { ...opts, catchUp: 0 })).toThrow(/catch-up must be/);
  });
});
