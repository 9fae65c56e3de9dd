/**
 * The Theta method of Assimakopoulos & Nikolopoulos (2000), in the SES-with-drift form shown by
 * Hyndman & Billah (2003) and implemented by R's forecast::thetaf:
 *   1. if m > 1 and n > 2m, test seasonality with the lag-m autocorrelation at 90%
 *      (|r_m| > 1.645 √((1 + 2 Σ_{k<m} r_k²)/n)) and if seasonal divide by classical
 *      multiplicative seasonal indices;
 *   2. fit SES (ETS(A,N,N) by maximum likelihood) to the (adjusted) series;
 *   3. ŷ_{n+j} = SES_{n+j} + (b/2) [ (j-1) + (1 - (1-α)^n)/α ],  b = OLS slope on t;
 *   4. re-seasonalise.
 * Variances are those of the underlying SES model (as thetaf), scaled by the seasonal index.
 */
import { classicalSeasonal } from './ets-init.ts';
import { fitEtsLinear } from './ets-fit-linear.ts';
import { forecastEts } from './ets-fit.ts';
import { normalQuantile } from './special-functions.ts';
import type { ModelForecast } from './types.ts';

/** Sample autocorrelations r_1..r_maxLag (pairs with a NaN are skipped). */
export function autocorrelations(y: ArrayLike<number>, maxLag: number): Float64Array {
  const n = y.length;
  let s = 0;
  let k = 0;
  for (let i = 0; i < n; i++) if (y[i] === y[i]) (s += y[i], k++);
  const mu = k > 0 ? s / k : 0;
  let den = 0;
  for (let i = 0; i < n; i++) if (y[i] === y[i]) den += (y[i] - mu) ** 2;
  const r = new Float64Array(maxLag);
  for (let lag = 1; lag <= maxLag; lag++) {
    let num = 0;
    for (let i = 0; i + lag < n; i++) {
      const a = y[i];
      const b = y[i + lag];
      if (a === a && b === b) num += (a - mu) * (b - mu);
    }
    r[lag - 1] = den > 0 ? num / den : 0;
  }
  return r;
}

/** True when the lag-m autocorrelation is significant at 90% (thetaf's seasonality test). */
export function isSeasonal(y: ArrayLike<number>, m: number): boolean {
  let n = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) (n++, (lo = Math.min(lo, y[i])), (hi = Math.max(hi, y[i])));
  if (m <= 1 || y.length <= 2 * m || lo === hi) return false;
  const r = autocorrelations(y, m);
  let s = 0;
  for (let k = 0; k < m - 1; k++) s += r[k] * r[k];
  const stat = Math.sqrt((1 + 2 * s) / n);
  return Math.abs(r[m - 1]) / stat > normalQuantile(0.95);
}

/** Theta method forecast for h steps (null when SES cannot be fitted). */
export function forecastTheta(y: ArrayLike<number>, m: number, h: number): ModelForecast | null {
  const n = y.length;
  let positive = true;
  for (let i = 0; i < n; i++) if (y[i] === y[i] && y[i] <= 0) positive = false;
  const seasonal = positive && isSeasonal(y, m);
  const x = new Float64Array(n);
  let idx: Float64Array | null = null;
  if (seasonal) {
    const cand = classicalSeasonal(y, m, true, n);
    let ok = true;
    for (let j = 0; j < m; j++) if (!(Math.abs(cand[j]) > 1e-4)) ok = false;
    if (ok) idx = cand;
  }
  for (let i = 0; i < n; i++) x[i] = idx ? y[i] / idx[i % m] : y[i];
  const fit = fitEtsLinear(x, { error: 'A', trend: 'N', season: 'N', m: 1 });
  if (!fit) return null;
  const f = forecastEts(fit, h);
  // OLS slope of x on t (observed points)
  let k = 0;
  let st = 0;
  let sx = 0;
  let stt = 0;
  let stx = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] !== x[i]) continue;
    k++;
    st += i;
    sx += x[i];
    stt += i * i;
    stx += i * x[i];
  }
  const den = k * stt - st * st;
  const b = den !== 0 ? (k * stx - st * sx) / den : 0;
  const alpha = Math.max(1e-10, fit.params.alpha);
  const drift = (1 - Math.pow(1 - alpha, n)) / alpha;
  for (let j = 0; j < h; j++) {
    f.mean[j] += (b / 2) * (j + drift);
    if (idx) {
      const s = idx[(n + j) % m];
      f.mean[j] *= s;
      f.variance[j] *= s * s;
    }
  }
  if (idx) {
    // rescale cumulative variances by the average squared index over the horizon (approximation)
    let acc = 0;
    for (let j = 0; j < h; j++) {
      const s = idx[(n + j) % m];
      acc += s * s;
      f.cumVariance[j] *= acc / (j + 1);
    }
  }
  return { model: 'Theta', ...f, params: { alpha, drift: b / 2, seasonal: idx ? 1 : 0, sigma2: fit.sigma2 } };
}
