/**
 * Benchmark methods and Theta against R's forecast 8.20 (naive, snaive, meanf, thetaf), from
 * test/fixtures/forecast/simple-reference.json (bench/r/reference-values.R).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forecastMean, forecastMovingAverage, forecastNaive, forecastSeasonalNaive } from './simple-models.ts';
import { forecastTheta, isSeasonal } from './theta.ts';
import type { ModelForecast } from './types.ts';

interface RInterval {
  mean: number[];
  lower95: number[];
  upper95: number[];
}
const ref: Record<string, { y: number[]; m: number; naive: RInterval; snaive: RInterval; meanf: RInterval; theta: { mean: number[] } }> = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/forecast/simple-reference.json', import.meta.url), 'utf8'),
);
const Z95 = 1.959963984540054;
const series = Object.entries(ref).map(([name, s]) => ({ name, s }));

function expectMatches(f: ModelForecast, r: RInterval, varTol: number) {
  for (let j = 0; j < r.mean.length; j++) {
    expect(f.mean[j]).toBeCloseTo(r.mean[j], 8);
    const rVar = ((r.upper95[j] - r.lower95[j]) / (2 * Z95)) ** 2;
    expect(Math.abs(f.variance[j] / rVar - 1)).toBeLessThan(varTol);
  }
}

describe('benchmark methods against R', () => {
  it.each(series)('$name: naive point forecasts and intervals', ({ s }) => {
    // R's naive uses σ² over n-1 differences, as we do (exact)
    expectMatches(forecastNaive(s.y, 18), s.naive, 1e-9);
  });
  it.each(series)('$name: seasonal naive', ({ s }) => {
    expectMatches(forecastSeasonalNaive(s.y, s.m, 18), s.snaive, 1e-9);
  });
  it.each(series)('$name: mean (meanf uses a t quantile with n-1 df; variance within 6%)', ({ s }) => {
    const f = forecastMean(s.y, 18);
    for (let j = 0; j < 18; j++) expect(f.mean[j]).toBeCloseTo(s.meanf.mean[j], 8);
    const rVar = ((s.meanf.upper95[0] - s.meanf.lower95[0]) / (2 * Z95)) ** 2;
    expect(Math.abs(f.variance[0] / rVar - 1)).toBeLessThan(0.06);
  });
  it.each(series)('$name: Theta equals thetaf within 1e-4 (optimiser tolerance)', ({ s }) => {
    const f = forecastTheta(s.y, s.m, 18)!;
    for (let j = 0; j < 18; j++) expect(Math.abs(f.mean[j] / s.theta.mean[j] - 1)).toBeLessThan(1e-4);
  });
  it('Theta seasonality test: AirPassengers is seasonal, WWWusage is not', () => {
    expect(isSeasonal(ref.AirPassengers.y, 12)).toBe(true);
    expect(isSeasonal(ref.WWWusage.y, 12)).toBe(false);
  });
});

describe('moving average', () => {
  it('picks the window with the smallest one-step error and averages the last w values', () => {
    // period-4 saw tooth: a 4-window average is exact, every other window errs
    const y = Array.from({ length: 40 }, (_, i) => [1, 5, 9, 5][i % 4]);
    const f = forecastMovingAverage(y, 3, { maxWindow: 6 });
    expect(f.params.window).toBe(4);
    expect(f.mean[0]).toBeCloseTo(5, 12);
  });
  it('skips missing values', () => {
    const f = forecastMovingAverage([2, NaN, 4, NaN, 6], 1, { window: 2 });
    expect(f.mean[0]).toBe(5);
  });
});
