/**
 * The replenishment suggestion of one SKU x location (pure: no I/O, no clock; runs in the plan
 * worker threads). Steps, with L = lead time (days, mean E[L], sd sL), R = review period (days):
 *
 * 1. Forecast the daily demand history with `autoForecast` (stockout days censored).
 * 2. Demand over the lead time from the forecast: mean D_L = sum of the forecast means over E[L]
 *    days (horizonSum, including trend/season), variance Var_L = forecast variance of that sum +
 *    mu^2 sL^2 (random lead time: Silver, Pyke & Thomas 2017, eq. 6.8), mu = the forecast demand per
 *    day over the next L + R days. The lot Q = the forecast demand of the R days after the lead time
 *    (one order cycle), or the economic lot (EOQ, economicLotOf) when the policy prices an order
 *    line. When the supplier's orders overtake each other (leadTimeIndependence > 0)
 *    and the line orders more often than the lead time's spread, sL^2 is replaced by the order
 *    crossover variance (engine effectiveLeadTimeVariance, with the order interval T = the lot, or
 *    the pack when larger, over mu; with order days, the gap to the next order day).
 * 3. Levels by min/max (s, S) reviewed every night (engine/policy minMax, continuous review): the
 *    plan runs nightly and a line is to order on the day its position reaches s, so s protects
 *    the lead time alone: reorder point s = the level meeting the service target over L (fill rate:
 *    exact loss-function formula with lot Q; cycle service: quantile), in the forecast's
 *    distribution family; order-up-to S = s + Q (an order about every R days). Safety stock =
 *    s - D_L: the worked example, 8/day with a 21-day lead time, reorders at 168 + safety stock.
 *    A line selling in lumps (days of several units against a small daily mean) adds the
 *    undershoot of s beyond the day of demand the L-day protection holds (undershootExcess).
 *    A SKU that takes no backorders (`lostSales`) gets the lost-sales correction for fill-rate
 *    targets, s lowered by L (1 - beta) mu (engine minMax). With order days (a policy ordering
 *    only on some weekdays, order-days.ts) the levels are periodic review (R, S) instead, R = the
 *    gap to the next order day: S covers L + R, every order day the line is ordered up to S when
 *    below it (s = S - 1), and the order-by date falls on an order day.
 *    (Protecting L + R, as a weekly-only review would need, and then adding Q double-counts the
 *    review period: backtested by bench/plan-policy.ts it delivered 99.9-100 % on NN5 for targets
 *    of 0.90-0.98 with about twice the stock.) An exposure cap (max days of cover) may lower S
 *    (never below s).
 * 4. Inventory position IP = on hand + inbound - reserved. When IP <= s, need = S - IP, else 0.
 * 5. Order sizing (engine/policy sizeOrder): whole units, case pack x order multiple, maximum line
 *    value; every step recorded. (The supplier's MOQ applies to a SKU's lines of one order together
 *    and its minimum order value to the whole order: the run raises the lines afterwards,
 *    moq-consolidation.ts and min-order-top-up.ts.)
 * 6. Dates: days of cover = days until cumulative forecast demand reaches IP; order by = as-of +
 *    floor(days until IP falls to s) (0 when IP <= s already); projected stockout = the first day
 *    whose expected demand exceeds the stock then at hand: on hand - reserved, plus open PO
 *    quantities on their expected days (other inbound, e.g. transfers in transit, from today).
 */
import { autoForecast, blendLaunch, launchAfter, launchForecast, type ForecastResult } from '../engine/forecast/index.ts';
import { economicOrderQuantity, effectiveLeadTimeVariance, minMax, periodicReview, sizeOrder, undershootMoments, type PolicyExplanation, type PolicyInput, type RoundingStep } from '../engine/policy/index.ts';
import type { DistributionFamily } from '../engine/stats/index.ts';
import type { LineExcess } from './excess.ts';
import type { StaleDraft } from './stale-drafts.ts';
import { addWeekdays, orderCalendar, weekdayNames } from './order-days.ts';
import type { ClassShifts, DemandClassName, ServiceTarget } from './types.ts';

/** A shift with its sign, to 4 decimals: "+1.5", "-0.35". */
const signed = (z: number): string => `${z >= 0 ? '+' : ''}${Number(z.toFixed(4))}`;

