/**
 * The explanation attached to every policy result: the inputs and assumptions a planner needs to
 * see why a reorder point / order-up-to level / quantity came out as it did. Plain JSON (numbers,
 * strings, arrays) so the planning service can store it with each recommendation.
 */
import type { RoundingStep } from './order-sizing.ts';

/** A service target: cycle service level (P(no stockout in a cycle)) or fill rate (share of demand served from stock). */
export type ServiceTarget = { kind: 'cycle-service'; level: number } | { kind: 'fill-rate'; rate: number };

export interface PolicyExplanation {
  /** Which policy / formula produced the result. */
  policy: 'continuous-review-sQ' | 'periodic-review-RS' | 'min-max-sS' | 'newsvendor' | 'eoq' | 'rq-eil' | 'rq-poisson-exact';
  /** Demand per period (units/period) as given to the policy. */
  demandPerPeriod: { mean: number; sd: number };
  /** Lead time in periods: mean and standard deviation (0 = deterministic). */
  leadTime: { mean: number; sd: number };
  /** Review period in periods (0 for continuous review). */
  reviewPeriod: number;
  /** Length of the protection interval in periods (lead time + review period). */
  protectionPeriods: number;
  /** Demand over the protection interval: its moments and the distribution family used. */
  protectionDemand: { mean: number; sd: number; family: string };
  serviceTarget?: ServiceTarget;
  /** Safety stock = reorder point (or order-up-to level) - expected protection-interval demand. */
  safetyStock: number;
  /** Safety factor k = safety stock / sd of protection demand (z for cycle service). */
  safetyFactor: number;
  reorderPoint?: number;
  orderUpTo?: number;
  orderQuantity?: number;
  /** Expected performance of the computed levels under the model (before rounding to integers). */
  expected?: { cycleService?: number; fillRate?: number; shortagePerCycle?: number };
  /** Order-sizing steps applied (MOQ, pack, multiples, caps), in order. */
  rounding?: RoundingStep[];
  /** Free-text assumptions, e.g. "backorders", "lead-time demand from i.i.d. periods". */
  assumptions: string[];
}
