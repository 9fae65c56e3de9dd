/**
 * `autoForecast`: one call that turns a demand history into a forecast distribution.
 *
 * 1. Censoring: periods flagged as stockouts are treated as missing (their sales are a lower
 *    bound of demand, not demand), as are NaN values.
 * 2. Demand class (Syntetos-Boylan) of the remaining history.
 * 3. Model: no history -> zero forecast; fewer than 4 observations (new product) -> mean;
 *    intermittent/lumpy -> TSB (best held-out MASE and RMSSE on carparts, see docs/forecasting.md),
 *    on daily data (season 7) fitted to weekly totals (forecastIntermittentBuckets) once there are
 *    four weeks, when it sells on few days also since its first sale (not a launch's ramp);
 *    smooth/erratic daily data (season 7) -> ETS chosen by AICc with a yearly profile once there
 *    is a year of history; other smooth/erratic data -> equal-weight ETS (AICc) + Theta
 *    combination (best held-out accuracy on M3 monthly); if no model can be fitted -> mean.
 * 4. Distribution family: integer-valued history -> negative binomial (Poisson when the variance
 *    does not exceed the mean); other intermittent history -> gamma; otherwise normal (quantiles
 *    floored at 0).
 */
import { ADI_CUTOFF, classifyDemand } from './demand-class.ts';
import type { DemandFamily } from './demand-distribution.ts';
import { etsName, type EtsSpec } from './ets-core.ts';
import { autoEts } from './ets-auto.ts';
import { forecastEts } from './ets-fit.ts';
import { makeForecastResult } from './forecast-result.ts';
import { forecastIntermittent, forecastIntermittentBuckets } from './intermittent.ts';
import { forecastTheta, isSeasonal } from './theta.ts';
import { profileSpread, profileStrength, YEAR, yearlyProfile } from './yearly.ts';
import { combine } from './combination.ts';
import { forecastMean, forecastMovingAverage, forecastNaive, forecastSeasonalNaive } from './simple-models.ts';
import type { AutoForecastInput, DemandClass, ForecastResult, ModelForecast } from './types.ts';

/** Model names accepted by `autoForecast({ model })` (case-insensitive), besides "ETS(E,T,S)" or its short code ("ANA", "MAdM"). */
export const MODEL_NAMES = ['auto', 'naive', 'snaive', 'mean', 'ma', 'ses', 'holt', 'ets', 'ets-noyear', 'theta', 'combo', 'croston', 'sba', 'tsb'] as const;

/** Yearly profiles flatter than this (sd of the day-of-year factors) are ignored. */
const YEARLY_MIN_STRENGTH = 0.05;

/** Copies y with stockout periods and non-finite values set to NaN. */
export function censoredHistory(y: ArrayLike<number>, stockout?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    out[i] = Number.isFinite(v) && !(stockout && stockout[i]) ? v : NaN;
  }
  return out;
}

function isIntegerValued(y: Float64Array): boolean {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === v && !Number.isInteger(v)) return false;
  }
  return true;
}

