/**
 * Policy review: how would each replenishment policy have done on the ledger's own recent demand?
 *
 * What: for every SKU x location a plan run would plan today, replays the last `days` days of its
 * daily demand with the plan's own policy (plan-backtest.ts `backtestPlanPolicy`: the suggestion a
 * nightly run makes, re-planned every `refit` days from the history known then) and pools the
 * outcome per policy: the fill rate achieved against the target, the stock held (units and value)
 * and the orders placed. Nothing is stored and no setting changes: it is the evidence a planner
 * needs before changing a policy (the mission's "review each policy against its outcomes").
 *
 * Assumptions, stated with the result:
 * - today's policies, segments and lead times are used for the whole replay (the review asks "how
 *   does the policy as it stands perform", not "what did the past plans do");
 * - demand on stockout days is unknown: censored in the history the plans read and left out of
 *   the service measures in the replay (as in the simulator);
 * - the replay starts with the first plan's order-up-to level on hand and nothing on order; unmet
 *   demand is lost for SKUs that take no backorders and waits for the next receipt otherwise;
 * - orders are sized as a run sizes them: whole case packs and order multiples, the line cap, and
 *   a SKU's lines raised together to its supplier's MOQ (its locations replayed together,
 *   plan-backtest.ts `backtestGroup`); where the MOQ is large against demand it, not the policy,
 *   sets the stock, and a review without it would calibrate a shift that hardly matters. The
 *   supplier's minimum order value, met across its SKUs, is left out. Tried: all the supplier's
 *   SKUs replayed together, each day's order topped up as a run tops it up, once per policy with
 *   the others held at their shifts. On the demo a default-c proposal of -2.35 then replayed 2.1x
 *   the stock of shift 0 (19,850 against 9,590 units): a top-up makes stock jump with the timing
 *   of orders, so the least shift that meets the target is no longer the least stock, and the
 *   calibration's rule does not hold.
 *
 * Calibration (`calibrate`): the formula's level is exact only when the forecast's mean and spread
 * are right, and a review often shows a policy delivering more (or less) than its target on the
 * catalogue's own demand (in the target's own measure: fill rate, or cycle service, the share of
 * replenishment cycles without a stockout). Each pair is then also replayed at every safety shift z of CALIBRATION_GRID
 * (the reorder point moved by z standard deviations of lead-time demand, PlanItem.safetyShift),
 * from the same forecasts, and per policy the smallest z from which every higher z's pooled
 * replayed measure meets the target is proposed: one lever per policy, fitted on the units of all its
 * pairs, as the simulator calibrates one per demand segment (engine/simulate/segment-calibration.ts).
 * A policy within CALIBRATION_TOLERANCE of its target, or with too little evidence
 * (CALIBRATION_MIN_PAIRS pairs, CALIBRATION_MIN_UNITS units demanded), keeps its shift. A policy
 * that gets a proposal also gets one per demand class of its pairs with enough evidence (the class
 * shifts, PolicyRules.classShifts; withClasses below).
 * `applyCalibration` writes the proposals as new policy versions (owner unchanged, rationale = the
 * replay's figures), so the change is explicit, attributed and reversible like any other version.
 * The proposal is fitted on the replayed window itself: docs/planning.md shows how it held on the
 * days after that window.
 */
import { addPolicyVersion, listPolicies } from './policies.ts';
import { resolveParameters } from './parameters.ts';
import { loadPlanInputs, SEGMENT_DAYS } from './plan-inputs.ts';
import type { BacktestGroupJob, BacktestJob, BacktestOutcome } from './plan-backtest.ts';
import { backtestInWorkers } from './worker-pool.ts';
import { addWeekdays } from './order-days.ts';
import { buildItems } from './plan-run.ts';
import { CALIBRATION_GRID, CALIBRATION_TOLERANCE, smallestMeetingShift } from './shift-grid.ts';
export { CALIBRATION_GRID, CALIBRATION_TOLERANCE } from './shift-grid.ts';
import { DEMAND_CLASSES, type ClassShifts, type DemandClassName, type ServiceTarget } from './types.ts';
import { classifyDemand } from '../engine/forecast/index.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import { conflict, validationError } from '../shared/errors.ts';