/** Everything one suggestion needs (plain data: crosses the worker boundary). */
export interface PlanItem {
  /** Index of the item in its run (results are matched by it). */
  key: number;
  /** Daily demand, oldest first, ending the day before as-of. */
  y: Float64Array;
  /** 1 where the day was a stockout (demand censored). */
  stockout: Uint8Array;
  season: number;
  model: string;
  onHand: number;
  reserved: number;
  inbound: number;
  /** Scheduled arrivals of the inbound quantity: days after as-of (0 = today or late) and units; the rest of inbound counts as arriving today. */
  arrivalDays: number[];
  arrivalQty: number[];
  /**
   * Open PO lines in `inbound` whose PO has been open longer than twice its supplier's longest lead
   * time (purchasing's stale open orders): counted in the position like any inbound, and noted,
   * since such an order may never come.
   */
  staleInbound?: { po: string; quantity: number; ageDays: number; staleAfterDays: number }[];
  /** Draft transfers of the pair (not shipped yet): already in `inbound` (in) and `reserved` (out). */
  draftTransfers?: { in: number; out: number; numbers: string[] };
  /** Units on draft purchase orders (not placed yet): already in `inbound` and the arrival schedule. */
  draftOrders?: { quantity: number; numbers: string[] };
  /** The drafts above created more than DRAFT_STALE_DAYS before as-of (stale-drafts.ts): still counted, and noted. */
  staleDrafts?: StaleDraft[];
  leadTimeDays: number;
  leadTimeSdDays: number;
  /**
   * How independent the supplier's lead times are from order to order, in [0, 1] (its receipts'
   * order crossings against independence: engine/policy/order-crossover.ts). 0 or absent = orders
   * arrive in sequence: the lead-time term of the safety stock is mu^2 sL^2.
   */
  leadTimeIndependence?: number;
  target: ServiceTarget;
  reviewPeriodDays: number;
  /** Order rules: supplier MOQ (0 = none), SKU case pack, policy multiple, cap in units (null = none). */
  moq: number;
  casePack: number;
  orderMultiple: number | null;
  maxOrderUnits: number | null;
  maxCoverDays: number | null;
  /**
   * Unmet demand is lost (the SKU takes no backorders): fill-rate levels get the first-order
   * lost-sales correction, s lowered by L (1 - beta) mu (engine minMax). Default false.
   */
  lostSales?: boolean;
  /**
   * The policy's calibrated shift of the reorder point, z standard deviations of lead-time demand
   * (default 0): s = round(s_formula + z sd), S moves with s (same lot), before the exposure cap.
   */
  safetyShift?: number;
  /**
   * The policy's calibrated shift per demand class, added to `safetyShift` for the class the
   * forecast gives the history (PolicyRules.classShifts; default none).
   */
  classShifts?: ClassShifts | null;
  /**
   * Other shifts to compute the levels for, besides `safetyShift` (the policy review's calibration
   * replays every candidate from one forecast): returned in `alternatives`, same order; the class
   * shift is added to each, as to `safetyShift`.
   */
  alternativeShifts?: number[];
  /**
   * Order days (policy): ISO weekdays on which orders are placed (null/absent = every day, as the
   * nightly run), and the as-of day's weekday. Between two order days the stock has to last: s
   * covers the lead time plus the gap to the next order day (order-days.ts).
   */
  orderWeekdays?: number[] | null;
  weekday?: number;
  /**
   * A planner's launch forecast (launch-forecasts.ts), while the pair has less than
   * `handOverDays` of its own history since the launch day: the forecast is the launch's (engine
   * launchForecast) blended with the history's at weight `weight` = historyDays / handOverDays
   * (engine blendLaunch). `y` then holds the days since the launch only; before the launch day,
   * the pair's usual history, whose forecast a pair that sells keeps until then (launchAfter).
   */
  launch?: { ratePerDay: number; cv: number; launchDay: string; startOffset: number; historyDays: number; handOverDays: number; weight: number; owner: string; rationale: string };
  /**
   * Economic lots (PolicyRules.orderCost): the min/max lot S - s is the EOQ of the line's forecast
   * annual demand instead of one review period's demand. Money in currency units; holdingRate per
   * year. Absent = review-period lots; ignored with order days (their cycle is the calendar's).
   */
  economicLot?: { orderCost: number; holdingRate: number; unitCost: number };
}

/**
 * The lot of an economic-lot line: the EOQ sqrt(2 K D / (h c)) (Harris 1913; engine
 * economicOrderQuantity) for D = 365 mu units a year, K the order cost, h the holding rate and c
 * the unit cost, at least one unit. It trades the cost of an order line against the cost of
 * holding half a lot on average, where the review period's lot orders as often for a part selling
 * 3 a year as for one selling 30 a day.
 */
export function economicLotOf(e: NonNullable<PlanItem['economicLot']>, mu: number): number {
  return Math.max(1, economicOrderQuantity(e.orderCost, e.holdingRate * e.unitCost, 365 * mu).orderQuantity);
}

/**
 * A plan item's launch (PlanItem.launch) from a launch forecast, `sinceLaunch` days after its
 * launch day (0 before it) and `toLaunch` days before it (0 once launched): the plan run and the
 * replay (plan-backtest.ts) build it alike.
 */
