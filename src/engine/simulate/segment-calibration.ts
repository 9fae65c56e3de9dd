/**
 * Pooled calibration of the safety factor per demand segment: the policy's own outcome review,
 * done on the history known at planning time.
 *
 * The analytic level S (loss functions of the forecast's distribution, simulate-series.ts) is
 * exact only when the forecast's mean and spread are right. Real catalogues break that in
 * systematic, segment-wide ways: smoothing lags a declining range (too much stock), the spread of
 * lumpy demand is measured on few events, lost sales feed back into the order stream. Per series the
 * history is far too short to measure that (one part with 25 months of history says nothing about
 * its own fill rate), but pooled over every item of a demand class it is measurable.
 *
 * Method (simulation optimisation, Fu 1994; Kleijnen 2008 ch. 6; one parameter per segment):
 * 1. for every item, replay the policy over the second half of its known history (from the period
 *    after its first demand at the earliest), re-planned at every review from only the data before
 *    that review, with the simulator's timeline (orders arrive L periods later, unmet demand lost
 *    or backordered): at review j the level is
 *
 *        S_j(z) = round(S_j + z sigma_j)
 *
 *    where S_j is the analytic level and sigma_j the standard deviation of protection-interval
 *    demand of the forecast made at j;
 * 2. per segment, pool the replays: fill(z) = sum of units served / sum of units demanded over
 *    all its items, non-decreasing in z; bisection finds the smallest z in [Z_MIN, Z_MAX] with
 *    fill(z) >= target. Only the replayed periods in which the item is established count: at least
 *    `matureAfter` periods after its first demand (default a quarter of its known history, 6 of 25
 *    monthly periods). The replay is still run from its start, so stock bought earlier carries
 *    over; what is left out is the launch transient, whose forecasts rest on a handful of
 *    observations and which the warm-up over-represents: it starts earlier in the items' lives
 *    than the simulation does (carparts, L = 2: 284 of 895 intermittent items are within 3 periods
 *    of their first sale when their replay starts, 49 of 913 when the simulation starts; their
 *    replayed fill is 0.64 against 0.96 for items selling for 12 periods, so counting them made
 *    the whole class look under-stocked and its shift too high);
 * 3. a segment with fewer than `minSeries` items or `minDemand` replayed units uses the shift of
 *    all items pooled together (a single item calibrates alone).
 * The plan at a later review then uses S = round(S + z sigma) with its segment's z: one shift per
 * segment, fitted on thousands of item-periods, so it cannot chase an item's noise.
 *
 * Smooth demand: a demand scale instead of the shift (`scaleSegments`, default ['smooth']). When
 * demand is frequent and regular, what the analytic level gets wrong is mostly the *mean*:
 * exponential smoothing lags a range in decline (or growth), and the measured k-period spread then
 * carries the lag too. A shift in standard deviations corrects that badly once demand keeps
 * falling, because sigma shrinks with the level (carparts: every one of the 44 smooth parts declines
 * through the simulation, 107 -> 68 -> 37 -> 29 units per month for the class over months 1-13,
 * 14-25, 26-38, 39-51; fitted on the warm-up, the shift left the class 1.1-2.3 points over the
 * target in 4 of 9 set-ups, and the z that would have hit out of sample was up to 0.6 lower). The
 * scale lever multiplies the forecast's demand by m before the level is solved (mean m mu; count
 * variance by binomial thinning, demand-scale.ts), so the correction is proportional to the level
 * and carries over as the level falls: on carparts m = 0.47-0.58 at every lead time and target,
 * and the smooth class lands within 1.5 points in 9 of 9 set-ups with 6-27 % less stock. It is
 * fitted on the segment's **stable members** only (smooth both when the replay starts and on the
 * whole known history): the items the scale will plan are the ones smooth at the end of the
 * history, and those that leave the class during the replay (turning lumpy or intermittent) are
 * planned with another segment's lever. (Fitted on all items smooth at replay start, the class
 * stayed over in 4 of 9; at warm-ups of 20 and 30 months instead of 25, the stable-member scale met
 * the band in 8 and 7 of 9 set-ups against 2 and 6 for the shift.) The shift segments keep every
 * item classed in them at replay start: with stable members only, the intermittent and lumpy
 * classes fell out of the band in all 9 set-ups (the items whose class held are the ones whose
 * replay went as expected). The scale does not suit them either (out of sample 1-17 points short
 * on carparts' intermittent, lumpy and erratic classes: their levels are set by the timing and size
 * of rare orders, not by a biased mean).
 *
 * Second lever: one cycle-service level for the whole segment. A fill-rate target is a promise
 * about the segment's units, not each item's: minimising total stock subject to the pooled fill
 * rate (Lagrange: d E[served_i] / d S_i = P(D_i > S_i) equal for every item) gives every item the
 * same stockout probability per cycle, i.e. one cycle-service level c, rather than one fill rate
 * each (which spends heavily on items whose spread is wide for their volume). The replay also
 * finds the smallest c in [CSL_MIN, CSL_MAX] whose pooled fill meets the target (levels
 * cycleServiceLevel, the smallest whole S with P(D_{L+R} <= S) >= c), and the segment takes the
 * lever with less replayed stock per item-period (M3 monthly, L = 2, 0.90: 860 against 1,369 units
 * per item-period; out of sample 1.15 M units at 0.905 fill against 1.95 M at 0.899).
 * Its pooled fill depends on the segment's mix (high-spread items get a lower fill), so it is only
 * tried when the segment's membership is stable: at least `cslMinStability` (0.9) of its items are
 * in it both when their replay starts and on their whole history. On carparts the lumpy (0.45),
 * smooth (0.46) and erratic (0.33) classes are not, and with the common level they fell 4-5 points
 * short out of sample; NN5 (1.00) and M3's smooth class (0.99) are. A segment too small to
 * calibrate, pooled with all items, uses the shift.
 */