/** History the plans of the replay read by default: a plan run's default (days). */
export const REVIEW_HISTORY_DAYS = 365;
/** Least history before the replay for a pair to be reviewed (days). */
export const MIN_REVIEW_HISTORY_DAYS = 56;
/** Least measured days of a pair's replay, after its burn-in (days). */
export const MIN_MEASURED_DAYS = 28;

/** Least evidence for a calibration: reviewed pairs and units demanded in the policy's replay. */
export const CALIBRATION_MIN_PAIRS = 10;
export const CALIBRATION_MIN_UNITS = 100;

export interface PolicyReviewOptions {
  /** Planning day (default today, UTC): the replay covers the `days` days before it. */
  asOf?: string;
  /** Days replayed (default 180, 28-730); the first lead time + review period of each pair's replay is not measured. */
  days?: number;
  location?: string;
  /** Days between re-plans in the replay (default 7; 1 = every night as the plan runs, 7x slower). */
  refit?: number;
  /**
   * History the replay's plans read (default 365, 28-1095): set it to the plan runs' `history_days`
   * so the review judges the plan that runs (with 730 the forecasts take the yearly profile).
   */
  historyDays?: number;
  /** Worker threads (default: available cores, at most 8; 0 = the calling thread). */
  threads?: number;
  /** Also propose a safety shift per policy (see the file comment). */
  calibrate?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A policy's calibration: the safety shift whose replay meets the target, in the target's own
 * measure (fill rate, or cycle service), with the least stock.
 * status: `calibrated` (a new shift is proposed), `at-limit` (the grid's end: even that shift
 * misses, or the lowest already meets the target), `within-tolerance` (the current shift delivers
 * within CALIBRATION_TOLERANCE), `insufficient-evidence`, or `no-policy` (the built-in default has
 * no version to change: the proposal is shown, create a policy to apply it).
 */
export interface PolicyCalibration {
  status: 'calibrated' | 'at-limit' | 'within-tolerance' | 'insufficient-evidence' | 'no-policy';
  currentShift: number;
  /** Proposed shift (null when none is proposed) and the replay's figures at it. */
  shift: number | null;
  fillRate: number | null;
  cycleService: number | null;
  avgOnHand: number | null;
  avgOnHandValue: number | null;
  stockoutDayShare: number | null;
  orders: number | null;
  reason: string;
  /**
   * Per demand class of the policy's pairs (the class of each pair's history before the replay),
   * the class's own calibration (see ClassCalibration); absent when the review has none. With any
   * class proposal, the figures above are the pooled replay of all proposals together.
   */
  classes?: ClassCalibration[];
  /** The class shifts to write with `shift` (PolicyRules.classShifts; null = none). */
  classShifts?: ClassShifts | null;
}

/**
 * One demand class inside a policy: its replayed measure at the policy as it stands and its
 * proposal. `shift` is the class's whole shift (the policy's plus its class shift) and `offset`
 * the class shift to write on top of the policy's proposed shift. status: `calibrated` (its own
 * shift is proposed), `at-limit`, `within-tolerance` (its whole shift is kept), or
 * `insufficient-evidence` (too few of its pairs: its whole shift is kept).
 */
export interface ClassCalibration {
  demandClass: DemandClassName;
  pairs: number;
  demanded: number;
  cycles: number;
  /** The target's measure at the policy as it stands. */
  achieved: number | null;
  status: 'calibrated' | 'at-limit' | 'within-tolerance' | 'insufficient-evidence';
  shift: number;
  offset: number;
  /** The replay's measure and stock at the proposed whole shift (null without evidence). */
  proposedAchieved: number | null;
  avgOnHand: number | null;
  reason: string;
}

export interface PolicyOutcome {
  /** Policy code, or null for the built-in default (no policy matched). */
  policy: string | null;
  version: number | null;
  target: ServiceTarget;
  reviewPeriodDays: number;
  pairs: number;
  /** Units served from stock / units demanded over the replayed days. */
  served: number;
  demanded: number;
  fillRate: number | null;
  /** Replenishment cycles measured, those with demand left unserved, and the cycle service: 1 - short / cycles (plan-backtest.ts). */
  cycles: number;
  cyclesShort: number;
  cycleService: number | null;
  /** The target's own measure: the fill rate for a fill-rate target, the cycle service for a cycle-service one. */
  achieved: number | null;
  /** Mean on hand over the replayed days, units and value (micro-units). */
  avgOnHand: number;
  avgOnHandValue: number;
  /** Share of pair-days with demand left unserved. */
  stockoutDayShare: number;
  /**
   * Recovery after shocks (plan-backtest.ts BacktestOutcome): the stockout episodes of all its pairs
   * (a day with demand left unserved, until a day closes with stock again), the mean days one
   * lasted (null without any) and the longest.
   */
  stockoutEpisodes: number;
  meanRecoveryDays: number | null;
  longestStockoutDays: number;
  orders: number;
  /** The policy's safety shift in this replay (its current version's). */
  safetyShift: number;
  /** With `calibrate` only. */
  calibration?: PolicyCalibration;
}

export interface PolicyReview {
  asOf: string;
  /** The calibration was computed (`calibrate`). */
  calibrated: boolean;
  from: string;
  days: number;
  refit: number;
  /** History the replay's plans read (days). */
  historyDays: number;
  policies: PolicyOutcome[];
  /**
   * Pairs left out: fewer than MIN_REVIEW_HISTORY_DAYS days of history before the replay, or fewer
   * than MIN_MEASURED_DAYS replayed days after the burn-in (lead time + review period).
   */
  skipped: number;
  assumptions: string[];
}

const intIn = (name: string, v: unknown, lo: number, hi: number): number => {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi)) throw validationError(`${name} must be an integer in [${lo}, ${hi}] (got ${JSON.stringify(v)})`, { field: name });
  return v;
};

