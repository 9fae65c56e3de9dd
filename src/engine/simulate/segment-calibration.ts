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
 *    fill(z) >= target;
 * 3. a segment with fewer than `minSeries` items or `minDemand` replayed units uses the shift of
 *    all items pooled together (a single item calibrates alone).
 * The plan at a later review then uses S = ceil(S + z sigma) with its segment's z: one shift per
 * segment, fitted on thousands of item-periods, so it cannot chase an item's noise.
 */
import { createRng } from '../stats/index.ts';
import type { DemandModel } from './demand-model.ts';
import { demandSegment } from './demand-segment.ts';
import { PeriodStock } from './period-stock.ts';
import { planOrderUpTo, type SimulationOptions } from './simulate-series.ts';

export const Z_MIN = -3;
export const Z_MAX = 3;

/** A level planned at one replayed review: the analytic order-up-to level and sigma of protection demand. */
export interface PlannedLevel {
  orderUpTo: number;
  sd: number;
}

/**
 * The level a shift z gives: round(S + z sigma), at least 0. Rounded to nearest, not up: with up,
 * any z > 0 would add a whole unit to every slow mover at once and the pooled fill rate would jump
 * instead of rising with z.
 */
export function shiftedLevel(p: PlannedLevel, z: number): number {
  return Math.max(0, Math.round(p.orderUpTo + z * p.sd));
}

export interface ReplayInput {
  /** Demand known at planning time (oldest first, NaN = missing). */
  y: Float64Array;
  /** 0-based index of the first replayed period (its first review). */
  start: number;
  /** Levels planned at the reviews start, start + R, ... */
  plans: PlannedLevel[];
}

/**
 * Replays planned levels shifted by z over y[start..] with the simulator's timeline: receive, review
 * (the first review sets on hand to its level), demand. Returns units served and demanded.
 */
export function replayShifted(input: ReplayInput, z: number, opts: Pick<SimulationOptions, 'leadTime' | 'leadTimeSd' | 'reviewPeriod' | 'backorders' | 'seed'>): { served: number; demanded: number } {
  const { y, start, plans } = input;
  const L = opts.leadTime;
  const ltSd = opts.leadTimeSd ?? 0;
  const R = opts.reviewPeriod;
  const n = y.length;
  const stock = new PeriodStock(n, L, ltSd, !!opts.backorders, createRng(opts.seed ?? 1));
  let served = 0;
  let demanded = 0;
  for (let j = start; j < n; j++) {
    stock.receive(j);
    if ((j - start) % R === 0) {
      const S = shiftedLevel(plans[(j - start) / R], z);
      if (j === start) stock.onHand = S;
      stock.orderUpTo(S, j);
    }
    const d = y[j];
    if (d === d && d > 0) {
      served += stock.serve(d);
      demanded += d;
    }
  }
  return { served, demanded };
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
   * 'lower' (default): the shift may only lower levels (z <= 0); 'both': raise them too. The replay
   * plans from shorter histories than the live policy has (its forecasts are worse), so its fill
   * rate at a given z is pessimistic: a replay that over-delivers is evidence that stock can be cut,
   * one that under-delivers is not evidence enough to add stock beyond the analytic level.
   */
  direction?: 'lower' | 'both';
  /** Fewest items for a segment to calibrate on its own (default 10). */
  minSeries?: number;
  /** Fewest units demanded in a segment's replays (default 50). */
  minDemand?: number;
}

