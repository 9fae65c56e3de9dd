/**
 * Rolling-origin evaluation (Tashman 2000): the series is cut at several origins, each model is
 * fitted on the history up to the origin and scored on the next h periods. Used to compare
 * models on held-out data and to choose between them per series.
 */
import { bias, coverage, mase, pinball, rmsse } from './accuracy.ts';
import type { ForecastResult } from './types.ts';

export interface BacktestOptions {
  /** Forecast horizon per origin. */
  horizon: number;
  /** Number of origins (the last one leaves exactly h periods after it). Default 3. */
  origins?: number;
  /** Periods between consecutive origins. Default = horizon. */
  stride?: number;
  /** Lag of the naive scale for MASE/RMSSE (1 or the season). */
  scaleLag: number;
  /** Quantile levels scored with pinball loss and coverage. Default [0.5, 0.9, 0.95, 0.99]. */
  levels?: number[];
}

export interface BacktestScore {
  mase: number;
  rmsse: number;
  bias: number;
  pinball: Record<string, number>;
  coverage: Record<string, number>;
  origins: number;
}

/**
 * Scores `forecaster(history, h)` at rolling origins of y. Origins whose history is shorter than
 * `minHistory` (default 2h) are skipped. Metrics are averaged over origins (NaN if none).
 */
export function rollingOrigin(y: ArrayLike<number>, forecaster: (history: Float64Array, h: number) => ForecastResult, opts: BacktestOptions & { minHistory?: number }): BacktestScore {
  const h = opts.horizon;
  const stride = opts.stride ?? h;
  const origins = opts.origins ?? 3;
  const levels = opts.levels ?? [0.5, 0.9, 0.95, 0.99];
  const minHistory = opts.minHistory ?? 2 * h;
  const acc = { mase: 0, rmsse: 0, bias: 0, n: 0 };
  const pin: Record<string, number> = {};
  const cov: Record<string, number> = {};
  for (const p of levels) (pin[p] = 0), (cov[p] = 0);
  const yy = Float64Array.from(y as ArrayLike<number>);
  for (let o = 0; o < origins; o++) {
    const cut = yy.length - h - o * stride;
    if (cut < minHistory) break;
    const hist = yy.subarray(0, cut);
    const actual = yy.subarray(cut, cut + h);
    const f = forecaster(hist.slice(), h);
    const m1 = mase(actual, f.mean, hist, opts.scaleLag);
    if (!Number.isFinite(m1)) continue;
    acc.mase += m1;
    acc.rmsse += rmsse(actual, f.mean, hist, opts.scaleLag);
    acc.bias += bias(actual, f.mean);
    for (const p of levels) {
      const q = Float64Array.from({ length: h }, (_, j) => f.quantile(j + 1, p));
      pin[p] += pinball(actual, q, p);
      cov[p] += coverage(actual, q);
    }
    acc.n++;
  }
  const k = acc.n || NaN;
  for (const p of levels) (pin[p] /= k), (cov[p] /= k);
  return { mase: acc.mase / k, rmsse: acc.rmsse / k, bias: acc.bias / k, pinball: pin, coverage: cov, origins: acc.n };
}
