/**
 * Intermittent-demand methods, with smoothing parameters optimised on in-sample one-step MSE
 * (grid search in [0.01, 0.6]: step 0.05, then step 0.01 around the best point):
 *
 * - Croston (1972): SES of the non-zero demand sizes z and of the intervals p between them, with
 *   the same α; forecast per period z/p. Initialised as R's forecast::croston (first size, first
 *   interval counted from the start of the series).
 * - SBA, Syntetos & Boylan (2005): Croston × (1 - α/2), removing Croston's positive bias.
 * - TSB, Teunter, Syntetos & Babai (2011): the demand probability π is smoothed every period
 *   (β) and the size z on demand periods (α); forecast π·z. Unlike Croston it decays towards 0
 *   when demand stops (obsolescence). Initialised at the first demand (π = 1 / its position,
 *   z = its size), the errors counted after it -- except for a history with at most
 *   FEW_DEMANDS demands, which starts from its mean occurrence k/n and mean size with every
 *   period counted (Kourentzes' tsintermittent "mean" initialisation). With the first-demand start
 *   such a history leaves the fit one demand error or none: the errors after a lone demand are
 *   all zeros, smallest for the fastest decay, so the grid's β = 0.6 forecast a daily part that
 *   sold 2 units 12 days before at 2e-7 a day and the plan held nothing for it (carparts-daily,
 *   docs/planning.md). Counting the demand itself, a slow decay fits.
 *
 * Missing (NaN) periods are dropped before fitting (a censored period is neither a zero nor a
 * demand). Per-period variance: σ² = in-sample one-step MSE; the forecast mean itself is an SES
 * estimate with variance ≈ σ² α/(2-α), which is perfectly correlated across steps, so
 *   Var(step) = σ² + v_f,   Var(Σ_{j<=k}) = k σ² + k² v_f.
 */
import { bucketSums } from './buckets.ts';
import type { ModelForecast } from './types.ts';

export type IntermittentMethod = 'Croston' | 'SBA' | 'TSB';

interface Pass {
  sse: number;
  count: number;
  forecast: number;
}

function observed(y: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) out[k++] = y[i];
  return out;
}

function crostonPass(y: Float64Array, alpha: number, factor: number, out: Pass): Pass {
  const n = y.length;
  let i0 = 0;
  while (i0 < n && y[i0] === 0) i0++;
  out.sse = 0;
  out.count = 0;
  if (i0 >= n) {
    out.forecast = 0;
    return out;
  }
  let z = y[i0];
  let p = i0 + 1;
  let last = i0;
  for (let t = i0 + 1; t < n; t++) {
    const f = (factor * z) / p;
    const e = y[t] - f;
    out.sse += e * e;
    out.count++;
    if (y[t] !== 0) {
      z += alpha * (y[t] - z);
      p += alpha * (t - last - p);
      last = t;
    }
  }
  out.forecast = (factor * z) / p;
  return out;
}

/**
 * Histories with at most this many demands start TSB from their mean occurrence and size, every
 * period counted (see the file header).
 */
export const FEW_DEMANDS = 2;

/** Where a TSB pass starts: its first counted period and the state before it (see the file header). */
interface TsbStart {
  from: number;
  z: number;
  pi: number;
}

/** The TSB start of y, or null when y has no demand. */
function tsbStart(y: Float64Array): TsbStart | null {
  const n = y.length;
  let i0 = -1;
  let demands = 0;
  let total = 0;
  for (let t = 0; t < n; t++) {
    if (y[t] === 0) continue;
    if (i0 < 0) i0 = t;
    demands++;
    total += y[t];
  }
  if (i0 < 0) return null;
  return demands <= FEW_DEMANDS ? { from: 0, z: total / demands, pi: demands / n } : { from: i0 + 1, z: y[i0], pi: 1 / (i0 + 1) };
}

function tsbPass(y: Float64Array, start: TsbStart | null, alpha: number, beta: number, out: Pass): Pass {
  const n = y.length;
  out.sse = 0;
  out.count = 0;
  if (!start) {
    out.forecast = 0;
    return out;
  }
  let { z, pi } = start;
  for (let t = start.from; t < n; t++) {
    const f = pi * z;
    const e = y[t] - f;
    out.sse += e * e;
    out.count++;
    if (y[t] !== 0) {
      z += alpha * (y[t] - z);
      pi += beta * (1 - pi);
    } else pi -= beta * pi;
  }
  out.forecast = pi * z;
  return out;
}

const GRID_LO = 0.01;
const GRID_HI = 0.6;

/**
 * Fits Croston, SBA or TSB to y (NaN = missing) and forecasts h periods. With fixed `alpha`
 * (and `beta` for TSB) no optimisation is done (R's croston uses alpha = 0.1).
 */
