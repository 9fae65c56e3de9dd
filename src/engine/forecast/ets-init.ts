/**
 * Heuristic initial states for ETS, following R's forecast::ets `initstate()`: seasonal indices
 * from a classical decomposition of the first three seasons (or of all data if shorter, at least
 * two seasons), level and trend from a least-squares line through the first max(10, 2m)
 * seasonally adjusted observations. Missing values (NaN) are skipped.
 */
import type { EtsSpec } from './ets-core.ts';

export interface InitialStates {
  l0: number;
  b0: number;
  /** Seasonal indices in observation order: season0[i] applies to observation i (i < m). */
  season0: Float64Array;
}

/** Classical decomposition seasonal indices (additive: sum 0; multiplicative: mean 1). */
export function classicalSeasonal(y: ArrayLike<number>, m: number, multiplicative: boolean, nUse: number): Float64Array {
  const n = Math.min(nUse, y.length);
  const half = Math.floor(m / 2);
  const sum = new Float64Array(m);
  const cnt = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    // centred moving average (2×m when m even)
    let acc = 0;
    let w = 0;
    let ok = true;
    for (let k = -half; k <= half; k++) {
      const wt = m % 2 === 0 && (k === -half || k === half) ? 0.5 : 1;
      const v = y[t + k];
      if (v !== v) {
        ok = false;
        break;
      }
      acc += wt * v;
      w += wt;
    }
    if (!ok || y[t] !== y[t]) continue;
    const trend = acc / w;
    const d = multiplicative ? (trend !== 0 ? y[t] / trend : NaN) : y[t] - trend;
    if (d !== d) continue;
    sum[t % m] += d;
    cnt[t % m]++;
  }
  const s = new Float64Array(m);
  let tot = 0;
  for (let j = 0; j < m; j++) {
    s[j] = cnt[j] > 0 ? sum[j] / cnt[j] : multiplicative ? 1 : 0;
    tot += s[j];
  }
  const mean = tot / m;
  for (let j = 0; j < m; j++) s[j] = multiplicative ? (mean > 0 ? s[j] / mean : 1) : s[j] - mean;
  return s;
}

/** Initial level, trend and seasonal states for the given model (see file comment). */
export function initialStates(y: ArrayLike<number>, spec: EtsSpec): InitialStates {
  const n = y.length;
  const m = spec.m;
  let season0: Float64Array = new Float64Array(0);
  const mult = spec.season === 'M';
  if (spec.season !== 'N') {
    season0 = classicalSeasonal(y, m, mult, Math.max(2 * m + 1, Math.min(3 * m, n)));
    if (mult) {
      let s = 0;
      for (let j = 0; j < m; j++) {
        season0[j] = Math.max(season0[j], 1e-2);
        s += season0[j];
      }
      for (let j = 0; j < m; j++) season0[j] *= m / s;
    }
  }
  const maxn = Math.min(Math.max(10, 2 * m), n);
  // seasonally adjusted first observations
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let k = 0;
  for (let t = 0; t < maxn; t++) {
    let v = y[t];
    if (v !== v) continue;
    if (spec.season === 'A') v -= season0[t % m];
    else if (mult) v /= season0[t % m];
    const x = t + 1;
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
    k++;
  }
  if (k === 0) {
    // nothing observed at the start: use the first observed value
    for (let t = 0; t < n; t++) if (y[t] === y[t]) return { l0: y[t], b0: 0, season0 };
    return { l0: 0, b0: 0, season0 };
  }
  if (spec.trend === 'N' || k < 2) return { l0: sy / k, b0: 0, season0 };
  const den = k * sxx - sx * sx;
  const slope = den !== 0 ? (k * sxy - sx * sy) / den : 0;
  let l0 = (sy - slope * sx) / k;
  let b0 = slope;
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 1e-3;
    b0 *= 1 - 1e-3;
  }
  return { l0, b0, season0 };
}
