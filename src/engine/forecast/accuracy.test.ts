import { describe, expect, it } from 'vitest';
import { bias, coverage, mase, pinball, rmsse } from './accuracy.ts';
import { rollingOrigin } from './backtest.ts';
import { autoForecast } from './auto-forecast.ts';

describe('accuracy measures', () => {
  const insample = [1, 3, 2, 4]; // |diffs| = 2, 1, 2 -> scale 5/3; squared 4, 1, 4 -> 3
  it('MASE and RMSSE by hand', () => {
    expect(mase([5, 5], [4, 7], insample, 1)).toBeCloseTo(1.5 / (5 / 3), 12);
    expect(rmsse([5, 5], [4, 7], insample, 1)).toBeCloseTo(Math.sqrt(2.5 / 3), 12);
    expect(bias([5, 5], [4, 7])).toBe(0.5);
  });
  it('pinball loss and coverage', () => {
    expect(pinball([10, 0], [8, 2], 0.9)).toBeCloseTo((0.9 * 2 + 0.1 * 2) / 2, 12);
    expect(coverage([10, 0, 5], [8, 2, 5])).toBeCloseTo(2 / 3, 12);
  });
  it('skips missing actuals and returns NaN for a zero scale', () => {
    expect(mase([NaN, 5], [0, 4], insample, 1)).toBeCloseTo(1 / (5 / 3), 12);
    expect(mase([1], [1], [2, 2, 2], 1)).toBeNaN();
  });
});

describe('rolling origin', () => {
  it('scores a perfect model on a deterministic seasonal series with MASE 0', () => {
    const y = Array.from({ length: 48 }, (_, i) => [10, 20, 30, 40][i % 4]);
    const s = rollingOrigin(y, (hist, h) => autoForecast({ y: hist, season: 4, horizon: h, model: 'snaive' }), { horizon: 4, origins: 3, scaleLag: 1 });
    expect(s.origins).toBe(3);
    expect(s.mase).toBeCloseTo(0, 12);
  });
});
