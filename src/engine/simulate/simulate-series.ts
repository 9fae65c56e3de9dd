/**
 * Policy backtest of one demand series: replays demand period by period under a periodic-review
 * order-up-to (R, S) policy that is re-planned at every review from only the history known then.
 *
 * Timeline (periods are 1-based, n = length of the series, W = warm-up):
 * - periods 1..W only build history; the simulation runs over periods W+1..n;
 * - at the start of period W+1 on hand = the first computed order-up-to level S, nothing on order;
 * - reviews at periods W+1, W+1+R, ...: the model is fitted on periods 1..t-1, S is set for the
 *   target over the protection interval L + R, and S - inventory position is ordered (if > 0);
 * - within a period: arrivals due this period are received first, then the review (an order placed in
 *   period t arrives at the start of period t+L and serves that period's demand; L = 0 arrives at
 *   once), then demand; unmet demand is lost (or backordered with `backorders`);
 * - a missing demand (NaN) is treated as no demand and excluded from the service measures.
 * Measures over periods W+1..n: fill rate = units served from stock / units demanded; cycle
 * service = share of review cycles (R periods from a review; the last may be shorter) without a
 * stockout; average on hand = mean end-of-period on hand; stockout periods = periods with unmet
 * demand; orders = number of orders placed.
 */
import { createRng, type Distribution, type DistributionFamily } from '../stats/index.ts';
import { PeriodStock } from './period-stock.ts';
import type { PolicyExplanation, ServiceTarget } from '../policy/explanation.ts';
import { periodicReview } from '../policy/periodic-review.ts';
import type { FillRateMethod } from '../policy/service-level.ts';
import { policyFamily, type DemandForecast, type DemandModel } from './demand-model.ts';
import { scaleDemandSum } from './demand-scale.ts';
import { setupProtection } from '../policy/policy-input.ts';
import { effectiveLeadTimeVariance } from '../policy/order-crossover.ts';
import { periodicFillRate } from '../policy/service-level.ts';

export { sampleLeadTime } from './period-stock.ts';

export interface SimulationOptions {
  /** Mean lead time in periods (a whole number of periods when leadTimeSd is 0). */
  leadTime: number;
  /** Lead-time standard deviation (periods); > 0 samples each order's lead time (seeded). */
  leadTimeSd?: number;
  /**
   * What the policy assumes of the sampled lead times, in [0, 1]: 0 (default) the textbook term
   * mu^2 sd^2, one order's spread, as other tools plan; 1 the order crossover term of independent
   * lead times (engine/policy/order-crossover.ts), which is how the simulation draws them.
   */
  leadTimeIndependence?: number;
  /** Review period R in periods (>= 1). */
  reviewPeriod: number;
  target: ServiceTarget;
  /** Warm-up periods W (history only), 1 <= W < n. */
  warmup: number;
  /** Forecasting model used at every review. */
  model: DemandModel;
  /** Backorder unmet demand instead of losing it. */
  backorders?: boolean;
  /** Seed for sampled lead times (default 1). */
  seed?: number;
  fillRateMethod?: FillRateMethod;
  /** Override the forecast's distribution family. */
  family?: DistributionFamily;
  /**
   * Cap S at max(largest demand over any L+R consecutive periods of the known history, 2 x the
   * forecast protection demand) (opt-in, default false): never hold more than history has ever needed
   * unless the forecast itself expects it. Guards against forecasts whose variance outlives the
   * demand (e.g. a dying product).
   */
  historyCap?: boolean;
  /** Plan with the lost-sales correction when demand is lost (default true; see PolicyInput.lostSales). */
  lostSalesCorrection?: boolean;
  /** Feed the model observed sales + stockout flags (censored demand) instead of true demand. */
  censorHistory?: boolean;
  /**
   * Shift of the order-up-to level in standard deviations of protection demand, S = round(S + z sigma),
   * applied after the analytic level (fill-rate or cycle-service); `note` goes into the explanation.
   * Set by the pooled segment calibration (segment-calibration.ts, simulate-portfolio.ts); default none.
   */
  safetyShift?: { z: number; note: string };
  /**
   * Scale of the forecast's demand before the level is solved (mean x factor, count variance by
   * binomial thinning: demand-scale.ts); `note` goes into the explanation. Set by the pooled segment
   * calibration's `scale` lever (segment-calibration.ts); default none.
   */
  demandScale?: { factor: number; note: string };
  /**
   * Level for an item whose known history holds no demand (never sold yet), instead of the model's
   * (which can only say 0): the launch quantity of dormant-prior.ts; `note` goes into the explanation.
   */
  dormant?: { orderUpTo: number; note: string };
  /** A line added to every plan's assumptions (e.g. why a segment plans for a cycle-service level). */
  planNote?: string;
  /** The item's demand segment, passed to the model (ForecastContext; simulate-portfolio.ts sets it). */
  segment?: string;
  /**
   * Whole-unit levels for fill-rate targets (discrete families): 'nearest' (default) takes S - 1
   * instead of the smallest S meeting the target when its expected fill rate (lost-sales adjusted)
   * is nearer the target, so that the target holds on average over many items instead of as a
   * per-item minimum (which overshoots slow movers by up to a whole unit's worth of fill rate);
   * 'up' keeps the smallest S meeting the target.
   */
  rounding?: 'nearest' | 'up';
}