/** Pooled outcome of a policy's pairs at one shift. */
interface Pool {
  served: number;
  demanded: number;
  avgOnHand: number;
  avgOnHandValue: number;
  stockoutDayShare: number;
  stockoutEpisodes: number;
  stockoutEpisodeDays: number;
  longestStockoutDays: number;
  orders: number;
  cycles: number;
  cyclesShort: number;
}

const emptyPool = (): Pool => ({ served: 0, demanded: 0, avgOnHand: 0, avgOnHandValue: 0, stockoutDayShare: 0, stockoutEpisodes: 0, stockoutEpisodeDays: 0, longestStockoutDays: 0, orders: 0, cycles: 0, cyclesShort: 0 });

/** Reviews every policy against the last `days` days of the ledger's demand (see the file comment). */
export async function reviewPolicies(ex: Executor, opts: PolicyReviewOptions = {}): Promise<PolicyReview> {
  const days = intIn('days', opts.days ?? 180, 28, 730);
  const refit = intIn('refit', opts.refit ?? 7, 1, 28);
  const historyDays = intIn('historyDays', opts.historyDays ?? REVIEW_HISTORY_DAYS, 28, 1095);
  const params = resolveParameters({ asOf: opts.asOf, location: opts.location, historyDays: days + historyDays });
  // at least the segmentation's year, as a plan run loads (a short history would leave it days short)
  const inputs = await loadPlanInputs(ex, { asOf: params.asOf, windowDays: Math.max(SEGMENT_DAYS, params.historyDays), location: params.location ?? undefined, launches: false });
  const { items, planned } = buildItems(inputs, await listPolicies(ex), params);
  // one backtest job per pair with enough history (plain data: the jobs run in worker threads)
  const jobs: BacktestJob[] = [];
  const jobPair: number[] = [];
  // each pair's demand class: its history before the replay (stockout days unknown), as a plan
  // at the replay's start would class it
  const jobClass: string[] = [];
  let skipped = 0;
  items.forEach((item, i) => {
    const n = item.y.length;
    // the replay starts with about a lead time + review period of stock: play it, measure after it
    const burnIn = Math.ceil(item.leadTimeDays + item.reviewPeriodDays);
    if (n - days < MIN_REVIEW_HISTORY_DAYS || days - burnIn < MIN_MEASURED_DAYS) {
      skipped++;
      return;
    }
    const shift = item.safetyShift ?? 0;
    jobs.push({
      series: { y: Float64Array.from(item.y, (v, d) => (item.stockout[d] ? NaN : v)), leadTimeDays: item.leadTimeDays, leadTimeSdDays: item.leadTimeSdDays },
      options: {
        reviewPeriodDays: item.reviewPeriodDays,
        warmup: n - days,
        burnIn,
        refit,
        historyDays,
        backorders: !item.lostSales,
        template: { target: item.target, lostSales: item.lostSales, model: item.model, season: item.season, maxCoverDays: item.maxCoverDays, safetyShift: shift, classShifts: item.classShifts ?? null, orderWeekdays: item.orderWeekdays ?? null, casePack: item.casePack, orderMultiple: item.orderMultiple, maxOrderUnits: item.maxOrderUnits, leadTimeIndependence: item.leadTimeIndependence ?? 0, ...(item.economicLot ? { economicLot: item.economicLot } : {}) },
        seed: i + 1,
        // the weekday of the series' first day (it ends the day before the planning day)
        firstWeekday: addWeekdays(item.weekday ?? 1, -n),
      },
      // outcome 0 = the policy as it stands; then the calibration's candidates
      shifts: opts.calibrate ? [shift, ...CALIBRATION_GRID] : [shift],
    });
    jobPair.push(i);
    const from = Math.max(0, n - days - historyDays);
    jobClass.push(classifyDemand(Array.from(item.y.slice(from, n - days), (v, d) => (item.stockout[from + d] ? NaN : v))).demandClass);
  });
  // a SKU's pairs bought from a supplier with an MOQ replay together: the MOQ applies to the SKU's
  // lines of an order, as a plan run applies it (moq-consolidation.ts); the others one by one
  const runJobs: (BacktestJob | BacktestGroupJob)[] = [];
  // the pair jobs each run covers, in its order (filled as the groups gather their members)
  const covers: number[][] = [];
  const groupOf = new Map<string, { job: BacktestGroupJob; at: number[] }>();
  jobs.forEach((job, k) => {
    const i = jobPair[k];
    const moq = items[i].moq;
    const supplier = planned[i].supplier;
    if (!(moq > 0 && supplier !== null)) {
      runJobs.push(job);
      covers.push([k]);
      return;
    }
    const key = `${supplier}\u0000${planned[i].sku}\u0000${job.series.y.length}`;
    let g = groupOf.get(key);
    if (!g) {
      g = { job: { members: [], moq, policies: [] }, at: [] };
      groupOf.set(key, g);
      runJobs.push(g.job);
      covers.push(g.at);
    }
    g.job.members.push(job);
    // a SKU's locations may be under different policies (a policy per location): each policy's
    // calibration is replayed with the others as they stand (backtestGroup)
    const p = planned[i].policy;
    g.job.policies!.push(p ? `${p.code}@${p.current.version}` : '');
    g.at.push(k);
  });
  // the outcomes come back per pair, a group's members in their order
  const order = covers.flat();
  const flat = await backtestInWorkers(runJobs, { threads: opts.threads, onProgress: opts.onProgress });
  const outcomes: BacktestOutcome[][] = new Array(jobs.length);
  flat.forEach((o, f) => (outcomes[order[f]] = o));
  const grouped = [...groupOf.values()].filter((g) => g.at.length > 1).length;
  const groups = new Map<string, { key: Omit<PolicyOutcome, keyof Pool | 'fillRate' | 'cycleService' | 'achieved' | 'meanRecoveryDays' | 'pairs' | 'calibration'>; classShifts: ClassShifts | null; pairs: number; pools: Pool[]; classes: Map<string, { pairs: number; pools: Pool[] }> }>();
  const addTo = (pool: Pool, o: BacktestOutcome, unitCost: number) => {
    pool.served += o.served;
    pool.demanded += o.demanded;
    pool.avgOnHand += o.avgOnHand;
    pool.avgOnHandValue += Math.round(o.avgOnHand * unitCost);
    pool.stockoutDayShare += o.stockoutDays / o.days;
    pool.stockoutEpisodes += o.stockoutEpisodes;
    pool.stockoutEpisodeDays += o.stockoutEpisodeDays;
    pool.longestStockoutDays = Math.max(pool.longestStockoutDays, o.longestStockoutDays);
    pool.orders += o.orders;
    pool.cycles += o.cycles;
    pool.cyclesShort += o.cyclesShort;
  };
  outcomes.forEach((byShift, k) => {
    const i = jobPair[k];
    const item = items[i];
    const p = planned[i];
    const key = p.policy ? `${p.policy.code}@${p.policy.current.version}` : '';
    let g = groups.get(key);
    if (!g) {
      g = {
        key: { policy: p.policy?.code ?? null, version: p.policy?.current.version ?? null, target: item.target, reviewPeriodDays: item.reviewPeriodDays, safetyShift: item.safetyShift ?? 0 },
        classShifts: item.classShifts ?? null,
        pairs: 0,
        pools: byShift.map(emptyPool),
        classes: new Map(),
      };
      groups.set(key, g);
    }
    g.pairs++;
    const cls = g.classes.get(jobClass[k]) ?? { pairs: 0, pools: byShift.map(emptyPool) };
    g.classes.set(jobClass[k], cls);
    cls.pairs++;
    byShift.forEach((o, j) => {
      addTo(g.pools[j], o, p.unitCost);
      addTo(cls.pools[j], o, p.unitCost);
    });
  });
  const finish = (pool: Pool, pairs: number, target: ServiceTarget) => {
    const fillRate = pool.demanded > 0 ? pool.served / pool.demanded : null;
    const cycleService = pool.cycles > 0 ? 1 - pool.cyclesShort / pool.cycles : null;
    return {
      ...pool,
      fillRate,
      cycleService,
      achieved: target.kind === 'fill-rate' ? fillRate : cycleService,
      avgOnHandValue: Math.round(pool.avgOnHandValue / 10_000) * 10_000, // whole cents
      stockoutDayShare: pairs ? pool.stockoutDayShare / pairs : 0,
      meanRecoveryDays: pool.stockoutEpisodes > 0 ? pool.stockoutEpisodeDays / pool.stockoutEpisodes : null,
    };
  };
  const policies: PolicyOutcome[] = [...groups.values()]
    .map((g) => {
      const out: PolicyOutcome = { ...g.key, pairs: g.pairs, ...finish(g.pools[0], g.pairs, g.key.target) };
      if (opts.calibrate) {
        const policyLevel = calibrationOf(out, g.pools.slice(1).map((pool) => finish(pool, g.pairs, g.key.target)));
        out.calibration = withClasses(out, policyLevel, g.classShifts, g.classes, g.pairs, finish);
      }
      return out;
    })
    .sort((a, b) => (a.policy === null ? 1 : b.policy === null ? -1 : a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0));
  const from = new Date(Date.parse(`${params.asOf}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  return {
    asOf: params.asOf,
    calibrated: !!opts.calibrate,
    from,
    days,
    refit,
    historyDays,
    policies,
    skipped,
    assumptions: [
      "today's policies, segments and lead times over the whole replay",
      'stockout days: demand unknown, censored in the history and left out of the service measures',
      "starts with the first plan's order-up-to level on hand, measured after a lead time + review period; unmet demand lost for SKUs without backorders, backordered otherwise",
      `orders sized as the plan sizes a line (case pack and order multiple rounded up, the line cap), and a SKU's lines raised together to its supplier's MOQ as a run raises them (${groupOf.size} SKU(s) with an MOQ, ${grouped} of them replayed over several locations); the supplier's minimum order value, met across its SKUs, left out (replayed, its top-ups make stock jump with the timing of orders: the least shift meeting the target is then not the least stock)`,
      `re-planned every ${refit} day(s)${refit > 1 ? ' (the nightly run re-plans every night: a little more stock and service)' : ''}`,
      ...(opts.calibrate ? ['calibration: the proposed shift is fitted on this window; how it holds on later days is for the next review to show'] : []),
    ],
  };
}