export function launchOf(l: { ratePerDay: number; cv: number; launchDay: string; handOverDays: number; owner: string; rationale: string }, sinceLaunch: number, toLaunch: number): NonNullable<PlanItem['launch']> {
  return {
    ratePerDay: l.ratePerDay,
    cv: l.cv,
    launchDay: l.launchDay,
    startOffset: Math.max(0, toLaunch),
    historyDays: sinceLaunch,
    handOverDays: l.handOverDays,
    weight: Math.min(1, sinceLaunch / l.handOverDays),
    owner: l.owner,
    rationale: l.rationale,
  };
}

/** The levels a given safety shift gives (PlanItem.alternativeShifts). */
export interface ShiftedLevels {
  shift: number;
  reorderPoint: number;
  orderUpTo: number;
}

export interface PlanItemResult {
  key: number;
  inventoryPosition: number;
  forecast: { model: string; demandClass: string; family: string; perDay: number; sdPerDay: number; observedDays: number; stockoutDays: number; params: Record<string, number> };
  /**
   * The demand the reorder point protects (mean and sd of the distribution used), the lead time's
   * part of it, and the undershoot added (min/max lines whose demand comes in lumps: see
   * `undershootExcess`; null = none).
   */
  protection: { days: number; mean: number; sd: number; family: string; leadTimeMean: number; leadTimeSd: number; undershoot?: { mean: number; sd: number; daySize: number; days: number } | null };
  /**
   * Demand over the order cycle after the lead time (the R days a later order could not cover:
   * the review period, or the gap to the next order day): what a budget cut of this line's order
   * loses (planning/budget.ts).
   */
  cycle: { days: number; mean: number; sd: number };
  reorderPoint: number;
  orderUpTo: number;
  safetyStock: number;
  safetyFactor: number;
  expected: { fillRate?: number; cycleService?: number } | null;
  need: number;
  suggestedQty: number;
  meetsNeed: boolean;
  rounding: RoundingStep[];
  /** The order step sizing used (case pack x order multiple, else 1) and the line's cap in units (maximum line value, raised to the MOQ; null = none): a later top-up to the supplier's minimum order value keeps to both. */
  orderStep: number;
  maxOrder: number | null;
  notes: string[];
  daysOfCover: number | null;
  stockoutInDays: number | null;
  orderInDays: number | null;
  policy: PolicyExplanation | null;
  /**
   * The shift applied (PlanItem.safetyShift plus the class shift; 0 = none), the formula's levels
   * before it, and the class shift's part (when not 0).
   */
  safetyShift: { z: number; reorderPoint: number; orderUpTo: number; classShift?: { demandClass: string; z: number } } | null;
  /** Levels at PlanItem.alternativeShifts (same order), when asked. */
  alternatives?: ShiftedLevels[];
  /** What a plan run's budget or exposure caps did to the line (planning/budget.ts); absent when none applied. */
  budget?: LineBudget;
  /** Stock beyond the run's excess horizon (planning/excess.ts); absent when none. */
  excess?: LineExcess;
  /** Transfers the run proposes into this line (its purchase shrinks) and out of its excess (planning/excess.ts). */
  transfers?: { in: { location: string; quantity: number }[]; out: { location: string; quantity: number }[] };
  /** A line of a location replenished by transfer (replenishment-transfers.ts): its source, the units asked, sent and short there. */
  replenishment?: { from: string; asked: number; sent: number; short: number };
  error: string | null;
}

/** A line's part in a plan run's budget allocation (planning/budget.ts). */
export interface LineBudget {
  /** Units asked for before the allocation and funded. */
  asked: number;
  funded: number;
  /** What cut the line ('budget', 'supplier:CODE', 'policy:CODE'), null when funded whole. */
  limitedBy: string | null;
  /** Expected units of the asked and funded quantities sold in the cycle after arrival. */
  askedCycleSales: number;
  fundedCycleSales: number;
  /** Value of one unit sold, as the objective counts it (micro-units; 1 unit for 'units'). */
  unitValue: number;
  objective: 'margin' | 'revenue' | 'units';
}

/** Below this forecast demand per day (one unit in ~27 years) a SKU is treated as having no demand. */
export const MIN_DEMAND_PER_DAY = 1e-4;

/** Longest look-ahead for days of cover / order-by (days); beyond it the result is null. */
export const MAX_LOOKAHEAD_DAYS = 3650;

/** Forecast horizon used: covers the protection interval with room for lead-time spread, at least 90 days. */
export function forecastHorizon(leadTimeDays: number, leadTimeSdDays: number, reviewPeriodDays: number): number {
  return Math.min(1460, Math.max(90, Math.ceil(leadTimeDays + reviewPeriodDays + 4 * leadTimeSdDays) + 1));
}

/**
 * First day (0 = as-of) on which expected demand exceeds the stock at hand: `start` units at the
 * beginning, plus `arrivalQty[i]` at the start of day `arrivalDays[i]` (ascending). 0 when
 * start <= 0 and nothing arrives today; null when it never happens within MAX_LOOKAHEAD_DAYS.
 */