export interface SeriesSimulation {
  /** Periods simulated (n - W). */
  periods: number;
  demanded: number;
  served: number;
  /** served / demanded (1 when nothing was demanded). */
  fillRate: number;
  cycles: number;
  cyclesWithStockout: number;
  /** Share of review cycles without a stockout. */
  cycleService: number;
  /** Mean end-of-period on hand. */
  avgOnHand: number;
  stockoutPeriods: number;
  orders: number;
  unitsOrdered: number;
  /** The plan of the last review (inputs and assumptions). */
  lastPlan: PolicyExplanation | null;
}

/** Simulates one series (see the file header for the exact semantics). */
export function simulateSeries(y: ArrayLike<number>, opts: SimulationOptions): SeriesSimulation {
  const sim = new SeriesStepper(y, opts);
  for (let t = opts.warmup + 1; t <= y.length; t++) sim.step(t);
  return sim.result();
}

/**
 * simulateSeries one period at a time, so that a portfolio can step all its items together and
 * change an item's options between periods (simulate-portfolio.ts's service feedback sets
 * `opts.safetyShift` before each review). step(t) must be called for t = W+1, ..., n in order.
 */
export class SeriesStepper {
  readonly opts: SimulationOptions;
  /** Units demanded / served so far (periods W+1..last stepped). */
  demanded = 0;
  served = 0;
  private readonly y: ArrayLike<number>;
  private readonly stock: PeriodStock;
  /** What the planner sees: the demand itself (aliased) unless the history is censored. */
  private readonly known: Float64Array;
  private readonly ownKnown: boolean;
  private readonly stockoutFlags: Uint8Array | undefined;
  private sumOnHand = 0;
  private stockoutPeriods = 0;
  private orders = 0;
  private unitsOrdered = 0;
  private cycles = 0;
  private cyclesWithStockout = 0;
  private cycleHadStockout = false;
  private lastPlan: PolicyExplanation | null = null;
  private next: number;

  constructor(y: ArrayLike<number>, opts: SimulationOptions) {
    const n = y.length;
    const W = opts.warmup;
    const R = opts.reviewPeriod;
    const L = opts.leadTime;
    const ltSd = opts.leadTimeSd ?? 0;
    if (!(Number.isInteger(W) && W >= 1 && W < n)) throw new RangeError(`warm-up must be an integer in [1, ${n - 1}] for a series of ${n} periods (got ${W})`);
    if (!(Number.isInteger(R) && R >= 1)) throw new RangeError(`review period must be a positive integer (got ${R})`);
    if (!(L >= 0) || (!(ltSd > 0) && !Number.isInteger(L))) throw new RangeError(`lead time must be a whole number of periods >= 0 (got ${L})`);
    if (!(ltSd >= 0)) throw new RangeError(`lead-time sd must be >= 0 (got ${ltSd})`);
    this.y = y;
    this.opts = { ...opts };
    this.stock = new PeriodStock(n, L, ltSd, !!opts.backorders, createRng(opts.seed ?? 1));
    // uncensored, what the planner knows of a period is its demand: read the caller's array (a
    // portfolio keeps every series' stepper alive at once) instead of a copy
    this.ownKnown = !!opts.censorHistory || !(y instanceof Float64Array);
    this.known = this.ownKnown ? new Float64Array(n) : (y as Float64Array);
    this.stockoutFlags = opts.censorHistory ? new Uint8Array(n) : undefined;
    if (this.ownKnown) for (let i = 0; i < W; i++) this.known[i] = y[i];
    this.next = W + 1;
  }

  /** True when period t (1-based) starts with a review. */
  isReview(t: number): boolean {
    return (t - this.opts.warmup - 1) % this.opts.reviewPeriod === 0;
  }

