/**
 * Forecast accuracy measures (Hyndman & Koehler 2006; M5 competition guidelines):
 * - MASE  = mean|y - ŷ| / mean_{t>lag}|y_t - y_{t-lag}| (in-sample scale, lag = 1 or m)
 * - RMSSE = √( mean (y - ŷ)² / mean_{t>lag} (y_t - y_{t-lag})² )
 * - bias  = mean(ŷ - y) (positive = over-forecast), and scaled by the MASE denominator
 * - pinball loss of a quantile q_p:  mean( p (y - q)⁺ + (1 - p) (q - y)⁺ ), and coverage
 *   = share of outcomes at or below the quantile.
 * NaN actuals are skipped. A scale of 0 (constant history) gives NaN.
 */

/** Mean |y_t - y_{t-lag}| and mean (y_t - y_{t-lag})² over observed pairs of the history. */
export function naiveScale(insample: ArrayLike<number>, lag: number): { mae: number; mse: number } {
  let sa = 0;
  let s2 = 0;
  let k = 0;
  for (let t = lag; t < insample.length; t++) {
    const a = insample[t];
    const b = insample[t - lag];
    if (a !== a || b !== b) continue;
    sa += Math.abs(a - b);
    s2 += (a - b) ** 2;
    k++;
  }
  return k > 0 ? { mae: sa / k, mse: s2 / k } : { mae: NaN, mse: NaN };
}

/** Mean absolute scaled error of `forecast` against `actual` (same length). */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, insample: ArrayLike<number>, lag: number): number {
  const { mae } = naiveScale(insample, lag);
  let s = 0;
  let k = 0;
  for (let j = 0; j < actual.length; j++) if (actual[j] === actual[j]) (s += Math.abs(actual[j] - forecast[j]), k++);
  return mae > 0 && k > 0 ? s / k / mae : NaN;
}

/** Root mean squared scaled error (M5). */
export function rmsse(actual: ArrayLike<number>, forecast: ArrayLike<number>, insample: ArrayLike<number>, lag: number): number {
  const { mse } = naiveScale(insample, lag);
  let s = 0;
  let k = 0;
  for (let j = 0; j < actual.length; j++) if (actual[j] === actual[j]) (s += (actual[j] - forecast[j]) ** 2, k++);
  return mse > 0 && k > 0 ? Math.sqrt(s / k / mse) : NaN;
}

/** Mean error ŷ - y (units of demand per period). */
export function bias(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let s = 0;
  let k = 0;
  for (let j = 0; j < actual.length; j++) if (actual[j] === actual[j]) (s += forecast[j] - actual[j], k++);
  return k > 0 ? s / k : NaN;
}

/** Mean pinball (quantile) loss of quantile forecasts q at level p. */
export function pinball(actual: ArrayLike<number>, q: ArrayLike<number>, p: number): number {
  let s = 0;
  let k = 0;
  for (let j = 0; j < actual.length; j++) {
    const y = actual[j];
    if (y !== y) continue;
    s += y >= q[j] ? p * (y - q[j]) : (1 - p) * (q[j] - y);
    k++;
  }
  return k > 0 ? s / k : NaN;
}

/** Share of actuals at or below their quantile forecast (should be close to p). */
export function coverage(actual: ArrayLike<number>, q: ArrayLike<number>): number {
  let s = 0;
  let k = 0;
  for (let j = 0; j < actual.length; j++) if (actual[j] === actual[j]) (s += actual[j] <= q[j] ? 1 : 0, k++);
  return k > 0 ? s / k : NaN;
}
