/**
 * Backtest of the plan run's own policy on one daily demand series (pure: no I/O, no clock).
 *
 * What: replays the days after a warm-up with the suggestion a nightly plan run makes
 * (`computeSuggestion`: the same forecast, reorder point s and order-up-to level S) and measures
 * the service it delivers and the stock it holds. Used by bench/plan-policy.ts and by the tests
 * that hold the plan to its targets.
 *
 * Why: a policy's explanation states the fill rate it expects; whether it delivers that is a
 * question for its outcomes, not its formula (the earlier levels stated 98 % and delivered 100 %
 * with twice the stock, docs/planning.md "Backtest").
 *
 * Replay, days W..n-1 (W = warm-up, default half the series):
 * - orders due that day arrive first;
 * - every `refit` days (default 1: every night, as the plan runs) s and S are recomputed from up
 *   to `historyDays` days of history before the day (missing days = censored);
 * - when the position (on hand + on order) is at or below s, S - position is ordered, sized as the
 *   plan sizes a line (`sizeOrder`: whole units, rounded up to the case pack / order multiple,
 *   capped at the line's maximum; the supplier MOQ and minimum order value, which a run meets
 *   across a supplier's lines, are left out), on order days only when the policy has them; it arrives after the lead time, drawn from N(mean, sd) rounded to whole days when
 *   the sd is > 0 (at once when that is 0);
 * - the day's demand is served from on hand; what is short is lost, or with `backorders` waits
 *   for the next receipt (not counted as served). Receiving, ordering and serving are the
 *   simulator's own mechanics (engine/simulate/period-stock.ts);
 * - it starts with on hand = S of the first plan and nothing on order; the first `burnIn` days are
 *   played but not measured (orders placed in them are counted);
 * - cycle service: a replenishment cycle runs from one order to the next, and is short when demand
 *   goes unserved in it, mostly while its order is in transit (the reorder point covers that lead
 *   time: P(no stockout) is what a cycle-service target asks); the share of measured cycles not
 *   short (cycles begun in the burn-in and the last, unfinished one are not counted).
 */
import { sizeOrder } from '../engine/policy/index.ts';
import { PeriodStock } from '../engine/simulate/period-stock.ts';
import { createRng } from '../engine/stats/index.ts';
import { consolidateToMoq, type MoqLine } from './moq-consolidation.ts';
import { addWeekdays } from './order-days.ts';
import { computeSuggestion, launchOf, type PlanItem, type PlanItemResult } from './suggestion.ts';

export interface BacktestSeries {
  /** Daily demand, oldest first (NaN = unknown: censored in the history, no demand in the replay). */
  y: Float64Array;
  /** Lead time in days: mean and sd (the plan is told both). */
  leadTimeDays: number;
  leadTimeSdDays?: number;
}

