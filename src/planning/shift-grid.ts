/**
 * The safety-shift grid of a policy calibration and its selection rule (pure).
 *
 * A policy's safety shift z moves the plan's reorder point by z standard deviations of lead-time
 * demand (suggestion.ts). A calibration replays every z of CALIBRATION_GRID (plan-backtest.ts
 * `backtestPlanShifts`), pools the fill rate of the policy's pairs per z, and takes the smallest z
 * from which every higher z meets the target. Pooled fill is not strictly monotone in z (each z's
 * replay draws its own lead times as its orders come), so the first crossing alone can sit in a
 * dip; the last crossing is the level the replay supports. Used by the policy review
 * (policy-review.ts) and bench/plan-policy.ts.
 */

/** Safety shifts a calibration replays: -3 to +3 standard deviations of lead-time demand, step 0.05. */
export const CALIBRATION_GRID: readonly number[] = Array.from({ length: 121 }, (_, i) => Math.round((i - 60) * 5) / 100);

/**
 * A policy whose replayed fill is within this of its target keeps its shift: 1.5 points, the band
 * the project holds its policies to (the replenishment benchmark's). A review window is one draw
 * of demand and its miss need not persist: on the demo catalogue default-b read 94.5 % on
 * February-August and 97.0 % on August-November; NN5's 180 days before its second half read
 * 93.7 % at 0.95, and the +0.35 shift fitted there gave 97.0 % on the second half (95.8 % without).
 */
export const CALIBRATION_TOLERANCE = 0.015;

/**
 * The index into the grid of the smallest shift from which every higher one's pooled fill meets
 * `target` (null fills count as misses). `atLimit`: the grid's end was reached — even the highest
 * shift misses (index = the last), or the lowest already meets it (index 0).
 */
export function smallestMeetingShift(fills: readonly (number | null)[], target: number): { index: number; atLimit: boolean } {
  let j = fills.length;
  while (j > 0) {
    const f = fills[j - 1];
    if (f === null || f < target) break;
    j--;
  }
  if (j === fills.length) return { index: fills.length - 1, atLimit: true };
  return { index: j, atLimit: j === 0 };
}