  /** Simulates period t (the next one: W+1, W+2, ...). */
  step(t: number): void {
    if (t !== this.next) throw new RangeError(`period ${t} stepped out of order (expected ${this.next})`);
    this.next++;
    const opts = this.opts;
    const W = opts.warmup;
    const stock = this.stock;
    const i = t - 1;
    // 1. receive
    stock.receive(t);
    // 2. review
    if (this.isReview(t)) {
      if (t > W + 1) {
        this.cycles++;
        if (this.cycleHadStockout) this.cyclesWithStockout++;
      }
      this.cycleHadStockout = false;
      const plan = planOrderUpTo(this.known.subarray(0, i), this.stockoutFlags?.subarray(0, i), opts);
      this.lastPlan = plan.explanation;
      if (t === W + 1) stock.onHand = plan.orderUpTo;
      const q = stock.orderUpTo(plan.orderUpTo, t);
      if (q > 0) {
        this.orders++;
        this.unitsOrdered += q;
      }
    }
    // 3. demand
    const d = this.y[i];
    if (d === d && d > 0) {
      const s = stock.serve(d);
      this.demanded += d;
      this.served += s;
      if (s < d) {
        this.stockoutPeriods++;
        this.cycleHadStockout = true;
      }
      if (this.stockoutFlags) this.stockoutFlags[i] = s < d ? 1 : 0;
      if (this.ownKnown) this.known[i] = opts.censorHistory ? s : d;
    } else if (this.ownKnown) {
      this.known[i] = d === d ? d : NaN;
    }
    this.sumOnHand += stock.onHand;
  }

  /** The measures over periods W+1..n (call after stepping period n). */
  result(): SeriesSimulation {
    const n = this.y.length;
    if (this.next !== n + 1) throw new RangeError(`result() before the last period was stepped (next ${this.next}, n ${n})`);
    const cyclesWithStockout = this.cyclesWithStockout + (this.cycleHadStockout ? 1 : 0);
    const cycles = this.cycles + 1;
    const periods = n - this.opts.warmup;
    return {
      periods,
      demanded: this.demanded,
      served: this.served,
      fillRate: this.demanded > 0 ? this.served / this.demanded : 1,
      cycles,
      cyclesWithStockout,
      cycleService: 1 - cyclesWithStockout / cycles,
      avgOnHand: this.sumOnHand / periods,
      stockoutPeriods: this.stockoutPeriods,
      orders: this.orders,
      unitsOrdered: this.unitsOrdered,
      lastPlan: this.lastPlan,
    };
  }
}

/**
 * The order-up-to level for the next review from the known history: forecast the demand over
 * L and L + R periods (the model's horizon sums, so autocorrelation and level uncertainty are
 * included), add mu^2 Var(L) for a random lead time, and solve the service target with the exact
 * loss functions of the forecast's family (periodicReview). Rounded up to whole units.
 */
export function planOrderUpTo(
  history: Float64Array,
  stockout: Uint8Array | undefined,
  opts: SimulationOptions,
): PlannedOrderUpTo {
  const f = opts.model.forecast(history, Math.ceil(opts.leadTime + opts.reviewPeriod), stockout, opts.segment ? { segment: opts.segment } : undefined);
  return planFromForecast(f, history, opts);
}

export interface PlannedOrderUpTo {
  orderUpTo: number;
  explanation: PolicyExplanation;
  /** The protection-interval demand distribution the level was solved on (null when it expects nothing). */
  protection: Distribution | null;
}

/**
 * planOrderUpTo's level from a forecast already made on `history` (so that a calibration can
 * re-plan one forecast under several demand scales without refitting it).
 */