export interface BacktestOptions {
  /** Fill-rate target of the policy (or `template.target`). */
  fillRate?: number;
  /**
   * Fields of the plan item a run would compute (target, lost sales, model, season, exposure cap,
   * ...), as built by the plan run for the pair (policy-review.ts); they override the defaults.
   */
  template?: Partial<Omit<PlanItem, 'key' | 'y' | 'stockout' | 'onHand' | 'reserved' | 'inbound' | 'arrivalDays' | 'arrivalQty' | 'leadTimeDays' | 'leadTimeSdDays'>>;
  /** The policy's review period (order cycle), days. */
  reviewPeriodDays: number;
  /** Days between recomputations of s and S (default 1). */
  refit?: number;
  /** Unmet demand waits for the next receipt instead of being lost (default false). */
  backorders?: boolean;
  /** Warm-up W (default floor(n / 2)). */
  warmup?: number;
  /**
   * Days at the start of the replay that are played but not measured (default 0): the stock the
   * replay starts with covers about a lead time plus a review period, so a short replay of a long
   * lead time would measure the start, not the policy.
   */
  burnIn?: number;
  /** Longest history a plan reads (default 365 days). */
  historyDays?: number;
  /** Forecast model (default 'auto') and seasonal period (default 7). */
  model?: string;
  season?: number;
  /** Seed of the lead-time draws (default 1). */
  seed?: number;
  /**
   * ISO weekday (1 = Monday) of the series' first day (default 1). With order days
   * (`template.orderWeekdays`) orders are placed only on those weekdays, and each plan is told
   * its day's weekday.
   */
  firstWeekday?: number;
  /**
   * The days the replay places orders on, when they differ from what the plans are told
   * (`template.orderWeekdays`, the default): bench/plan-policy.ts measures a plan unaware of its
   * order days this way.
   */
  replayOrderWeekdays?: number[] | null;
  /**
   * A new product launched on day `launchIndex` of the series (nothing sells before it), planned
   * from a launch forecast as a plan run plans it (launch-forecasts.ts: the launch forecast, its
   * hand-over to the days since the launch): bench/launch.ts. Without one a new product is planned
   * from the days since its launch only (nothing before it).
   */
  launch?: { ratePerDay: number; cv: number; launchIndex: number; handOverDays: number } | { launchIndex: number };
  /** On hand when the replay starts (default: the first plan's order-up-to level S). */
  startOnHand?: number;
}

export interface BacktestOutcome {
  /** Units served from stock and units demanded over the replayed days. */
  served: number;
  demanded: number;
  /** Mean end-of-day on hand over the replayed days. */
  avgOnHand: number;
  days: number;
  /** Replayed days with demand left unserved. */
  stockoutDays: number;
  /**
   * Recovery after a shock: stockout episodes (from a day with demand left unserved to the first
   * day that closes with stock on hand again, a receipt having come) and their days: the time the
   * policy took to get back in stock, summed, and the longest. An episode still open when the
   * replay ends counts up to its last day.
   */
  stockoutEpisodes: number;
  stockoutEpisodeDays: number;
  longestStockoutDays: number;
  orders: number;
  /**
   * Replenishment cycles measured (from one order to the next, starting after the burn-in; the
   * last, unfinished one not counted) and those with demand left unserved: cycle service =
   * 1 - cyclesShort / cycles.
   */
  cycles: number;
  cyclesShort: number;
}

/** One series and its options: plain data, crosses the worker boundary (backtestInWorkers). */
export interface BacktestJob {
  series: BacktestSeries;
  options: BacktestOptions;
  /** Safety shifts to replay (backtestPlanShifts); default: the template's own (or 0). */
  shifts?: number[];
}

/** Runs one job: its outcome per shift (one outcome without `shifts`). */
export function runBacktestJob(job: BacktestJob): BacktestOutcome[] {
  return backtestPlanShifts(job.series, job.options, job.shifts ?? [job.options.template?.safetyShift ?? 0]);
}

/** Replays one series under the plan's policy (see the file comment). */
export function backtestPlanPolicy(series: BacktestSeries, opts: BacktestOptions): BacktestOutcome {
  return backtestPlanShifts(series, opts, [opts.template?.safetyShift ?? 0])[0];
}

/**
 * Replays one series once per safety shift (PlanItem.safetyShift: the reorder point moved by z
 * standard deviations of lead-time demand), each with its own stock and the same lead-time seed,
 * from one forecast per re-plan: the candidates of a policy calibration (policy-review.ts) cost
 * one replay's forecasts. Outcome k is what `backtestPlanPolicy` gives with that shift.
 */
export function backtestPlanShifts(series: BacktestSeries, opts: BacktestOptions, shifts: readonly number[]): BacktestOutcome[] {
  const pair = new PairReplay(series, opts, shifts, 0);
  for (let t = pair.W; t < pair.n; t++) {
    pair.plan(t);
    for (let k = 0; k < shifts.length; k++) {
      const q = pair.need(t, k);
      if (q > 0) pair.place(t, k, q);
      pair.serve(t, k);
    }
  }
  return pair.outcomes();
}

