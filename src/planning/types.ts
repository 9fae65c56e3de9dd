/** Public shapes of the planning module (what its service functions accept and return). */
import type { DemandClass } from '../engine/forecast/index.ts';

import type { BudgetSummary } from './budget.ts';
import type { ProposedTransfer } from './excess.ts';
import type { DraftsSummary } from './stale-drafts.ts';

/** A run's excess stock (excess.ts): money in micro-units. */
export interface ExcessSummary {
  horizonDays: number;
  lines: number;
  units: number;
  value: number;
  /** Of the value: on hand (can move or be marked down) and inbound (open POs to cut). */
  onHandValue: number;
  inboundValue: number;
  /** Lines with no expected demand, and their value. */
  deadLines: number;
  deadValue: number;
  /** Of the excess on hand, the value received more than the horizon ago (held that long already). */
  agedValue: number;
  /** The largest excess lines by value (at most 20). */
  top: { sku: string; location: string; units: number; onHand: number; inbound: number; value: number; coverDays: number | null; dead: boolean; oldestDays: number | null; agedUnits: number }[];
}

/**
 * A transfer a run proposes, with its value (quantity x unit cost, micro-units): from a location's
 * excess to another's order (`excess`: what the receiver does not buy), or from a source to a
 * location replenished from it (`replenishment`: purchaseBefore/After 0). Runs before the
 * replenishment transfers have no `reason`: excess.
 */
export interface RunTransfer extends ProposedTransfer {
  reason?: 'excess' | 'replenishment';
  value: number;
}

/** A run's replenishment by transfer (replenishment-transfers.ts): the fed locations, the lines that asked, units asked, sent and short at their source, the value sent (micro-units). */
export interface ReplenishmentSummary {
  fedLocations: string[];
  lines: number;
  asked: number;
  sent: number;
  shortLines: number;
  short: number;
  value: number;
}

export type AbcClass = 'A' | 'B' | 'C';
export type XyzClass = 'X' | 'Y' | 'Z';
/** Lifecycle stage of a SKU (engine/segment/lifecycle.ts): new, active, slow (fading) or dead. */
export type { Lifecycle } from '../engine/segment/lifecycle.ts';
export { LIFECYCLES } from '../engine/segment/lifecycle.ts';
import type { Lifecycle } from '../engine/segment/lifecycle.ts';

/** Service target: fill rate (share of demand served from stock) or cycle service level (P(no stockout per cycle)). */
export interface ServiceTarget {
  kind: 'fill-rate' | 'cycle-service';
  /** In (0, 1), e.g. 0.95. */
  level: number;
}

/** Which SKU x location pairs a policy applies to; absent fields match everything. */
export interface PolicySelector {
  abc?: AbcClass[];
  xyz?: XyzClass[];
  /** Lifecycle stages (a run-down rule for slow and dead SKUs, a launch rule for new ones). */
  lifecycle?: Lifecycle[];
  /** SKU codes (a per-SKU override: the most specific selector wins). */
  skus?: string[];
  locations?: string[];
}

export type LeadTimeMode = 'learned' | 'supplier-default' | 'fixed';

/** A demand class a policy can shift separately: the forecast's Syntetos-Boylan class (not 'none'). */
export type DemandClassName = Exclude<DemandClass, 'none'>;
export const DEMAND_CLASSES: readonly DemandClassName[] = ['smooth', 'erratic', 'intermittent', 'lumpy'];
/** Shift per demand class, in standard deviations of lead-time demand, on top of the policy's safetyShift. */
export type ClassShifts = Partial<Record<DemandClassName, number>>;