import { createRng, type Distribution } from '../stats/index.ts';
import { levelForCycleService } from '../policy/service-level.ts';
import type { DemandModel } from './demand-model.ts';
import { demandSegment } from './demand-segment.ts';
import { PeriodStock } from './period-stock.ts';
import { planFromForecast, type SimulationOptions } from './simulate-series.ts';

/** Segments calibrated with the demand scale instead of the z shift by default (see the header). */
export const DEFAULT_SCALE_SEGMENTS: readonly string[] = ['smooth'];

export const Z_MIN = -3;
export const Z_MAX = 3;

/** A level planned at one replayed review: the analytic order-up-to level and sigma of protection demand. */
export interface PlannedLevel {
  orderUpTo: number;
  sd: number;
  /** The forecast's protection-interval demand distribution (null when it expects nothing). */
  protection?: Distribution | null;
  /** The analytic level with the same forecast's demand scaled by a factor (the `scale` lever; set only for segments that use it). */
  scaled?: (factor: number) => number;
}

/** Bounds of the common cycle-service level searched by the calibration. */
export const CSL_MIN = 0.01;
export const CSL_MAX = 0.999;

/**
 * The level a common cycle-service level c gives: the smallest whole S with P(D_{L+R} <= S) >= c,
 * exactly as planOrderUpTo plans a cycle-service target (0 when the forecast expects nothing).
 */
export function cycleServiceLevel(p: PlannedLevel, c: number): number {
  if (!p.protection || !(p.protection.mean > 0)) return 0;
  return Math.max(0, Math.ceil(levelForCycleService(p.protection, c) - 1e-9));
}

/**
 * The level a shift z gives: round(S + z sigma), at least 0. Rounded to nearest, not up: with up,
 * any z > 0 would add a whole unit to every slow mover at once and the pooled fill rate would jump
 * instead of rising with z.
 */
export function shiftedLevel(p: PlannedLevel, z: number): number {
  return Math.max(0, Math.round(p.orderUpTo + z * p.sd));
}

/** Bounds of the demand scale searched by the calibration. */
export const SCALE_MIN = 0.05;
export const SCALE_MAX = 3;

/** The level a demand scale m gives: the analytic level of the forecast scaled by m (demand-scale.ts). */
export function scaledLevel(p: PlannedLevel, m: number): number {
  return m === 1 || !p.scaled ? p.orderUpTo : p.scaled(m);
}

