/**
 * The textbook baseline demand model: simple exponential smoothing (Brown 1959) for the mean,
 * the root-mean-square one-step-ahead error for the per-period standard deviation, and a normal
 * distribution whose variance grows linearly with the horizon (sigma^2 k, i.i.d. errors) -- the
 * "SES forecast + normal safety stock" of Silver, Pyke & Thomas (2017, ch. 4 and 7).
 *
 * The smoothing constant is chosen on a grid (0.05 .. 0.5) by in-sample one-step squared error
 * unless fixed. Missing observations (NaN) are skipped (the level is carried).
 */
import type { DemandForecast, DemandModel } from './demand-model.ts';

export interface SesNormalOptions {
  /** Fixed smoothing constant; default: chosen on a grid by one-step SSE. */
  alpha?: number;
}

const GRID = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];

/** Runs SES with constant alpha; returns the final level and the one-step error sum of squares. */
export function sesRun(y: ArrayLike<number>, alpha: number): { level: number; sse: number; n: number } {
  let level = NaN;
  let sse = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== v) continue;
    if (level !== level) {
      level = v;
      continue;
    }
    const e = v - level;
    sse += e * e;
    n++;
    level += alpha * e;
  }
  return { level, sse, n };
}

/** SES + normal demand model (see the file header). */
export function sesNormalModel(options: SesNormalOptions = {}): DemandModel {
  return {
    name: options.alpha !== undefined ? `SES(${options.alpha})+normal` : 'SES+normal',
    forecast(history: Float64Array): DemandForecast {
      let best = { alpha: options.alpha ?? 0.1, level: NaN, sse: Infinity, n: 0 };
      for (const a of options.alpha !== undefined ? [options.alpha] : GRID) {
        const r = sesRun(history, a);
        if (r.sse < best.sse || best.level !== best.level) best = { alpha: a, ...r };
      }
      const level = best.level === best.level ? Math.max(0, best.level) : 0;
      const sigma2 = best.n > 0 ? best.sse / best.n : level; // no errors yet: Poisson-like guess
      return {
        model: `SES(${best.alpha})+normal`,
        family: 'normal',
        horizonSum: (k: number) => ({ mean: level * k, variance: sigma2 * k }),
      };
    },
  };
}
