/**
 * Policy backtest of a whole catalogue: every series is simulated with simulateSeries (same
 * timeline and measures). For fill-rate targets two catalogue-level steps come first, both fitted
 * on the warm-up history only: the lever of each demand segment -- a safety shift of the items'
 * fill-rate levels (for smooth demand a scale on the forecast's demand), or one cycle-service level
 * for all of them where that needs less stock -- calibrated on the pooled warm-up history of its
 * items (segment-calibration.ts), and the level held by an item that has not sold yet: the launch
 * quantity of the catalogue's items that started selling during the warm-up (dormant-prior.ts).
 *
 * Segments are the Syntetos-Boylan demand classes of each item's warm-up history (smooth, erratic,
 * intermittent, lumpy; ADI 1.32, CV^2 0.49), and 'none' for an item with no demand in it. Only
 * warm-up data is used to calibrate, so nothing of the simulated periods leaks into the policy.
 */
import type { DemandModel } from './demand-model.ts';
import { defaultWarmup } from './default-warmup.ts';
import { demandSegment } from './demand-segment.ts';
import { dormantPrior, type DormantPrior } from './dormant-prior.ts';
import { calibrateSegments, type SegmentCalibrationOptions, type SegmentShift } from './segment-calibration.ts';
import { DEFAULT_CATCH_UP, feedbackShift, pooledCurve, type FillCurve, type SegmentOutcome } from './service-feedback.ts';
import { SeriesStepper, type SeriesSimulation, type SimulationOptions } from './simulate-series.ts';

export interface PortfolioSeries {
  id: string;
  /** Demand per period, oldest first (NaN = missing). */
  y: Float64Array;
}

export interface PortfolioOptions extends Omit<SimulationOptions, 'warmup' | 'safetyShift' | 'model'> {
  /** Forecasting model (or one per series id, e.g. a cached wrapper). */
  model: DemandModel | ((id: string) => DemandModel);
  /** Warm-up W for every series (default defaultWarmup(n, season) per series). */
  warmup?: number;
  /** Seasonal period, for the default warm-up (default 1). */
  season?: number;
  /**
   * Calibrate one safety shift per segment on the pooled warm-up history (default true; only for
   * fill-rate targets and uncensored history).
   */
  calibrate?: boolean;
  /**
   * Stock items with no demand in their history at the launch quantity learnt from the catalogue's
   * launches (dormant-prior.ts; default true for fill-rate targets and uncensored history); false =
   * such items hold nothing until they sell.
   */
  dormantPrior?: boolean;
  /**
   * Service feedback (service-feedback.ts): at every review each segment's levels are shifted by
   * its shortfall against the target so far (default true when the segments are calibrated, which
   * gives each its replayed fill curve); false = open loop, the warm-up's levers only.
   */
  feedback?: boolean;
  /** Protection intervals over which the feedback recovers a shortfall (default DEFAULT_CATCH_UP). */
  catchUp?: number;
  /** Calibration settings (replayed share of history, smallest segment, levers; see SegmentCalibrationOptions). */
  calibration?: Pick<SegmentCalibrationOptions, 'replayShare' | 'minSeries' | 'minDemand' | 'matureAfter' | 'direction' | 'cycleServiceLever' | 'cslMinStability' | 'scaleSegments'>;
}

export interface PortfolioItemResult {
  id: string;
  /** Demand segment of the warm-up history. */
  segment: string;
  warmup: number;
  r: SeriesSimulation;
}

export interface PortfolioSimulation {
  results: PortfolioItemResult[];
  /** The calibrated shift per segment (empty when not calibrated). */
  calibration: SegmentShift[];
  /** The level for never-sold items (null when not used). */
  dormant: DormantPrior | null;
  /** The service feedback per segment (empty when off). */
  feedback: SegmentFeedback[];
}

/** What the service feedback did for one segment over the simulation. */
export interface SegmentFeedback {
  segment: string;
  /** The replayed fill curve it used (the segment's own, or the demand-weighted mean of all segments'). */
  curve: FillCurve;
  /** Smallest, largest and last feedback shift applied (sd of protection demand). */
  minShift: number;
  maxShift: number;
  lastShift: number;
}