export interface ReplayInput {
  /** Demand known at planning time (oldest first, NaN = missing). */
  y: Float64Array;
  /** 0-based index of the first replayed period (its first review). */
  start: number;
  /** 0-based index of the first period whose demand counts (default start); earlier ones are replayed only. */
  measureFrom?: number;
  /** Levels planned at the reviews start, start + R, ... */
  plans: PlannedLevel[];
  /** The item's segment when its replay starts (its calibration group; planReplay sets it). */
  segment?: string;
}

/** Outcome of a replay over its counted periods. */
export interface ReplayOutcome {
  served: number;
  demanded: number;
  /** Sum of end-of-period on hand over the counted periods, and their number. */
  onHand: number;
  periods: number;
}

/**
 * Replays the levels `level(plan)` over y[start..] with the simulator's timeline: receive, review
 * (the first review sets on hand to its level), demand. Counts periods from measureFrom on.
 */
export function replayLevels(input: ReplayInput, level: (p: PlannedLevel) => number, opts: Pick<SimulationOptions, 'leadTime' | 'leadTimeSd' | 'reviewPeriod' | 'backorders' | 'seed'>): ReplayOutcome {
  const { y, start, plans } = input;
  const measureFrom = input.measureFrom ?? start;
  const L = opts.leadTime;
  const ltSd = opts.leadTimeSd ?? 0;
  const R = opts.reviewPeriod;
  const n = y.length;
  const stock = new PeriodStock(n, L, ltSd, !!opts.backorders, createRng(opts.seed ?? 1));
  let served = 0;
  let demanded = 0;
  let onHand = 0;
  let periods = 0;
  for (let j = start; j < n; j++) {
    stock.receive(j);
    if ((j - start) % R === 0) {
      const S = level(plans[(j - start) / R]);
      if (j === start) stock.onHand = S;
      stock.orderUpTo(S, j);
    }
    const d = y[j];
    if (d === d && d > 0) {
      const s = stock.serve(d);
      if (j >= measureFrom) {
        served += s;
        demanded += d;
      }
    }
    if (j >= measureFrom) {
      onHand += stock.onHand;
      periods++;
    }
  }
  return { served, demanded, onHand, periods };
}

/** Replays planned levels shifted by z (see replayLevels); returns units served and demanded. */
export function replayShifted(input: ReplayInput, z: number, opts: Pick<SimulationOptions, 'leadTime' | 'leadTimeSd' | 'reviewPeriod' | 'backorders' | 'seed'>): { served: number; demanded: number } {
  const r = replayLevels(input, (p) => shiftedLevel(p, z), opts);
  return { served: r.served, demanded: r.demanded };
}

export interface SegmentItem {
  /** Demand known at planning time (oldest first, NaN = missing). */
  history: Float64Array;
  /** The item's forecasting model when it differs from the options' model (e.g. a per-item cache). */
  model?: DemandModel;
}

export interface SegmentCalibrationOptions extends Omit<SimulationOptions, 'warmup' | 'safetyShift'> {
  /** Share of each item's known history replayed (default 0.5: the second half). */
  replayShare?: number;
  /** Demand events (periods with demand) an item needs before its first replayed period (default 1). */
  minPriorDemands?: number;
  /**
   * Periods after an item's first demand before its replayed periods count towards the pooled
   * fill rate (see the file header); default floor(known history / 4). 0 counts every period.
   */
  matureAfter?: number;
  /**
   * 'both' (default): the shift may lower or raise levels; 'lower': only lower them (z <= 0), for
   * a replay known to be pessimistic. Counting every replayed period made it so (launch periods,
   * see matureAfter), and 'lower' was the default then; with launch periods left out, the
   * intermittent class at a 0.98 target needs its level raised (replayed 0.969 at z = 0 on
   * carparts, L = 2; out of sample 96.1 % with 'lower', 97.2 % with 'both').
   */
  direction?: 'lower' | 'both';
  /** Fewest items for a segment to calibrate on its own (default 10). */
  minSeries?: number;
  /** Fewest units demanded in a segment's replays (default 50). */
  minDemand?: number;
  /**
   * Also try one cycle-service level per stable segment and use it when it replays to the target
   * with less stock (default true; see the header). The shift is always available.
   */
  cycleServiceLever?: boolean;
  /**
   * Fewest share of a segment's items that are in it both when their replay starts and at the end
   * of their known history for the common cycle-service level to be considered (default 0.9; see
   * the header).
   */
  cslMinStability?: number;
  /**
   * Segments that correct their levels with the demand scale m (the forecast's mean, and its count
   * variance by thinning, times m) instead of the z shift (default ['smooth']; see the header).
   */
  scaleSegments?: string[];
}

