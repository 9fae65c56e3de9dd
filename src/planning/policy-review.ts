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
 * - order rules (packs, MOQ, minimum order value) are left out: they are not the service policy.
 */
import { listPolicies } from './policies.ts';
import { resolveParameters } from './parameters.ts';
import { loadPlanInputs } from './plan-inputs.ts';
import type { BacktestJob } from './plan-backtest.ts';
import { backtestInWorkers } from './worker-pool.ts';
import { buildItems } from './plan-run.ts';
import type { ServiceTarget } from './types.ts';
import type { Executor } from '../store/executor.ts';
import { validationError } from '../shared/errors.ts';

/** History the plans of the replay read, as a plan run does by default (days). */
const PLAN_HISTORY_DAYS = 365;
/** Least history before the replay for a pair to be reviewed (days). */
export const MIN_REVIEW_HISTORY_DAYS = 56;
/** Least measured days of a pair's replay, after its burn-in (days). */
export const MIN_MEASURED_DAYS = 28;

export interface PolicyReviewOptions {
  /** Planning day (default today, UTC): the replay covers the `days` days before it. */
  asOf?: string;
  /** Days replayed (default 180, 28-730); the first lead time + review period of each pair's replay is not measured. */
  days?: number;
  location?: string;
  /** Days between re-plans in the replay (default 7; 1 = every night as the plan runs, 7x slower). */
  refit?: number;
  /** Worker threads (default: available cores, at most 8; 0 = the calling thread). */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
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
  /** Mean on hand over the replayed days, units and value (micro-units). */
  avgOnHand: number;
  avgOnHandValue: number;
  /** Share of pair-days with demand left unserved. */
  stockoutDayShare: number;
  orders: number;
}

export interface PolicyReview {
  asOf: string;
  from: string;
  days: number;
  refit: number;
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

/** Reviews every policy against the last `days` days of the ledger's demand (see the file comment). */
export async function reviewPolicies(ex: Executor, opts: PolicyReviewOptions = {}): Promise<PolicyReview> {
  const days = intIn('days', opts.days ?? 180, 28, 730);
  const refit = intIn('refit', opts.refit ?? 7, 1, 28);
  const params = resolveParameters({ asOf: opts.asOf, location: opts.location, historyDays: days + PLAN_HISTORY_DAYS });
  const inputs = await loadPlanInputs(ex, { asOf: params.asOf, windowDays: params.historyDays, location: params.location ?? undefined });
  const { items, planned } = buildItems(inputs, await listPolicies(ex), params);
  // one backtest job per pair with enough history (plain data: the jobs run in worker threads)
  const jobs: BacktestJob[] = [];
  const jobPair: number[] = [];
  let skipped = 0;
  items.forEach((item, i) => {
    const n = item.y.length;
    // the replay starts with about a lead time + review period of stock: play it, measure after it
    const burnIn = Math.ceil(item.leadTimeDays + item.reviewPeriodDays);
    if (n - days < MIN_REVIEW_HISTORY_DAYS || days - burnIn < MIN_MEASURED_DAYS) {
      skipped++;
      return;
    }
    jobs.push({
      series: { y: Float64Array.from(item.y, (v, d) => (item.stockout[d] ? NaN : v)), leadTimeDays: item.leadTimeDays, leadTimeSdDays: item.leadTimeSdDays },
      options: {
        reviewPeriodDays: item.reviewPeriodDays,
        warmup: n - days,
        burnIn,
        refit,
        historyDays: PLAN_HISTORY_DAYS,
        backorders: !item.lostSales,
        template: { target: item.target, lostSales: item.lostSales, model: item.model, season: item.season, maxCoverDays: item.maxCoverDays },
        seed: i + 1,
      },
    });
    jobPair.push(i);
  });
  const outcomes = await backtestInWorkers(jobs, { threads: opts.threads, onProgress: opts.onProgress });
  const groups = new Map<string, PolicyOutcome>();
  outcomes.forEach((o, k) => {
    const i = jobPair[k];
    const item = items[i];
    const p = planned[i];
    const key = p.policy ? `${p.policy.code}@${p.policy.current.version}` : '';
    const g = groups.get(key) ?? {
      policy: p.policy?.code ?? null,
      version: p.policy?.current.version ?? null,
      target: item.target,
      reviewPeriodDays: item.reviewPeriodDays,
      pairs: 0,
      served: 0,
      demanded: 0,
      fillRate: null,
      avgOnHand: 0,
      avgOnHandValue: 0,
      stockoutDayShare: 0,
      orders: 0,
    };
    g.pairs++;
    g.served += o.served;
    g.demanded += o.demanded;
    g.avgOnHand += o.avgOnHand;
    g.avgOnHandValue += Math.round(o.avgOnHand * p.unitCost);
    g.stockoutDayShare += o.stockoutDays / o.days;
    g.orders += o.orders;
    groups.set(key, g);
  });
  const policies = [...groups.values()]
    .map((g) => ({
      ...g,
      fillRate: g.demanded > 0 ? g.served / g.demanded : null,
      avgOnHandValue: Math.round(g.avgOnHandValue / 10_000) * 10_000, // whole cents
      stockoutDayShare: g.pairs ? g.stockoutDayShare / g.pairs : 0,
    }))
    .sort((a, b) => (a.policy === null ? 1 : b.policy === null ? -1 : a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0));
  const from = new Date(Date.parse(`${params.asOf}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  return {
    asOf: params.asOf,
    from,
    days,
    refit,
    policies,
    skipped,
    assumptions: [
      "today's policies, segments and lead times over the whole replay",
      'stockout days: demand unknown, censored in the history and left out of the service measures',
      "starts with the first plan's order-up-to level on hand, measured after a lead time + review period; unmet demand lost for SKUs without backorders, backordered otherwise",
      'order rules (packs, MOQ, minimum order value) left out',
      `re-planned every ${refit} day(s)${refit > 1 ? ' (the nightly run re-plans every night: a little more stock and service)' : ''}`,
    ],
  };
}
