/**
 * Launch forecasts: demand for a product with little or no history of its own, from a planner's
 * stated rate, and its hand-over to the product's own history as that grows. Pure.
 *
 * **The launch forecast.** A planner states the expected rate mu per day from the launch day on,
 * and how sure they are as a coefficient of variation c of that rate (a new product's rate is
 * uncertain as a whole, not day by day: if it sells half as well as hoped, it does so every day).
 * Demand over k days given the rate lambda is Poisson(lambda k); the rate is Gamma with mean mu and
 * CV c. Their mixture is negative binomial (the Gamma-Poisson mixture, Greenwood & Yule 1920) with
 *
 *   E[D_k] = M_k,   Var[D_k] = M_k + c^2 M_k^2,   M_k = mu x (days of the k from the launch day on)
 *
 * so the uncertainty grows with the horizon (the c^2 M_k^2 term) instead of averaging out as
 * independent days would. Before the launch day the mean is 0.
 *
 * **The hand-over.** With d days of the product's own history (since its first recorded day) and
 * a hand-over of H days, the history's forecast gets weight w = min(1, d / H) and the launch
 * forecast 1 - w. Sums over the horizon are the mixture of the two (either estimate may be the
 * right one):
 *
 *   mean = w m_h + (1 - w) m_l
 *   var  = w v_h + (1 - w) v_l + w (1 - w) (m_h - m_l)^2
 *
 * (the law of total variance for a two-point mixture). A launch that sells far from its stated
 * rate thus raises the uncertainty while the two disagree, and the history takes over linearly.
 *
 * **A relaunch.** A product that already sells, relaunched on a later day (new packaging, a
 * campaign), keeps its history's forecast until the launch day and the launch forecast from it
 * (launchAfter): means step by step, sums' variances added (the two periods independent).
 */
import { makeForecastResult } from './forecast-result.ts';
import type { ForecastResult } from './types.ts';

export interface LaunchInput {
  /** Expected demand per day from the launch day on (> 0). */
  ratePerDay: number;
  /** Coefficient of variation of that rate (>= 0; 0 = Poisson around a known rate). */
  cv: number;
  /** Days from the first forecast step to the launch day (0 = launched: demand from step 1). */
  startOffset: number;
  /** Steps to forecast (>= 1). */
  horizon: number;
}

/** The negative-binomial launch forecast (see the file header). */
export function launchForecast(input: LaunchInput): ForecastResult {
  const { ratePerDay: mu, cv, horizon } = input;
  if (!(mu > 0 && Number.isFinite(mu))) throw new RangeError(`launch rate must be > 0 (got ${mu})`);
  if (!(cv >= 0 && Number.isFinite(cv))) throw new RangeError(`launch cv must be >= 0 (got ${cv})`);
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw new RangeError(`horizon must be an integer >= 1 (got ${horizon})`);
  const start = Math.max(0, Math.floor(input.startOffset));
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  const cumVariance = new Float64Array(horizon);
  let M = 0;
  for (let j = 0; j < horizon; j++) {
    if (j >= start) {
      mean[j] = mu;
      variance[j] = mu + cv * cv * mu * mu;
      M += mu;
    }
    cumVariance[j] = M + cv * cv * M * M;
  }
  return makeForecastResult({ model: 'Launch', mean, variance, cumVariance, params: { launchRate: mu, launchCv: cv, launchStartOffset: start } }, 'none', 'negbin');
}

/**
 * The hand-over from a launch forecast to the history's (see the file header): weight `w` in
 * [0, 1] on `history`. Both must cover the same horizon. The family is the launch's negative
 * binomial while the launch forecast weighs at least half, else the history's.
 */
export function blendLaunch(history: ForecastResult, launch: ForecastResult, w: number): ForecastResult {
  if (!(w >= 0 && w <= 1)) throw new RangeError(`blend weight must be within [0, 1] (got ${w})`);
  const h = Math.min(history.mean.length, launch.mean.length);
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  const cumVariance = new Float64Array(h);
  const mix = (mh: number, vh: number, ml: number, vl: number) => w * vh + (1 - w) * vl + w * (1 - w) * (mh - ml) ** 2;
  for (let j = 0; j < h; j++) {
    mean[j] = w * history.mean[j] + (1 - w) * launch.mean[j];
    variance[j] = mix(history.mean[j], history.variance[j], launch.mean[j], launch.variance[j]);
    const a = history.horizonSum(j + 1);
    const b = launch.horizonSum(j + 1);
    cumVariance[j] = mix(a.mean, a.variance, b.mean, b.variance);
  }
  const params = { ...history.params, ...launch.params, historyWeight: w };
  return makeForecastResult({ model: `Launch + ${history.model}`, mean, variance, cumVariance, params }, w >= 0.5 ? history.demandClass : 'none', w >= 0.5 ? history.family : 'negbin');
}

/**
 * A relaunch (see the file header): `history`'s forecast for the steps before `start` (0-based:
 * the launch day's step), `launch`'s from it on. Both must cover the same horizon; `launch` is
 * expected to have no demand before `start` (launchForecast with that startOffset).
 */
export function launchAfter(history: ForecastResult, launch: ForecastResult, start: number): ForecastResult {
  const h = Math.min(history.mean.length, launch.mean.length);
  const k0 = Math.max(0, Math.min(h, Math.floor(start)));
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  const cumVariance = new Float64Array(h);
  const before = history.horizonSum(k0).variance;
  for (let j = 0; j < h; j++) {
    mean[j] = j < k0 ? history.mean[j] : launch.mean[j];
    variance[j] = j < k0 ? history.variance[j] : launch.variance[j];
    cumVariance[j] = (j < k0 ? history.horizonSum(j + 1).variance : before) + launch.horizonSum(j + 1).variance;
  }
  return makeForecastResult({ model: `${history.model}, then Launch`, mean, variance, cumVariance, params: { ...history.params, ...launch.params } }, 'none', 'negbin');
}