/** The content of a policy version (what a planner sets). */
export interface PolicyRules {
  selector: PolicySelector;
  serviceTarget: ServiceTarget;
  reviewPeriodDays: number;
  /** learned: per SKU, else per supplier from receipts, else the supplier default; fixed: leadTimeDays/leadTimeSdDays. */
  leadTimeMode: LeadTimeMode;
  leadTimeDays: number | null;
  leadTimeSdDays: number | null;
  /** Order multiple in units, combined with the SKU's case pack (null = none). */
  orderMultiple: number | null;
  /** Exposure cap: order-up-to level at most this many days of forecast demand (null = none). */
  maxCoverDays: number | null;
  /** Exposure cap: value of one order line at most this (micro-units; null = none). */
  maxOrderValue: number | null;
  /**
   * Calibrated shift of the reorder point in standard deviations of lead-time demand, in [-3, 3]
   * (0 = the formula's level): s + z sd, the order-up-to level moving with it. Set from a policy
   * review's replay (`stockloop backtest --calibrate`, policy-review.ts) when the policy delivers
   * more or less than its target on the ledger's own demand.
   */
  safetyShift: number;
  /**
   * Order days: ISO weekdays (1 = Monday .. 7 = Sunday) on which this policy's lines are ordered
   * (a supplier's order day, a weekly PO run); null = any day (the nightly run). With order days
   * the levels are periodic review up to the next order day (suggestion.ts, order-days.ts).
   */
  orderWeekdays: number[] | null;
  /**
   * Calibrated shift per demand class (the class the plan's forecast gives the SKU x location), on
   * top of `safetyShift`, each in [-3, 3]; null = none. A policy spanning steady and intermittent
   * sellers usually over-delivers on one and under-delivers on the other with one shift; the
   * policy review proposes one per class with enough evidence (policy-review.ts).
   */
  classShifts: ClassShifts | null;
  /**
   * The scheduled policy review (every POLICY_REVIEW_EVERY_DAYS while serving) applies its
   * calibration proposal to this policy as a new version (actor system:schedule), instead of
   * leaving it for a planner to apply. Off by default.
   */
  autoCalibrate: boolean;
  /**
   * Cost of placing one order line (micro-units; null = none): the lot (S - s of min/max) is then
   * the economic order quantity sqrt(2 K D / (h c)) of the line's forecast annual demand D, unit
   * cost c and `holdingRate` h, instead of one review period's demand (suggestion.ts).
   */
  orderCost: number | null;
  /** Holding cost per year as a share of the unit cost (0.25 = 25 %/year), for the economic lot. */
  holdingRate: number;
  /**
   * Money the lines this policy plans may cost together in one plan run (micro-units; null = no
   * cap): a cap on a segment's exposure, applied with the run's budget (budget.ts).
   */
  runBudget: number | null;
  active: boolean;
}

export interface PolicyVersion extends PolicyRules {
  version: number;
  owner: string;
  rationale: string;
  createdAt: string;
  createdBy: string;
}

export interface Policy {
  code: string;
  name: string;
  createdAt: string;
  createdBy: string;
  /** The highest version (the one plans use). */
  current: PolicyVersion;
}

/** Input of a new policy or a new version: owner and rationale are required; omitted rules keep the previous version's (defaults on create). */
export interface PolicyVersionInput {
  owner: string;
  rationale: string;
  selector?: PolicySelector;
  serviceTarget?: ServiceTarget;
  reviewPeriodDays?: number;
  leadTimeMode?: LeadTimeMode;
  leadTimeDays?: number | null;
  leadTimeSdDays?: number | null;
  orderMultiple?: number | null;
  maxCoverDays?: number | null;
  maxOrderValue?: number | null;
  safetyShift?: number;
  orderWeekdays?: number[] | null;
  classShifts?: ClassShifts | null;
  autoCalibrate?: boolean;
  orderCost?: number | null;
  holdingRate?: number;
  runBudget?: number | null;
  active?: boolean;
}

export interface PolicyInput extends PolicyVersionInput {
  code: string;
  name: string;
}

export type PlanRunStatus = 'running' | 'succeeded' | 'failed';
export type PlanTrigger = 'cli' | 'api' | 'schedule' | 'bench' | 'test';

/** Parameters of a plan run (all optional). */
export interface PlanParameters {
  /** Planning day YYYY-MM-DD (default: today, UTC). History is read up to the day before. */
  asOf?: string;
  /** Only this location (code). */
  location?: string;
  /** Days of daily demand history the forecast reads (28..1095, default 365). */
  historyDays?: number;
  /** Forecast model (default 'auto': ETS by AICc, SBA for intermittent demand). */
  forecastModel?: string;
  /** Seasonal period of the daily series (1 = none, 7 = weekly; default 7). */
  season?: number;
  /** Worker threads (default: available cores, at most 8; 0 = compute in the calling thread). */
  threads?: number;
  /** Lead time (days) for SKUs without a supplier (default 14). */
  defaultLeadTimeDays?: number;
  /** Receipt-history observations needed to use a SKU's own lead time (default 5) / a supplier's (default 3). */
  minSkuLeadTimeObservations?: number;
  minSupplierLeadTimeObservations?: number;
  /**
   * Money the run's new order lines may cost together (micro-units; null = no limit): the lines
   * are funded by their expected sales per money until it is spent (budget.ts).
   */
  budget?: number | null;
  /** What a unit sold is worth when the budget (or a cap) cuts: 'margin' (default), 'revenue' or 'units'. */
  budgetObjective?: 'margin' | 'revenue' | 'units';
  /** Days of forecast demand (plus safety stock, at least the order-up-to level) a location keeps; stock beyond is excess (30..1095, default 180; excess.ts). */
  excessDays?: number;
}