export function projectedStockoutDay(start: number, arrivalDays: readonly number[], arrivalQty: readonly number[], means: ArrayLike<number>): number | null {
  let stock = start;
  let next = 0;
  const tail = means.length ? means[means.length - 1] : 0;
  for (let t = 0; t < MAX_LOOKAHEAD_DAYS; t++) {
    while (next < arrivalDays.length && arrivalDays[next] <= t) stock += arrivalQty[next++];
    if (stock <= 0) return t;
    const m = t < means.length ? means[t] : tail;
    if (m > 0 && stock - m < 0) return t;
    stock -= Math.max(0, m);
    if (t >= means.length && next >= arrivalDays.length && !(tail > 0)) return null;
  }
  return null;
}

/**
 * Days until cumulative expected demand reaches `stock` (fractional), stepping through the
 * per-day forecast means and continuing with the last one; 0 when stock <= 0; null when demand
 * never reaches it within MAX_LOOKAHEAD_DAYS.
 */
export function daysUntilDepleted(stock: number, means: ArrayLike<number>): number | null {
  if (!(stock > 0)) return 0;
  let cum = 0;
  const tail = means.length ? means[means.length - 1] : 0;
  for (let t = 0; t < MAX_LOOKAHEAD_DAYS; t++) {
    const m = t < means.length ? means[t] : tail;
    if (m > 0 && cum + m >= stock) return t + (stock - cum) / m;
    cum += Math.max(0, m);
    if (t >= means.length && !(tail > 0)) return null;
  }
  return null;
}

const toFamily = (f: string): DistributionFamily => (f === 'poisson' || f === 'negbin' || f === 'gamma' ? f : 'normal');

function countObserved(item: PlanItem): { observed: number; stockouts: number } {
  let observed = 0;
  let stockouts = 0;
  for (let i = 0; i < item.y.length; i++) {
    if (item.stockout[i]) stockouts++;
    else if (item.y[i] === item.y[i]) observed++;
  }
  return { observed, stockouts };
}

/**
 * Levels after a safety shift of z standard deviations of lead-time demand (`sd`): the reorder
 * point s0 moves to round(s0 + z sd), at least 0, and the order-up-to level moves with it (the lot
 * S0 - s0 is kept). z = 0 returns the formula's levels unchanged.
 */
export function shiftedLevels(s0: number, S0: number, sd: number, z: number): { s: number; S: number } {
  if (z === 0 || !(sd > 0)) return { s: s0, S: S0 };
  const s = Math.max(0, Math.round(s0 + z * sd));
  return { s, S: Math.max(s, S0 + (s - s0)) };
}

/** The exposure cap (units; null = none) applied to levels: S at most the cap, never below s. */
function capLevels(l: { s: number; S: number }, cap: number | null): { reorderPoint: number; orderUpTo: number } {
  return { reorderPoint: l.s, orderUpTo: cap !== null && l.S > cap ? Math.max(l.s, cap) : l.S };
}

/**
 * Levels when orders go out on order days only: periodic review (R, S) with R = the gap to the
 * next order day (engine periodicReview: S meets the target over the lead time + R, the shortage
 * per cycle n_{L+R}(S) - n_L(S), with its lost-sales correction; guarded below), and every order
 * day the line is ordered up to S when its position is below it (s = S - 1). Same shape as
 * minMax's result.
 */
