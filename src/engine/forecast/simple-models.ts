/**
 * Benchmark methods: naive, seasonal naive, mean and moving average (Hyndman & Athanasopoulos,
 * "Forecasting: Principles and Practice", 3rd ed., §5.2 and §5.5 for their forecast variances).
 * σ² is the mean squared in-sample one-step residual; NaN observations are skipped.
 */
import { psiVariances } from './linear-variance.ts';
import type { ModelForecast } from './types.ts';

function lastObserved(y: ArrayLike<number>): number {
  for (let i = y.length - 1; i >= 0; i--) if (y[i] === y[i]) return y[i];
  return 0;
}

/** Naive (random walk): ŷ_{n+j} = y_n; Var_j = jσ², σ² = mean (y_t - y_{t-1})². */
export function forecastNaive(y: ArrayLike<number>, h: number): ModelForecast {
  let s = 0;
  let k = 0;
  let prev = NaN;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== v) continue;
    if (prev === prev) (s += (v - prev) ** 2, k++);
    prev = v;
  }
  const sigma2 = k > 0 ? s / k : 0;
  const mean = new Float64Array(h).fill(lastObserved(y));
  const c = new Float64Array(h).fill(1);
  return { model: 'Naive', mean, ...psiVariances(sigma2, c, null, h), params: { sigma2 } };
}

/** Seasonal naive: ŷ_{n+j} = y_{n+j-m·ceil(j/m)}; Var_j = ceil(j/m) σ². */
export function forecastSeasonalNaive(y: ArrayLike<number>, m: number, h: number): ModelForecast {
  if (m <= 1) return { ...forecastNaive(y, h), model: 'SNaive' };
  const n = y.length;
  const lastBySeason = new Float64Array(m).fill(NaN);
  let s = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (v !== v) continue;
    const prev = lastBySeason[i % m];
    if (prev === prev && i >= m && y[i - m] === y[i - m]) (s += (v - y[i - m]) ** 2, k++);
    lastBySeason[i % m] = v;
  }
  const fallback = lastObserved(y);
  const mean = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    const v = lastBySeason[(n + j) % m];
    mean[j] = v === v ? v : fallback;
  }
  const c = new Float64Array(h);
  for (let j = 0; j < h; j++) c[j] = j % m === 0 ? 1 : 0;
  const sigma2 = k > 0 ? s / k : 0;
  return { model: 'SNaive', mean, ...psiVariances(sigma2, c, null, h), params: { sigma2 } };
}

/** Mean of all observations; Var_j = σ²(1 + 1/n); Var(Σ_{j<=k}) = kσ² + k²σ²/n. */
export function forecastMean(y: ArrayLike<number>, h: number): ModelForecast {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) (n++, (s += y[i]), (s2 += y[i] * y[i]));
  const mu = n > 0 ? s / n : 0;
  const sigma2 = n > 1 ? Math.max(0, (s2 - n * mu * mu) / (n - 1)) : 0;
  return windowForecast('Mean', mu, sigma2, Math.max(n, 1), h, { window: n, sigma2 });
}

function windowForecast(model: string, level: number, sigma2: number, window: number, h: number, params: Record<string, number>): ModelForecast {
  const mean = new Float64Array(h).fill(level);
  const variance = new Float64Array(h).fill(sigma2 * (1 + 1 / window));
  const cumVariance = new Float64Array(h);
  for (let k = 1; k <= h; k++) cumVariance[k - 1] = k * sigma2 + (k * k * sigma2) / window;
  return { model, mean, variance, cumVariance, params };
}

/**
 * Moving average of the last w observations, w chosen in 2..min(maxWindow, n-1) by in-sample
 * one-step MSE (or fixed with `window`). Variances as for the mean of w iid observations.
 */
export function forecastMovingAverage(y: ArrayLike<number>, h: number, opts: { window?: number; maxWindow?: number } = {}): ModelForecast {
  const x: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) x.push(y[i]);
  const n = x.length;
  if (n < 3) return { ...forecastMean(y, h), model: 'MA' };
  const cands = opts.window ? [Math.min(opts.window, n)] : [];
  if (!opts.window) for (let w = 2; w <= Math.min(opts.maxWindow ?? 28, n - 1); w++) cands.push(w);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + x[i];
  let best = cands[0];
  let bestMse = Infinity;
  let bestSigma = 0;
  const start = Math.max(...cands);
  for (const w of cands) {
    let s = 0;
    let k = 0;
    for (let t = Math.max(w, start); t < n; t++) {
      const f = (prefix[t] - prefix[t - w]) / w;
      s += (x[t] - f) ** 2;
      k++;
    }
    const mse = k > 0 ? s / k : Infinity;
    if (mse < bestMse) (bestMse = mse, (best = w), (bestSigma = mse));
  }
  if (!Number.isFinite(bestMse)) bestSigma = 0;
  const level = (prefix[n] - prefix[n - best]) / best;
  // the one-step MSE already includes the estimation error of the average: split it back
  const sigma2 = bestSigma / (1 + 1 / best);
  return windowForecast('MA', level, sigma2, best, h, { window: best, sigma2 });
}