const pctText = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Least replenishment cycles for a cycle-service calibration (the fill-rate one needs CALIBRATION_MIN_UNITS). */
export const CALIBRATION_MIN_CYCLES = 30;

/**
 * Enough evidence to calibrate on (a policy, or a demand class inside one): CALIBRATION_MIN_PAIRS
 * pairs, and CALIBRATION_MIN_UNITS units demanded (fill rate) or CALIBRATION_MIN_CYCLES cycles
 * (cycle service).
 */
function enoughEvidence(pairs: number, o: { demanded: number; cycles: number; achieved: number | null }, target: ServiceTarget): boolean {
  const volume = target.kind === 'fill-rate' ? o.demanded >= CALIBRATION_MIN_UNITS : o.cycles >= CALIBRATION_MIN_CYCLES;
  return pairs >= CALIBRATION_MIN_PAIRS && volume && o.achieved !== null;
}

/** The calibration of one policy from its outcomes at every grid shift (see the file comment). */
function calibrationOf(o: PolicyOutcome, grid: (Pool & { fillRate: number | null; cycleService: number | null; achieved: number | null })[]): PolicyCalibration {
  const none = { shift: null, fillRate: null, cycleService: null, avgOnHand: null, avgOnHandValue: null, stockoutDayShare: null, orders: null };
  const current = o.safetyShift;
  const fill = o.target.kind === 'fill-rate';
  const measure = fill ? 'fill' : 'cycle service';
  if (!enoughEvidence(o.pairs, o, o.target) || o.achieved === null) {
    const what = fill ? `${o.demanded} units demanded (at least ${CALIBRATION_MIN_PAIRS} and ${CALIBRATION_MIN_UNITS})` : `${o.cycles} replenishment cycles (at least ${CALIBRATION_MIN_PAIRS} and ${CALIBRATION_MIN_CYCLES})`;
    return { status: 'insufficient-evidence', currentShift: current, ...none, reason: `too little evidence: ${o.pairs} pairs and ${what}` };
  }
  const target = o.target.level;
  // the smallest shift from which every higher one meets the target in the pooled replay (else
  // the grid's top; shift-grid.ts)
  const { index: j, atLimit } = smallestMeetingShift(grid.map((g) => g.achieved), target);
  const g = grid[j];
  const shift = CALIBRATION_GRID[j];
  const figures = { shift, fillRate: g.fillRate, cycleService: g.cycleService, avgOnHand: g.avgOnHand, avgOnHandValue: g.avgOnHandValue, stockoutDayShare: g.stockoutDayShare, orders: g.orders };
  if (Math.abs(o.achieved - target) <= CALIBRATION_TOLERANCE) {
    return { status: 'within-tolerance', currentShift: current, ...figures, reason: `replayed ${measure} ${pctText(o.achieved)} is within ${(100 * CALIBRATION_TOLERANCE).toFixed(1)} points of the ${pctText(target)} target: shift kept` };
  }
  if (shift === current) return { status: 'within-tolerance', currentShift: current, ...figures, reason: `no shift on the grid does better than the current ${current}` };
  const move = `replayed ${measure} ${pctText(o.achieved)} at shift ${current} -> ${pctText(g.achieved!)} at shift ${shift} (target ${pctText(target)}); average on hand ${o.avgOnHand.toFixed(0)} -> ${g.avgOnHand.toFixed(0)} units`;
  if (atLimit) {
    const why = j === 0 ? `even the lowest shift (${shift}) meets the target` : `even the highest shift (${shift}) misses the target`;
    return { status: o.policy === null ? 'no-policy' : 'at-limit', currentShift: current, ...figures, reason: `${why}: ${move}${o.policy === null ? '; the built-in default cannot be changed: create a policy to apply a shift' : ''}` };
  }
  if (o.policy === null) return { status: 'no-policy', currentShift: current, ...figures, reason: `${move}; the built-in default cannot be changed: create a policy to apply it` };
  return { status: 'calibrated', currentShift: current, ...figures, reason: move };
}