function etsForecast(y: Float64Array, m: number, h: number, candidates?: EtsSpec[], yearly = true): ModelForecast | null {
  // daily data (weekly season) with a year of history: divide out the yearly profile first
  const profile = yearly && m === 7 ? yearlyProfile(y) : null;
  const use = profile && profileStrength(profile) >= YEARLY_MIN_STRENGTH ? profile : null;
  const n = y.length;
  let z = y;
  if (use) {
    z = new Float64Array(n);
    for (let t = 0; t < n; t++) z[t] = y[t] / use[t % YEAR];
  }
  // Daily data (weekly season) uses the restricted linear set (see ets-auto.ts); when the lag-7
  // autocorrelation is significant (Theta's test) only ETS(A,N,A) is fitted: it nests the
  // non-seasonal level model (γ -> 0) and the weekly cycle is then certain.
  const daily = m === 7 && !candidates;
  const cands = daily && isSeasonal(z, 7) ? [{ error: 'A', trend: 'N', season: 'A', m: 7 } as EtsSpec] : candidates;
  const { best } = autoEts(z, m, { set: m === 7 ? 'fast' : 'full', candidates: cands });
  if (!best) return null;
  const f = forecastEts(best, h);
  const p = best.params;
  const params: Record<string, number> = { alpha: p.alpha, aicc: best.aicc, sigma2: best.sigma2 };
  if (best.spec.trend !== 'N') params.beta = p.beta;
  if (best.spec.trend === 'Ad') params.phi = p.phi;
  if (best.spec.season !== 'N') params.gamma = p.gamma;
  let model = best.name;
  if (use) {
    let acc = 0;
    // the coming year strays from the profile as the past ones did (profileSpread): a k-day sum's
    // variance adds (its mean)^2 x the spread of a k-day window
    const spread = profileSpread(y, h);
    let sum = 0;
    for (let j = 0; j < h; j++) {
      const s = use[(n + j) % YEAR];
      f.mean[j] *= s;
      f.variance[j] *= s * s;
      acc += s * s;
      f.cumVariance[j] *= acc / (j + 1);
      sum += f.mean[j];
      if (spread) {
        f.variance[j] += f.mean[j] * f.mean[j] * spread[0];
        f.cumVariance[j] += sum * sum * spread[j];
      }
    }
    params.yearlyStrength = profileStrength(use);
    if (spread) params.yearlySpread = Math.sqrt(spread[Math.min(h, 21) - 1]);
    model += '+yearly';
  }
  return { model, ...f, params, aicc: best.aicc };
}

function parseEtsName(name: string, m: number): EtsSpec | null {
  const mt = /^ETS\((A|M),(N|A|Ad),(N|A|M)\)$/i.exec(name.replace(/\s+/g, '')) ?? /^(A|M)(N|Ad|A)(N|A|M)$/i.exec(name);
  if (!mt) return null;
  const trend = mt[2].toUpperCase() === 'AD' ? 'Ad' : (mt[2].toUpperCase() as 'N' | 'A');
  const season = mt[3].toUpperCase() as 'N' | 'A' | 'M';
  return { error: mt[1].toUpperCase() as 'A' | 'M', trend, season, m: season === 'N' ? 1 : m };
}

/** Equal-weight combination of ETS (AICc) and Theta; falls back to whichever exists. */
function combination(y: Float64Array, m: number, h: number): ModelForecast | null {
  const a = etsForecast(y, m, h);
  const b = forecastTheta(y, m, h);
  if (a && b) return combine('Combo(' + a.model + ',Theta)', [a, b]);
  return a ?? b;
}

/** Selling days since the first sale that make a daily seller of a series with ADI under the cut-off there (fewSellingDays). */
const DAILY_SELLER_DAYS = 7;

/**
 * Does y sell on few of its days? Daily intermittent demand is fitted to weekly totals unless, since
 * its first sale, it has sold on at least DAILY_SELLER_DAYS days and on most of them (ADI under
 * the Syntetos-Boylan cut-off): a launch's leading zeros make a product that has sold every day
 * for two weeks look intermittent, and a weekly fit, two totals in, would follow it slowly (6.7 a
 * day for a launch selling 8). A slow mover whose one sale was yesterday is not such a seller.
 */
function fewSellingDays(y: Float64Array): boolean {
  let first = 0;
  while (first < y.length && !(y[first] > 0)) first++;
  let observed = 0;
  let selling = 0;
  for (let t = first; t < y.length; t++) {
    if (y[t] !== y[t]) continue;
    observed++;
    if (y[t] > 0) selling++;
  }
  return !(selling >= DAILY_SELLER_DAYS && observed / selling < ADI_CUTOFF);
}

