import { describe, expect, it } from 'vitest';
import { bucketSums, kStepSumMse, sesCountModel, simulationBucket } from './ses-count-model.ts';
import { sesRun } from './ses-normal-model.ts';
import { planOrderUpTo } from './simulate-series.ts';
import { simulatePortfolio } from './simulate-portfolio.ts';
import { summarizeSimulations } from './summary.ts';

/** Smoothing constant the model chose, from its name "SES(a)+...". */
const alphaOf = (model: string) => Number(/SES\(([\d.]+)\)/.exec(model)![1]);

describe('sesCountModel variance', () => {
  // intermittent class: ADI 3 (4 demands in 12 periods), sizes 2, 2, 3, 2 (CV^2 < 0.49)
  const intermittent = Float64Array.from([0, 2, 0, 0, 2, 0, 0, 3, 0, 0, 2, 0]);
  // smooth class: a demand every period
  const smooth = Float64Array.from([5, 7, 6, 4, 6, 8, 5, 6, 7, 5, 6, 4, 7, 6]);

  it('intermittent history: independent periods, Var(k) = phi * level * k with phi = one-step MSE / mean', () => {
    const f = sesCountModel().forecast(intermittent, 3);
    expect(f.model).toMatch(/independent periods/);
    const a = alphaOf(f.model);
    const run = sesRun(intermittent, a);
    const mean = 9 / 12;
    const phi = run.sse / run.n / mean;
    for (const k of [1, 2, 3]) {
      expect(f.horizonSum(k).mean).toBeCloseTo(run.level * k, 12);
      expect(f.horizonSum(k).variance).toBeCloseTo(phi * run.level * k, 12);
    }
  });

  it('smooth history: measured k-period errors, Var(k) = mean squared k-sum error / mean demand * level', () => {
    const f = sesCountModel().forecast(smooth, 3);
    expect(f.model).toMatch(/k-period errors/);
    const a = alphaOf(f.model);
    // SES levels before each observation, as the model computes them
    const levels = new Float64Array(smooth.length + 1);
    let level = NaN;
    for (let i = 0; i < smooth.length; i++) {
      levels[i] = level;
      level = level !== level ? smooth[i] : level + a * (smooth[i] - level);
    }
    levels[smooth.length] = level;
    const mean = smooth.reduce((s, v) => s + v, 0) / smooth.length;
    const { mse, count } = kStepSumMse(smooth, levels, 3);
    expect(count).toBeGreaterThanOrEqual(8);
    expect(f.horizonSum(3).variance).toBeCloseTo((mse / mean) * level, 10);
  });

  it('the segment the plan fixed decides the method, not the history of the moment', () => {
    const m = sesCountModel();
    expect(m.forecast(intermittent, 3, undefined, { segment: 'smooth' }).model).toMatch(/k-period errors/);
    expect(m.forecast(smooth, 3, undefined, { segment: 'intermittent' }).model).toMatch(/independent periods/);
    expect(m.forecast(intermittent, 3, undefined, { segment: 'none' }).model).toMatch(/independent periods/);
  });

  it("variance option forces either estimate ('k-period' on an intermittent history)", () => {
    expect(sesCountModel({ variance: 'k-period' }).forecast(intermittent, 3).model).toMatch(/k-period errors/);
    expect(sesCountModel({ variance: 'independent' }).forecast(smooth, 3).model).toMatch(/independent periods/);
  });

  it('a single unit sold after a long silence does not buy a dozen (carparts part 21063140, L = 2, 0.90)', () => {
    const history = [...'3000000000001020200000000'].map(Number).concat(Array(9).fill(0));
    const plan = (y: number[], variance: 'auto' | 'k-period') =>
      planOrderUpTo(Float64Array.from(y), undefined, {
        leadTime: 2,
        reviewPeriod: 1,
        target: { kind: 'fill-rate', rate: 0.9 },
        warmup: y.length,
        model: sesCountModel({ variance }),
        fillRateMethod: 'exact',
        rounding: 'nearest',
      }).orderUpTo;
    expect(plan(history, 'auto')).toBe(0);
    expect(plan([...history, 1], 'k-period')).toBe(14);
    expect(plan([...history, 1], 'auto')).toBe(6);
  });
});

describe('sesCountModel on a long run of zeros', () => {
  it('a level decayed to 1e-170 plans S = 0 instead of throwing (mean^2 underflowed in the negative binomial)', () => {
    const y = Float64Array.from([5, ...Array(565).fill(0)]);
    const f = sesCountModel().forecast(y, 28);
    expect(f.horizonSum(28).mean).toBeGreaterThan(0);
    expect(f.horizonSum(28).mean).toBeLessThan(1e-150);
    const plan = planOrderUpTo(y, undefined, { leadTime: 21, reviewPeriod: 7, target: { kind: 'fill-rate', rate: 0.9 }, warmup: y.length, model: sesCountModel(), fillRateMethod: 'exact', rounding: 'nearest' });
    expect(plan.orderUpTo).toBe(0);
  });
});

