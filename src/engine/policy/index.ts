/**
 * Replenishment policies: safety stock and reorder points for cycle-service and fill-rate targets
 * under random lead times ((s, Q), (R, S), (s, S)), EOQ, newsvendor, cost-optimal (r, Q), and
 * order sizing (MOQ, packs, multiples, caps). Every policy result carries an explanation.
 */
export * from './explanation.ts';
export * from './lead-time-demand.ts';
export * from './service-level.ts';
export * from './order-sizing.ts';
export * from './eoq.ts';
export * from './newsvendor.ts';
export * from './rq-optimization.ts';
export type { PolicyInput } from './policy-input.ts';
export * from './continuous-review.ts';
export * from './periodic-review.ts';
export * from './min-max.ts';
export * from './order-crossover.ts';
export * from './undershoot.ts';
export * from './budget-allocation.ts';
export * from './cycle-sales.ts';