export interface PlanPhases {
  loadMs: number;
  segmentMs: number;
  computeMs: number;
  writeMs: number;
}

export interface PlanRun {
  id: number;
  status: PlanRunStatus;
  trigger: PlanTrigger;
  requestedBy: string;
  asOf: string;
  parameters: PlanParameters;
  inputs: PlanRunInputs | null;
  createdAt: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  phases: PlanPhases | null;
  plannedCount: number;
  toOrderCount: number;
  /** Micro-units. */
  totalValue: number;
  errorCount: number;
  error: string | null;
}

/** Run-level inputs stored with a run (what the suggestions were computed from, besides each line's own inputs). */
export interface PlanRunInputs {
  policies: { code: string; version: number; serviceTarget: ServiceTarget; reviewPeriodDays: number; safetyShift: number; classShifts?: ClassShifts | null; orderWeekdays: number[] | null }[];
  /** Per supplier: the lead time its SKUs use (the last non-SKU-specific one), and its independence from order to order (0 = orders assumed to arrive in sequence; engine/policy/order-crossover.ts). */
  leadTimes: { supplier: string; meanDays: number; sdDays: number; source: string; n: number; skuSpecific: number; independence?: number }[];
  segments: Record<string, number>;
  /** SKU x location pairs per lifecycle stage of their SKU (new, active, slow, dead). */
  lifecycles?: Record<string, number>;
  /** What the run's budget and exposure caps did (budget.ts); absent when none applied. */
  budget?: BudgetSummary | null;
  /** Stock beyond the excess horizon, and the transfers proposed from it (excess.ts). */
  excess?: ExcessSummary;
  transfers?: RunTransfer[];
  /** The transfer lead time of each lane feeding a planned location (learned from its shipments or configured: lead-time.ts laneLeadTime); absent when none. */
  lanes?: { from: string; to: string; source: string; meanDays: number; sdDays: number; n: number }[];
  /** Replenishment by transfer of the locations fed from another (replenishment-transfers.ts); absent when none. */
  replenishment?: ReplenishmentSummary;
  /** The draft POs and transfers the run counted (not placed or shipped yet), and the stale ones (stale-drafts.ts); absent when none. */
  drafts?: DraftsSummary;
  historyFrom: string;
  historyTo: string;
  pairs: number;
  skus: number;
}

export interface Override {
  id: number;
  quantity: number;
  reason: string;
  author: string;
  createdAt: string;
}

export interface Recommendation {
  id: number;
  runId: number;
  sku: string;
  location: string;
  supplier: string | null;
  policy: { code: string; version: number } | null;
  abc: AbcClass;
  xyz: XyzClass;
  /** The SKU's lifecycle stage (null on lines of runs before lifecycles). */
  lifecycle: Lifecycle | null;
  onHand: number;
  reserved: number;
  inbound: number;
  inventoryPosition: number;
  forecastPerDay: number;
  leadTimeDays: number;
  leadTimeSdDays: number;
  reorderPoint: number;
  orderUpTo: number;
  safetyStock: number;
  daysOfCover: number | null;
  projectedStockoutDate: string | null;
  orderByDate: string | null;
  suggestedQty: number;
  /** The latest override's quantity, else the suggested quantity. */
  finalQty: number;
  /** Micro-units per unit. */
  unitCost: number;
  /** finalQty x unitCost (micro-units). */
  finalValue: number;
  override: Override | null;
  explanation: Record<string, unknown>;
  error: string | null;
  poNumber: string | null;
}

export interface RecommendationFilters {
  run?: number;
  supplier?: string;
  sku?: string;
  location?: string;
  /** Only lines of SKUs in this lifecycle stage. */
  lifecycle?: Lifecycle;
  /** Only lines whose final quantity is > 0. */
  onlyToOrder?: boolean;
  /** Only lines the run's budget or a cap cut. */
  cut?: boolean;
  /** Only lines of locations replenished by transfer that ask their source for stock. */
  toSend?: boolean;
}