export interface SegmentShift {
  segment: string;
  /**
   * How the segment plans: 'shift' = each item's fill-rate level moved by z sd of its protection
   * demand; 'cycle-service' = every item at the segment's common cycle-service level, which meets
   * the pooled fill-rate target with less stock when the items' spreads differ (see the header).
   */
  lever: 'shift' | 'scale' | 'cycle-service';
  /** Shift of the order-up-to level in standard deviations of protection demand (lever 'shift'; 0 otherwise). */
  z: number;
  /** Factor on the forecast's demand before the level is solved (lever 'scale'). */
  scale?: number;
  /** The common cycle-service level (lever 'cycle-service'). */
  cycleService?: number;
  /** Items of the segment (with replayable history). */
  series: number;
  /** Units demanded over the replays the shift was fitted on (all items' when pooled). */
  demanded: number;
  /** Pooled replayed fill rate at z = 0 (the analytic policy) and with the chosen lever. */
  analyticFill: number;
  replayedFill: number;
  /**
   * Pooled replayed fill with the chosen levers shifted by an extra z (FEEDBACK_GRID; shiftCurve):
   * how the service feedback turns a needed change of fill rate into a shift.
   */
  feedbackCurve: { z: number[]; fill: number[] };
  /**
   * Mean replayed on hand per item-period at the solutions of the per-item lever (the shift, or the
   * scale for a scale segment) and of the common cycle-service level (null when that lever was not
   * tried or cannot reach the target).
   */
  replayedOnHand: { perItem: number; perItemLever: 'shift' | 'scale'; cycleService: number | null };
  /**
   * Share of the segment's items classed in it both when their replay starts and on their whole
   * known history: both / max(at start, at the end). A common cycle-service level is only tried when
   * this is at least cslMinStability.
   */
  stability: number;
  /** Set when the segment was too small and took the shift of all items pooled ('all', with their count). */
  pooledWith?: string;
  pooledSeries?: number;
}

/** Index of the first replayed period for a history (see the file header); -1 when nothing to replay. */
export function replayStart(y: Float64Array, share: number, reviewPeriod: number, minPriorDemands = 1): number {
  let first = -1;
  let events = 0;
  for (let i = 0; i < y.length && events < minPriorDemands; i++) {
    if (y[i] > 0) {
      events++;
      first = i;
    }
  }
  if (events < minPriorDemands) return -1;
  const start = Math.max(first + 1, Math.floor(y.length * (1 - share)), 1);
  return start + reviewPeriod <= y.length ? start : -1;
}

interface LeverSolution {
  x: number;
  fill: number;
  onHand: number;
  demanded: number;
  reached: boolean;
}

/**
 * Smallest x in [lo, hi] (to within tol) whose pooled replayed fill rate with levels level(x)
 * meets the target, by bisection (fill is non-decreasing in x); reached = false when even hi falls
 * short (x = hi then).
 */
function solveLever(replays: ReplayInput[], target: number, level: (x: number) => (p: PlannedLevel) => number, lo: number, hi: number, tol: number, opts: SegmentCalibrationOptions): LeverSolution {
  const at = (x: number): LeverSolution => ({ x, ...pooledReplay(replays, level(x), opts), reached: true });
  const low = at(lo);
  if (low.fill >= target) return low;
  let best = at(hi);
  if (best.fill < target) return { ...best, reached: false };
  let a = lo;
  let b = hi;
  while (b - a > tol) {
    const m = at(0.5 * (a + b));
    if (m.fill >= target) {
      b = m.x;
      best = m;
    } else a = m.x;
  }
  return best;
}

/** Pooled outcome of replaying every item with levels `level`: fill rate, mean on hand per counted item-period, units demanded. */
function pooledReplay(replays: ReplayInput[], level: (p: PlannedLevel) => number, opts: SegmentCalibrationOptions): { fill: number; onHand: number; demanded: number } {
  let served = 0;
  let demanded = 0;
  let onHand = 0;
  let periods = 0;
  for (const r of replays) {
    const o = replayLevels(r, level, opts);
    served += o.served;
    demanded += o.demanded;
    onHand += o.onHand;
    periods += o.periods;
  }
  return { fill: demanded > 0 ? served / demanded : 1, onHand: periods > 0 ? onHand / periods : 0, demanded };
}