/**
 * One SKU's pairs on one supplier's orders, replayed together so that the supplier's minimum order
 * quantity applies as a plan run applies it (moq-consolidation.ts): per SKU and order, not per line.
 * Plain data, crosses the worker boundary like a BacktestJob. Every member replays as many shifts
 * (the review gives each its policy's shift, then the calibration grid).
 */
export interface BacktestGroupJob {
  members: BacktestJob[];
  /** The supplier's MOQ in units of the SKU (> 0). */
  moq: number;
  /**
   * Each member's policy (any key; default: one policy for all). Members under different
   * policies (e.g. a policy per location) are replayed once per policy: that policy's members on
   * their shifts, the others held at their first shift (the policy as it stands), so one policy's
   * candidate shifts do not move another's outcome.
   */
  policies?: string[];
}

/**
 * Replays `job.members` day by day in step: each day, per shift, the lines the members would order
 * alone (`sizeOrder`) are raised together until the SKU's total reaches the MOQ
 * (`consolidateToMoq`: a step at a time to the line whose stock would cover the fewest days; a
 * member that needs nothing yet but has forecast demand may take the forced units, on its order
 * days). Returns each member's outcomes per shift, in member order. Members must share the
 * series length and warm-up (the review's window). Outcome k of a member is measured while the
 * members under its policy replay their k-th shift and the others their first (`policies`; with
 * one policy, every member its k-th).
 */
export function backtestGroup(job: BacktestGroupJob): BacktestOutcome[][] {
  const { members, moq } = job;
  if (members.length === 0) throw new RangeError('a group needs at least one member');
  if (!(moq > 0)) throw new RangeError(`moq must be > 0 (got ${moq})`);
  if (job.policies && job.policies.length !== members.length) throw new RangeError('policies must name every member');
  const shiftsOf = (m: BacktestJob) => m.shifts ?? [m.options.template?.safetyShift ?? 0];
  const K = shiftsOf(members[0]).length;
  if (members.some((m) => shiftsOf(m).length !== K)) throw new RangeError('every member of a group replays the same number of shifts');
  const keys = [...new Set(job.policies ?? [''])];
  if (keys.length === 1) return replayGroup(members.map(shiftsOf), members, moq);
  // one replay per policy: its members on their shifts, the others at their first
  const out: BacktestOutcome[][] = new Array(members.length);
  for (const key of keys) {
    const mine = (i: number) => job.policies![i] === key;
    const runs = replayGroup(
      members.map((m, i) => (mine(i) ? shiftsOf(m) : new Array<number>(K).fill(shiftsOf(m)[0]))),
      members,
      moq,
    );
    runs.forEach((o, i) => {
      if (mine(i)) out[i] = o;
    });
  }
  return out;
}

/** The group replay itself (backtestGroup), with each member's shifts given. */
function replayGroup(shifts: number[][], members: readonly BacktestJob[], moq: number): BacktestOutcome[][] {
  const K = shifts[0].length;
  const pairs = members.map((m, i) => new PairReplay(m.series, { ...m.options, template: { ...m.options.template, moq } }, shifts[i], moq));
  const { W, n } = pairs[0];
  if (pairs.some((p) => p.W !== W || p.n !== n)) throw new RangeError('every member of a group replays the same days (series length and warm-up)');
  const lines: MoqLine[] = pairs.map(() => ({ quantity: 0, step: 1, maxQuantity: null, inventoryPosition: 0, demandPerDay: 0 }));
  for (let t = W; t < n; t++) {
    for (const p of pairs) p.plan(t);
    for (let k = 0; k < K; k++) {
      let any = false;
      pairs.forEach((p, i) => {
        const q = p.need(t, k);
        any ||= q > 0;
        const step = p.step;
        lines[i] = {
          quantity: q,
          step,
          // the line sizing raised a cap below the MOQ to the MOQ, in whole steps (as a run does)
          maxQuantity: p.maxOrderUnits === null ? null : Math.max(p.maxOrderUnits, Math.ceil(moq / step) * step),
          inventoryPosition: p.position(k),
          // a member that cannot order today takes no forced units
          demandPerDay: p.orderDay(t) ? p.perDay : 0,
        };
      });
      if (any) {
        const res = consolidateToMoq(lines, moq);
        pairs.forEach((p, i) => {
          if (res.quantities[i] > 0) p.place(t, k, res.quantities[i]);
        });
      }
      for (const p of pairs) p.serve(t, k);
    }
  }
  return pairs.map((p) => p.outcomes());
}

