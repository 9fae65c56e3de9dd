/**
 * Yearly pattern of daily demand, for series with at least a year of history. A multiplicative
 * day-of-year profile P (period 365) is estimated and divided out before the weekly ETS model is
 * fitted; forecasts are multiplied back by P (variances by P²):
 *   1. s_t  = centred 7-day mean of y (removes the weekly pattern; NaN skipped),
 *   2. T_t  = least-squares line through the observed y (the long-run level),
 *   3. r_t  = s_t / T_t, averaged per day of year d = t mod 365 over the years observed,
 *   4. P[d] = circular centred 15-day mean of r, rescaled to average 1 and clamped to [0.2, 5].
 * This is the seasonal-adjustment route R's forecast package takes for long seasonal periods
 * (STL + ETS, `stlf`), with a classical-decomposition profile in place of STL.
 */

export const YEAR = 365;
/** Minimum observed days before a yearly profile is estimated. */
export const YEARLY_MIN_OBS = YEAR + 28;

/**
 * Steps 1-2 of the profile: r_t = s_t / T_t per day (NaN where the 7-day window has fewer than 4
 * observed days or the trend is not positive); null for a history of fewer than YEARLY_MIN_OBS
 * observed days or with a negative value.
 */
export function yearlyRatios(y: ArrayLike<number>): Float64Array | null {
  const n = y.length;
  let k = 0;
  let st = 0;
  let sy = 0;
  let stt = 0;
  let sty = 0;
  for (let t = 0; t < n; t++) {
    const v = y[t];
    if (v !== v) continue;
    if (v < 0) return null;
    k++;
    st += t;
    sy += v;
    stt += t * t;
    sty += t * v;
  }
  if (k < YEARLY_MIN_OBS) return null;
  const den = k * stt - st * st;
  const slope = den !== 0 ? (k * sty - st * sy) / den : 0;
  const icpt = (sy - slope * st) / k;
  const r = weekMeans(y);
  for (let t = 0; t < n; t++) {
    const trend = icpt + slope * t;
    if (!(trend > 0)) r[t] = NaN;
    else r[t] /= trend;
  }
  return r;
}

/** Step 1: s_t, the centred 7-day mean of y (missing days skipped; NaN where fewer than 4 are observed, and for the first and last 3 days). */
function weekMeans(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const s = new Float64Array(n).fill(NaN);
  for (let t = 3; t < n - 3; t++) {
    let acc = 0;
    let c = 0;
    for (let j = -3; j <= 3; j++) {
      const v = y[t + j];
      if (v === v) (acc += v, c++);
    }
    if (c >= 4) s[t] = acc / c;
  }
  return s;
}

/** Estimates the profile (length 365, index = t mod 365), or null when it cannot be estimated. */
export function yearlyProfile(y: ArrayLike<number>): Float64Array | null {
  const ratios = yearlyRatios(y);
  if (!ratios) return null;
  const sum = new Float64Array(YEAR);
  const cnt = new Float64Array(YEAR);
  for (let t = 0; t < ratios.length; t++) {
    const v = ratios[t];
    if (v !== v) continue;
    sum[t % YEAR] += v;
    cnt[t % YEAR]++;
  }
  const r = new Float64Array(YEAR);
  for (let d = 0; d < YEAR; d++) r[d] = cnt[d] > 0 ? sum[d] / cnt[d] : NaN;
  const p = new Float64Array(YEAR);
  let tot = 0;
  for (let d = 0; d < YEAR; d++) {
    let acc = 0;
    let c = 0;
    for (let j = -7; j <= 7; j++) {
      const v = r[(d + j + YEAR) % YEAR];
      if (v === v) (acc += v, c++);
    }
    p[d] = c > 0 ? acc / c : 1;
    tot += p[d];
  }
  const mean = tot / YEAR;
  if (!(mean > 0)) return null;
  for (let d = 0; d < YEAR; d++) p[d] = Math.min(5, Math.max(0.2, p[d] / mean));
  return p;
}

/** Fewest year-apart pairs of windows that make a profile's spread (profileSpread). */
export const SPREAD_MIN_PAIRS = 28;

/**
 * How far a year's seasonal pattern strays from the last, per window length: for k = 1..maxK,
 * v[k - 1] = sigma_k^2 (1 + 1 / years), the relative variance a k-day window's demand has around
 * the profile, with years = the observed days / 365. From the 7-day centred means s_t:
 *   d_t = ln s_{t+365} - ln s_t          (how day t's week changed in a year)
 *   e_t = d_t - mean(d)                   (less the year's average growth: the level is the ETS's)
 *   sigma_k^2 = mean over t of (the mean of e over t..t+k-1)^2 / 2
 * (a difference of two years has twice a year's variance). The 1 / years adds the profile's own
 * estimation error (it is the mean of the years). A forecast's k-day sum is then off by about
 * sigma_k times itself, which the ETS fitted to the deseasonalised history cannot see: for the 21
 * days ahead on NN5 its spread was 2.6 times too narrow (mean squared standardised error 3.19;
 * with this, 1.22; bench/forecast-sum-coverage.ts, docs/forecasting.md). Measured on the year-on-year change rather than on the
 * ratios to the least-squares trend, which a yearly wave tilts: two identical years would
 * otherwise look different. Null when fewer than SPREAD_MIN_PAIRS days have a partner a year on.
 */
export function profileSpread(y: ArrayLike<number>, maxK: number): Float64Array | null {
  const n = y.length;
  // ln of the 7-day centred mean (NaN where it is undefined or 0)
  const ls = weekMeans(y);
  let observed = 0;
  for (let t = 0; t < n; t++) {
    if (y[t] === y[t]) observed++;
    ls[t] = ls[t] > 0 ? Math.log(ls[t]) : NaN;
  }
  const m = Math.max(0, n - YEAR);
  const d = new Float64Array(m).fill(NaN);
  let sum = 0;
  let count = 0;
  for (let t = 0; t < m; t++) {
    const v = ls[t + YEAR] - ls[t];
    if (v === v) (d[t] = v, (sum += v), count++);
  }
  if (count < SPREAD_MIN_PAIRS) return null;
  const growth = sum / count;
  // prefix sums of e and of its defined count, for window means
  const e = new Float64Array(m + 1);
  const c = new Float64Array(m + 1);
  for (let t = 0; t < m; t++) {
    const ok = d[t] === d[t];
    e[t + 1] = e[t] + (ok ? d[t] - growth : 0);
    c[t + 1] = c[t] + (ok ? 1 : 0);
  }
  const years = observed / YEAR;
  const out = new Float64Array(Math.max(1, maxK));
  for (let k = 1; k <= out.length; k++) {
    let sq = 0;
    let windows = 0;
    for (let t = 0; t + k <= m; t++) {
      if (c[t + k] - c[t] !== k) continue;
      sq += ((e[t + k] - e[t]) / k) ** 2;
      windows++;
    }
    // too few windows this long: the longest measured one's (a window's mean strays less as it grows)
    out[k - 1] = windows >= SPREAD_MIN_PAIRS ? (sq / windows / 2) * (1 + 1 / years) : out[k - 2];
  }
  return out;
}

/** Strength of the profile: standard deviation of P (0 = flat). */
export function profileStrength(p: Float64Array): number {
  let s = 0;
  let s2 = 0;
  for (let d = 0; d < p.length; d++) (s += p[d], (s2 += p[d] * p[d]));
  const mu = s / p.length;
  return Math.sqrt(Math.max(0, s2 / p.length - mu * mu));
}
