/**
 * Row types of the tables the planning module owns (see src/store/schema.ts for conventions).
 *
 * Other modules' entities (SKUs, locations, suppliers, purchase orders) are referenced by their
 * unique text code, never by a foreign key into another module's table.
 */
import type { Generated } from 'kysely';

/** A named replenishment policy; its content lives in immutable versions. */
export interface PoliciesTable {
  id: Generated<number>;
  code: string;
  name: string;
  created_at: string;
  created_by: string;
}

/**
 * One immutable version of a policy. A change is a new row (version + 1), never an update. The
 * highest version of a policy is its current one; `active = 0` in the current version retires it.
 */
export interface PolicyVersionsTable {
  id: Generated<number>;
  policy_id: number;
  version: number;
  owner: string;
  rationale: string;
  /** JSON text: `{ abc?: ('A'|'B'|'C')[], xyz?: ('X'|'Y'|'Z')[], lifecycle?: ('new'|'active'|'slow'|'dead')[], skus?: string[], locations?: string[] }`. */
  selector: string;
  /** 'fill-rate' | 'cycle-service'. */
  service_kind: string;
  /** Target in (0, 1). */
  service_level: number;
  review_period_days: number;
  /** 'learned' (receipt history, else supplier default) | 'supplier-default' | 'fixed'. */
  lead_time_mode: string;
  /** For 'fixed' (days). */
  lead_time_days: number | null;
  lead_time_sd_days: number | null;
  /** Order multiple in units on top of the SKU's case pack (null = none). */
  order_multiple: number | null;
  /** Exposure caps: most days of forecast demand the order-up-to level may hold; most value per order line (micro-units). */
  max_cover_days: number | null;
  max_order_value: number | null;
  /** Calibrated shift of the reorder point, in standard deviations of lead-time demand (0 = none; migration 0601). */
  safety_shift: Generated<number>;
  /** JSON text: ISO weekdays the policy orders on, e.g. `[1,4]`; null = any day (migration 0603). */
  order_weekdays: string | null;
  /** JSON text: shift per demand class on top of safety_shift, e.g. `{"erratic":-0.4}`; null = none (migration 0605). */
  class_shifts: string | null;
  /** 0/1: the scheduled policy review applies its proposal to this policy (migration 0604). */
  auto_calibrate: Generated<number>;
  /** Cost of one order line (micro-units): lots are economic (EOQ) instead of one review period's demand; null = none (migration 0607). */
  order_cost: number | null;
  /** Holding cost per year as a share of the unit cost (migration 0607, default 0.25). */
  holding_rate: Generated<number>;
  /** Money the policy's lines may cost together in one plan run (micro-units; null = no cap; migration 0608). */
  run_budget: number | null;
  /** 0/1. */
  active: number;
  created_at: string;
  created_by: string;
}

/** One saved policy review (review-history.ts): what each policy delivered on a replayed window. */
export interface PolicyReviewsTable {
  id: Generated<number>;
  /** The planning day; the replay covered `days` days before it, from `from_day`. */
  as_of: string;
  from_day: string;
  days: number;
  refit: number;
  /** 0/1: the calibration was computed. */
  calibrated: number;
  /** 'cli' | 'api' | 'schedule' | 'test'. */
  trigger: string;
  requested_by: string;
  created_at: string;
  duration_ms: number;
  skipped: number;
  /** JSON text: `{ policies: PolicyOutcome[], assumptions: string[], applied?: AppliedCalibration[] }`. */
  result: string;
}

/** One plan run (scheduled, CLI or API). */
export interface PlanRunsTable {
  id: Generated<number>;
  /** 'running' | 'succeeded' | 'failed'. */
  status: string;
  /** 'cli' | 'api' | 'schedule' | 'bench' | 'test'. */
  trigger: string;
  requested_by: string;
  /** The planning day (YYYY-MM-DD); history is read up to the day before. */
  as_of: string;
  /** JSON text of the run parameters (location filter, forecast settings, threads...). */
  parameters: string;
  /** JSON text of the run-level inputs: policy versions used, lead times per supplier, segment counts. */
  inputs: string | null;
  /** 'active' while the run is running, null afterwards: a unique index allows one active run. */
  active_lock: string | null;
  created_at: string;
  started_at: string;
  finished_at: string | null;
  heartbeat_at: string;
  duration_ms: number | null;
  /** JSON text: milliseconds per phase (load, segment, compute, write). */
  phases: string | null;
  planned_count: Generated<number>;
  to_order_count: Generated<number>;
  /** Sum of suggested quantity x unit cost (micro-units). */
  total_value: Generated<number>;
  error_count: Generated<number>;
  error: string | null;
}

/** One suggestion of a run for a SKU x location. */
export interface RecommendationsTable {
  id: Generated<number>;
  run_id: number;
  sku: string;
  location: string;
  supplier: string | null;
  policy_code: string | null;
  policy_version: number | null;
  abc: string;
  xyz: string;
  /** Lifecycle stage (new, active, slow, dead); null on lines of runs before 0609. */
  lifecycle: string | null;
  /** 1 when the run's budget or a cap cut the line (migration 0610). */
  budget_cut: number;
  /** Units a line of a location replenished by transfer asks its source for (0 otherwise; migration 0610). */
  transfer_asked: number;
  on_hand: number;
  reserved: number;
  inbound: number;
  inventory_position: number;
  /** Forecast mean demand per day over the protection interval. */
  forecast_per_day: number;
  lead_time_days: number;
  lead_time_sd_days: number;
  reorder_point: number;
  order_up_to: number;
  safety_stock: number;
  days_of_cover: number | null;
  projected_stockout_date: string | null;
  order_by_date: string | null;
  suggested_qty: number;
  /** Micro-units per unit (catalog cost at planning time). */
  unit_cost: number;
  /** JSON text of the explanation (inputs, formulas, rounding). */
  explanation: string;
  /** Set when the forecast or policy could not be computed for this line. */
  error: string | null;
  /** PO number the line went to (set by POST /plans/:id/purchase-orders). */
  po_number: string | null;
}

/** A planner's change of a suggested quantity (append-only; the latest one counts). */
export interface OverridesTable {
  id: Generated<number>;
  recommendation_id: number;
  quantity: number;
  reason: string;
  author: string;
  created_at: string;
}

/**
 * A planner's launch forecast for one SKU x location (launch-forecasts.ts; migration 0606): the
 * demand it is planned on until its own history takes over. One row per pair; setting it again
 * replaces it.
 */
export interface LaunchForecastsTable {
  id: Generated<number>;
  sku: string;
  location: string;
  /** Expected demand per day from the launch day on (> 0). */
  rate_per_day: number;
  /** Coefficient of variation of that rate (>= 0). */
  cv: number;
  /** YYYY-MM-DD: demand starts that day. */
  launch_day: string;
  /** Days of the pair's own history after which the launch forecast no longer counts. */
  hand_over_days: number;
  owner: string;
  rationale: string;
  updated_at: string;
  updated_by: string;
}

export interface PlanningTables {
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  plan_runs: PlanRunsTable;
  policy_reviews: PolicyReviewsTable;
  recommendations: RecommendationsTable;
  overrides: OverridesTable;
  launch_forecasts: LaunchForecastsTable;
}