export interface SegmentShift {
  segment: string;
  /** Shift of the order-up-to level in standard deviations of protection demand. */
  z: number;
  /** Items of the segment (with replayable history). */
  series: number;
  /** Units demanded over the replays the shift was fitted on (all items' when pooled). */
  demanded: number;
  /** Pooled replayed fill rate at z = 0 (the analytic policy) and at the chosen z. */
  analyticFill: number;
  replayedFill: number;
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

/** Pooled shift of a set of replays: smallest z with fill(z) >= target (bisection on [Z_MIN, Z_MAX]). */
function solveShift(replays: ReplayInput[], target: number, opts: SegmentCalibrationOptions): { z: number; analyticFill: number; replayedFill: number; demanded: number } {
  const fill = (z: number) => {
    let s = 0;
    let d = 0;
    for (const r of replays) {
      const x = replayShifted(r, z, opts);
      s += x.served;
      d += x.demanded;
    }
    return { fill: d > 0 ? s / d : 1, demanded: d };
  };
  const at0 = fill(0);
  const lo0 = fill(Z_MIN);
  if (lo0.fill >= target) return { z: Z_MIN, analyticFill: at0.fill, replayedFill: lo0.fill, demanded: at0.demanded };
  const hi0 = fill(Z_MAX);
  if (hi0.fill < target) return { z: Z_MAX, analyticFill: at0.fill, replayedFill: hi0.fill, demanded: at0.demanded };
  let lo = Z_MIN;
  let hi = Z_MAX;
  let fillHi = hi0.fill;
  if (at0.fill >= target) {
    hi = 0;
    fillHi = at0.fill;
  } else lo = 0;
  while (hi - lo > 0.005) {
    const m = 0.5 * (lo + hi);
    const f = fill(m).fill;
    if (f >= target) {
      hi = m;
      fillHi = f;
    } else lo = m;
  }
  return { z: hi, analyticFill: at0.fill, replayedFill: fillHi, demanded: at0.demanded };
}

/** The analytic levels an item's replay needs, planned from only the data before each review. */
export function planReplay(history: Float64Array, opts: SegmentCalibrationOptions, model: DemandModel = opts.model): ReplayInput | null {
  const R = opts.reviewPeriod;
  const start = replayStart(history, opts.replayShare ?? 0.5, R, opts.minPriorDemands ?? 1);
  if (start < 0) return null;
  const plans: PlannedLevel[] = [];
  for (let j = start; j < history.length; j += R) {
    const p = planOrderUpTo(history.subarray(0, j), undefined, { ...opts, model, warmup: j, safetyShift: undefined });
    plans.push({ orderUpTo: p.orderUpTo, sd: p.explanation.protectionDemand.sd });
  }
  return { y: history, start, plans };
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
  const bySegment = new Map<string, ReplayInput[]>();
  const all: ReplayInput[] = [];
  for (const item of items) {
    const r = planReplay(item.history, opts, item.model);
    if (!r) continue;
    all.push(r);
    // the segment the item had when its replay began: classing it on the replayed data itself would
    // select the items whose replay went badly (a part is 'lumpy' because of the spikes the replay
    // then fails to serve) and calibrate on that selection
    const segment = demandSegment(item.history.subarray(0, r.start));
    const list = bySegment.get(segment) ?? [];
    list.push(r);
    bySegment.set(segment, list);
  }
  const out = new Map<string, SegmentShift>();
  if (all.length === 0) return out;
  const cap = (x: { z: number; analyticFill: number; replayedFill: number; demanded: number }) =>
    (opts.direction ?? 'lower') === 'lower' && x.z > 0 ? { ...x, z: 0, replayedFill: x.analyticFill } : x;
  const pooled = cap(solveShift(all, target, opts));
  for (const [segment, replays] of bySegment) {
    const own = replays.length >= minSeries || replays.length === all.length ? cap(solveShift(replays, target, opts)) : null;
    if (own && (own.demanded >= minDemand || replays.length === all.length)) {
      out.set(segment, { segment, z: own.z, series: replays.length, demanded: own.demanded, analyticFill: own.analyticFill, replayedFill: own.replayedFill });
    } else {
      out.set(segment, { segment, z: pooled.z, series: replays.length, demanded: pooled.demanded, analyticFill: pooled.analyticFill, replayedFill: pooled.replayedFill, pooledWith: 'all', pooledSeries: all.length });
    }
  }
  return out;
}