/**
 * The segment's lever: the per-item one (the z shift, or the demand scale when `useScale`), or the
 * common cycle-service level when it needs less replayed stock.
 */
function solveSegment(replays: ReplayInput[], target: number, opts: SegmentCalibrationOptions, allowCsl: boolean, useScale: boolean): Omit<SegmentShift, 'segment' | 'series' | 'stability'> {
  const analytic = pooledReplay(replays, (p) => shiftedLevel(p, 0), opts);
  const lowerOnly = (opts.direction ?? 'both') === 'lower';
  const neutral = useScale ? 1 : 0;
  // the scale's neutral point m = 1 is the analytic policy: its fill says which side to search
  let own = useScale
    ? solveLever(replays, target, (m) => (p) => scaledLevel(p, m), analytic.fill >= target ? SCALE_MIN : 1, analytic.fill >= target ? 1 : SCALE_MAX, 0.002, opts)
    : solveLever(replays, target, (z) => (p) => shiftedLevel(p, z), Z_MIN, Z_MAX, 0.005, opts);
  if (lowerOnly && own.x > neutral) own = { x: neutral, ...analytic, reached: analytic.fill >= target };
  const csl = allowCsl && opts.cycleServiceLever !== false ? solveLever(replays, target, (c) => (p) => cycleServiceLevel(p, c), CSL_MIN, CSL_MAX, 0.0005, opts) : null;
  const useCsl = csl !== null && csl.reached && (!own.reached || csl.onHand < own.onHand);
  const chosen: (p: PlannedLevel) => number = useCsl ? (p) => cycleServiceLevel(p, csl.x) : useScale ? (p) => scaledLevel(p, own.x) : (p) => p.orderUpTo + own.x * p.sd;
  const feedbackCurve = shiftCurve(replays, chosen, opts);
  const common = { demanded: analytic.demanded, analyticFill: analytic.fill, feedbackCurve, replayedOnHand: { perItem: own.onHand, perItemLever: useScale ? ('scale' as const) : ('shift' as const), cycleService: csl && csl.reached ? csl.onHand : null } };
  if (useCsl) return { ...common, lever: 'cycle-service', z: 0, cycleService: csl.x, replayedFill: csl.fill };
  return useScale ? { ...common, lever: 'scale', z: 0, scale: own.x, replayedFill: own.fill } : { ...common, lever: 'shift', z: own.x, replayedFill: own.fill };
}

/** The extra shifts (sd of protection demand) at which shiftCurve replays a segment: -3, -2.75, ..., 3. */
export const FEEDBACK_GRID: readonly number[] = Array.from({ length: 25 }, (_, i) => -3 + 0.25 * i);

/**
 * The segment's pooled replayed fill rate with its chosen levels shifted by each extra z of
 * FEEDBACK_GRID (round(level + z sd), at least 0, as the plan rounds a shift), made non-decreasing
 * (a running maximum: rounding can make the pooled fill dip by a hair). The service feedback of
 * simulate-portfolio.ts reads from it how far to shift for a given change of fill rate: near a
 * high target the fill rises slowly with z and falls fast, and a single slope would overshoot.
 */
function shiftCurve(replays: ReplayInput[], level: (p: PlannedLevel) => number, opts: SegmentCalibrationOptions): { z: number[]; fill: number[] } {
  const fill: number[] = [];
  for (const z of FEEDBACK_GRID) {
    const f = pooledReplay(replays, (p) => Math.max(0, Math.round(level(p) + z * p.sd)), opts).fill;
    fill.push(Math.max(f, fill.length ? fill[fill.length - 1] : 0));
  }
  return { z: [...FEEDBACK_GRID], fill };
}

