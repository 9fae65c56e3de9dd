/**
 * Inputs shared by the stochastic replenishment policies ((s, Q), (R, S), (s, S)) and the
 * helpers that turn them into protection-interval distributions and explanations.
 */
import type { Distribution, DistributionFamily } from '../stats/index.ts';
import type { PolicyExplanation, ServiceTarget } from './explanation.ts';
import { protectionDemandDistribution, protectionDemandMoments, type DemandRate, type LeadTime } from './lead-time-demand.ts';
import type { FillRateMethod } from './service-level.ts';

export interface PolicyInput {
  /** Demand per period (units/period): mean and standard deviation. */
  demand: DemandRate;
  /** Lead time in periods (mean, sd). */
  leadTime: LeadTime;
  /** Cycle-service or fill-rate target. */
  target: ServiceTarget;
  /** Distribution family of protection-interval demand (default 'normal'). */
  family?: DistributionFamily;
  /** Fill-rate formula (default 'exact', see service-level.ts). */
  fillRateMethod?: FillRateMethod;
  /**
   * Guard for fill-rate targets (default 0.9999): the level never exceeds this quantile of
   * protection demand. A fitted distribution with a near-zero mean and a large variance (e.g. a
   * negative binomial with r << 1 after a run of zeros) otherwise asks for absurd stock, because the
   * allowed shortage (1 - beta) x mean shrinks faster than the tail. Set 1 to disable.
   */
  fillRateCap?: number;
  /**
   * Unmet demand is lost rather than backordered (periodic review, fill-rate targets). The exact
   * formula is a backorder formula; with lost sales the units lost while an order is in transit do
   * not consume the stock that arrives, so the same S serves more. First-order correction: about
   * (L/R) x (shortage per cycle) units per cycle are lost during the lead time and stay on the
   * shelf, so S_lost = S_backorder - (L/R) (1 - beta) mu R = S_backorder - L (1 - beta) mu.
   */
  lostSales?: boolean;
  /**
   * Optional override: the moments of demand over the protection interval, e.g. from a forecast's
   * horizonSum (which includes autocorrelation); replaces the i.i.d. formula.
   */
  protectionDemand?: { mean: number; variance: number };
  /** Same for demand over the lead time alone (periodic review, exact fill rate). */
  leadTimeDemand?: { mean: number; variance: number };
}

export interface ProtectionSetup {
  protection: Distribution;
  /** Demand over the lead time alone (null when not needed). */
  leadTimeOnly: Distribution | null;
  periods: number;
}

/** Builds the protection-interval distribution (L + R periods) and the lead-time-only one. */
export function setupProtection(input: PolicyInput, reviewPeriod: number): ProtectionSetup {
  const family = input.family ?? 'normal';
  const m = input.protectionDemand ?? protectionDemandMoments(input.demand, input.leadTime, reviewPeriod);
  const periods = input.leadTime.mean + reviewPeriod;
  let leadTimeOnly: Distribution | null = null;
  if (reviewPeriod > 0) {
    const l = input.leadTimeDemand ?? protectionDemandMoments(input.demand, input.leadTime, 0);
    leadTimeOnly = protectionDemandDistribution(l, family);
  }
  return { protection: protectionDemandDistribution(m, family), leadTimeOnly, periods };
}

/**
 * Applies the fill-rate guard (see `PolicyInput.fillRateCap`); returns the level and, when the cap
 * bound, a note for the explanation.
 */
export function capFillRateLevel(level: number, input: PolicyInput, dist: Distribution): { level: number; note?: string } {
  const cap = input.fillRateCap ?? 0.9999;
  if (input.target.kind !== 'fill-rate' || !(cap < 1)) return { level };
  // below the cap's quantile already (the usual case): one cdf instead of the quantile search,
  // which for a wide discrete distribution walks the pmf term by term from a normal guess
  if (dist.cdf(level) < cap) return { level };
  const max = dist.quantile(cap);
  if (level <= max) return { level };
  return { level: max, note: `fill-rate level ${level.toFixed(2)} capped at the ${cap} quantile of protection demand (${max.toFixed(2)})` };
}

/** The explanation skeleton common to the policies. */
export function baseExplanation(
  policy: PolicyExplanation['policy'],
  input: PolicyInput,
  reviewPeriod: number,
  setup: ProtectionSetup,
  level: number,
): PolicyExplanation {
  const sd = Math.sqrt(setup.protection.variance);
  const ss = level - setup.protection.mean;
  const assumptions = [
    input.protectionDemand
      ? 'protection-interval demand moments supplied by the forecast'
      : 'per-period demand i.i.d.; protection demand mean = mu (E[L] + R), variance = (E[L] + R) sigma^2 + mu^2 Var(L)',
    `protection-interval demand modelled as ${setup.protection.family}`,
  ];
  if (input.target.kind === 'fill-rate') assumptions.push(`fill rate by the ${input.fillRateMethod ?? 'exact'} loss-function formula (backorder accounting)`);
  return {
    policy,
    demandPerPeriod: { mean: input.demand.mean, sd: input.demand.sd },
    leadTime: { mean: input.leadTime.mean, sd: input.leadTime.sd ?? 0 },
    reviewPeriod,
    protectionPeriods: setup.periods,
    protectionDemand: { mean: setup.protection.mean, sd, family: setup.protection.family },
    serviceTarget: input.target,
    safetyStock: ss,
    safetyFactor: sd > 0 ? ss / sd : 0,
    assumptions,
  };
}
