/**
 * Shapes of the stockloop HTTP API's JSON (snake_case; money as decimal strings in currency
 * units). Only the fields the web app reads are listed; see docs/api.md and /docs for the rest.
 */

/** A paged list: `next_cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Sku {
  code: string;
  name: string;
  unit: string;
  unit_cost: string;
  price: string;
  pack_size: number;
  default_supplier: string | null;
  backorders_allowed: boolean;
  active: boolean;
  tags: string[];
  created_at: string;
  updated_at: string;
}

export interface Location {
  code: string;
  name: string;
  kind: string;
  negative_stock_allowed: boolean;
  transfer_region: string | null;
  replenish_from: string | null;
  transfer_lead_time_days: number | null;
  transfer_lead_time_sd_days: number | null;
  active: boolean;
}

export interface Supplier {
  code: string;
  name: string;
  default_lead_time_days: number;
  lead_time_sd_days: number | null;
  moq: number;
  min_order_value: string | null;
  /** Exposure cap: open and draft POs plus a run's new lines stay at most this. */
  max_open_value: string | null;
  deposit_pct: number;
  payment_terms_days: number;
  currency: string;
  receipt_tolerance_pct: number;
  active: boolean;
}

export interface Balance {
  sku: string;
  location: string;
  on_hand: number;
  reserved: number;
  available: number;
  inbound: number;
}

