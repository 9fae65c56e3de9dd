import { describe, expect, it } from 'vitest';
import { nbSeries } from '../../../test/helpers/nb-series.ts';
import type { DemandModel } from './demand-model.ts';
import { demandSegment } from './demand-segment.ts';
import { poissonDistribution } from '../stats/index.ts';
import { calibrateSegments, cycleServiceLevel, planReplay, replayLevels, replayShifted, replayStart, shiftedLevel } from './segment-calibration.ts';
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

  it('measureFrom: earlier periods are replayed (their stock carries over) but not counted', () => {
    // z = 0 as above: t2 serves 1 of 1 (on hand 2 after receiving), t3 serves 3 of 3 -> 4 of 4.
    const y = Float64Array.from([2, 5, 1, 3]);
    const plans = [0, 1, 2, 3].map(() => ({ orderUpTo: 4, sd: 2 }));
    expect(replayShifted({ y, start: 0, measureFrom: 2, plans }, 0, timeline)).toEqual({ served: 4, demanded: 4 });
    expect(replayShifted({ y, start: 0, measureFrom: 1, plans }, 0, timeline)).toEqual({ served: 6, demanded: 9 });
  });

  it('cycle-service levels: smallest whole S with P(D <= S) >= c (Poisson 3: P(D <= 3) = 0.647, P(D <= 4) = 0.815)', () => {
    const p = { orderUpTo: 5, sd: Math.sqrt(3), protection: poissonDistribution(3) };
    expect(cycleServiceLevel(p, 0.6)).toBe(3);
    expect(cycleServiceLevel(p, 0.7)).toBe(4);
    expect(cycleServiceLevel(p, 0.815)).toBe(4);
    expect(cycleServiceLevel({ orderUpTo: 0, sd: 0, protection: null }, 0.99)).toBe(0);
  });

  it('replayLevels counts on hand over the counted periods', () => {
    // z = 0 run above: end-of-period on hand 2, 0, 1, 0 -> counted from period 2: 1 + 0 over 2 periods
    const y = Float64Array.from([2, 5, 1, 3]);
    const plans = [0, 1, 2, 3].map(() => ({ orderUpTo: 4, sd: 2 }));
    expect(replayLevels({ y, start: 0, measureFrom: 2, plans }, (p) => p.orderUpTo, timeline)).toEqual({ served: 4, demanded: 4, onHand: 1, periods: 2 });
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

  // the z shift (smooth demand takes the demand scale by default: scaleSegments [] here)
  const shiftOnly = { scaleSegments: [] };

  it('an over-stated spread over-delivers; the calibrated shift lowers stock and meets the target within 1.5 points', () => {
    const plain = simulatePortfolio(series, { ...base, model: stated(6, 6), calibrate: false });
    const cal = simulatePortfolio(series, { ...base, model: stated(6, 6), calibration: shiftOnly });
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

  it("an under-stated spread: 'lower' keeps the analytic level, 'both' (the default) raises it", () => {
    const items = series.map((s) => ({ history: s.y.subarray(0, 80) }));
    const lower = calibrateSegments(items, { ...base, model: stated(6, 1.05), direction: 'lower', ...shiftOnly });
    const both = calibrateSegments(items, { ...base, model: stated(6, 1.05), ...shiftOnly });
    expect(lower.get('smooth')!.z).toBe(0);
    expect(lower.get('smooth')!.analyticFill).toBeLessThan(0.95);
    expect(both.get('smooth')!.z).toBeGreaterThan(0);
    expect(both.get('smooth')!.replayedFill).toBeGreaterThanOrEqual(0.95);
  });

  it('counts a replayed period only once the item has sold for matureAfter periods (default a quarter of its history)', () => {
    const opts = { ...base, model: stated(2, 2) };
    const established = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 2 : 1)); // sells from period 0
    const late = Float64Array.from({ length: 40 }, (_, i) => (i >= 18 ? 2 : 0)); // first sale at index 18
    expect(planReplay(established, opts)!.start).toBe(20);
    expect(planReplay(established, opts)!.measureFrom).toBe(20);
    expect(planReplay(late, opts)!.start).toBe(20);
    expect(planReplay(late, opts)!.measureFrom).toBe(28); // 18 + floor(40 / 4)
    expect(planReplay(late, { ...opts, matureAfter: 0 })!.measureFrom).toBe(20);
    // launched too late for any established period before the history ends: not replayed at all
    const veryLate = Float64Array.from({ length: 40 }, (_, i) => (i >= 31 ? 2 : 0));
    expect(planReplay(veryLate, opts)).toBeNull();
    expect(planReplay(veryLate, { ...opts, matureAfter: 0 })).not.toBeNull();
    const segments = calibrateSegments([{ history: veryLate }, { history: late }], opts);
    expect([...segments.values()].reduce((a, x) => a + x.series, 0)).toBe(1);
  });

  it('items of one segment with different spreads: one cycle-service level meets the pooled target with less stock than per-item fill rates', () => {
    // 30 Poisson(5) items and 30 NB(30, variance 240) items, all smooth; the model knows each one's
    // distribution. Per-item fill-rate levels spend much of the stock on the volatile items; a common
    // cycle-service level (equal stockout risk per cycle, the allocation that minimises total stock
    // for a pooled fill rate) holds less for the same pooled fill.
    const spec = (i: number) => (i % 2 === 0 ? { mu: 5, disp: 1 } : { mu: 30, disp: 8 });
    const mixed = Array.from({ length: 60 }, (_, i) => ({ id: `m${i}`, y: nbSeries(160, spec(i).mu, spec(i).disp, 300 + i) }));
    const opts = { ...base, rounding: 'nearest' as const, model: (id: string) => stated(spec(Number(id.slice(1))).mu, spec(Number(id.slice(1))).disp) };
    const fill = (r: ReturnType<typeof simulatePortfolio>) => r.results.reduce((a, x) => a + x.r.served, 0) / r.results.reduce((a, x) => a + x.r.demanded, 0);
    const stock = (r: ReturnType<typeof simulatePortfolio>) => r.results.reduce((a, x) => a + x.r.avgOnHand, 0);
    const csl = simulatePortfolio(mixed, opts);
    const perItem = simulatePortfolio(mixed, { ...opts, calibration: { cycleServiceLever: false } });
    const seg = csl.calibration.find((c) => c.segment === 'smooth')!;
    expect(seg.series).toBe(60);
    expect(seg.stability).toBe(1);
    expect(seg.lever).toBe('cycle-service');
    expect(seg.cycleService).toBeGreaterThan(0.5);
    expect(seg.cycleService).toBeLessThan(0.95);
    expect(seg.replayedOnHand.cycleService!).toBeLessThan(seg.replayedOnHand.perItem);
    expect(seg.replayedOnHand.perItemLever).toBe('scale');
    expect(perItem.calibration[0].lever).toBe('scale');
    expect(Math.abs(fill(csl) - 0.95)).toBeLessThan(0.015);
    expect(Math.abs(fill(perItem) - 0.95)).toBeLessThan(0.015);
    expect(stock(csl)).toBeLessThan(stock(perItem));
    expect(csl.results[1].r.lastPlan!.serviceTarget).toEqual({ kind: 'cycle-service', level: seg.cycleService });
    expect(csl.results[1].r.lastPlan!.assumptions.join('\n')).toMatch(/segment smooth: cycle-service level 0\.\d{4} for every item instead of per-item fill-rate levels/);
    // a segment whose membership is not stable enough keeps per-item levels
    const unstable = simulatePortfolio(mixed, { ...opts, calibration: { cslMinStability: 1.01 } });
    expect(unstable.calibration[0].lever).toBe('scale');
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

  it('a forecast biased high (a range in decline): the demand scale finds the bias and meets the target within 1.5 points', () => {
    // true demand NB(mean 6, variance 12); the model forecasts mean 12 (variance 24): twice the demand
    const plain = simulatePortfolio(series, { ...base, rounding: 'nearest', model: stated(12, 2), calibrate: false });
    const cal = simulatePortfolio(series, { ...base, rounding: 'nearest', model: stated(12, 2) });
    const fill = (r: typeof plain) => r.results.reduce((a, x) => a + x.r.served, 0) / r.results.reduce((a, x) => a + x.r.demanded, 0);
    const stock = (r: typeof plain) => r.results.reduce((a, x) => a + x.r.avgOnHand, 0);
    const smooth = cal.calibration.find((c) => c.segment === 'smooth')!;
    expect(smooth.lever).toBe('scale');
    expect(smooth.z).toBe(0);
    expect(smooth.scale).toBeGreaterThan(0.4);
    expect(smooth.scale).toBeLessThan(0.65);
    expect(fill(plain)).toBeGreaterThan(0.99);
    expect(Math.abs(fill(cal) - 0.95)).toBeLessThan(0.015);
    expect(stock(cal)).toBeLessThan(0.6 * stock(plain));
    const item = cal.results.find((r) => r.segment === 'smooth')!;
    expect(item.r.lastPlan!.assumptions.join('\n')).toMatch(/forecast demand scaled by 0\.\d{3} \(protection-interval mean 36\.00 -> \d+\.\d{2}\): segment smooth: forecast demand scaled by/);
  });

  it('a demand-scale segment calibrates on its stable members: items that leave it during the warm-up do not count', () => {
    const stable = series.slice(0, 20).map((s) => ({ history: s.y.subarray(0, 80) }));
    // smooth until period 50 (when the replay starts at 40), then one sale in five: intermittent on the whole history
    const leaving = Array.from({ length: 12 }, (_, k) => ({ history: Float64Array.from({ length: 80 }, (_, i) => (i < 50 || (i + k) % 5 === 0 ? 5 : 0)) }));
    expect(demandSegment(leaving[0].history.subarray(0, 40))).toBe('smooth');
    expect(demandSegment(leaving[0].history)).toBe('intermittent');
    const opts = { ...base, model: stated(6, 2) };
    const r = calibrateSegments([...stable, ...leaving], opts);
    expect(r.get('smooth')!.lever).toBe('scale');
    expect(r.get('smooth')!.series).toBe(20);
    expect(r.get('smooth')!.stability).toBeCloseTo(20 / 32, 10);
    // with none of its members stable the segment takes the pooled shift
    const onlyLeaving = calibrateSegments(leaving, opts);
    expect(onlyLeaving.get('smooth')!.series).toBe(0);
    expect(onlyLeaving.get('smooth')!.pooledWith).toBe('all');
    expect(onlyLeaving.get('smooth')!.lever).toBe('shift');
    // the shift segments keep every item of their class at replay start
    expect(calibrateSegments([...stable, ...leaving], { ...opts, ...shiftOnly }).get('smooth')!.series).toBe(32);
  });

  it('uses only the warm-up: changing demand after it does not change the shift', () => {
    const a = simulatePortfolio(series, { ...base, model: stated(6, 6) });
    const changed = series.map((s) => ({ id: s.id, y: Float64Array.from(s.y, (v, i) => (i >= 80 ? v * 3 : v)) }));
    const b = simulatePortfolio(changed, { ...base, model: stated(6, 6) });
    expect(b.calibration).toEqual(a.calibration);
  });
});