export function planFromForecast(f: DemandForecast, history: Float64Array, opts: SimulationOptions): PlannedOrderUpTo {
  const L = opts.leadTime;
  const R = opts.reviewPeriod;
  const ltSd = opts.leadTimeSd ?? 0;
  const family = opts.family ?? policyFamily(String(f.family));
  const scale = opts.demandScale && opts.demandScale.factor !== 1 ? opts.demandScale : undefined;
  const discrete = family === 'poisson' || family === 'negbin';
  const unscaled = f.horizonSum(L + R);
  const prot = scale ? scaleDemandSum(unscaled, scale.factor, discrete) : unscaled;
  const lt = scale ? scaleDemandSum(f.horizonSum(L), scale.factor, discrete) : f.horizonSum(L);
  const rate = L + R > 0 ? prot.mean / (L + R) : 0;
  // the lead-time term: one order's spread, or the pipeline's when lead times are independent
  // from order to order and orders (every R periods) overtake each other (order-crossover.ts)
  const extra = rate * rate * (ltSd > 0 && R > 0 ? effectiveLeadTimeVariance(ltSd, R, opts.leadTimeIndependence ?? 0) : ltSd * ltSd);
  if (opts.dormant && !history.some((v) => v > 0)) {
    const explanation = zeroPlan(opts, f.model, family);
    explanation.orderUpTo = opts.dormant.orderUpTo;
    explanation.safetyStock = opts.dormant.orderUpTo;
    explanation.assumptions = [`no demand in the history: order-up-to ${opts.dormant.orderUpTo} from ${opts.dormant.note}`];
    return { orderUpTo: opts.dormant.orderUpTo, explanation, protection: null };
  }
  if (!(prot.mean > 0)) {
    return { orderUpTo: 0, explanation: zeroPlan(opts, f.model, family), protection: null };
  }
  const perPeriodVar = Math.max(0, (prot.variance - lt.variance) / R);
  const lostSales = !opts.backorders && opts.lostSalesCorrection !== false;
  const input = {
    demand: { mean: rate, sd: Math.sqrt(perPeriodVar) },
    leadTime: { mean: L, sd: ltSd },
    target: opts.target,
    family,
    fillRateMethod: opts.fillRateMethod,
    protectionDemand: { mean: prot.mean, variance: prot.variance + extra },
    leadTimeDemand: { mean: lt.mean, variance: lt.variance + extra },
  };
  const result = periodicReview({ ...input, reviewPeriod: R, lostSales });
  result.explanation.assumptions.push(`forecast model ${f.model}`);
  if (scale) result.explanation.assumptions.push(`forecast demand scaled by ${scale.factor.toFixed(3)} (protection-interval mean ${unscaled.mean.toFixed(2)} -> ${prot.mean.toFixed(2)}): ${scale.note}`);
  if (opts.planNote) result.explanation.assumptions.push(opts.planNote);
  // the protection-interval distributions periodicReview used, built the same way once more here:
  // for nearest rounding and for the calibration's cycle-service levels
  const setup = setupProtection(input, R);
  const protection = setup.protection;
  let orderUpTo = Math.max(0, result.orderUpToUnits);
  if (opts.rounding !== 'up' && opts.target.kind === 'fill-rate' && orderUpTo >= 1) {
    if (protection.discrete) {
      const credit = lostSales ? L * (1 - opts.target.rate) * rate : 0;
      const perCycle = prot.mean - lt.mean;
      const fillAt = (x: number) => periodicFillRate(protection, setup.leadTimeOnly, x + credit, perCycle, opts.fillRateMethod ?? 'exact');
      const b = opts.target.rate;
      const below = fillAt(orderUpTo - 1);
      const at = fillAt(orderUpTo);
      if (Math.abs(below - b) < Math.abs(at - b)) {
        result.explanation.assumptions.push(`order-up-to ${orderUpTo - 1} instead of ${orderUpTo}: its expected fill rate ${below.toFixed(4)} is nearer the target than ${at.toFixed(4)} (nearest rounding)`);
        orderUpTo -= 1;
        result.explanation.orderUpTo = orderUpTo;
        result.explanation.safetyStock = orderUpTo - prot.mean;
      }
    }
  }
  const shift = opts.safetyShift;
  if (shift && shift.z !== 0 && prot.mean > 0) {
    const sd = Math.sqrt(prot.variance + extra);
    const shifted = Math.max(0, Math.round(orderUpTo + shift.z * sd));
    result.explanation.assumptions.push(`order-up-to ${orderUpTo} shifted by ${shift.z.toFixed(3)} sd (${sd.toFixed(2)} units) to ${shifted}: ${shift.note}`);
    orderUpTo = shifted;
    result.explanation.orderUpTo = orderUpTo;
    result.explanation.safetyStock = orderUpTo - prot.mean;
  }
  if (opts.historyCap === true) {
    const cap = Math.ceil(Math.max(maxRollingSum(history, Math.max(1, Math.ceil(L + R))), 2 * prot.mean) - 1e-9);
    if (orderUpTo > cap) {
      result.explanation.assumptions.push(`order-up-to ${orderUpTo} capped at ${cap}: the most demand seen over ${Math.ceil(L + R)} periods (or twice the forecast)`);
      orderUpTo = cap;
      result.explanation.orderUpTo = cap;
    }
  }
  return { orderUpTo, explanation: result.explanation, protection };
}

/** Largest sum of `k` consecutive observations (missing values count as 0); 0 for no data. */
export function maxRollingSum(y: ArrayLike<number>, k: number): number {
  let best = 0;
  let acc = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    acc += v === v ? v : 0;
    if (i >= k) {
      const old = y[i - k];
      acc -= old === old ? old : 0;
    }
    if (acc > best) best = acc;
  }
  return best;
}

function zeroPlan(opts: SimulationOptions, model: string, family: string): PolicyExplanation {
  return {
    policy: 'periodic-review-RS',
    demandPerPeriod: { mean: 0, sd: 0 },
    leadTime: { mean: opts.leadTime, sd: opts.leadTimeSd ?? 0 },
    reviewPeriod: opts.reviewPeriod,
    protectionPeriods: opts.leadTime + opts.reviewPeriod,
    protectionDemand: { mean: 0, sd: 0, family },
    serviceTarget: opts.target,
    safetyStock: 0,
    safetyFactor: 0,
    orderUpTo: 0,
    assumptions: [`forecast model ${model} expects no demand: order-up-to level 0`],
  };
}