function orderDayLevels(
  f: ForecastResult,
  o: { mu: number; L: number; sL: number; sL2: number; R: number; target: PolicyInput['target']; family: DistributionFamily; lostSales: boolean; protection: { mean: number; variance: number }; lead?: { mean: number; variance: number } },
): { minUnits: number; maxUnits: number; safetyStock: number; explanation: PolicyExplanation } {
  // demand over the lead time: the caller's sum when it has it (L >= 1), else computed
  const lead = o.lead ?? (o.L > 0 ? f.horizonSum(o.L) : { mean: 0, variance: 0 });
  // the lead-time term, mu^2 x the lead-time variance (order crossover applied by the caller)
  const extra = o.mu * o.mu * o.sL2;
  const input = {
    demand: { mean: o.mu, sd: Math.sqrt(Math.max(0, (o.protection.variance - lead.variance) / o.R)) },
    leadTime: { mean: o.L, sd: o.sL },
    target: o.target,
    family: o.family,
    protectionDemand: { mean: o.protection.mean, variance: Math.max(0, o.protection.variance) + extra },
    leadTimeDemand: { mean: lead.mean, variance: Math.max(0, lead.variance) + extra },
  };
  const r = periodicReview({
    ...input,
    reviewPeriod: o.R,
    lostSales: o.lostSales,
    // at least one unit a cycle, as min/max's lot (a near-dead item's tail would set the level)
    minCycleDemand: 1,
  });
  // guard: a fill-rate level at most the quantile of lead time + R demand at 1 - (1 - beta) / 2
  // (half the stockout probability per cycle the fill target would allow). Ordinary levels sit
  // well below it (stationary Poisson, NN5: unchanged); it binds for a near-dead item whose
  // forecast spread dwarfs its mean (TSB: 9.4 +- 35.8 over 87 days asked 261 units where the
  // nightly plan holds 20)
  let S = Math.max(0, r.orderUpToUnits);
  if (o.target.kind === 'fill-rate') {
    const csl = 1 - (1 - o.target.rate) / 2;
    const cap = periodicReview({ ...input, target: { kind: 'cycle-service', level: csl }, reviewPeriod: o.R }).orderUpToUnits;
    if (cap < S) {
      r.explanation.assumptions.push(`order-up-to ${S} lowered to the ${(100 * csl).toFixed(1)} % quantile of lead time + review demand: ${cap}`);
      S = cap;
    }
  }
  r.explanation.orderUpTo = S;
  r.explanation.reorderPoint = Math.max(0, S - 1);
  r.explanation.assumptions.push(`orders on order days only: every order day, up to S when the position is below it (review period = ${o.R} days to the next order day)`);
  return { minUnits: Math.max(0, S - 1), maxUnits: S, safetyStock: r.safetyStock - (r.orderUpToUnits - S), explanation: r.explanation };
}

/**
 * The lead-time variance (days^2) in the safety stock's mu^2 Var(L) term: sL^2, or the order
 * crossover variance when the supplier's lead times are independent from order to order
 * (`leadTimeIndependence`) and the line orders about every T days, T = max(lot, pack) / mu (with
 * order days, the gap R). Notes the change when there is one.
 */
function leadTimeVarianceOf(item: PlanItem, o: { mu: number; lot: number; R: number | null }, notes: string[]): number {
  const sL = item.leadTimeSdDays;
  const rho = item.leadTimeIndependence ?? 0;
  if (!(sL > 0) || !(rho > 0)) return sL * sL;
  const pack = Math.max(1, item.casePack) * Math.max(1, item.orderMultiple ?? 1);
  const T = o.R ?? Math.max(o.lot, pack) / o.mu;
  const v = effectiveLeadTimeVariance(sL, T, Math.min(1, rho));
  if (v < sL * sL - 1e-9) {
    notes.push(
      `order crossover: the supplier's orders overtake each other (independence ${rho.toFixed(2)}), and this line orders about every ${T.toFixed(1)} days: the lead-time term uses an sd of ${Math.sqrt(v).toFixed(1)} days instead of ${sL.toFixed(1)}`,
    );
  }
  return v;
}

/**
 * The undershoot a nightly min/max line adds to its protection demand, or null. A day's demand
 * that takes the position to or below s is a whole lump: the order is placed on average E[U]
 * below s (engine undershootMoments, from the history's days with demand; stockout days left
 * out). The L-day protection already holds one day of demand more than an order placed at night
 * has to bridge (it arrives the morning L days later: L - 1 days), which on the backtested data
 * (stationary Poisson, NN5, the demo) stands in for the undershoot of sellers with demand most
 * days. Where E[U] exceeds that day's mean demand mu -- a slow mover selling a few units on a few
 * days, U about 2/3 of a unit for days of 1-3 units against mu of a few hundredths -- the excess
 * E[U] - mu is added, with U's variance (bench/plan-policy.ts on carparts-daily, docs/planning.md).
 */
export function undershootExcess(item: Pick<PlanItem, 'y' | 'stockout'>, mu: number): { mean: number; sd: number; full: number; daySize: number; days: number } | null {
  const sizes: number[] = [];
  for (let t = 0; t < item.y.length; t++) if (item.y[t] > 0 && !item.stockout[t]) sizes.push(item.y[t]);
  const u = undershootMoments(sizes);
  if (!(u.transactions > 0 && u.mean > mu)) return null;
  return { mean: u.mean - mu, sd: Math.sqrt(u.variance), full: u.mean, daySize: u.meanSize, days: u.transactions };
}