export function forecastIntermittent(y: ArrayLike<number>, h: number, method: IntermittentMethod, fixed: { alpha?: number; beta?: number } = {}): ModelForecast {
  const x = observed(y);
  const pass: Pass = { sse: 0, count: 0, forecast: 0 };
  const factor = (a: number) => (method === 'SBA' ? 1 - a / 2 : 1);
  const start = method === 'TSB' ? tsbStart(x) : null;
  const sseAt = (a: number, b: number): number => (method === 'TSB' ? tsbPass(x, start, a, b, pass) : crostonPass(x, a, factor(a), pass)).sse;
  const range = (from: number, to: number, stepSize: number): number[] => {
    const out: number[] = [];
    for (let v = from; v <= to + 1e-9; v += stepSize) out.push(Math.round(v * 100) / 100);
    return out;
  };
  const near = (c: number) => range(Math.max(GRID_LO, c - 0.04), Math.min(GRID_HI, c + 0.04), 0.01);
  const argmin = (as: number[], bs: number[]): [number, number] => {
    let best = Infinity;
    let arg: [number, number] = [as[0], bs[0]];
    for (const a of as)
      for (const b of bs) {
        const v = sseAt(a, b);
        if (v < best) (best = v), (arg = [a, b]);
      }
    return arg;
  };
  const coarse = range(GRID_LO, GRID_HI, 0.05);
  const isTsb = method === 'TSB';
  // Coarse grid (step 0.05), then a fine grid (step 0.01) around the coarse optimum.
  let [bestA, bestB] = argmin(fixed.alpha !== undefined ? [fixed.alpha] : coarse, isTsb && fixed.beta === undefined ? coarse : [fixed.beta ?? 0.1]);
  [bestA, bestB] = argmin(fixed.alpha !== undefined ? [bestA] : near(bestA), isTsb && fixed.beta === undefined ? near(bestB) : [bestB]);
  sseAt(bestA, bestB);
  return constantForecast(method, pass.forecast, pass.count > 0 ? pass.sse / pass.count : sampleVariance(x), method === 'TSB' ? bestB : bestA, h, method === 'TSB' ? { alpha: bestA, beta: bestB } : { alpha: bestA });
}

/** Fewest buckets a bucketed fit needs (forecastIntermittentBuckets). */
export const MIN_BUCKETS = 4;

/**
 * Temporal aggregation (ADIDA: Nikolopoulos, Syntetos, Boylan, Petropoulos & Assimakopoulos
 * 2011): fits `method` to y summed into non-overlapping buckets of `bucket` periods and reads the
 * forecast back per period. Buckets are aligned to the end of the history (the oldest
 * y.length mod bucket periods are left out); a bucket's sum is scaled by bucket / its observed
 * periods (NaN = missing), and a bucket with none observed is missing. Per period: mean = the
 * bucket forecast / b, and with the bucket fit's noise sigma_b^2 and level variance v_b,
 *   Var(sum of k periods) = (k/b) sigma_b^2 + (k/b)^2 v_b
 * (exact at whole buckets). Why: a daily slow mover sells on a few days a month. Smoothed day by
 * day, TSB's level jumps on the day of a sale, which is when a min/max line's position falls to
 * its reorder point and it orders: on carparts' months spread over days (100 parts,
 * bench/plan-policy.ts, target 0.95) the order-up-to level at the moments of ordering averaged 8.8
 * units fitted day by day against 5.9 on weekly totals (2.4 against 2.6 over all days), and the
 * plan held 966 units against 442 for the same fill (92.6 / 92.5 %; docs/planning.md). On held-out
 * 21-day totals (bench/forecast-intermittent-daily.ts, 997 parts) the weekly fit is less biased
 * and better calibrated (scaled bias -0.017 vs -0.056, pinball 0.225 vs 0.228, coverage of the 0.9
 * quantile 0.82 vs 0.80), its RMSSE larger (0.568 vs 0.541). Null when there are fewer than
 * MIN_BUCKETS buckets.
 */
export function forecastIntermittentBuckets(y: ArrayLike<number>, h: number, method: IntermittentMethod, bucket: number): ModelForecast | null {
  if (!(Number.isInteger(bucket) && bucket >= 1)) throw new RangeError(`bucket must be a positive integer (got ${bucket})`);
  if (Math.floor(y.length / bucket) < MIN_BUCKETS) return null;
  // any observed period makes a bucket (scaled to its whole length); none observed: missing
  const sums = bucketSums(y, bucket, 1);
  const fb = forecastIntermittent(sums, Math.max(1, Math.ceil(h / bucket)), method);
  const noise = fb.params.sigma2;
  const level = Math.max(0, fb.variance[0] - noise);
  const mean = new Float64Array(h).fill(fb.mean[0] / bucket);
  const variance = new Float64Array(h).fill(noise / bucket + level / (bucket * bucket));
  const cumVariance = new Float64Array(h);
  for (let k = 1; k <= h; k++) cumVariance[k - 1] = (k / bucket) * noise + (k / bucket) ** 2 * level;
  // sigma2 per period, as every other model's (the buckets' own in sigma2_bucket): an explanation
  // that showed the weekly totals' variance as sigma2 read as a daily one
  return { model: bucket === 7 ? `${method}(weekly)` : `${method}(${bucket}-period buckets)`, mean, variance, cumVariance, params: { ...fb.params, sigma2: noise / bucket, sigma2_bucket: noise, bucket } };
}

/** Sample variance of observed values (0 for fewer than two). */
export function sampleVariance(x: ArrayLike<number>): number {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    n++;
    s += v;
    s2 += v * v;
  }
  if (n < 2) return 0;
  return Math.max(0, (s2 - (s * s) / n) / (n - 1));
}

/**
 * A flat forecast `level` with per-period noise σ² and an SES-like level estimate with smoothing
 * weight w (its variance σ² w/(2-w) is shared by all steps).
 */
export function constantForecast(model: string, level: number, sigma2: number, w: number, h: number, params: Record<string, number>): ModelForecast {
  const mean = new Float64Array(h).fill(level);
  const vf = (sigma2 * w) / (2 - w);
  const variance = new Float64Array(h).fill(sigma2 + vf);
  const cumVariance = new Float64Array(h);
  for (let k = 1; k <= h; k++) cumVariance[k - 1] = k * sigma2 + k * k * vf;
  return { model, mean, variance, cumVariance, params: { ...params, sigma2 } };
}
