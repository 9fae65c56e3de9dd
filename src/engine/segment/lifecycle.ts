/**
 * Lifecycle stage of a SKU from its recent demand (pure): new, active, slow (fading) or dead.
 *
 * ABC × XYZ says how much a SKU is worth and how variable it is; the lifecycle says where it is
 * in its life, which the same figures hide: a product launched six weeks ago is "C" because it
 * has only sold for six weeks, a product whose sales are fading still ranks by last year's value,
 * and one nobody has bought for half a year still holds stock. Planners give them different rules
 * (a launch plan, a run-down, a clearance), so a policy can select them (PolicySelector.lifecycle).
 *
 * Rules, in order (n = days of the window, the last day is the day before the planning day):
 * 1. **new**: a launch forecast is handing over; or no demand in the window and no stock held
 *    longer than `deadDays` (nothing sold yet); or the first demand came within the last `newDays`.
 * 2. **dead**: no demand for more than `deadDays` (and stock held that long, when none ever sold).
 * 3. **slow** (fading): no demand for more than `quietDays`; or, with at least `quietDays` of
 *    history before the last `quietDays`, the last `quietDays`' rate below `slowShare` of the rate
 *    before them.
 * 4. **active**: the rest.
 * Defaults: newDays 90, quietDays 90, deadDays 180 (the excess horizon's default: stock held that
 * long without a sale is the excess report's dead stock too), slowShare 0.5.
 *
 * The thresholds follow common practice for slow-moving and obsolete stock (SLOB reviews: no
 * movement in 90 / 180 days; e.g. Silver, Pyke & Thomas 2017 §2.7 on slow-moving items); they are
 * rules of thumb stated with every result, not estimates.
 */

export type Lifecycle = 'new' | 'active' | 'slow' | 'dead';
export const LIFECYCLES: readonly Lifecycle[] = ['new', 'active', 'slow', 'dead'];

export interface LifecycleRules {
  newDays: number;
  quietDays: number;
  deadDays: number;
  slowShare: number;
}

export const LIFECYCLE_RULES: LifecycleRules = { newDays: 90, quietDays: 90, deadDays: 180, slowShare: 0.5 };

export interface LifecycleInput {
  /** Daily demand over the window, oldest first (the last entry is the day before the planning day). */
  daily: ArrayLike<number>;
  /** Index of the first recorded day in the window (daily.length when there is none). */
  first: number;
  /** Days since the oldest units on hand came in (null: nothing on hand). */
  oldestStockDays: number | null;
  /** A launch forecast is handing over (the product is being launched). */
  launching: boolean;
}

export interface LifecycleResult {
  stage: Lifecycle;
  /** Why, in a few words with the figures. */
  reason: string;
}

const rate = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** The lifecycle stage of one SKU (see the file header). */
export function classifyLifecycle(x: LifecycleInput, rules: LifecycleRules = LIFECYCLE_RULES): LifecycleResult {
  const n = x.daily.length;
  if (x.launching) return { stage: 'new', reason: 'a launch forecast is handing over' };
  let last = -1;
  let firstDemand = -1;
  for (let d = 0; d < n; d++) {
    if (x.daily[d] > 0) {
      if (firstDemand < 0) firstDemand = d;
      last = d;
    }
  }
  if (last < 0) {
    if (x.oldestStockDays !== null && x.oldestStockDays > rules.deadDays) return { stage: 'dead', reason: `no demand in ${n} days, stock held ${x.oldestStockDays} days` };
    return { stage: 'new', reason: x.oldestStockDays === null ? 'no demand yet' : `no demand yet, stock held ${x.oldestStockDays} days` };
  }
  const since = n - 1 - last;
  const start = Math.max(0, Math.min(x.first, firstDemand));
  if (firstDemand >= n - rules.newDays && start >= n - rules.newDays) return { stage: 'new', reason: `first demand ${n - firstDemand} days ago` };
  if (since > rules.deadDays) return { stage: 'dead', reason: `no demand for ${since} days` };
  if (since > rules.quietDays) return { stage: 'slow', reason: `no demand for ${since} days` };
  const q = rules.quietDays;
  const before = n - q - start;
  if (before >= q) {
    let recent = 0;
    for (let d = n - q; d < n; d++) recent += x.daily[d];
    let earlier = 0;
    for (let d = start; d < n - q; d++) earlier += x.daily[d];
    const r1 = recent / q;
    const r0 = earlier / before;
    if (r0 > 0 && r1 < rules.slowShare * r0) return { stage: 'slow', reason: `${rate(r1)}/day over the last ${q} days against ${rate(r0)}/day before: fading` };
  }
  return { stage: 'active', reason: `demand ${since === 0 ? 'yesterday' : `${since} days ago`}` };
}