/** Computes one suggestion (see the file comment). Never throws: failures are returned in `error` with no order. */
export function computeSuggestion(item: PlanItem): PlanItemResult {
  const ip = item.onHand + item.inbound - item.reserved;
  const L = item.leadTimeDays;
  const sL = item.leadTimeSdDays;
  // order days: an order placed on one has to cover until the next one's order arrives
  const days = item.orderWeekdays && item.orderWeekdays.length ? item.orderWeekdays : null;
  const cal = orderCalendar(item.weekday ?? 1, days);
  // the order cycle: the policy's review period; with order days, the gap to the next order day
  const R = days ? cal.gapDays : item.reviewPeriodDays;
  const P = L + R;
  // s protects the lead time (at least the day until the next nightly run)
  const Lp = Math.max(1, L);
  const { observed, stockouts } = countObserved(item);
  const base: PlanItemResult = {
    key: item.key,
    inventoryPosition: ip,
    forecast: { model: 'none', demandClass: 'none', family: 'normal', perDay: 0, sdPerDay: 0, observedDays: observed, stockoutDays: stockouts, params: {} },
    protection: { days: Lp, mean: 0, sd: 0, family: 'none', leadTimeMean: 0, leadTimeSd: 0 },
    cycle: { days: R, mean: 0, sd: 0 },
    reorderPoint: 0,
    orderUpTo: 0,
    safetyStock: 0,
    safetyFactor: 0,
    expected: null,
    need: 0,
    suggestedQty: 0,
    meetsNeed: true,
    rounding: [],
    orderStep: 1,
    maxOrder: null,
    notes: [],
    daysOfCover: null,
    stockoutInDays: null,
    orderInDays: null,
    policy: null,
    safetyShift: null,
    error: null,
  };
  let f: ForecastResult;
  const horizon = forecastHorizon(L + cal.waitDays, sL, R);
  const launch = item.launch;
  try {
    if (launch && launch.weight < 1) {
      const lf = launchForecast({ ratePerDay: launch.ratePerDay, cv: launch.cv, startOffset: launch.startOffset, horizon });
      const own = () => autoForecast({ y: item.y, stockout: item.stockout, season: item.season, horizon, model: item.model });
      // before the launch day (weight 0): a pair that sold before keeps its history's forecast
      // until then (a relaunch); otherwise nothing is sold before the launch
      const soldBefore = launch.weight === 0 && launch.startOffset > 0 && item.y.some((v, d) => v > 0 && !item.stockout[d]);
      f = launch.weight > 0 ? blendLaunch(own(), lf, launch.weight) : soldBefore ? launchAfter(own(), lf, launch.startOffset) : lf;
      base.notes.push(
        `launch forecast by ${launch.owner}: ${launch.ratePerDay}/day from ${launch.launchDay} (rate cv ${launch.cv}; ${launch.rationale})` +
          (launch.weight > 0
            ? `, blended with ${launch.historyDays} of ${launch.handOverDays} hand-over days of own history (history weight ${(100 * launch.weight).toFixed(0)} %)`
            : soldBefore
              ? `; until then the forecast of its own ${item.y.length} days of history (a relaunch)`
              : ', no own history yet'),
      );
    } else {
      f = autoForecast({ y: item.y, stockout: item.stockout, season: item.season, horizon, model: item.model });
      if (launch) base.notes.push(`launch forecast by ${launch.owner} handed over: ${launch.historyDays} days of own history since ${launch.launchDay} (hand-over ${launch.handOverDays} days)`);
    }
  } catch (e) {
    return { ...base, error: `forecast failed: ${(e as Error).message}`, notes: ['no suggestion: the forecast failed'] };
  }
  const hs = f.horizonSum(P);
  const lt = f.horizonSum(Lp);
  const mu = P > 0 ? hs.mean / P : f.mean[0] ?? 0;
  const sdPerDay = Math.sqrt(Math.max(0, f.variance[0] ?? 0));
  base.forecast = { ...base.forecast, model: f.model, demandClass: f.demandClass, family: f.family, perDay: mu, sdPerDay, params: f.params };
  const notes = base.notes;

  let s = 0;
  let S = 0;
  if (!(mu >= MIN_DEMAND_PER_DAY)) {
    notes.push('no expected demand: reorder point and order-up-to level are 0 (only backorders are replenished)');
    if (item.alternativeShifts) base.alternatives = item.alternativeShifts.map((x) => ({ shift: x, reorderPoint: 0, orderUpTo: 0 }));
  } else {
    const family = toFamily(f.family);
    // one order cycle: the forecast demand of the R days after the lead time (season and trend
    // included), or the economic lot when the policy prices an order line (min/max only)
    const upToL = Lp === L ? lt : f.horizonSum(L);
    const cycleLot = Math.max(1, P > Lp ? hs.mean - upToL.mean : mu * R);
    base.cycle = P > Lp ? { days: R, mean: Math.max(0, hs.mean - upToL.mean), sd: Math.sqrt(Math.max(0, hs.variance - upToL.variance)) } : { days: R, mean: mu * R, sd: sdPerDay * Math.sqrt(R) };
    const eLot = item.economicLot && !days ? economicLotOf(item.economicLot, mu) : null;
    const lot = eLot ?? cycleLot;
    if (eLot !== null && item.economicLot) {
      const e = item.economicLot;
      notes.push(
        `economic lot: ${eLot.toFixed(1)} units = sqrt(2 x order cost ${e.orderCost.toFixed(2)} x ${(365 * mu).toFixed(1)} units a year / (holding ${Number((100 * e.holdingRate).toFixed(1))} %/year x unit cost ${e.unitCost.toFixed(2)})), about every ${(eLot / mu).toFixed(0)} days, instead of ${R} days of demand (${cycleLot.toFixed(1)})`,
      );
    } else if (item.economicLot && days) {
      notes.push('economic lot not used: with order days the lot is what sells until the next order day');
    }
    // the lead-time term: sL^2, or less when the supplier's orders overtake each other
    const sL2 = leadTimeVarianceOf(item, { mu, lot, R: days ? R : null }, notes);
    const leadVar = Math.max(0, lt.variance) + mu * mu * sL2;
    // min/max only: with order days the levels are periodic review, ordered up to S on the day
    const under = days ? null : undershootExcess(item, mu);
    if (under) {
      notes.push(
        `undershoot: this line sells ${under.daySize.toFixed(2)} units a day when it sells (${under.days} days in its history), so an order is placed on average ${under.full.toFixed(2)} units below the reorder point, ${under.mean.toFixed(2)} more than the day of demand (${mu.toFixed(2)}) its ${Number(Lp.toFixed(1))}-day protection allows for: the reorder point covers that too (sd ${under.sd.toFixed(2)})`,
      );
    }
    try {
      const target = item.target.kind === 'fill-rate' ? ({ kind: 'fill-rate', rate: item.target.level } as const) : ({ kind: 'cycle-service', level: item.target.level } as const);
      const mm = days
        ? orderDayLevels(f, { mu, L, sL, sL2, R, target, family, lostSales: item.lostSales ?? false, protection: hs, lead: Lp === L ? lt : undefined })
        : minMax({
            demand: { mean: mu, sd: sdPerDay },
            leadTime: { mean: Lp, sd: sL },
            target,
            family,
            protectionDemand: { mean: lt.mean, variance: leadVar },
            lotSize: lot,
            reviewPeriod: 0,
            lostSales: item.lostSales ?? false,
            ...(under ? { undershoot: { mean: under.mean, variance: under.sd * under.sd } } : {}),
          });
      const s0 = Math.max(0, mm.minUnits);
      const S0 = Math.max(s0, mm.maxUnits);
      const sd = mm.explanation.protectionDemand.sd;
      const cap = item.maxCoverDays !== null ? Math.floor(mu * item.maxCoverDays) : null;
      const classShift = item.classShifts?.[f.demandClass as DemandClassName] ?? 0;
      const z = Number(((item.safetyShift ?? 0) + classShift).toFixed(6));
      ({ s, S } = shiftedLevels(s0, S0, sd, z));
      if (z !== 0 && sd > 0) {
        base.safetyShift = { z, reorderPoint: s0, orderUpTo: S0, ...(classShift !== 0 ? { classShift: { demandClass: f.demandClass, z: classShift } } : {}) };
        const parts = classShift !== 0 ? ` = policy ${signed(item.safetyShift ?? 0)} + ${f.demandClass} demand ${signed(classShift)}` : '';
        notes.push(`reorder point shifted by ${signed(z)} sd of lead-time demand (policy calibration${parts}): ${s0} -> ${s}, order-up-to ${S0} -> ${S}`);
      }
      if (item.alternativeShifts) base.alternatives = item.alternativeShifts.map((x) => ({ shift: x, ...capLevels(shiftedLevels(s0, S0, sd, x + classShift), cap) }));
      base.safetyStock = mm.safetyStock + (s - s0);
      base.safetyFactor = mm.explanation.safetyFactor;
      base.expected = { fillRate: mm.explanation.expected?.fillRate, cycleService: mm.explanation.expected?.cycleService };
      base.policy = mm.explanation;
      // sd of the distribution actually used (a Poisson fit ignores a smaller forecast variance)
      base.protection = days
        ? { days: P, mean: hs.mean, sd, family: mm.explanation.protectionDemand.family, leadTimeMean: lt.mean, leadTimeSd: Math.sqrt(leadVar) }
        : {
            days: Lp,
            mean: mm.explanation.protectionDemand.mean,
            sd,
            family: mm.explanation.protectionDemand.family,
            leadTimeMean: lt.mean,
            leadTimeSd: Math.sqrt(leadVar),
            undershoot: under ? { mean: under.mean, sd: under.sd, daySize: under.daySize, days: under.days } : null,
          };
    } catch (e) {
      return { ...base, error: `policy failed: ${(e as Error).message}`, notes: ['no suggestion: the policy levels could not be computed'] };
    }
    if (item.maxCoverDays !== null) {
      const cap = Math.floor(mu * item.maxCoverDays);
      const to = capLevels({ s, S }, cap).orderUpTo;
      if (to !== S) {
        notes.push(
          cap < s
            ? `exposure cap of ${item.maxCoverDays} days of cover (${cap} units) is below the reorder point ${s}: order-up-to kept at the reorder point`
            : `order-up-to capped from ${S} to ${to} units (${item.maxCoverDays} days of cover)`,
        );
        S = to;
      }
    }
  }
  base.reorderPoint = s;
  base.orderUpTo = S;
  if (item.draftOrders) {
    notes.push(`draft purchase orders not placed yet: ${item.draftOrders.quantity} units counted as inbound: ${item.draftOrders.numbers.join(', ')} (place them, or cancel those that will not be)`);
  }
  if (item.draftTransfers) {
    const d = item.draftTransfers;
    const parts = [d.in > 0 ? `${d.in} coming in (counted as inbound)` : '', d.out > 0 ? `${d.out} going out (counted as reserved)` : ''].filter(Boolean).join(', ');
    notes.push(`draft transfers not shipped yet: ${parts}: ${d.numbers.join(', ')}`);
  }
  if (item.staleDrafts?.length) {
    // the position without them: a PO's units and a transfer's coming in are inbound, a transfer's
    // going out reserved
    const without = item.staleDrafts.reduce((t, x) => t + (x.direction === 'out' ? x.quantity : -x.quantity), ip);
    const list = item.staleDrafts.map((x) => `${x.kind} ${x.number} (${x.quantity} units ${x.direction === 'out' ? 'going out' : 'coming in'}, a draft for ${x.ageDays} days)`).join(', ');
    notes.push(`stale drafts: ${list}: not ${item.staleDrafts.every((x) => x.kind === 'transfer') ? 'shipped' : 'placed or shipped'} ${item.staleDrafts[0].staleAfterDays} days after they were created, yet counted in the position; cancel those that will not be and the position is ${without}`);
  }
  if (item.staleInbound?.length) {
    const units = item.staleInbound.reduce((t, x) => t + x.quantity, 0);
    const list = item.staleInbound.map((x) => `${x.po} (${x.quantity} units, open ${x.ageDays} days; stale after ${Math.round(x.staleAfterDays)})`).join(', ');
    notes.push(
      `stale inbound: ${units} of the ${item.inbound} units inbound are on POs open longer than twice their supplier's longest lead time: ${list}. The position counts them; if they will not come, close them and the position falls to ${ip - units}`,
    );
  }
  const need = ip <= s ? S - ip : 0;
  base.need = need;
  if (need > 0 && ip <= s) notes.push(`inventory position ${ip} is at or below the reorder point ${s}: order up to ${S}`);

  let maxOrder = item.maxOrderUnits ?? undefined;
  const moq = item.moq > 0 ? item.moq : undefined;
  if (maxOrder !== undefined && moq !== undefined && moq > maxOrder) {
    notes.push(`maximum line value allows ${maxOrder} units, below the supplier MOQ ${moq}: the cap is raised to the MOQ`);
    maxOrder = moq;
  }
  // the MOQ is met per SKU and supplier order by the run (moq-consolidation.ts), not per line
  const sized = sizeOrder(need, { casePack: item.casePack > 1 ? item.casePack : undefined, orderMultiple: item.orderMultiple ?? undefined, maxOrder });
  base.suggestedQty = sized.quantity;
  base.meetsNeed = sized.meetsNeed;
  base.rounding = sized.steps;
  base.orderStep = sized.step;
  base.maxOrder = maxOrder ?? null;
  if (!sized.meetsNeed) notes.push(`capped order ${sized.quantity} does not meet the need ${need}`);

  const means = f.mean;
  const cover = mu >= MIN_DEMAND_PER_DAY ? daysUntilDepleted(ip, means) : ip <= 0 ? 0 : null;
  base.daysOfCover = cover;
  const scheduled = item.arrivalQty.reduce((a, b) => a + b, 0);
  const atHand = item.onHand - item.reserved + Math.max(0, item.inbound - scheduled);
  base.stockoutInDays = mu >= MIN_DEMAND_PER_DAY ? projectedStockoutDay(atHand, item.arrivalDays, item.arrivalQty, means) : atHand <= 0 ? 0 : null;
  const untilReorder = ip <= s ? 0 : mu >= MIN_DEMAND_PER_DAY ? daysUntilDepleted(ip - s, means) : null;
  // on the first order day on or after the day the position reaches s
  const reorderDay = untilReorder === null ? null : Math.floor(untilReorder);
  base.orderInDays = reorderDay === null ? null : reorderDay + (days ? orderCalendar(addWeekdays(item.weekday ?? 1, reorderDay), days).waitDays : 0);
  if (days) {
    notes.push(
      `orders on ${weekdayNames(days)} only: every order day up to ${S} when the position is below it; the level covers the lead time + ${cal.gapDays} day(s) to the next order day${cal.waitDays > 0 ? `; today is not an order day (next in ${cal.waitDays} day(s))` : ''}`,
    );
  }
  return base;
}