/** Runs one named model (lower-case name from MODEL_NAMES or an ETS(E,T,S) name). */
function runModel(name: string, y: Float64Array, m: number, h: number, demandClass: DemandClass): ModelForecast | null {
  switch (name) {
    case 'naive':
      return forecastNaive(y, h);
    case 'snaive':
      return forecastSeasonalNaive(y, m, h);
    case 'mean':
      return forecastMean(y, h);
    case 'ma':
      return forecastMovingAverage(y, h);
    case 'croston':
      return forecastIntermittent(y, h, 'Croston');
    case 'sba':
      return forecastIntermittent(y, h, 'SBA');
    case 'tsb':
      return forecastIntermittent(y, h, 'TSB');
    case 'ses':
      return etsForecast(y, m, h, [{ error: 'A', trend: 'N', season: 'N', m: 1 }]);
    case 'holt':
      return etsForecast(y, m, h, [{ error: 'A', trend: 'Ad', season: 'N', m: 1 }]);
    case 'ets':
      return etsForecast(y, m, h);
    case 'ets-noyear':
      return etsForecast(y, m, h, undefined, false);
    case 'theta':
      return forecastTheta(y, m, h);
    case 'combo':
      return combination(y, m, h);
    case 'auto':
      if (demandClass === 'intermittent' || demandClass === 'lumpy') return (m === 7 && fewSellingDays(y) ? forecastIntermittentBuckets(y, h, 'TSB', 7) : null) ?? forecastIntermittent(y, h, 'TSB');
      // daily: ETS (+ yearly profile); otherwise the ETS-Theta combination, which had the best
      // held-out accuracy on M3 monthly (MASE 0.850 vs ETS 0.866, Theta 0.875; 300 series)
      if (m === 7) return etsForecast(y, m, h);
      return combination(y, m, h);
    default: {
      const spec = parseEtsName(name, m);
      if (!spec) throw new RangeError(`unknown forecast model "${name}" (known: ${MODEL_NAMES.join(', ')}, ETS(E,T,S))`);
      const f = etsForecast(y, m, h, [spec]);
      if (f) f.model = etsName(spec);
      return f;
    }
  }
}

/**
 * Forecasts one demand series: the point forecast per step and the demand distribution over any
 * horizon (see file comment for the automatic choices). Pure: same input, same output.
 */
export function autoForecast(input: AutoForecastInput): ForecastResult {
  const h = input.horizon;
  if (!(Number.isInteger(h) && h >= 1)) throw new RangeError(`horizon must be a positive integer, got ${h}`);
  const m = input.season;
  if (!(Number.isInteger(m) && m >= 1)) throw new RangeError(`season must be a positive integer, got ${m}`);
  const y = censoredHistory(input.y, input.stockout);
  const { demandClass } = classifyDemand(y);
  const integer = isIntegerValued(y);
  let nObs = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) nObs++;
  const name = (input.model ?? 'auto').toLowerCase();
  let f: ModelForecast | null;
  if (nObs === 0) {
    f = { model: 'None', mean: new Float64Array(h), variance: new Float64Array(h), cumVariance: new Float64Array(h), params: {} };
  } else if (nObs < 4 && !input.model) {
    f = forecastMean(y, h);
    // too few points for a variance estimate: assume at least Poisson dispersion
    const mu = f.mean[0];
    const s2 = Math.max(f.params.sigma2, mu);
    f = { ...f, variance: new Float64Array(h).fill(s2 * (1 + 1 / nObs)), cumVariance: Float64Array.from({ length: h }, (_, k) => (k + 1) * s2 + ((k + 1) ** 2 * s2) / nObs) };
  } else {
    f = runModel(name, y, m, h, demandClass) ?? forecastMean(y, h);
  }
  let family: DemandFamily;
  if (integer) family = 'negbin';
  else family = demandClass === 'intermittent' || demandClass === 'lumpy' ? 'gamma' : 'normal';
  return makeForecastResult(f, demandClass, family);
}