/** Runs a group job or a single one (the worker's entry): outcomes per member and shift, or per shift. */
export function runReviewJob(job: BacktestJob | BacktestGroupJob): BacktestOutcome[] | BacktestOutcome[][] {
  return 'members' in job ? backtestGroup(job) : runBacktestJob(job);
}

/**
 * One pair's replay state, stepped a day at a time (see the file comment for the mechanics).
 * Exported for replays that couple pairs (budget-backtest.ts); not part of the module's API.
 */
export class PairReplay {
  readonly W: number;
  readonly n: number;
  /** Order step (case pack x order multiple) and line cap in units, as the plan sizes the line. */
  readonly step: number;
  readonly maxOrderUnits: number | null;
  /** Forecast demand per day of the latest plan. */
  perDay = 0;
  private readonly opts: BacktestOptions;
  private readonly shifts: readonly number[];
  private readonly refit: number;
  private readonly H: number;
  private readonly sd: number;
  private readonly burnIn: number;
  private readonly target: PlanItem['target'];
  private readonly known: Float64Array;
  private readonly censored: Uint8Array;
  private readonly orderDays: number[] | null;
  private readonly w0: number;
  private readonly moq: number;
  private readonly runs: {
    stock: PeriodStock;
    s: number;
    S: number;
    served: number;
    demanded: number;
    onHandSum: number;
    orders: number;
    stockoutDays: number;
    /** The day the open stockout episode began (-1: in stock), and the episodes so far. */
    episodeStart: number;
    episodes: number;
    episodeDays: number;
    longestEpisode: number;
    inCycle: boolean;
    cycleShort: boolean;
    cycles: number;
    cyclesShort: number;
  }[];
  private started = false;
  private item: PlanItem | null = null;
  /** The latest plan's result (its forecast, protection and cycle demand). */
  lastResult: PlanItemResult | null = null;

