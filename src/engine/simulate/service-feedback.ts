/**
 * Service feedback: the simulated policy reviews its own outcome. A segment's lever is fitted on the
 * warm-up history (segment-calibration.ts), which cannot foresee how demand drifts once the policy
 * runs (carparts' intermittent class fills 92.3 / 89.9 / 88.9 % at 0.90 out of sample for warm-ups
 * of 20 / 25 / 30 months while its replays give 89.3 / 91.1 / 91.4 %). A planner who sees a
 * segment running short raises its safety stock; this is that review, at every review period,
 * from only what is known then: the units the segment's items were asked for and served since the
 * simulation started.
 *
 * At a review, with g the segment's shortfall in units against the target beta beyond a band of
 * 1 point (FEEDBACK_BAND): g = beta D - U - 0.01 D when positive, beta D - U + 0.01 D when that is
 * negative (it over-delivers), else 0 (D demanded, U served over the p periods simulated so far), and
 * D_P = D P / p its demand per protection interval P = L + R, the fill rate of the next c protection
 * intervals (c = `catchUp`, default 2; about c D_P units) must change by
 *
 *   Delta = g / (c D_P (1 + P / p))
 *
 * to recover the shortfall over them. The factor 1 / (1 + P/p) damps it while few periods have
 * been seen (it is the shortfall measured as if one more protection interval had been served
 * exactly at the target: early fill rates rest on a handful of orders). The shift is read off the
 * segment's replayed fill curve F (segment-calibration.ts, shiftCurve: pooled fill of its warm-up
 * replays with its levels shifted by z): delta = F^-1(F(0) + Delta), by linear interpolation,
 * clamped to [-1, 1] (FEEDBACK_MAX_SHIFT). Near a high target F rises slowly and falls fast, so a
 * single slope overshoots (on NN5 at 0.98, L = 21 days, a slope taken at the lever swung the
 * shift from -1.2 to +3 sd). The clamp keeps the start-up transient from buying a wave of stock:
 * unclamped (the curve's own range, +-3), carparts' intermittent class fell to 88 % in the first
 * three months at 0.95 (L = 1), the curve asked +2.5 sd, and the catalogue held 14-28 % more stock
 * at 0.95 / 0.98 for 0.5 points of fill; clamped to 1 sd, 8-11 % more (3-8 % with the band below).
 *
 * The band follows the product's own rule (its policy review leaves a policy within 1.5 points of
 * its target alone; here 1 point, so that the feedback stops inside the bench's ±1.5 band):
 * without it, a segment that over-delivers early (every fill rate starts at 100 %) is lowered, then
 * raised again, and the swings cost stock; on NN5 (L = 21 days) the feedback without a band held
 * 19,239 units for 98.0 % at 0.98 where the open loop held 19,071 for 98.8 %; with the band,
 * 18,131 for 98.5 %.
 *
 * It is integral control on the cumulative fill rate: it acts until the shortfall is made up (to
 * the band's edge), and uses nothing of the periods still to come.
 *
 * What it cannot do: recover a loss in the last lead time (stock ordered then arrives too late), or
 * make a class of a few series show its fill rate to a point (carparts' 14 erratic parts demand 215
 * units over 26 months; one spike decides their fill rate).
 */

/** Default number of protection intervals over which a shortfall is recovered. */
export const DEFAULT_CATCH_UP = 2;
/**
 * A fill rate so far within this of the target (1 point) is left alone; beyond it only the excess
 * counts (see the file header).
 */
export const FEEDBACK_BAND = 0.01;
/**
 * Largest feedback shift either way (standard deviations of protection demand): the feedback
 * corrects the calibrated lever, it does not replace it (see the file header).
 */
export const FEEDBACK_MAX_SHIFT = 1;

/** A segment's replayed fill rate per extra shift z (z ascending, fill non-decreasing). */
export interface FillCurve {
  z: readonly number[];
  fill: readonly number[];
}

/** A segment's outcome so far. */
export interface SegmentOutcome {
  /** Units demanded and served over the periods simulated so far. */
  demanded: number;
  served: number;
  /** Periods simulated so far. */
  periods: number;
}

/** The change of fill rate that recovers the shortfall over the next `catchUp` protection intervals (Delta in the file header). */
export function neededFillChange(target: number, o: SegmentOutcome, protectionPeriods: number, catchUp = DEFAULT_CATCH_UP): number {
  if (!(o.demanded > 0 && o.periods > 0 && protectionPeriods > 0 && catchUp > 0)) return 0;
  // units short of the target (negative: over it), beyond the tolerated band
  const raw = target * o.demanded - o.served;
  const excess = Math.max(0, Math.abs(raw) - FEEDBACK_BAND * o.demanded);
  if (excess === 0) return 0;
  const shortfall = raw > 0 ? excess : -excess;
  const perInterval = (o.demanded * protectionPeriods) / o.periods;
  return shortfall / (catchUp * perInterval * (1 + protectionPeriods / o.periods));
}

/**
 * The feedback shift (see the file header): the z at which the curve's fill is F(0) + Delta; 0
 * before any demand, or when the curve is flat (it cannot say how the fill moves).
 */
export function feedbackShift(target: number, o: SegmentOutcome, protectionPeriods: number, curve: FillCurve, catchUp = DEFAULT_CATCH_UP): number {
  const delta = neededFillChange(target, o, protectionPeriods, catchUp);
  const { z, fill } = curve;
  const n = z.length;
  if (delta === 0 || n < 2 || !(fill[n - 1] > fill[0])) return 0;
  const f0 = interpolate(z, fill, 0);
  const want = f0 + delta;
  return Math.max(-FEEDBACK_MAX_SHIFT, Math.min(FEEDBACK_MAX_SHIFT, shiftAt(z, fill, want)));
}

/** The smallest z at which the curve reaches `want` (linear between grid points; its ends outside). */
function shiftAt(z: readonly number[], fill: readonly number[], want: number): number {
  const n = z.length;
  if (want <= fill[0]) return z[0];
  if (want >= fill[n - 1]) return z[n - 1];
  // the first grid step whose fill reaches `want`, then linear within it; on a flat stretch at
  // `want` (fill[i - 1] = want) the smallest such z
  let i = 1;
  while (fill[i] < want) i++;
  const a = fill[i - 1];
  const b = fill[i];
  return b > a ? z[i - 1] + ((want - a) / (b - a)) * (z[i] - z[i - 1]) : z[i - 1];
}

/** y at x on a piecewise-linear curve (xs ascending), clamped to its ends. */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (x <= xs[0]) return ys[0];
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]) return ys[i - 1] + ((x - xs[i - 1]) / (xs[i] - xs[i - 1])) * (ys[i] - ys[i - 1]);
  }
  return ys[ys.length - 1];
}

/**
 * The demand-weighted mean of several segments' curves on the same grid (for a segment without its
 * own, e.g. never-sold items); null when there are none.
 */
export function pooledCurve(curves: { curve: FillCurve; weight: number }[]): FillCurve | null {
  const used = curves.filter((c) => c.weight > 0 && c.curve.z.length > 0);
  if (used.length === 0) return null;
  const total = used.reduce((a, c) => a + c.weight, 0);
  const z = used[0].curve.z;
  const fill = z.map((_, i) => used.reduce((a, c) => a + c.weight * c.curve.fill[i], 0) / total);
  return { z, fill };
}