/** The analytic levels an item's replay needs, planned from only the data before each review. */
export function planReplay(history: Float64Array, opts: SegmentCalibrationOptions, model: DemandModel = opts.model): ReplayInput | null {
  const R = opts.reviewPeriod;
  const start = replayStart(history, opts.replayShare ?? 0.5, R, opts.minPriorDemands ?? 1);
  if (start < 0) return null;
  let first = 0;
  while (first < history.length && !(history[first] > 0)) first++;
  const matureAfter = opts.matureAfter ?? Math.floor(history.length / 4);
  const measureFrom = Math.max(start, first + matureAfter);
  if (measureFrom >= history.length) return null;
  const plans: PlannedLevel[] = [];
  // the item plans as a member of the segment it has when its replay starts (its calibration group)
  const segment = demandSegment(history.subarray(0, start));
  const scaleLever = (opts.scaleSegments ?? DEFAULT_SCALE_SEGMENTS).includes(segment);
  for (let j = start; j < history.length; j += R) {
    const known = history.subarray(0, j);
    const o: SimulationOptions = { ...opts, model, warmup: j, safetyShift: undefined, demandScale: undefined, segment };
    // one forecast per review; the scale lever re-solves its level for each factor tried
    const f = model.forecast(known, Math.ceil(opts.leadTime + R), undefined, { segment });
    const p = planFromForecast(f, known, o);
    const scaled = scaleLever ? (m: number) => planFromForecast(f, known, { ...o, demandScale: { factor: m, note: '' } }).orderUpTo : undefined;
    plans.push({ orderUpTo: p.orderUpTo, sd: p.explanation.protectionDemand.sd, protection: p.protection, scaled });
  }
  return { y: history, start, measureFrom, plans, segment };
}

/**
 * Calibrates one safety shift per segment (see the file header). Fill-rate targets only. Items
 * with no demand in their history cannot be replayed and do not count.
 */
export function calibrateSegments(items: SegmentItem[], opts: SegmentCalibrationOptions): Map<string, SegmentShift> {
  if (opts.target.kind !== 'fill-rate') throw new RangeError('segment calibration needs a fill-rate target');
  const target = opts.target.rate;
  const minSeries = opts.minSeries ?? 10;
  const minDemand = opts.minDemand ?? 50;
  const scaleSegments = opts.scaleSegments ?? DEFAULT_SCALE_SEGMENTS;
  const bySegment = new Map<string, ReplayInput[]>();
  const membership = new Map<string, { start: number; end: number; both: number }>();
  const member = (k: string) => {
    let m = membership.get(k);
    if (!m) membership.set(k, (m = { start: 0, end: 0, both: 0 }));
    return m;
  };
  const all: ReplayInput[] = [];
  for (const item of items) {
    const r = planReplay(item.history, opts, item.model);
    if (!r) continue;
    all.push(r);
    // the segment the item had when its replay began: classing it on the replayed data itself would
    // select the items whose replay went badly (a part is 'lumpy' because of the spikes the replay
    // then fails to serve) and calibrate on that selection
    const segment = r.segment ?? demandSegment(item.history.subarray(0, r.start));
    const atEnd = demandSegment(item.history);
    member(segment).start++;
    member(atEnd).end++;
    if (atEnd === segment) member(segment).both++;
    // a demand-scale segment calibrates on its stable members only: those still in it at the end
    // of the known history, i.e. the items its scale will plan (see the header)
    const list = bySegment.get(segment) ?? [];
    bySegment.set(segment, list);
    if (scaleSegments.includes(segment) && atEnd !== segment) continue;
    list.push(r);
  }
  const out = new Map<string, SegmentShift>();
  if (all.length === 0) return out;
  const minStability = opts.cslMinStability ?? 0.9;
  // the pooled fallback serves a small segment whose mix the pooled replay does not represent:
  // per-item levels (the shift) only
  const pooledOpts = { ...opts, cycleServiceLever: false };
  let pooled: ReturnType<typeof solveSegment> | null = null;
  for (const [segment, replays] of bySegment) {
    const m = member(segment);
    const stability = m.both / Math.max(m.start, m.end, 1);
    const own = replays.length >= minSeries || replays.length === all.length ? solveSegment(replays, target, opts, stability >= minStability, scaleSegments.includes(segment)) : null;
    if (own && (own.demanded >= minDemand || replays.length === all.length)) {
      out.set(segment, { segment, series: replays.length, stability, ...own });
    } else {
      pooled ??= solveSegment(all, target, pooledOpts, false, false);
      out.set(segment, { segment, series: replays.length, stability, ...pooled, pooledWith: 'all', pooledSeries: all.length });
    }
  }
  return out;
}