  constructor(
    private readonly series: BacktestSeries,
    opts: BacktestOptions,
    shifts: readonly number[],
    moq: number,
  ) {
    const y = series.y;
    const n = y.length;
    const W = opts.warmup ?? Math.floor(n / 2);
    const refit = opts.refit ?? 1;
    if (!(Number.isInteger(W) && W >= 1 && W < n)) throw new RangeError(`warm-up must be an integer in [1, ${n - 1}] (got ${W})`);
    if (!(Number.isInteger(refit) && refit >= 1)) throw new RangeError(`refit must be an integer >= 1 (got ${refit})`);
    const burnIn = opts.burnIn ?? 0;
    if (!(Number.isInteger(burnIn) && burnIn >= 0 && W + burnIn < n)) throw new RangeError(`burn-in must be an integer in [0, ${n - W - 1}] (got ${burnIn})`);
    const target = opts.template?.target ?? (opts.fillRate !== undefined ? { kind: 'fill-rate' as const, level: opts.fillRate } : null);
    if (!target) throw new RangeError('a fill-rate target or template.target is required');
    if (shifts.length === 0) throw new RangeError('at least one safety shift is required');
    this.opts = opts;
    this.shifts = shifts;
    this.W = W;
    this.n = n;
    this.refit = refit;
    this.H = opts.historyDays ?? 365;
    this.sd = series.leadTimeSdDays ?? 0;
    this.burnIn = burnIn;
    this.target = target;
    this.moq = moq;
    // demand as the plans read it (unknown days: 0 and censored), built once; each plan gets a copy
    this.known = Float64Array.from(y, (v) => (v === v ? v : 0));
    this.censored = Uint8Array.from(y, (v) => (v === v ? 0 : 1));
    // one trajectory per shift: the simulator's inventory mechanics (receive, order, serve; lost
    // sales or backlog), each with the same lead-time seed
    this.runs = shifts.map(() => ({
      stock: new PeriodStock(n, series.leadTimeDays, this.sd, !!opts.backorders, createRng(opts.seed ?? 1)),
      s: 0,
      S: 0,
      served: 0,
      demanded: 0,
      onHandSum: 0,
      orders: 0,
      stockoutDays: 0,
      episodeStart: -1,
      episodes: 0,
      episodeDays: 0,
      longestEpisode: 0,
      // the open replenishment cycle: measured (began after the burn-in) and short so far
      inCycle: false,
      cycleShort: false,
      cycles: 0,
      cyclesShort: 0,
    }));
    const replayDays = opts.replayOrderWeekdays !== undefined ? opts.replayOrderWeekdays : opts.template?.orderWeekdays;
    this.orderDays = replayDays && replayDays.length ? replayDays : null;
    this.w0 = opts.firstWeekday ?? 1;
    const casePack = opts.template?.casePack;
    this.step = sizeOrder(1, { casePack: casePack && casePack > 1 ? casePack : undefined, orderMultiple: opts.template?.orderMultiple ?? undefined }).step;
    this.maxOrderUnits = opts.template?.maxOrderUnits ?? null;
  }

  /** May day t place an order (the policy's order days, when it has them)? */
  orderDay(t: number): boolean {
    return !this.orderDays || this.orderDays.includes(addWeekdays(this.w0, t));
  }

  /** Re-plans s and S when day t is a refit day (the first replayed day always is). */
  plan(t: number): void {
    if ((t - this.W) % this.refit !== 0) return;
    const opts = this.opts;
    // a new product's history starts at its launch
    const from = Math.max(0, t - this.H, opts.launch ? Math.min(t, opts.launch.launchIndex) : 0);
    const item: PlanItem = {
      key: 0,
      y: this.known.slice(from, t),
      stockout: this.censored.slice(from, t),
      season: opts.season ?? 7,
      model: opts.model ?? 'auto',
      onHand: 0,
      reserved: 0,
      inbound: 0,
      arrivalDays: [],
      arrivalQty: [],
      leadTimeDays: this.series.leadTimeDays,
      leadTimeSdDays: this.sd,
      target: this.target,
      reviewPeriodDays: opts.reviewPeriodDays,
      moq: this.moq,
      casePack: 1,
      orderMultiple: null,
      maxOrderUnits: null,
      maxCoverDays: null,
      lostSales: !opts.backorders,
      ...opts.template,
      weekday: addWeekdays(this.w0, t),
      safetyShift: 0,
      alternativeShifts: this.shifts as number[],
      ...launchAt(opts.launch, t),
    };
    this.item = item;
    const result = computeSuggestion(item);
    this.lastResult = result;
    this.perDay = result.forecast.perDay;
    this.runs.forEach((r, k) => {
      r.s = result.alternatives![k].reorderPoint;
      r.S = result.alternatives![k].orderUpTo;
      if (!this.started) r.stock.onHand = opts.startOnHand ?? r.S;
    });
    this.started = true;
  }

  /** Units on hand of trajectory k now (after `serve`: the day's closing stock). */
  onHandOf(k: number): number {
    return this.runs[k].stock.onHand;
  }

  /** Receives what is due on day t for trajectory k (once a day, before `need`). */
  private receive(t: number, k: number): void {
    this.runs[k].stock.receive(t);
  }