/** Simulates every series, with segment calibration first (see the file header). */
export function simulatePortfolio(series: PortfolioSeries[], opts: PortfolioOptions): PortfolioSimulation {
  if (opts.catchUp !== undefined && !(opts.catchUp > 0)) throw new RangeError(`catch-up must be a number of protection intervals > 0 (got ${opts.catchUp})`);
  const modelFor = typeof opts.model === 'function' ? opts.model : () => opts.model as DemandModel;
  const items = series.map((s) => {
    const n = s.y.length;
    const W = opts.warmup ?? defaultWarmup(n, opts.season ?? 1);
    if (!(Number.isInteger(W) && W >= 1 && W < n)) throw new RangeError(`series "${s.id}" has ${n} periods: warm-up ${W} leaves nothing to simulate`);
    return { s, W, segment: demandSegment(s.y.subarray(0, W)) };
  });
  const base = { ...opts, model: undefined, warmup: undefined, season: undefined, calibration: undefined, feedback: undefined, catchUp: undefined };
  const calibrate = opts.calibrate !== false && opts.target.kind === 'fill-rate' && !opts.censorHistory;
  const shifts = calibrate
    ? calibrateSegments(
        items.map((it) => ({ history: it.s.y.subarray(0, it.W), model: modelFor(it.s.id) })),
        { ...base, ...opts.calibration, model: modelFor('') } as SegmentCalibrationOptions,
      )
    : new Map<string, SegmentShift>();
  let dormant: DormantPrior | null = null;
  if (opts.dormantPrior !== false && opts.target.kind === 'fill-rate' && !opts.censorHistory) {
    dormant = dormantPrior(items.map((it) => it.s.y.subarray(0, it.W)), opts.leadTime, opts.reviewPeriod, opts.target.rate);
  }
  const dormantOpt = dormant ? { orderUpTo: dormant.orderUpTo, note: dormantNote(dormant) } : undefined;
  const stepperFor = (it: (typeof items)[number]) => {
    const shift = shifts.get(it.segment);
    const lever = shift?.lever;
    return new SeriesStepper(it.s.y, {
      ...(base as unknown as SimulationOptions),
      model: modelFor(it.s.id),
      warmup: it.W,
      segment: it.segment,
      ...(lever === 'cycle-service' ? { target: { kind: 'cycle-service' as const, level: shift!.cycleService! }, planNote: shiftNote(shift!) } : {}),
      safetyShift: lever === 'shift' ? { z: shift!.z, note: shiftNote(shift!) } : undefined,
      demandScale: lever === 'scale' ? { factor: shift!.scale!, note: shiftNote(shift!) } : undefined,
      dormant: dormantOpt,
    });
  };
  const wantFeedback = calibrate && opts.feedback !== false && shifts.size > 0 && opts.target.kind === 'fill-rate';
  // a segment without its own curve (e.g. never-sold items) uses the catalogue's
  const catalogue = wantFeedback ? pooledCurve([...shifts.values()].map((x) => ({ curve: x.feedbackCurve, weight: x.demanded }))) : null;
  const feedbackBySegment = new Map<string, SegmentFeedback>();
  if (catalogue) {
    for (const it of items) {
      if (!feedbackBySegment.has(it.segment)) feedbackBySegment.set(it.segment, { segment: it.segment, curve: shifts.get(it.segment)?.feedbackCurve ?? catalogue, minShift: 0, maxShift: 0, lastShift: 0 });
    }
  }
  let results: PortfolioItemResult[];
  if (feedbackBySegment.size === 0) {
    // open loop: one series at a time (only one stepper's arrays alive)
    results = items.map((it) => {
      const st = stepperFor(it);
      for (let t = it.W + 1; t <= it.s.y.length; t++) st.step(t);
      return { id: it.s.id, segment: it.segment, warmup: it.W, r: st.result() };
    });
  } else {
    const steppers = items.map(stepperFor);
    stepWithFeedback(items, steppers, feedbackBySegment, opts);
    results = items.map((it, k) => ({ id: it.s.id, segment: it.segment, warmup: it.W, r: steppers[k].result() }));
  }
  return { results, calibration: [...shifts.values()].sort((a, b) => a.segment.localeCompare(b.segment)), dormant, feedback: [...feedbackBySegment.values()].sort((a, b) => a.segment.localeCompare(b.segment)) };
}

/**
 * Steps every item period by period (every item steps period t before any steps t + 1, so that a
 * segment's outcome so far is known at each review), shifting each item's levels at its reviews
 * by its segment's feedback shift on top of its lever's own (service-feedback.ts).
 */