export const MOVEMENT_KINDS = ['receipt', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in', 'count_correction', 'inbound'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** GET /skus/:code/demand: one location's day (sparse: a day without a row had no demand and stock). */
export interface DemandDay {
  location: string;
  day: string;
  demand: number;
  /** Available reached 0 that day (or it began out of stock): the demand is censored. */
  stockout: boolean;
}

export interface DemandHistory {
  sku: string;
  from: string;
  to: string;
  items: DemandDay[];
}

export interface Movement {
  id: number;
  kind: MovementKind;
  sku: string;
  location: string;
  quantity: number;
  unit_cost: string | null;
  value: string;
  occurred_at: string;
  created_at: string;
  actor: string;
  reason: string | null;
  note: string | null;
  reference: string | null;
  to_location: string | null;
  from_location: string | null;
}

export interface Valuation {
  as_of: string;
  value: string;
  quantity: number;
  in_transit_value: string;
  in_transit_quantity: number;
  by_location: { location: string; quantity: number; value: string; in_transit_quantity: number; in_transit_value: string }[];
  aging: { bucket: string; quantity: number; value: string }[];
}

export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface PlanRun {
  id: number;
  status: RunStatus;
  trigger: string;
  requested_by: string;
  as_of: string;
  created_at: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  planned_count: number;
  to_order_count: number;
  total_value: string;
  error_count: number;
  error: string | null;
  /** Run-level inputs; the UI reads what a budget or an exposure cap cut. */
  inputs?: { budget?: BudgetSummary | null; excess?: ExcessSummary; transfers?: RunTransfer[]; replenishment?: ReplenishmentSummary; drafts?: DraftsSummary; lifecycles?: Record<string, number>; [key: string]: unknown } | null;
}

/** A plan run's stock beyond its excess horizon (money in micro-units). */
export interface ExcessSummary {
  horizon_days: number;
  lines: number;
  units: number;
  value: number;
  on_hand_value: number;
  inbound_value: number;
  dead_lines: number;
  dead_value: number;
  aged_value: number;
  top: { sku: string; location: string; units: number; on_hand: number; inbound: number; value: number; cover_days: number | null; dead: boolean; oldest_days: number | null; aged_units: number }[];
}

/** A transfer a plan run proposes (value in micro-units). */
export interface RunTransfer {
  sku: string;
  from: string;
  to: string;
  quantity: number;
  value: number;
  purchase_before: number;
  purchase_after: number;
  /** From excess to another location's order, or to a location replenished from another (runs before it have none: excess). */
  reason?: 'excess' | 'replenishment';
}

/** A plan run's replenishment by transfer (value in micro-units). */
export interface ReplenishmentSummary {
  fed_locations: string[];
  lines: number;
  asked: number;
  sent: number;
  short_lines: number;
  short: number;
  value: number;
}

/** What a plan run's budget and exposure caps did (money in micro-units, as stored). */
export interface BudgetSummary {
  budget: number | null;
  objective: 'margin' | 'revenue' | 'units';
  asked: number;
  spent: number;
  lines_asked: number;
  lines_cut: number;
  lines_dropped: number;
  asked_cycle_sales: number;
  funded_cycle_sales: number;
  cutoff: number | null;
  caps: { key: string; limit: number; committed: number; asked: number; spent: number }[];
  unpriced: number;
  below_minimum_order_value: string[];
  /** Suppliers' orders the cuts left below their minimum order value: raised to it, or dropped (runs before 2026-11-25 lack it). */
  minimum_order_repairs?: { supplier: string; minimum: number; before: number; after: number; decision: 'raised' | 'dropped' }[];
}

export interface Override {
  id: number;
  quantity: number;
  reason: string;
  author: string;
  created_at: string;
}

/** The stored explanation of a suggestion (free-form JSON; the keys the UI shows are typed). */
export interface Explanation {
  summary?: string;
  segment?: { abc?: string; xyz?: string; lifecycle?: string | null; lifecycle_reason?: string | null };
  forecast?: { model?: string; demand_class?: string; distribution?: string; per_day?: number; sd_per_day?: number; history_days?: number; observed_days?: number; stockout_days_censored?: number; params?: Record<string, number> };
  lead_time?: { mean_days?: number; sd_days?: number; source?: string; observations?: number; open_orders?: number; independence?: number };
  policy?: { code?: string; version?: number; owner?: string; service_target?: { kind: string; level: number }; review_period_days?: number; max_cover_days?: number | null; safety_shift?: number; order_weekdays?: number[] | null };
  protection?: { days?: number; demand_mean?: number; demand_sd?: number; formula?: string; undershoot?: { mean?: number; sd?: number; units_per_selling_day?: number; selling_days?: number } | null };
  levels?: { reorder_point?: number; order_up_to?: number; safety_stock?: number; safety_factor?: number; expected_fill_rate?: number; expected_cycle_service?: number; safety_shift?: { z: number; formula_reorder_point: number; formula_order_up_to: number } | null; method?: string; lot?: { units: number; basis: 'economic' | 'review-period'; economic: { order_cost_micros: number; holding_rate: number; unit_cost_micros: number; annual_demand: number } | null } | null };
  order?: { need?: number; suggested_qty?: number; rules?: Record<string, number | null>; rounding?: { rule: string; from: number; to: number; note?: string }[] };
  excess?: { horizon_days: number; keep: number; units: number; on_hand: number; inbound: number; value_micros: number; dead: boolean; cover_days: number | null } | null;
  transfers?: { in: { location: string; quantity: number }[]; out: { location: string; quantity: number }[] } | null;
  replenishment?: { from: string; asked: number; sent: number; short: number; lead_time_days: number; lead_time_sd_days: number } | null;
  flow_through?: { locations: string[]; units: number } | null;
  budget?: { asked: number; funded: number; limited_by: string | null; asked_cycle_sales: number; funded_cycle_sales: number; objective: string; cycle?: { days: number; demand_mean: number; demand_sd: number } } | null;
  dates?: { days_of_cover?: number | null; projected_stockout_date?: string | null; order_by_date?: string | null; assumption?: string };
  notes?: string[];
  [key: string]: unknown;
}

export interface Recommendation {
  id: number;
  run_id: number;
  sku: string;
  location: string;
  supplier: string | null;
  policy: { code: string; version: number } | null;
  abc: 'A' | 'B' | 'C';
  xyz: 'X' | 'Y' | 'Z';
  /** The SKU's lifecycle stage (null on lines of runs before lifecycles). */
  lifecycle?: 'new' | 'active' | 'slow' | 'dead' | null;
  on_hand: number;
  reserved: number;
  inbound: number;
  inventory_position: number;
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
  final_qty: number;
  unit_cost: string;
  final_value: string;
  override: Override | null;
  explanation: Explanation;
  error: string | null;
  po_number: string | null;
}

export interface RecommendationPage extends Page<Recommendation> {
  run_id: number;
}

export interface CreatedPos {
  run_id: number;
  purchase_orders: { supplier: string; number: string; lines: number; total_quantity: number; total_value: string; below_minimum_order_value: boolean; moq: number; skus_below_moq: string[] }[];
  skipped: { no_supplier: number; already_ordered: number };
}

export const PO_STATUSES = ['draft', 'placed', 'partially_received', 'received', 'closed', 'cancelled'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

export interface PoLine {
  line_no: number;
  sku: string;
  location: string;
  quantity: number;
  unit_cost: string;
  expected_date: string | null;
  received_qty: number;
  damaged_qty: number;
  open_qty: number;
  late: boolean;
  suggested_qty: number | null;
  override_reason: string | null;
  override_by: string | null;
}

export interface PurchaseOrder {
  number: string;
  supplier: string;
  status: PoStatus;
  source: 'manual' | 'csv' | 'plan';
  note: string | null;
  created_by: string;
  created_at: string;
  placed_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  late: boolean;
  /** Days since placed, for an open PO. */
  open_days: number | null;
  /** Days since created, for a draft. */
  draft_days: number | null;
  /** Open longer than its supplier's stale threshold (`stale_after_days`). */
  stale: boolean;
  stale_after_days: number | null;
  total_quantity: number;
  total_value: string;
  open_quantity: number;
  lines?: PoLine[];
}

export interface CountSession {
  number: string;
  location: string;
  status: 'open' | 'posted' | 'cancelled';
  snapshot_at: string;
  blind: boolean;
  created_by: string;
  created_at: string;
  posted_at: string | null;
  summary?: { lines: number; counted: number; within_tolerance: number; needs_approval: number; approved: number; variance_qty: number; variance_value: string };
}

export interface Accuracy {
  location: string;
  period: string | null;
  counted: number;
  within_tolerance: number;
  ira: number | null;
}

export interface Health {
  status: string;
  database: string;
  version: string;
}

/** GET /policies item (current version). */
export interface PolicyVersionApi {
  version: number;
  owner: string;
  rationale: string;
  selector: { abc?: string[]; xyz?: string[]; lifecycle?: string[]; skus?: string[]; locations?: string[] };
  service_target: { kind: string; level: number };
  review_period_days: number;
  lead_time_mode: string;
  lead_time_days: number | null;
  lead_time_sd_days: number | null;
  order_multiple: number | null;
  max_cover_days: number | null;
  max_order_value: string | null;
  /** Cost of one order line (economic lots); null = review-period lots. */
  order_cost: string | null;
  /** Holding cost per year as a share of the unit cost. */
  holding_rate: number;
  /** Exposure cap: what the policy's lines may cost together in one plan run; null = none. */
  run_budget: string | null;
  safety_shift: number;
  order_weekdays: number[] | null;
  class_shifts: Record<string, number> | null;
  auto_calibrate: boolean;
  active: boolean;
  created_at: string;
  created_by: string;
}
export interface PolicyApi {
  code: string;
  name: string;
  created_at: string;
  created_by: string;
  current: PolicyVersionApi;
}

/** POST /policy-reviews. */
export interface PolicyCalibrationApi {
  status: 'calibrated' | 'at-limit' | 'within-tolerance' | 'insufficient-evidence' | 'no-policy';
  current_shift: number;
  shift: number | null;
  fill_rate: number | null;
  cycle_service: number | null;
  avg_on_hand: number | null;
  avg_on_hand_value: string | null;
  stockout_day_share: number | null;
  orders: number | null;
  reason: string;
  class_shifts?: Record<string, number> | null;
  classes?: ClassCalibrationApi[];
}
export interface ClassCalibrationApi {
  demand_class: string;
  pairs: number;
  demanded: number;
  cycles: number;
  achieved: number | null;
  status: 'calibrated' | 'at-limit' | 'within-tolerance' | 'insufficient-evidence';
  shift: number;
  offset: number;
  proposed_achieved: number | null;
  avg_on_hand: number | null;
  reason: string;
}
export interface PolicyOutcomeApi {
  policy: string | null;
  version: number | null;
  target: { kind: string; level: number };
  review_period_days: number;
  safety_shift: number;
  pairs: number;
  served: number;
  demanded: number;
  fill_rate: number | null;
  cycles: number;
  cycles_short: number;
  cycle_service: number | null;
  /** The target's own measure (fill rate or cycle service). */
  achieved: number | null;
  avg_on_hand: number;
  avg_on_hand_value: string;
  stockout_day_share: number;
  /** Recovery after shocks: stockout episodes, the mean days one lasted and the longest. */
  stockout_episodes: number;
  mean_recovery_days: number | null;
  longest_stockout_days: number;
  orders: number;
  calibration?: PolicyCalibrationApi;
}
export interface PolicyReviewApi {
  /** The saved review (null when not saved). */
  id: number | null;
  calibrated: boolean;
  /** Saved reviews (GET /policy-reviews). */
  trigger?: string;
  requested_by?: string;
  created_at?: string;
  duration_ms?: number;
  as_of: string;
  from: string;
  days: number;
  refit: number;
  /** History each replayed plan read (days; absent on reviews saved before it was recorded). */
  history_days?: number;
  policies: PolicyOutcomeApi[];
  skipped: number;
  assumptions: string[];
  applied?: { policy: string; from_version: number; version: number; safety_shift: number; class_shifts?: Record<string, number> | null; rationale: string }[];
}

/** GET /launch-forecasts: a planner's launch forecast of a SKU x location (docs/planning.md). */
export interface LaunchForecastApi {
  sku: string;
  location: string;
  rate_per_day: number;
  cv: number;
  launch_day: string;
  hand_over_days: number;
  owner: string;
  rationale: string;
  updated_at: string;
  updated_by: string;
}

/** GET /launch-forecasts/review: the launch review (docs/planning.md "Launch review"). */
export interface LaunchFiguresApi {
  launches: number;
  bias: number | null;
  error: number | null;
  coverage: number | null;
  stated_cv: number | null;
}
export interface LaunchReviewApi {
  as_of: string;
  launches: {
    sku: string;
    location: string;
    owner: string;
    launch_day: string;
    rate_per_day: number;
    cv: number;
    hand_over_days: number;
    status: 'reviewed' | 'too-early' | 'revised';
    days: number;
    stockout_days: number;
    observed_days: number;
    sold: number;
    actual_rate: number | null;
    ratio: number | null;
    band: { low: number; high: number } | null;
    in_band: boolean | null;
  }[];
  overall: LaunchFiguresApi;
  by_owner: (LaunchFiguresApi & { owner: string })[];
  proposed_cv: number | null;
  reason: string;
}

/** GET /policy-review-jobs/:id: a review started with `async`. */
export interface ReviewJobApi {
  job_id: number;
  status: 'running' | 'succeeded' | 'failed';
  requested_by: string;
  started_at: string;
  finished_at: string | null;
  progress: { done: number; total: number };
  error: { code: string; message: string; status: number } | null;
  review: PolicyReviewApi | null;
}

/** GET /suppliers/:code/lead-time (docs/purchasing.md "Lead times"). */
export interface LeadTimeSummaryApi {
  n: number;
  mean_days: number | null;
  sd_days: number | null;
  min_days: number | null;
  max_days: number | null;
  last_received_day: string | null;
}

export interface LeadTimeStatsApi {
  supplier: string;
  default_lead_time_days: number;
  overall: LeadTimeSummaryApi;
  open_orders: { count: number; oldest_days: number | null; stale: number; stale_after_days: number; mean_days: number | null; sd_days: number | null };
  crossing: { overlapping: number; crossed: number; expected: number; independence: number | null };
}

/** The draft POs and transfers a plan run counted, and the stale ones (the run's inputs.drafts). */
export interface DraftsSummary {
  purchase_orders: number;
  transfers: number;
  stale_after_days: number;
  stale_count: number;
  stale: { kind: 'purchase order' | 'transfer'; number: string; created_day: string; age_days: number; units: number; pairs: number }[];
}

export const TRANSFER_STATUSES = ['draft', 'shipped', 'received', 'cancelled'] as const;

/** A stock transfer between two locations (GET /transfers). */
export interface Transfer {
  number: string;
  from: string;
  to: string;
  status: (typeof TRANSFER_STATUSES)[number];
  note: string | null;
  created_by: string;
  created_at: string;
  shipped_at: string | null;
  shipped_by: string | null;
  received_at: string | null;
  received_by: string | null;
  /** Days since created, for a draft. */
  draft_days: number | null;
  /** A draft not shipped a week after it was created (plan runs count it). */
  stale: boolean;
  lines: { sku: string; quantity: number; shipped_qty: number; received_qty: number; discrepancy_qty: number }[];
}

/** A count line as counters see it (GET /counts/N/sheet: never the expected quantity). */
export interface CountSheetLine {
  sku: string;
  status: 'pending' | 'counted' | 'posted' | 'skipped';
  counted_qty: number | null;
  counted_at: string | null;
}

/** A count session with its expected quantities and variances (GET /counts/N; planner while a blind count is open). */
export interface CountDetail extends CountSession {
  tolerance_units: number;
  tolerance_pct: number;
  approval_units: number | null;
  approval_value: string | null;
  note: string | null;
  lines: (CountSheetLine & {
    unit_cost: string;
    snapshot_qty: number;
    expected_qty: number | null;
    variance_qty: number | null;
    variance_value: string | null;
    within_tolerance: boolean | null;
    needs_approval: boolean;
    approved_by: string | null;
  })[];
}

/** Lifecycle stages of a SKU (engine/segment/lifecycle.ts). */
export const LIFECYCLES = ['new', 'active', 'slow', 'dead'] as const;
