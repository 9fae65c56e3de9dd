import { describe, expect, it } from 'vitest';
import { kStepSumMse, sesCountModel } from './ses-count-model.ts';
import { sesRun } from './ses-normal-model.ts';
import { planOrderUpTo } from './simulate-series.ts';

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