  /** Inventory position of trajectory k (on hand + on order - backlog). */
  position(k: number): number {
    const stock = this.runs[k].stock;
    return stock.onHand + stock.onOrder - stock.backlog;
  }

  /**
   * Day t for trajectory k: receives what is due, then the order the line places alone: at or
   * below s on an order day, S - position sized as the plan sizes a line (whole units, case pack and
   * order multiple rounded up, the line cap); 0 otherwise.
   */
  need(t: number, k: number): number {
    this.receive(t, k);
    const r = this.runs[k];
    const position = this.position(k);
    if (!this.orderDay(t) || position > r.s || !(r.S > position)) return 0;
    const it = this.item!;
    // a line cap below the supplier MOQ is raised to it, as the plan's line sizing does
    const cap = it.maxOrderUnits !== null && this.moq > it.maxOrderUnits ? this.moq : it.maxOrderUnits;
    return sizeOrder(r.S - position, { casePack: it.casePack > 1 ? it.casePack : undefined, orderMultiple: it.orderMultiple ?? undefined, maxOrder: cap ?? undefined }).quantity;
  }

  /** Places an order of `quantity` on day t for trajectory k (it closes the cycle the previous one opened). */
  place(t: number, k: number, quantity: number): void {
    const r = this.runs[k];
    r.stock.order(quantity, t);
    r.orders++;
    if (r.inCycle) {
      r.cycles++;
      if (r.cycleShort) r.cyclesShort++;
    }
    r.inCycle = t >= this.W + this.burnIn;
    r.cycleShort = false;
  }

  /** Serves day t's demand from trajectory k's stock and measures it (after the burn-in). */
  serve(t: number, k: number): void {
    const r = this.runs[k];
    const v = this.series.y[t];
    const d = v === v ? v : 0;
    const sv = d > 0 ? r.stock.serve(d) : 0;
    if (t < this.W + this.burnIn) return;
    r.served += sv;
    r.demanded += d;
    if (sv < d) {
      r.stockoutDays++;
      r.cycleShort = true;
      if (r.episodeStart < 0) {
        r.episodeStart = t;
        r.episodes++;
      }
    } else if (r.episodeStart >= 0 && r.stock.onHand > 0) this.endEpisode(r, t);
    r.onHandSum += r.stock.onHand;
  }

  /** Closes trajectory r's stockout episode on day t (back in stock, or the replay's end). */
  private endEpisode(r: (typeof this.runs)[number], t: number): void {
    const len = t - r.episodeStart;
    r.episodeDays += len;
    if (len > r.longestEpisode) r.longestEpisode = len;
    r.episodeStart = -1;
  }

  outcomes(): BacktestOutcome[] {
    const days = this.n - this.W - this.burnIn;
    // an episode still open at the end counts up to the replay's last day
    for (const r of this.runs) if (r.episodeStart >= 0) this.endEpisode(r, this.n);
    return this.runs.map((r) => ({
      served: r.served,
      demanded: r.demanded,
      avgOnHand: r.onHandSum / days,
      days,
      stockoutDays: r.stockoutDays,
      stockoutEpisodes: r.episodes,
      stockoutEpisodeDays: r.episodeDays,
      longestStockoutDays: r.longestEpisode,
      orders: r.orders,
      cycles: r.cycles,
      cyclesShort: r.cyclesShort,
    }));
  }
}

/** The plan item's launch on day t, as the plan run builds it (launchOf). */
function launchAt(launch: BacktestOptions['launch'], t: number): Pick<PlanItem, 'launch'> {
  if (!launch || !('ratePerDay' in launch)) return {};
  return { launch: launchOf({ ...launch, launchDay: `day ${launch.launchIndex}`, owner: 'backtest', rationale: 'replay' }, Math.max(0, t - launch.launchIndex), launch.launchIndex - t) };
}
