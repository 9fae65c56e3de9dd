/**
 * The public `autoForecast` contract: censoring, fallbacks, distribution families, horizon sums
 * and quantiles.
 */
import { describe, expect, it } from 'vitest';
import { profileSpread } from './yearly.ts';
import { autoForecast } from './auto-forecast.ts';
import { demandQuantile } from './demand-distribution.ts';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poissonSeries(n: number, mean: (t: number) => number, seed = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, t) => {
    const L = Math.exp(-mean(t));
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= r();
    } while (p > L);
    return k - 1;
  });
}

describe('autoForecast', () => {
  const daily = poissonSeries(400, (t) => 20 * [1, 1, 1, 1.2, 1.5, 0.6, 0.5][t % 7], 7);

  it('forecasts a weekly pattern in daily data with a seasonal ETS model and a count distribution', () => {
    const r = autoForecast({ y: daily, season: 7, horizon: 14 });
    expect(r.model).toMatch(/^ETS\(A,N,A\)|^ETS\(A,N,N\)/);
    expect(r.demandClass).toBe('smooth');
    expect(r.family).toBe('negbin');
    // step 1 is t=400 (400 mod 7 = 1, factor 1); step 4 has factor 1.5, step 6 factor 0.5
    expect(r.mean[3]).toBeGreaterThan(r.mean[0] * 1.3);
    expect(r.mean[5]).toBeLessThan(r.mean[0] * 0.7);
    expect(r.mean.length).toBe(14);
    expect(r.variance.every((v) => v > 0)).toBe(true);
  });

  it('does not read stockout periods as zero demand', () => {
    const y = poissonSeries(200, () => 10, 3);
    const stockout = new Array(200).fill(0);
    for (let t = 150; t < 200; t++) {
      y[t] = 0;
      stockout[t] = 1;
    }
    const naiveZeros = autoForecast({ y, season: 1, horizon: 7 });
    const censored = autoForecast({ y, stockout, season: 1, horizon: 7 });
    expect(censored.mean[0]).toBeGreaterThan(8);
    expect(censored.mean[0]).toBeLessThan(12);
    expect(naiveZeros.mean[0]).toBeLessThan(censored.mean[0]);
  });

  it('uses TSB and a negative binomial for intermittent demand, never below zero', () => {
    const y = [0, 0, 3, 0, 0, 0, 1, 0, 0, 2, 0, 0, 0, 0, 4, 0, 0, 1, 0, 0, 0, 2, 0, 0];
    const r = autoForecast({ y, season: 1, horizon: 6 });
    expect(r.demandClass === 'intermittent' || r.demandClass === 'lumpy').toBe(true);
    expect(r.model).toBe('TSB');
    expect(r.family).toBe('negbin');
    expect(r.quantile(1, 0.01)).toBe(0);
    expect(Number.isInteger(r.horizonQuantile(6, 0.95))).toBe(true);
  });

  it('daily intermittent demand: TSB on weekly totals once there are four weeks, day by day before', () => {
    const y = Array.from({ length: 120 }, (_, d) => (d % 11 === 3 ? 2 : d % 17 === 5 ? 1 : 0));
    const daily = autoForecast({ y, season: 7, horizon: 28 });
    expect(daily.model).toBe('TSB(weekly)');
    expect(daily.params.bucket).toBe(7);
    expect(daily.family).toBe('negbin');
    expect(autoForecast({ y, season: 1, horizon: 28 }).model).toBe('TSB');
    expect(autoForecast({ y: y.slice(0, 27), season: 7, horizon: 28 }).model).toBe('TSB');
    // an explicit model is the model
    expect(autoForecast({ y, season: 7, horizon: 28, model: 'tsb' }).model).toBe('TSB');
    // a launch: 106 days before its first sale, then 8 every day. Intermittent over its history,
    // not since its first sale: fitted day by day, it follows the new level
    const launch = Array.from({ length: 120 }, (_, d) => (d >= 106 ? 8 : 0));
    const l = autoForecast({ y: launch, season: 7, horizon: 28 });
    expect(l.demandClass === 'intermittent' || l.demandClass === 'lumpy').toBe(true);
    expect(l.model).toBe('TSB');
    expect(l.mean[0]).toBeGreaterThan(7);
  });

  it('falls back for new products: no history -> 0, under 4 observations -> mean with at least Poisson spread', () => {
    const none = autoForecast({ y: [NaN, NaN], season: 7, horizon: 3 });
    expect(none.model).toBe('None');
    expect(none.demandClass).toBe('none');
    expect(none.horizonQuantile(3, 0.99)).toBe(0);
    const young = autoForecast({ y: [4, 6], season: 7, horizon: 3 });
    expect(young.model).toBe('Mean');
    expect(young.mean[0]).toBe(5);
    expect(young.variance[0]).toBeGreaterThanOrEqual(5);
  });

  it('horizonSum adds steps, interpolates fractional k and includes correlation between steps', () => {
    const r = autoForecast({ y: daily, season: 7, horizon: 10, model: 'ses' });
    const s3 = r.horizonSum(3);
    expect(s3.mean).toBeCloseTo(r.mean[0] + r.mean[1] + r.mean[2], 10);
    const s35 = r.horizonSum(3.5);
    expect(s35.mean).toBeCloseTo(s3.mean + 0.5 * r.mean[3], 10);
    const s4 = r.horizonSum(4);
    expect(s35.variance).toBeCloseTo((s3.variance + s4.variance) / 2, 8);
    // SES errors are positively correlated across steps: Var(sum) > sum of Vars
    expect(s3.variance).toBeGreaterThan(r.variance[0] + r.variance[1] + r.variance[2]);
    expect(r.horizonSum(0)).toEqual({ mean: 0, variance: 0 });
    expect(() => r.horizonSum(11)).toThrow(RangeError);
  });

  it('quantiles come from the stated family and moments', () => {
    const r = autoForecast({ y: daily, season: 7, horizon: 7 });
    const s = r.horizonSum(7);
    expect(r.horizonQuantile(7, 0.95)).toBe(demandQuantile(r.family, s.mean, s.variance, 0.95));
    expect(r.quantile(2, 0.9)).toBe(demandQuantile(r.family, r.mean[1], r.variance[1], 0.9));
    expect(r.quantile(2, 0.99)).toBeGreaterThanOrEqual(r.quantile(2, 0.9));
  });

  it('uses a normal distribution for non-integer smooth data, floored at zero', () => {
    const y = Array.from({ length: 60 }, (_, t) => 1.5 + 0.3 * Math.sin(t));
    const r = autoForecast({ y, season: 1, horizon: 3 });
    expect(r.family).toBe('normal');
    expect(r.quantile(1, 0.001)).toBeGreaterThanOrEqual(0);
  });

  it('accepts forced models and rejects unknown ones', () => {
    expect(autoForecast({ y: daily, season: 7, horizon: 3, model: 'AAdA' }).model).toBe('ETS(A,Ad,A)');
    expect(autoForecast({ y: daily, season: 7, horizon: 3, model: 'croston' }).model).toBe('Croston');
    expect(autoForecast({ y: daily, season: 7, horizon: 3, model: 'theta' }).model).toBe('Theta');
    expect(() => autoForecast({ y: daily, season: 7, horizon: 3, model: 'prophet' })).toThrow(/unknown forecast model/);
    expect(() => autoForecast({ y: daily, season: 7, horizon: 0 })).toThrow(RangeError);
  });

  it('is deterministic', () => {
    const a = autoForecast({ y: daily, season: 7, horizon: 5 });
    const b = autoForecast({ y: daily, season: 7, horizon: 5 });
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
  });

  it('adds the yearly pattern for daily data with more than a year of history', () => {
    const yearly = (t: number) => 1 + 0.5 * Math.sin((2 * Math.PI * t) / 365);
    const y = poissonSeries(800, (t) => 30 * yearly(t) * [1, 1, 1, 1, 1.3, 0.7, 0.7][t % 7], 11);
    const r = autoForecast({ y, season: 7, horizon: 120 });
    expect(r.model).toMatch(/\+yearly$/);
    // days 800..919 run from the top of the yearly wave (t = 821, sin = 1) towards its bottom
    const week = (k: number) => r.horizonSum(k + 7).mean - r.horizonSum(k).mean;
    expect(week(14) / week(105)).toBeGreaterThan(1.25);
    const short = autoForecast({ y: y.slice(0, 300), season: 7, horizon: 7 });
    expect(short.model).not.toMatch(/yearly/);
  });

  it("widens a yearly forecast's spread by how far the years stray from their profile (profileSpread)", () => {
    // a level series whose years stray from each other by opposite waves of 3 cycles a year,
    // amplitude 0.3: ln((1 - x) / (1 + x)) = -2 atanh(x) for x = 0.3 sin, so sigma^2 =
    // E (2 atanh(x))^2 / 2 (0.0943), less the window means' attenuation (sinc^2 of the window over
    // the wave's 121.7-day period: 0.989 for the 7-day mean of a day, 0.906 for 21 days), x (1 + 1/2)
    // for two years
    let atanh2 = 0;
    for (let i = 0; i < 3650; i++) atanh2 += (2 * Math.atanh(0.3 * Math.sin((2 * Math.PI * i) / 3650))) ** 2 / 3650;
    const sinc2 = (k: number) => (Math.sin((Math.PI * k) / (365 / 3)) / ((Math.PI * k) / (365 / 3))) ** 2;
    let day = 0;
    let window = 0;
    for (let i = 0; i < 16; i++) {
      const y = Float64Array.from({ length: 730 }, (_, t) => 100 * (1 + (t < 365 ? 0.3 : -0.3) * Math.sin((6 * Math.PI * t) / 365 + (2 * Math.PI * i) / 16)));
      const sp = profileSpread(y, 21)!;
      day += sp[0] / 16;
      window += sp[20] / 16;
    }
    expect(atanh2 / 2).toBeCloseTo(0.0943, 4);
    expect(day / ((atanh2 / 2) * sinc2(7) * 1.5)).toBeCloseTo(1, 1);
    expect(window / ((atanh2 / 2) * sinc2(21) * 1.5)).toBeCloseTo(1, 1);
    // years that repeat exactly stray by nothing
    const wave = (t: number) => 1 + 0.5 * Math.sin((2 * Math.PI * t) / 365);
    const same = Float64Array.from({ length: 730 }, (_, t) => 100 * wave(t));
    expect(profileSpread(same, 21)![20]).toBeLessThan(1e-12);
    // under a month of a second year: no estimate
    const short = Float64Array.from({ length: 390 }, (_, t) => 100 * wave(t));
    expect(profileSpread(short, 21)).toBeNull();
    // the forecast: a 21-day sum's variance holds (its mean)^2 x the spread on top of the ETS's
    const y = poissonSeries(730, (t) => 30 * wave(t) * (1 + (t < 365 ? 0.3 : -0.3) * Math.sin((6 * Math.PI * t) / 365)) * [1, 1, 1, 1, 1.3, 0.7, 0.7][t % 7], 3);
    const f = autoForecast({ y, season: 7, horizon: 21 });
    expect(f.model).toMatch(/\+yearly$/);
    const spread = profileSpread(y, 21)!;
    const sum = f.horizonSum(21);
    expect(sum.variance).toBeGreaterThan(sum.mean * sum.mean * spread[20]);
    expect(f.params.yearlySpread).toBeCloseTo(Math.sqrt(spread[20]), 12);
  });

  it('combines ETS and Theta for smooth monthly data', () => {
    const y = poissonSeries(72, (t) => 100 + 2 * t + 20 * Math.sin((2 * Math.PI * t) / 12), 5);
    const r = autoForecast({ y, season: 12, horizon: 12 });
    expect(r.model).toMatch(/^Combo\(ETS\(.+\),Theta\)$/);
    expect(r.mean[0]).toBeGreaterThan(200);
  });
});