type Finished = Pool & { fillRate: number | null; cycleService: number | null; achieved: number | null };

/**
 * The per-class step of a policy's calibration. Every pair is replayed with its class shift on top
 * of each grid shift, so for a class the grid is its whole shift less its class shift. When the
 * policy gets a proposal (it is off its target by more than CALIBRATION_TOLERANCE), every class
 * with enough evidence (as a policy: CALIBRATION_MIN_PAIRS pairs and the units or cycles) gets the
 * smallest whole shift from which every higher one meets the target in its own pooled replay, and
 * a class without keeps its whole shift (as a policy without evidence keeps its shift: following
 * the policy's move left the demo's default-a pooled 0.1 point under its target). A policy within
 * the tolerance keeps its shifts, whatever its classes show. The class shifts written are the
 * whole shifts less the policy's proposed one. When any class leaves the policy's proposed shift,
 * the policy's figures become the pooled replay of all the classes together (each at its chosen
 * grid shift).
 */
function withClasses(o: PolicyOutcome, cal: PolicyCalibration, current: ClassShifts | null, classes: Map<string, { pairs: number; pools: Pool[] }>, pairs: number, finish: (pool: Pool, pairs: number, target: ServiceTarget) => Finished): PolicyCalibration {
  if (cal.status === 'insufficient-evidence') return cal;
  const P = o.safetyShift;
  const moved = cal.status === 'calibrated' || cal.status === 'at-limit' || cal.status === 'no-policy';
  const Pn = moved && cal.shift !== null ? cal.shift : P;
  // pool index of a policy-level shift x (0 = the policy as it stands)
  const indexOf = (x: number) => (x === P ? 0 : 1 + CALIBRATION_GRID.indexOf(x));
  const target = o.target.level;
  const round = (x: number) => Number(x.toFixed(4));
  const out: ClassCalibration[] = [];
  const combined = emptyPool();
  const offsets: ClassShifts = {};
  let own = false;
  for (const [name, c] of classes) {
    const at = finish(c.pools[0], c.pairs, o.target);
    const known = (DEMAND_CLASSES as readonly string[]).includes(name);
    const off = known ? (current?.[name as DemandClassName] ?? 0) : 0;
    const evidence = known && enoughEvidence(c.pairs, at, o.target);
    let index: number;
    let entry: Omit<ClassCalibration, 'demandClass' | 'pairs' | 'demanded' | 'cycles' | 'achieved'>;
    if (!known) {
      // no class shift can be stored for it: it follows the policy
      index = indexOf(Pn);
      entry = { status: 'insufficient-evidence', shift: Pn, offset: 0, proposedAchieved: null, avgOnHand: null, reason: "no demand class: follows the policy's shift" };
    } else if (!evidence || !moved) {
      // too little evidence, or a policy within the tolerance (a class off its target inside it is
      // left alone: on the demo data such class proposals chased one window's noise out of sample):
      // the class keeps its whole shift
      index = 0;
      const why = evidence ? `replayed ${pctText(at.achieved!)} is within ${(100 * CALIBRATION_TOLERANCE).toFixed(1)} points of the target: shift kept` : `too little evidence (${c.pairs} pairs): its whole shift ${round(P + off)} kept`;
      entry = { status: evidence ? 'within-tolerance' : 'insufficient-evidence', shift: round(P + off), offset: round(P + off - Pn), proposedAchieved: at.achieved, avgOnHand: at.avgOnHand, reason: why };
    } else {
      const grid = c.pools.slice(1).map((pool) => finish(pool, c.pairs, o.target));
      const { index: j, atLimit } = smallestMeetingShift(grid.map((g) => g.achieved), target);
      index = 1 + j;
      const whole = round(CALIBRATION_GRID[j] + off);
      entry = {
        status: atLimit ? 'at-limit' : 'calibrated',
        shift: whole,
        offset: round(whole - Pn),
        proposedAchieved: grid[j].achieved,
        avgOnHand: grid[j].avgOnHand,
        reason: `replayed ${pctText(at.achieved!)} at shift ${round(P + off)} -> ${pctText(grid[j].achieved!)} at ${whole}; average on hand ${at.avgOnHand.toFixed(0)} -> ${grid[j].avgOnHand.toFixed(0)} units`,
      };
    }
    // a class that leaves the policy's proposed shift: the policy's figures are then the pooled replay
    if (index !== indexOf(Pn)) own = true;
    const pool = c.pools[index];
    for (const k of Object.keys(combined) as (keyof Pool)[]) combined[k] += pool[k];
    if (entry.offset !== 0 && known) offsets[name as DemandClassName] = Math.max(-3, Math.min(3, entry.offset));
    if (known) out.push({ demandClass: name as DemandClassName, pairs: c.pairs, demanded: at.demanded, cycles: at.cycles, achieved: at.achieved, ...entry });
  }
  out.sort((a, b) => DEMAND_CLASSES.indexOf(a.demandClass) - DEMAND_CLASSES.indexOf(b.demandClass));
  const ordered = Object.fromEntries(DEMAND_CLASSES.filter((k) => offsets[k] !== undefined).map((k) => [k, offsets[k]])) as ClassShifts;
  const classShifts = Object.keys(ordered).length ? ordered : null;
  if (!own) return { ...cal, classes: out, classShifts: moved ? classShifts : current };
  const g = finish(combined, pairs, o.target);
  const perClass = out.filter((x) => x.status === 'calibrated' || x.status === 'at-limit').map((x) => `${x.demandClass} ${x.reason}`).join('; ');
  const measure = o.target.kind === 'fill-rate' ? 'fill' : 'cycle service';
  return {
    ...cal,
    status: o.policy === null ? 'no-policy' : 'calibrated',
    shift: Pn,
    fillRate: g.fillRate,
    cycleService: g.cycleService,
    avgOnHand: g.avgOnHand,
    avgOnHandValue: g.avgOnHandValue,
    stockoutDayShare: g.stockoutDayShare,
    orders: g.orders,
    classes: out,
    classShifts,
    reason: `${moved ? `${cal.reason}; ` : ''}per demand class: ${perClass}; all together: replayed ${measure} ${pctText(o.achieved!)} -> ${pctText(g.achieved!)}, average on hand ${o.avgOnHand.toFixed(0)} -> ${g.avgOnHand.toFixed(0)} units`,
  };
}

