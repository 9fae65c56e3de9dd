import { describe, expect, it } from 'vitest';
import { makeForecastResult } from './forecast-result.ts';
import { blendLaunch, launchAfter, launchForecast } from './launch.ts';

/** A flat Poisson-like history forecast: `rate` a day, independent days. */
function flat(rate: number, horizon: number) {
  const mean = new Float64Array(horizon).fill(rate);
  const variance = new Float64Array(horizon).fill(rate);
  const cumVariance = Float64Array.from({ length: horizon }, (_, j) => rate * (j + 1));
  return makeForecastResult({ model: 'Naive', mean, variance, cumVariance, params: {} }, 'smooth', 'poisson');
}

describe('launch forecast', () => {
  it('is negative binomial: the rate uncertain as a whole, so the variance grows with the square of the horizon', () => {
    const f = launchForecast({ ratePerDay: 2, cv: 0.5, startOffset: 0, horizon: 30 });
    // M_k + c^2 M_k^2: 20 + 0.25 x 400
    expect(f.horizonSum(10)).toEqual({ mean: 20, variance: 120 });
    expect(f.horizonSum(30)).toEqual({ mean: 60, variance: 60 + 0.25 * 3600 });
    expect(f.family).toBe('negbin');
    expect(f.model).toBe('Launch');
    // cv 0: Poisson around a known rate
    expect(launchForecast({ ratePerDay: 2, cv: 0, startOffset: 0, horizon: 10 }).horizonSum(10)).toEqual({ mean: 20, variance: 20 });
    // a 90 % quantile above the Poisson one (the same mean, more spread)
    expect(f.horizonQuantile(10, 0.9)).toBeGreaterThan(launchForecast({ ratePerDay: 2, cv: 0, startOffset: 0, horizon: 10 }).horizonQuantile(10, 0.9));
  });

  it('has no demand before the launch day', () => {
    const f = launchForecast({ ratePerDay: 2, cv: 0.5, startOffset: 3, horizon: 10 });
    expect([...f.mean.slice(0, 4)]).toEqual([0, 0, 0, 2]);
    expect(f.horizonSum(3)).toEqual({ mean: 0, variance: 0 });
    expect(f.horizonSum(10)).toEqual({ mean: 14, variance: 14 + 0.25 * 196 });
  });

  it('hands over to the history as a two-point mixture', () => {
    const launch = launchForecast({ ratePerDay: 2, cv: 0.5, startOffset: 0, horizon: 10 });
    const hist = flat(4, 10);
    const b = blendLaunch(hist, launch, 0.25);
    // mean .25 x 40 + .75 x 20; variance .25 x 40 + .75 x 120 + .25 x .75 x (40 - 20)^2
    expect(b.horizonSum(10).mean).toBeCloseTo(25, 12);
    expect(b.horizonSum(10).variance).toBeCloseTo(175, 12);
    expect(b.family).toBe('negbin');
    expect(b.model).toBe('Launch + Naive');
    expect(b.params.historyWeight).toBe(0.25);
    // the ends are the two forecasts
    expect(blendLaunch(hist, launch, 0).horizonSum(10)).toEqual(launch.horizonSum(10));
    const all = blendLaunch(hist, launch, 1);
    expect(all.horizonSum(10)).toEqual(hist.horizonSum(10));
    expect([all.family, all.demandClass]).toEqual(['poisson', 'smooth']);
  });

  it('a relaunch keeps the history until the launch day, then the launch forecast', () => {
    const hist = flat(4, 10);
    const launch = launchForecast({ ratePerDay: 10, cv: 0.5, startOffset: 3, horizon: 10 });
    const f = launchAfter(hist, launch, 3);
    expect([...f.mean.slice(0, 5)]).toEqual([4, 4, 4, 10, 10]);
    expect(f.horizonSum(3)).toEqual({ mean: 12, variance: 12 });
    // 3 days of history (12 ± Poisson) + 7 launch days (70, variance 70 + 0.25 x 70^2)
    expect(f.horizonSum(10)).toEqual({ mean: 82, variance: 12 + 70 + 0.25 * 4900 });
    expect(f.model).toBe('Naive, then Launch');
  });

  it('refuses a rate, cv, horizon or weight out of range', () => {
    expect(() => launchForecast({ ratePerDay: 0, cv: 0.5, startOffset: 0, horizon: 5 })).toThrow(/rate/);
    expect(() => launchForecast({ ratePerDay: 1, cv: -1, startOffset: 0, horizon: 5 })).toThrow(/cv/);
    expect(() => launchForecast({ ratePerDay: 1, cv: 0.5, startOffset: 0, horizon: 0 })).toThrow(/horizon/);
    const l = launchForecast({ ratePerDay: 1, cv: 0.5, startOffset: 0, horizon: 5 });
    expect(() => blendLaunch(flat(1, 5), l, 1.5)).toThrow(/weight/);
  });
});
