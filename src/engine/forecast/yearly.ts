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

/** Estimates the profile (length 365, index = t mod 365), or null when it cannot be estimated. */
export function yearlyProfile(y: ArrayLike<number>): Float64Array | null {
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
  const sum = new Float64Array(YEAR);
  const cnt = new Float64Array(YEAR);
  for (let t = 3; t < n - 3; t++) {
    let acc = 0;
    let c = 0;
    for (let j = -3; j <= 3; j++) {
      const v = y[t + j];
      if (v === v) (acc += v, c++);
    }
    const trend = icpt + slope * t;
    if (c < 4 || !(trend > 0)) continue;
    sum[t % YEAR] += acc / c / trend;
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

/** Strength of the profile: standard deviation of P (0 = flat). */
export function profileStrength(p: Float64Array): number {
  let s = 0;
  let s2 = 0;
  for (let d = 0; d < p.length; d++) (s += p[d], (s2 += p[d] * p[d]));
  const mu = s / p.length;
  return Math.sqrt(Math.max(0, s2 / p.length - mu * mu));
}