/** One policy version written by `applyCalibration`. */
export interface AppliedCalibration {
  policy: string;
  fromVersion: number;
  version: number;
  safetyShift: number;
  /** The class shifts written (null = none; absent when the review had no per-class step). */
  classShifts?: ClassShifts | null;
  rationale: string;
}

/**
 * Writes each proposed shift of a calibrated review (status `calibrated` or `at-limit`, a policy,
 * optionally only the codes in `only`) as a new version of its policy: owner unchanged, the actor
 * recorded, the rationale the replay's figures (and the saved review's id, `reviewId`). All or
 * nothing: when a policy got a version since the review, 409 POLICY_VERSION_CONFLICT and nothing
 * is written (review again).
 */
export async function applyCalibration(ex: Executor, review: PolicyReview, ctx: { actor: string; only?: string[]; reviewId?: number }): Promise<AppliedCalibration[]> {
  const todo = review.policies.filter((p) => p.policy !== null && p.calibration && (p.calibration.status === 'calibrated' || p.calibration.status === 'at-limit') && (!ctx.only || ctx.only.includes(p.policy)));
  if (ctx.only) {
    for (const code of ctx.only) {
      if (!review.policies.some((p) => p.policy === code)) throw validationError(`only: policy ${JSON.stringify(code)} was not in the review`, { field: 'only' });
    }
  }
  return inTransaction(ex, async (tx) => {
    const current = new Map((await listPolicies(tx, { includeInactive: true })).map((p) => [p.code, p]));
    const out: AppliedCalibration[] = [];
    for (const p of todo) {
      const code = p.policy!;
      const now = current.get(code);
      if (!now || now.current.version !== p.version) {
        throw conflict('POLICY_VERSION_CONFLICT', `policy ${JSON.stringify(code)} changed since the review (version ${p.version} reviewed, ${now?.current.version ?? 'none'} now): review again`, { code });
      }
      const c = p.calibration!;
      const rationale = `calibrated by the policy review ${ctx.reviewId !== undefined ? `#${ctx.reviewId} ` : ''}of ${review.from} .. ${review.asOf} (${review.days} days, ${p.pairs} SKU x locations, ${p.demanded} units demanded, re-planned every ${review.refit} day(s)): ${c.reason}`;
      const classes = c.classShifts !== undefined ? { classShifts: c.classShifts } : {};
      const v = await addPolicyVersion(tx, code, { owner: now.current.owner, rationale, safetyShift: c.shift!, ...classes }, { actor: ctx.actor });
      out.push({ policy: code, fromVersion: p.version!, version: v.current.version, safetyShift: c.shift!, ...classes, rationale });
    }
    return out;
  });
}