function stepWithFeedback(items: readonly { W: number; segment: string; s: PortfolioSeries }[], steppers: SeriesStepper[], feedbackBySegment: Map<string, SegmentFeedback>, opts: PortfolioOptions): void {
  const beta = opts.target.kind === 'fill-rate' ? opts.target.rate : 0;
  const P = opts.leadTime + opts.reviewPeriod;
  const catchUp = opts.catchUp ?? DEFAULT_CATCH_UP;
  const baseZ = steppers.map((st) => st.opts.safetyShift?.z ?? 0);
  const baseNote = steppers.map((st) => st.opts.safetyShift?.note ?? '');
  let first = Infinity;
  let last = 0;
  for (const it of items) {
    first = Math.min(first, it.W + 1);
    last = Math.max(last, it.s.y.length);
  }
  const live = (it: (typeof items)[number], t: number) => t > it.W && t <= it.s.y.length;
  for (let t = first; t <= last; t++) {
    // the segments' outcomes so far, gathered only in a period where some item reviews
    const shiftNow = new Map<string, number>();
    if (items.some((it, k) => live(it, t) && steppers[k].isReview(t))) {
      const outcome = new Map<string, SegmentOutcome>();
      items.forEach((it, k) => {
        if (t <= it.W + 1) return;
        const o = outcome.get(it.segment) ?? { demanded: 0, served: 0, periods: 0 };
        o.demanded += steppers[k].demanded;
        o.served += steppers[k].served;
        o.periods = Math.max(o.periods, Math.min(t - 1, it.s.y.length) - it.W);
        outcome.set(it.segment, o);
      });
      for (const [segment, o] of outcome) shiftNow.set(segment, feedbackShift(beta, o, P, feedbackBySegment.get(segment)!.curve, catchUp));
    }
    items.forEach((it, k) => {
      if (!live(it, t)) return;
      const st = steppers[k];
      if (st.isReview(t)) {
        const delta = shiftNow.get(it.segment) ?? 0;
        const fb = feedbackBySegment.get(it.segment)!;
        fb.minShift = Math.min(fb.minShift, delta);
        fb.maxShift = Math.max(fb.maxShift, delta);
        fb.lastShift = delta;
        const z = baseZ[k] + delta;
        st.opts.safetyShift = z === 0 ? undefined : { z, note: delta === 0 ? baseNote[k] : `${baseNote[k] ? `${baseNote[k]}; ` : ''}service feedback ${delta >= 0 ? '+' : ''}${delta.toFixed(3)} sd: ${feedbackNote(it.segment, beta, catchUp)}` };
      }
      st.step(t);
    });
  }
}

/** Explanation of a feedback shift. */
function feedbackNote(segment: string, target: number, catchUp: number): string {
  return `segment ${segment}'s shortfall against the ${(100 * target).toFixed(1)} % fill-rate target since the simulation started (negative: its surplus), recovered over the next ${catchUp} protection intervals`;
}

/** Explanation of the never-sold level (dormant-prior.ts). */
export function dormantNote(d: DormantPrior): string {
  return `the launch quantity of the warm-up: it serves ${(100 * d.expectedFillRate).toFixed(1)} % of the demand in the ${d.launches} launch windows (R periods from an item's first sale after a silent protection interval; ${d.launchMean.toFixed(2)} units on average); ${d.wokenItems} of the ${d.silentItems} items silent through the first half of their warm-up sold in the second`;
}

/** Explanation of a segment's calibrated lever, e.g. for a plan's assumptions. */
export function shiftNote(s: SegmentShift): string {
  const items = s.pooledWith ? `${s.pooledSeries} items (all segments pooled: only ${s.series} in this one)` : `${s.series} items`;
  const replay = `replaying the policy on the warm-up history of ${items} (${s.demanded} units demanded)`;
  if (s.lever === 'cycle-service') {
    return `segment ${s.segment}: cycle-service level ${s.cycleService!.toFixed(4)} for every item instead of per-item fill-rate levels: ${replay} it met the fill-rate target (fill ${s.replayedFill.toFixed(4)}) holding ${s.replayedOnHand.cycleService!.toFixed(2)} units per item-period against ${s.replayedOnHand.perItem.toFixed(2)} with the best ${s.replayedOnHand.perItemLever === 'scale' ? 'demand scale' : 'shift'}`;
  }
  if (s.lever === 'scale') {
    return `segment ${s.segment}: forecast demand scaled by ${s.scale!.toFixed(3)}: ${replay} gave fill rate ${s.analyticFill.toFixed(4)} unscaled and ${s.replayedFill.toFixed(4)} scaled`;
  }
  return `segment ${s.segment}: ${replay} gave fill rate ${s.analyticFill.toFixed(4)} unshifted and ${s.replayedFill.toFixed(4)} with this shift`;
}

/** A segment's lever in a few words: "z -0.120", "scale 0.512" or "cycle-service 0.2370". */
export function leverLabel(s: SegmentShift): string {
  if (s.lever === 'cycle-service') return `cycle-service ${s.cycleService!.toFixed(4)}`;
  if (s.lever === 'scale') return `scale ${s.scale!.toFixed(3)}`;
  return `z ${s.z.toFixed(3)}`;
}