describe('sesCountModel buckets (daily intermittent demand)', () => {
  it('bucketSums: buckets end at the last period; a half-observed bucket is scaled up, a less observed one is missing', () => {
    // the oldest period (5) is dropped: buckets [0,2,0] [0,3,1] [NaN,0,2] [NaN,NaN,1]
    const y = Float64Array.from([5, 0, 2, 0, 0, 3, 1, NaN, 0, 2, NaN, NaN, 1]);
    const b = bucketSums(y, 3);
    expect(Array.from(b.subarray(0, 3))).toEqual([2, 4, 3]);
    expect(b[3]).toBeNaN();
  });

  it('simulationBucket: the review period, or the season when L + R spans it', () => {
    expect(simulationBucket(7, 21, 1)).toBe(7); // daily data reviewed weekly
    expect(simulationBucket(1, 21, 7)).toBe(7); // daily data with --season 7 reviewed daily
    expect(simulationBucket(1, 3, 7)).toBe(1); // L + R = 4 < 7
    expect(simulationBucket(1, 2, 12)).toBe(1); // monthly data reviewed monthly
    expect(simulationBucket(14, 21, 7)).toBe(14);
  });

  // a part sold every 9-13 days, 1-3 units (intermittent class on daily data)
  const daily = new Float64Array(200);
  for (let t = 3, k = 0; t < daily.length; t += 9 + (k % 5), k++) daily[t] = 1 + (k % 3);

  it('an intermittent item is forecast on bucket sums and read back per period: mean = level_b k / b, Var = phi_b level_b k / b', () => {
    const f = sesCountModel({ bucket: 7 }).forecast(daily, 28, undefined, { segment: 'intermittent' });
    expect(f.model).toMatch(/independent periods over buckets of 7 periods/);
    const a = alphaOf(f.model);
    const weeks = bucketSums(daily, 7);
    const run = sesRun(weeks, a);
    const mean = weeks.reduce((s, v) => s + v, 0) / weeks.length;
    const phi = run.sse / run.n / mean;
    expect(f.horizonSum(28).mean).toBeCloseTo(run.level * 4, 12);
    expect(f.horizonSum(28).variance).toBeCloseTo(phi * run.level * 4, 12);
    // 10.5 periods = 1.5 buckets: the variance interpolates between whole buckets
    expect(f.horizonSum(10.5).variance).toBeCloseTo(phi * run.level * 1.5, 12);
  });

  it('the level does not swing between sales: at every review day the bucketed 28-day mean stays near the rate so far', () => {
    // relative error of the 28-day mean against the part's rate so far, at cuts 100..199
    const error = (bucket: number) => {
      let worst = 0;
      let squares = 0;
      for (let cut = 100; cut < 200; cut++) {
        const upTo = daily.subarray(0, cut);
        const rate = (upTo.reduce((s, v) => s + v, 0) / cut) * 28;
        const e = sesCountModel({ bucket }).forecast(upTo, 28, undefined, { segment: 'intermittent' }).horizonSum(28).mean / rate - 1;
        worst = Math.max(worst, Math.abs(e));
        squares += e * e;
      }
      return { worst, rms: Math.sqrt(squares / 100) };
    };
    const perPeriod = error(1); // 47 % at worst, 18.5 % rms
    const weekly = error(7); // 22 % at worst, 7.8 % rms
    expect(weekly.worst).toBeLessThan(0.25);
    expect(weekly.rms).toBeLessThan(0.5 * perPeriod.rms);
    expect(perPeriod.worst).toBeGreaterThan(0.4);
  });

  it('smooth items, items never sold in their warm-up and bucket 1 keep per-period smoothing', () => {
    const smoothDaily = Float64Array.from({ length: 60 }, (_, i) => 5 + (i % 3));
    expect(sesCountModel({ bucket: 7 }).forecast(smoothDaily, 28).model).not.toMatch(/buckets/);
    expect(sesCountModel({ bucket: 7 }).forecast(daily, 28, undefined, { segment: 'none' }).model).not.toMatch(/buckets/);
    const one = sesCountModel({ bucket: 1 }).forecast(daily, 28, undefined, { segment: 'intermittent' });
    const dflt = sesCountModel().forecast(daily, 28, undefined, { segment: 'intermittent' });
    expect(one.model).toBe(dflt.model);
    expect(one.horizonSum(28)).toEqual(dflt.horizonSum(28));
  });

  it('slow daily sellers reviewed weekly: on target with less stock than per-period smoothing', () => {
    // 60 parts selling on 3-10 % of days, 1-3 units, 560 days; R = 7, L = 21 (deterministic LCG)
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const series = Array.from({ length: 60 }, (_, k) => {
      const p = 0.03 + 0.07 * next();
      const y = new Float64Array(560);
      for (let t = 0; t < y.length; t++) if (next() < p) y[t] = 1 + Math.floor(next() * 3);
      return { id: `S${k}`, y };
    });
    for (const rate of [0.9, 0.95]) {
      const run = (bucket: number) =>
        summarizeSimulations(simulatePortfolio(series, { model: sesCountModel({ bucket }), leadTime: 21, reviewPeriod: 7, target: { kind: 'fill-rate', rate } }).results.map((x) => x.r));
      const perPeriod = run(1);
      const weekly = run(7);
      expect(Math.abs(weekly.aggregateFillRate - rate)).toBeLessThanOrEqual(0.015);
      expect(weekly.totalAvgOnHand).toBeLessThan(0.9 * perPeriod.totalAvgOnHand);
    }
  });
});
