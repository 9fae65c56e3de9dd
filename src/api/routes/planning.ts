/**
 * Planning routes: /plans (start a plan run - async, returns its id; list; status and counts;
 * draft POs from a run), /recommendations (a run's explained suggestions; planner overrides) and
 * /policies (versioned replenishment policies). JSON is snake_case (the stored explanation too);
 * money is a decimal string in currency units. Reads need any token; starting runs, overriding,
 * creating POs and changing policies need `planner`. Work happens in src/planning.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, requireRole } from '../../auth/index.ts';
import * as planning from '../../planning/index.ts';
import type { AppliedCalibration, Override, PlanRun, Policy, PolicyReview, PolicyVersion, PolicyVersionInput, Recommendation, SavedPolicyReview } from '../../planning/index.ts';
import { formatMoney, formatMoneyOrNull, moneyInputSchema, moneyOutputSchema, nullableMoneyOutputSchema, parseMoneyOrNull } from '../money.ts';
import { codeParams, day, errorResponses, idParams, instant, nullableDay, nullableInstant, nullableText, pageSchema, pagingQueryProperties } from '../schemas.ts';

const code = { type: 'string', minLength: 1, maxLength: 200 } as const;
const freeObject = { type: 'object', additionalProperties: true } as const;
const nullableFreeObject = { type: ['object', 'null'], additionalProperties: true } as const;

/** camelCase keys -> snake_case, recursively (explanations, parameters, inputs); keys such as segment names 'AX' stay. */
export function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k.replace(/([a-z0-9])([A-Z])/g, (_m, a: string, b: string) => `${a}_${b.toLowerCase()}`)] = snakeKeys(x);
    return out;
  }
  return v;
}

// ---- plan runs

const runSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    status: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
    trigger: { type: 'string', enum: ['cli', 'api', 'schedule', 'bench', 'test'] },
    requested_by: { type: 'string' },
    as_of: day,
    parameters: { ...freeObject, description: 'The run parameters, defaults filled in' },
    inputs: { ...nullableFreeObject, description: 'Run-level inputs: policy versions used, lead times per supplier, segment counts, history window; `budget` (what the budget and exposure caps cut), `excess` and `transfers` (stock beyond the excess horizon; the transfers proposed, each with `reason`: `excess` (from that stock to the order of another location) or `replenishment` (to a location replenished from another)), `replenishment` (the locations replenished by transfer: `fed_locations`, `lines` that asked, units `asked`, `sent` and `short` at their source, `short_lines`, `value` sent), `drafts` (the draft POs and transfers counted as inbound, not placed or shipped yet: `purchase_orders`, `transfers`, `stale_after_days` (7), `stale_count`, and `stale`: those created longer ago, oldest first, with `kind`, `number`, `created_day`, `age_days`, `units`, `pairs`)' },
    created_at: instant,
    started_at: instant,
    finished_at: nullableInstant,
    duration_ms: { type: ['integer', 'null'] },
    phases: { ...nullableFreeObject, description: 'Milliseconds per phase: load_ms, segment_ms, compute_ms, write_ms' },
    planned_count: { type: 'integer', description: 'SKU x location pairs planned' },
    to_order_count: { type: 'integer', description: 'Pairs with a suggested quantity > 0' },
    total_value: { ...moneyOutputSchema, description: 'Sum of suggested quantity x unit cost' },
    error_count: { type: 'integer', description: 'Pairs whose forecast or policy failed (no suggestion; see their explanation)' },
    error: nullableText,
  },
} as const;

function runToApi(r: PlanRun) {
  return {
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    requested_by: r.requestedBy,
    as_of: r.asOf,
    parameters: snakeKeys(r.parameters),
    inputs: snakeKeys(r.inputs),
    created_at: r.createdAt,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    duration_ms: r.durationMs,
    phases: snakeKeys(r.phases),
    planned_count: r.plannedCount,
    to_order_count: r.toOrderCount,
    total_value: formatMoney(r.totalValue),
    error_count: r.errorCount,
    error: r.error,
  };
}

const planInput = {
  type: ['object', 'null'],
  properties: {
    as_of: { ...day, description: "Planning day (default: today, UTC); history is read up to the day before" },
    location: { ...code, description: 'Plan only this location' },
    history_days: { type: 'integer', minimum: 28, maximum: 1095, description: 'Days of demand history the forecast reads (default 365)' },
    forecast_model: { type: 'string', maxLength: 40, description: 'auto (default), ets, ses, holt, theta, combo, sba, tsb, croston, mean, ma, naive, snaive or ETS(E,T,S)' },
    season: { type: 'integer', minimum: 1, maximum: 366, description: 'Seasonal period of the daily series (default 7)' },
    threads: { type: 'integer', minimum: 0, maximum: 64, description: 'Worker threads (default: cores, at most 8)' },
    budget: { anyOf: [moneyInputSchema, { type: 'null' }], description: "Money the run's new order lines may cost together (currency units; null = no limit): lines are funded by their expected sales per money spent and the rest cut; the run's inputs.budget says what was cut" },
    budget_objective: { type: 'string', enum: ['margin', 'revenue', 'units'], description: 'What a unit sold is worth when the budget or an exposure cap cuts (default margin: price - unit cost)' },
    excess_days: { type: 'integer', minimum: 30, maximum: 1095, description: "Days of forecast demand (plus safety stock, at least the order-up-to level) a location keeps; stock beyond is excess, reported per line and in the run's inputs.excess, and moved to the same SKU's orders within a transfer region (default 180)" },
  },
  additionalProperties: false,
} as const;

type PlanBody = { as_of?: string; location?: string; history_days?: number; forecast_model?: string; season?: number; threads?: number; budget?: string | number | null; budget_objective?: 'margin' | 'revenue' | 'units'; excess_days?: number } | null;

// ---- recommendations

const overrideSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, quantity: { type: 'integer' }, reason: { type: 'string' }, author: { type: 'string' }, created_at: instant },
} as const;

const recommendationSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    run_id: { type: 'integer' },
    sku: { type: 'string' },
    location: { type: 'string' },
    supplier: nullableText,
    policy: { type: ['object', 'null'], properties: { code: { type: 'string' }, version: { type: 'integer' } } },
    abc: { type: 'string', enum: ['A', 'B', 'C'] },
    xyz: { type: 'string', enum: ['X', 'Y', 'Z'] },
    lifecycle: { type: ['string', 'null'], enum: ['new', 'active', 'slow', 'dead', null], description: "The SKU's lifecycle stage (null on lines of runs before lifecycles); why in explanation.segment.lifecycle_reason" },
    on_hand: { type: 'integer' },
    reserved: { type: 'integer' },
    inbound: { type: 'integer' },
    inventory_position: { type: 'integer', description: 'on hand + inbound - reserved' },
    forecast_per_day: { type: 'number' },
    lead_time_days: { type: 'number' },
    lead_time_sd_days: { type: 'number' },
    reorder_point: { type: 'integer' },
    order_up_to: { type: 'integer' },
    safety_stock: { type: 'number' },
    days_of_cover: { type: ['number', 'null'] },
    projected_stockout_date: nullableDay,
    order_by_date: nullableDay,
    suggested_qty: { type: 'integer' },
    final_qty: { type: 'integer', description: 'The latest override, else the suggested quantity' },
    unit_cost: moneyOutputSchema,
    final_value: moneyOutputSchema,
    override: { type: ['object', 'null'], properties: overrideSchema.properties },
    explanation: { ...freeObject, description: 'Inputs and decisions (forecast, lead time, service target, protection demand with its undershoot for lines selling in lumps, safety stock, rounding); money in *_micros keys' },
    error: nullableText,
    po_number: nullableText,
  },
} as const;

const overrideToApi = (o: Override) => ({ id: o.id, quantity: o.quantity, reason: o.reason, author: o.author, created_at: o.createdAt });

function recToApi(r: Recommendation) {
  return {
    id: r.id,
    run_id: r.runId,
    sku: r.sku,
    location: r.location,
    supplier: r.supplier,
    policy: r.policy,
    abc: r.abc,
    xyz: r.xyz,
    lifecycle: r.lifecycle,
    on_hand: r.onHand,
    reserved: r.reserved,
    inbound: r.inbound,
    inventory_position: r.inventoryPosition,
    forecast_per_day: r.forecastPerDay,
    lead_time_days: r.leadTimeDays,
    lead_time_sd_days: r.leadTimeSdDays,
    reorder_point: r.reorderPoint,
    order_up_to: r.orderUpTo,
    safety_stock: r.safetyStock,
    days_of_cover: r.daysOfCover,
    projected_stockout_date: r.projectedStockoutDate,
    order_by_date: r.orderByDate,
    suggested_qty: r.suggestedQty,
    final_qty: r.finalQty,
    unit_cost: formatMoney(r.unitCost),
    final_value: formatMoney(r.finalValue),
    override: r.override ? overrideToApi(r.override) : null,
    explanation: snakeKeys(r.explanation),
    error: r.error,
    po_number: r.poNumber,
  };
}

// ---- policies

const targetSchema = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['fill-rate', 'cycle-service'] }, level: { type: 'number', minimum: 0.5, maximum: 0.9999, description: 'e.g. 0.95' } },
  required: ['kind', 'level'],
  additionalProperties: false,
} as const;

const selectorSchema = {
  type: 'object',
  description: 'Which SKU x locations the policy applies to; omitted fields match all. The most specific matching policy wins (skus first). SKU and location codes must exist (400 naming the field and the unknown codes).',
  properties: {
    abc: { type: 'array', items: { type: 'string', enum: ['A', 'B', 'C'] }, minItems: 1 },
    xyz: { type: 'array', items: { type: 'string', enum: ['X', 'Y', 'Z'] }, minItems: 1 },
    lifecycle: { type: 'array', items: { type: 'string', enum: ['new', 'active', 'slow', 'dead'] }, minItems: 1, description: "Lifecycle stages: new (launching, or first sale within 90 days), active, slow (no sale for 90 days, or the last 90 days under half the rate before), dead (no sale for 180 days)" },
    skus: { type: 'array', items: code, minItems: 1, maxItems: 10_000 },
    locations: { type: 'array', items: code, minItems: 1 },
  },
  additionalProperties: false,
} as const;

const versionProps = {
  owner: { type: 'string', minLength: 1, maxLength: 200, description: 'Who answers for this version' },
  rationale: { type: 'string', minLength: 1, maxLength: 4000, description: 'Why this version' },
  selector: selectorSchema,
  service_target: targetSchema,
  review_period_days: { type: 'integer', minimum: 1, maximum: 365 },
  lead_time_mode: { type: 'string', enum: ['learned', 'supplier-default', 'fixed'] },
  lead_time_days: { type: ['number', 'null'], minimum: 0, maximum: 730 },
  lead_time_sd_days: { type: ['number', 'null'], minimum: 0, maximum: 365 },
  order_multiple: { type: ['integer', 'null'], minimum: 1 },
  max_cover_days: { type: ['integer', 'null'], minimum: 1, maximum: 3650, description: 'Exposure cap: order-up-to level at most this many days of forecast demand' },
  max_order_value: { anyOf: [moneyInputSchema, { type: 'null' }], description: 'Exposure cap: value of one order line at most this (currency units)' },
  safety_shift: {
    type: 'number',
    minimum: -3,
    maximum: 3,
    description: 'Calibrated shift of the reorder point in standard deviations of lead-time demand (0 = the formula; the order-up-to level moves with it). Usually set by `stockloop backtest --apply` from a policy review',
  },
  order_weekdays: {
    anyOf: [{ type: 'array', items: { type: 'integer', minimum: 1, maximum: 7 }, minItems: 1, maxItems: 7, uniqueItems: true }, { type: 'null' }],
    description: 'Order days: ISO weekdays (1 = Monday .. 7 = Sunday) on which the lines are ordered; null = any day (the nightly run). With order days the levels are periodic review up to the next order day',
  },
  class_shifts: {
    anyOf: [
      {
        type: 'object',
        properties: Object.fromEntries(planning.DEMAND_CLASSES.map((c) => [c, { type: 'number', minimum: -3, maximum: 3 }])),
        additionalProperties: false,
      },
      { type: 'null' },
    ],
    description: "Calibrated shift per demand class (smooth, erratic, intermittent, lumpy: the class the plan's forecast gives the SKU x location), on top of safety_shift; null = none. Usually set by applying a policy review",
  },
  auto_calibrate: {
    type: 'boolean',
    description: 'true: the scheduled policy review (every POLICY_REVIEW_EVERY_DAYS while serving) applies its calibration proposal to this policy as a new version by system:schedule; false (default): a planner applies it',
  },
  order_cost: {
    anyOf: [moneyInputSchema, { type: 'null' }],
    description:
      "Cost of placing one order line (currency units): the nightly min/max lot S - s becomes the economic order quantity sqrt(2 x order_cost x annual forecast demand / (holding_rate x unit cost)) instead of one review period's demand (not with order days); null (default) = review-period lots",
  },
  holding_rate: { type: 'number', minimum: 0.01, maximum: 5, description: 'Holding cost per year as a share of the unit cost, for the economic lot (default 0.25 = 25 %/year)' },
  run_budget: {
    anyOf: [moneyInputSchema, { type: 'null' }],
    description:
      "Exposure cap (currency units): the lines this policy plans may cost at most this together in one plan run; the run cuts them by their expected sales per money, with its own budget and the suppliers' open-value caps. null (default) = no cap",
  },
  active: { type: 'boolean', description: 'false retires the policy' },
} as const;

const versionInput = { type: 'object', properties: versionProps, required: ['owner', 'rationale'], additionalProperties: false } as const;
const policyInput = {
  type: 'object',
  properties: { code: { type: 'string', minLength: 1, maxLength: 100 }, name: { type: 'string', minLength: 1, maxLength: 200 }, ...versionProps },
  required: ['code', 'name', 'owner', 'rationale'],
  additionalProperties: false,
} as const;

const versionSchema = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    owner: { type: 'string' },
    rationale: { type: 'string' },
    selector: freeObject,
    service_target: { type: 'object', properties: { kind: { type: 'string' }, level: { type: 'number' } } },
    review_period_days: { type: 'integer' },
    lead_time_mode: { type: 'string' },
    lead_time_days: { type: ['number', 'null'] },
    lead_time_sd_days: { type: ['number', 'null'] },
    order_multiple: { type: ['integer', 'null'] },
    max_cover_days: { type: ['integer', 'null'] },
    max_order_value: nullableMoneyOutputSchema,
    safety_shift: { type: 'number' },
    order_weekdays: { type: ['array', 'null'], items: { type: 'integer' } },
    class_shifts: { anyOf: [freeObject, { type: 'null' }] },
    auto_calibrate: { type: 'boolean' },
    order_cost: nullableMoneyOutputSchema,
    holding_rate: { type: 'number' },
    run_budget: nullableMoneyOutputSchema,
    active: { type: 'boolean' },
    created_at: instant,
    created_by: { type: 'string' },
  },
} as const;

const policySchema = {
  type: 'object',
  properties: { code: { type: 'string' }, name: { type: 'string' }, created_at: instant, created_by: { type: 'string' }, current: versionSchema },
} as const;

const versionToApi = (v: PolicyVersion) => ({
  version: v.version,
  owner: v.owner,
  rationale: v.rationale,
  selector: v.selector,
  service_target: v.serviceTarget,
  review_period_days: v.reviewPeriodDays,
  lead_time_mode: v.leadTimeMode,
  lead_time_days: v.leadTimeDays,
  lead_time_sd_days: v.leadTimeSdDays,
  order_multiple: v.orderMultiple,
  max_cover_days: v.maxCoverDays,
  max_order_value: formatMoneyOrNull(v.maxOrderValue),
  safety_shift: v.safetyShift,
  order_weekdays: v.orderWeekdays,
  class_shifts: v.classShifts,
  auto_calibrate: v.autoCalibrate,
  order_cost: formatMoneyOrNull(v.orderCost),
  holding_rate: v.holdingRate,
  run_budget: formatMoneyOrNull(v.runBudget),
  active: v.active,
  created_at: v.createdAt,
  created_by: v.createdBy,
});
const policyToApi = (p: Policy) => ({ code: p.code, name: p.name, created_at: p.createdAt, created_by: p.createdBy, current: versionToApi(p.current) });

type VersionBody = {
  owner: string;
  rationale: string;
  selector?: PolicyVersionInput['selector'];
  service_target?: PolicyVersionInput['serviceTarget'];
  review_period_days?: number;
  lead_time_mode?: PolicyVersionInput['leadTimeMode'];
  lead_time_days?: number | null;
  lead_time_sd_days?: number | null;
  order_multiple?: number | null;
  max_cover_days?: number | null;
  max_order_value?: string | number | null;
  safety_shift?: number;
  order_weekdays?: number[] | null;
  class_shifts?: PolicyVersionInput['classShifts'];
  auto_calibrate?: boolean;
  order_cost?: string | number | null;
  holding_rate?: number;
  run_budget?: string | number | null;
  active?: boolean;
};

function versionFromApi(b: VersionBody): PolicyVersionInput {
  const out: PolicyVersionInput = { owner: b.owner, rationale: b.rationale };
  if (b.selector !== undefined) out.selector = b.selector;
  if (b.service_target !== undefined) out.serviceTarget = b.service_target;
  if (b.review_period_days !== undefined) out.reviewPeriodDays = b.review_period_days;
  if (b.lead_time_mode !== undefined) out.leadTimeMode = b.lead_time_mode;
  if (b.lead_time_days !== undefined) out.leadTimeDays = b.lead_time_days;
  if (b.lead_time_sd_days !== undefined) out.leadTimeSdDays = b.lead_time_sd_days;
  if (b.order_multiple !== undefined) out.orderMultiple = b.order_multiple;
  if (b.max_cover_days !== undefined) out.maxCoverDays = b.max_cover_days;
  if (b.max_order_value !== undefined) out.maxOrderValue = parseMoneyOrNull(b.max_order_value, 'max_order_value');
  if (b.safety_shift !== undefined) out.safetyShift = b.safety_shift;
  if (b.order_weekdays !== undefined) out.orderWeekdays = b.order_weekdays;
  if (b.class_shifts !== undefined) out.classShifts = b.class_shifts;
  if (b.auto_calibrate !== undefined) out.autoCalibrate = b.auto_calibrate;
  if (b.order_cost !== undefined) out.orderCost = parseMoneyOrNull(b.order_cost, 'order_cost');
  if (b.run_budget !== undefined) out.runBudget = parseMoneyOrNull(b.run_budget, 'run_budget');
  if (b.holding_rate !== undefined) out.holdingRate = b.holding_rate;
  if (b.active !== undefined) out.active = b.active;
  return out;
}

const reviewInput = {
  type: ['object', 'null'],
  properties: {
    as_of: { ...day, description: 'Planning day (default: today, UTC): the replay covers the `days` days before it' },
    days: { type: 'integer', minimum: 28, maximum: 730, description: 'Days replayed (default 180); each pair is measured after its lead time + review period' },
    location: { ...code, description: 'Only this location' },
    refit: { type: 'integer', minimum: 1, maximum: 28, description: 'Days between re-plans in the replay (default 7; 1 = nightly as the plan runs, 7x slower)' },
    history_days: { type: 'integer', minimum: 28, maximum: 1095, description: "History the replay's plans read (default 365, a plan run's default): set it to the plan runs' history_days" },
    threads: { type: 'integer', minimum: 0, maximum: 64, description: 'Worker threads (default: cores, at most 8)' },
    calibrate: { type: 'boolean', description: "Also propose per policy the safety shift whose replay meets the target (in its own measure) with the least stock" },
    save: { type: 'boolean', description: 'Keep the review (GET /policy-reviews); implied by apply' },
    apply: { type: 'boolean', description: 'Write the proposals as new policy versions (implies calibrate; owner kept, rationale = the replay; all or nothing)' },
    only: { type: 'array', items: code, minItems: 1, description: 'With apply: only these policy codes' },
    async: { type: 'boolean', description: 'Answer at once with a job (202; GET /policy-review-jobs/{id} for its progress and, when done, the review) instead of the review when it is done' },
  },
  additionalProperties: false,
} as const;

type ReviewBody = { as_of?: string; days?: number; location?: string; refit?: number; history_days?: number; threads?: number; calibrate?: boolean; save?: boolean; apply?: boolean; only?: string[]; async?: boolean } | null;

const nullableNumber = { type: ['number', 'null'] } as const;
const calibrationSchema = {
  type: 'object',
  description: 'With calibrate: the proposed safety shift and the replay at it (docs/planning.md, "Calibration")',
  properties: {
    status: { type: 'string', enum: ['calibrated', 'at-limit', 'within-tolerance', 'insufficient-evidence', 'no-policy'] },
    current_shift: { type: 'number' },
    shift: nullableNumber,
    fill_rate: nullableNumber,
    cycle_service: nullableNumber,
    avg_on_hand: nullableNumber,
    avg_on_hand_value: nullableMoneyOutputSchema,
    stockout_day_share: nullableNumber,
    orders: { type: ['integer', 'null'] },
    reason: { type: 'string' },
    class_shifts: { anyOf: [freeObject, { type: 'null' }], description: 'The class shifts to write with shift (on top of it; null = none)' },
    classes: {
      type: 'array',
      description: "Per demand class of the policy's pairs (their history before the replay): its replayed measure now and its own proposal; shift = the class's whole shift (the policy's plus its class shift), offset = the class shift written on top of the proposed policy shift",
      items: {
        type: 'object',
        properties: {
          demand_class: { type: 'string', enum: planning.DEMAND_CLASSES },
          pairs: { type: 'integer' },
          demanded: { type: 'number' },
          cycles: { type: 'integer' },
          achieved: nullableNumber,
          status: { type: 'string', enum: ['calibrated', 'at-limit', 'within-tolerance', 'insufficient-evidence'] },
          shift: { type: 'number' },
          offset: { type: 'number' },
          proposed_achieved: nullableNumber,
          avg_on_hand: nullableNumber,
          reason: { type: 'string' },
        },
      },
    },
  },
} as const;
const reviewSchema = {
  type: 'object',
  properties: {
    id: { type: ['integer', 'null'], description: 'The saved review (null when not saved)' },
    calibrated: { type: 'boolean' },
    trigger: { type: 'string', enum: ['cli', 'api', 'schedule', 'test'], description: 'Saved reviews: who ran it' },
    requested_by: { type: 'string' },
    created_at: instant,
    duration_ms: { type: 'integer' },
    as_of: day,
    from: day,
    days: { type: 'integer' },
    refit: { type: 'integer' },
    history_days: { type: 'integer', description: "History the replay's plans read (days)" },
    policies: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          policy: { type: ['string', 'null'], description: 'null = the built-in default (no policy matched)' },
          version: { type: ['integer', 'null'] },
          target: { type: 'object', properties: { kind: { type: 'string' }, level: { type: 'number' } } },
          review_period_days: { type: 'integer' },
          safety_shift: { type: 'number' },
          pairs: { type: 'integer' },
          served: { type: 'number' },
          demanded: { type: 'number' },
          fill_rate: { ...nullableNumber, description: 'Units served / units demanded over the measured days' },
          cycles: { type: 'integer', description: 'Replenishment cycles measured (order to next order)' },
          cycles_short: { type: 'integer', description: 'Cycles with demand left unserved' },
          cycle_service: { ...nullableNumber, description: '1 - cycles_short / cycles' },
          achieved: { ...nullableNumber, description: "The target's own measure: fill_rate for a fill-rate target, cycle_service for a cycle-service one" },
          avg_on_hand: { type: 'number', description: 'Sum over the pairs of the mean on hand (units)' },
          avg_on_hand_value: moneyOutputSchema,
          stockout_day_share: { type: 'number' },
          stockout_episodes: { type: 'integer', description: 'Recovery after shocks: stockout episodes of all its pairs (a day with demand left unserved, until a day closes with stock again)' },
          mean_recovery_days: { ...nullableNumber, description: 'Mean days a stockout episode lasted: how long the policy took to get back in stock (null without any)' },
          longest_stockout_days: { type: 'integer', description: 'The longest stockout episode (days)' },
          orders: { type: 'integer' },
          calibration: calibrationSchema,
        },
      },
    },
    skipped: { type: 'integer', description: 'Pairs with too little history before or inside the window' },
    assumptions: { type: 'array', items: { type: 'string' } },
    applied: {
      type: 'array',
      description: 'With apply: the policy versions written',
      items: { type: 'object', properties: { policy: { type: 'string' }, from_version: { type: 'integer' }, version: { type: 'integer' }, safety_shift: { type: 'number' }, class_shifts: { anyOf: [freeObject, { type: 'null' }] }, rationale: { type: 'string' } } },
    },
  },
} as const;

const reviewJobSchema = {
  type: 'object',
  properties: {
    job_id: { type: 'integer' },
    status: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
    requested_by: { type: 'string' },
    started_at: instant,
    finished_at: nullableInstant,
    progress: { type: 'object', properties: { done: { type: 'integer' }, total: { type: 'integer' } }, description: 'SKU x location pairs replayed, of all (0 of 0 while the inputs load)' },
    error: { anyOf: [{ type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, status: { type: 'integer' } } }, { type: 'null' }] },
    review: { anyOf: [reviewSchema, { type: 'null' }], description: 'When succeeded: the review, as POST /policy-reviews returns it' },
  },
} as const;

function jobToApi(j: planning.ReviewJob) {
  return {
    job_id: j.id,
    status: j.status,
    requested_by: j.requestedBy,
    started_at: j.startedAt,
    finished_at: j.finishedAt,
    progress: j.progress,
    error: j.error,
    review: j.result ? reviewToApi(j.result.review, j.result.id, j.result.applied) : null,
  };
}

function reviewToApi(r: PolicyReview, id: number | null, applied: AppliedCalibration[] | null, saved?: SavedPolicyReview) {
  return {
    id,
    calibrated: r.calibrated,
    ...(saved ? { trigger: saved.trigger, requested_by: saved.requestedBy, created_at: saved.createdAt, duration_ms: saved.durationMs } : {}),
    as_of: r.asOf,
    from: r.from,
    days: r.days,
    refit: r.refit,
    history_days: r.historyDays,
    policies: r.policies.map((p) => ({
      policy: p.policy,
      version: p.version,
      target: p.target,
      review_period_days: p.reviewPeriodDays,
      safety_shift: p.safetyShift,
      pairs: p.pairs,
      served: p.served,
      demanded: p.demanded,
      fill_rate: p.fillRate,
      cycles: p.cycles,
      cycles_short: p.cyclesShort,
      cycle_service: p.cycleService,
      achieved: p.achieved,
      avg_on_hand: p.avgOnHand,
      avg_on_hand_value: formatMoney(p.avgOnHandValue),
      stockout_day_share: p.stockoutDayShare,
      // reviews saved before the recovery measures have none
      stockout_episodes: p.stockoutEpisodes ?? 0,
      mean_recovery_days: p.meanRecoveryDays ?? null,
      longest_stockout_days: p.longestStockoutDays ?? 0,
      orders: p.orders,
      ...(p.calibration
        ? {
            calibration: {
              status: p.calibration.status,
              current_shift: p.calibration.currentShift,
              shift: p.calibration.shift,
              fill_rate: p.calibration.fillRate,
              cycle_service: p.calibration.cycleService,
              avg_on_hand: p.calibration.avgOnHand,
              avg_on_hand_value: formatMoneyOrNull(p.calibration.avgOnHandValue),
              stockout_day_share: p.calibration.stockoutDayShare,
              orders: p.calibration.orders,
              reason: p.calibration.reason,
              ...(p.calibration.classShifts !== undefined ? { class_shifts: p.calibration.classShifts } : {}),
              ...(p.calibration.classes
                ? {
                    classes: p.calibration.classes.map((c) => ({
                      demand_class: c.demandClass,
                      pairs: c.pairs,
                      demanded: c.demanded,
                      cycles: c.cycles,
                      achieved: c.achieved,
                      status: c.status,
                      shift: c.shift,
                      offset: c.offset,
                      proposed_achieved: c.proposedAchieved,
                      avg_on_hand: c.avgOnHand,
                      reason: c.reason,
                    })),
                  }
                : {}),
            },
          }
        : {}),
    })),
    skipped: r.skipped,
    assumptions: r.assumptions,
    ...(applied ? { applied: applied.map((a) => ({ policy: a.policy, from_version: a.fromVersion, version: a.version, safety_shift: a.safetyShift, ...(a.classShifts !== undefined ? { class_shifts: a.classShifts } : {}), rationale: a.rationale })) } : {}),
  };
}

const idOf = (request: FastifyRequest) => (request.params as { id: number }).id;

/** Registers the planning routes. */
export async function planningRoutes(app: FastifyInstance): Promise<void> {
  const store = app.store;

  app.post(
    '/plans',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Start a plan run (asynchronous): returns the run id at once; poll GET /plans/{id}',
        description: 'One run at a time: 409 PLAN_RUN_IN_PROGRESS while another runs.',
        tags: ['planning'],
        body: planInput,
        response: { 202: runSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const b = (request.body ?? {}) as NonNullable<PlanBody>;
      const params: planning.PlanParameters = {};
      if (b.as_of !== undefined) params.asOf = b.as_of;
      if (b.location !== undefined) params.location = b.location;
      if (b.history_days !== undefined) params.historyDays = b.history_days;
      if (b.forecast_model !== undefined) params.forecastModel = b.forecast_model;
      if (b.season !== undefined) params.season = b.season;
      if (b.threads !== undefined) params.threads = b.threads;
      if (b.budget !== undefined) params.budget = parseMoneyOrNull(b.budget, 'budget');
      if (b.budget_objective !== undefined) params.budgetObjective = b.budget_objective;
      if (b.excess_days !== undefined) params.excessDays = b.excess_days;
      const { runId, done } = await planning.startPlanRun(store, params, {
        actor: actorOf(request),
        trigger: 'api',
        onProgress: (p) => {
          if (p.phase === 'done') request.log.info({ run: runId }, p.message);
        },
      });
      void done.catch((e: unknown) => app.log.error(e, 'plan run bookkeeping failed'));
      reply.status(202);
      return runToApi(await planning.getPlanRun(store, runId));
    },
  );

  app.get(
    '/plans',
    {
      schema: {
        summary: 'List plan runs, newest first',
        tags: ['planning'],
        querystring: { type: 'object', properties: { ...pagingQueryProperties, status: { type: 'string', enum: ['running', 'succeeded', 'failed'] } }, additionalProperties: false },
        response: { 200: pageSchema(runSchema), ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as { limit?: number; cursor?: string; status?: 'running' | 'succeeded' | 'failed' };
      const page = await planning.listPlanRuns(store, { limit: q.limit, cursor: q.cursor, status: q.status });
      return { items: page.items.map(runToApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/plans/:id',
    {
      schema: { summary: 'One plan run: status, counts, duration per phase, inputs', tags: ['planning'], params: idParams, response: { 200: runSchema, ...errorResponses(404) } },
    },
    async (request) => runToApi(await planning.getPlanRun(store, idOf(request))),
  );

  app.get(
    '/plans/:id/line-counts',
    {
      schema: {
        summary: "How many of a run's lines there are in all, to order, cut by its budget or caps, and asking a source for stock",
        description: 'The Replenishment page shows these beside its filters without loading the lines. to_order counts the final quantity (the latest override, else the suggestion).',
        tags: ['planning'],
        params: idParams,
        response: { 200: { type: 'object', properties: { all: { type: 'integer' }, to_order: { type: 'integer' }, cut: { type: 'integer' }, to_send: { type: 'integer' } } }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const c = await planning.recommendationCounts(store, (request.params as { id: number }).id);
      return { all: c.all, to_order: c.toOrder, cut: c.cut, to_send: c.toSend };
    },
  );

  app.get(
    '/plans/:id/suppliers',
    {
      schema: {
        summary: "Preview of a run's draft purchase orders: per supplier, lines to order, quantity and value against the minimum order value, SKUs below the MOQ",
        tags: ['planning'],
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    supplier: { type: ['string', 'null'], description: 'null: SKUs without a default supplier (never put on a PO)' },
                    lines: { type: 'integer', description: 'Lines with a final quantity > 0' },
                    quantity: { type: 'integer' },
                    value: moneyOutputSchema,
                    min_order_value: nullableMoneyOutputSchema,
                    below_minimum_order_value: { type: 'boolean' },
                    moq: { type: 'integer', description: "The supplier's minimum order quantity per SKU and order (0 = none)" },
                    skus_below_moq: { type: 'array', items: { type: 'string' }, description: 'SKUs whose lines to this supplier add up to less than its MOQ (a run raises them to it; overrides can cut them back)' },
                    order_by: nullableDay,
                    ordered: { type: 'integer', description: 'Lines already on a purchase order' },
                  },
                },
              },
            },
          },
          ...errorResponses(404),
        },
      },
    },
    async (request) => ({
      items: (await planning.planSupplierSummary(store, idOf(request))).map((s) => ({
        supplier: s.supplier,
        lines: s.lines,
        quantity: s.quantity,
        value: formatMoney(s.value),
        min_order_value: formatMoneyOrNull(s.minOrderValue),
        below_minimum_order_value: s.belowMinimumOrderValue,
        moq: s.moq,
        skus_below_moq: s.skusBelowMoq,
        order_by: s.orderBy,
        ordered: s.ordered,
      })),
    }),
  );

  app.post(
    '/plans/:id/transfers',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: "Create the draft transfers a run proposes (one per origin and destination): from its locations' excess, and to the locations replenished from another",
        description:
          "The run's inputs.transfers, grouped by origin and destination, each a draft transfer numbered PLAN-<run>-<FROM>-<TO>: asking again creates nothing twice (created: false). Ship and receive them with the /transfers endpoints. 422 PLAN_RUN_NOT_SUCCEEDED for a run that did not succeed.",
        tags: ['planning', 'purchasing'],
        params: idParams,
        response: {
          201: {
            type: 'object',
            properties: {
              run_id: { type: 'integer' },
              transfers: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { number: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, lines: { type: 'integer' }, quantity: { type: 'integer' }, created: { type: 'boolean', description: 'false: it existed already (an earlier request)' } },
                },
              },
            },
          },
          ...errorResponses(403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const r = await planning.createTransfersFromRun(store, idOf(request), { actor: actorOf(request) });
      return reply.code(201).send({ run_id: r.runId, transfers: r.transfers });
    },
  );

  app.post(
    '/plans/:id/purchase-orders',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: "Create draft purchase orders (one per supplier) from a run's suggestions (final quantities, overrides included)",
        description: 'Lines already on a PO, with a final quantity of 0 or without a supplier are skipped. 422 PLAN_RUN_NOT_SUCCEEDED for a run that did not succeed.',
        tags: ['planning', 'purchasing'],
        params: idParams,
        body: { type: ['object', 'null'], properties: { suppliers: { type: 'array', items: code, minItems: 1, description: 'Only these suppliers' } }, additionalProperties: false },
        response: {
          201: {
            type: 'object',
            properties: {
              run_id: { type: 'integer' },
              purchase_orders: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    supplier: { type: 'string' },
                    number: { type: 'string' },
                    lines: { type: 'integer' },
                    total_quantity: { type: 'integer' },
                    total_value: moneyOutputSchema,
                    min_order_value: nullableMoneyOutputSchema,
                    below_minimum_order_value: { type: 'boolean', description: "The PO's value is below the supplier's minimum order value" },
                    moq: { type: 'integer', description: "The supplier's minimum order quantity per SKU and order (0 = none)" },
                    skus_below_moq: { type: 'array', items: { type: 'string' }, description: "SKUs whose lines on the PO add up to less than the supplier's MOQ" },
                  },
                },
              },
              skipped: { type: 'object', properties: { no_supplier: { type: 'integer' }, already_ordered: { type: 'integer' } } },
            },
          },
          ...errorResponses(403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as { suppliers?: string[] };
      const r = await planning.createPurchaseOrdersFromRun(store, idOf(request), { suppliers: body.suppliers }, { actor: actorOf(request) });
      reply.status(201);
      return {
        run_id: r.runId,
        purchase_orders: r.purchaseOrders.map((p) => ({
          supplier: p.supplier,
          number: p.number,
          lines: p.lines,
          total_quantity: p.totalQuantity,
          total_value: formatMoney(p.totalValue),
          min_order_value: formatMoneyOrNull(p.minOrderValue),
          below_minimum_order_value: p.belowMinimumOrderValue,
          moq: p.moq,
          skus_below_moq: p.skusBelowMoq,
        })),
        skipped: { no_supplier: r.skipped.noSupplier, already_ordered: r.skipped.alreadyOrdered },
      };
    },
  );

  app.get(
    '/recommendations',
    {
      schema: {
        summary: "A plan run's suggestions with their explanations (default: the newest succeeded run)",
        tags: ['planning'],
        querystring: {
          type: 'object',
          properties: {
            ...pagingQueryProperties,
            run: { type: 'integer', minimum: 1, description: 'Plan run id (default: the newest succeeded run)' },
            supplier: code,
            sku: code,
            location: code,
            lifecycle: { type: 'string', enum: ['new', 'active', 'slow', 'dead'], description: "Only lines of SKUs in this lifecycle stage" },
            only_to_order: { type: 'boolean', description: 'Only lines whose final quantity is > 0' },
            cut: { type: 'boolean', description: "Only lines the run's budget or a cap cut" },
            to_send: { type: 'boolean', description: 'Only lines of locations replenished by transfer that ask their source for stock' },
            order: { type: 'string', enum: ['id', 'urgency'], default: 'id', description: 'id (default: SKU, then location, paged by cursor) or urgency (lines to order first, then the earliest order-by date, the fewest days of cover; paged by offset)' },
            offset: { type: 'integer', minimum: 0, maximum: 10_000_000, description: 'With order=urgency: lines to skip (next_offset of the previous page)' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            ...pageSchema(recommendationSchema),
            properties: { ...(pageSchema(recommendationSchema).properties as object), run_id: { type: 'integer' }, next_offset: { type: ['integer', 'null'], description: 'With order=urgency: the offset of the next page (null: the last)' } },
          },
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const q = request.query as { limit?: number; cursor?: string; run?: number; supplier?: string; sku?: string; location?: string; lifecycle?: any; only_to_order?: boolean; cut?: boolean; to_send?: boolean; order?: 'id' | 'urgency'; offset?: number };
      const page = await planning.listRecommendations(store, {
        limit: q.limit,
        cursor: q.cursor,
        order: q.order,
        offset: q.offset,
        filters: { run: q.run, supplier: q.supplier, sku: q.sku, location: q.location, lifecycle: q.lifecycle, onlyToOrder: q.only_to_order, cut: q.cut, toSend: q.to_send },
      });
      return { run_id: page.runId, items: page.items.map(recToApi), next_cursor: page.nextCursor, ...(q.order === 'urgency' ? { next_offset: page.nextOffset ?? null } : {}) };
    },
  );

  app.get(
    '/recommendations/:id',
    {
      schema: {
        summary: 'One suggestion with its explanation and every override',
        tags: ['planning'],
        params: idParams,
        response: { 200: { type: 'object', properties: { ...recommendationSchema.properties, overrides: { type: 'array', items: overrideSchema } } }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const id = idOf(request);
      const rec = await planning.getRecommendation(store, id);
      return { ...recToApi(rec), overrides: (await planning.listOverrides(store, id)).map(overrideToApi) };
    },
  );

  app.post(
    '/recommendations/:id/override',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Override a suggested quantity (recorded with reason and author; the latest override counts)',
        tags: ['planning'],
        params: idParams,
        body: {
          type: 'object',
          properties: {
            quantity: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "A whole number of the line's order step (case pack / order multiple) unless allow_partial_pack; 400 names the nearest ones" },
            reason: { type: 'string', minLength: 1, maxLength: 1000 },
            allow_partial_pack: { type: 'boolean', description: 'Accept a quantity that is not a whole number of packs (a supplier who splits packs)' },
          },
          required: ['quantity', 'reason'],
          additionalProperties: false,
        },
        response: { 201: recommendationSchema, ...errorResponses(403, 404, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body as { quantity: number; reason: string; allow_partial_pack?: boolean };
      const rec = await planning.overrideRecommendation(store, idOf(request), { quantity: body.quantity, reason: body.reason, allowPartialPack: body.allow_partial_pack }, { actor: actorOf(request) });
      reply.status(201);
      return recToApi(rec);
    },
  );

  app.get(
    '/policies',
    {
      schema: {
        summary: 'Replenishment policies with their current version',
        tags: ['planning'],
        querystring: { type: 'object', properties: { include_inactive: { type: 'boolean', description: 'Include retired policies' } }, additionalProperties: false },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: policySchema } } }, ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as { include_inactive?: boolean };
      return { items: (await planning.listPolicies(store, { includeInactive: q.include_inactive === true })).map(policyToApi) };
    },
  );

  app.post(
    '/policies',
    {
      preHandler: requireRole('planner'),
      schema: { summary: 'Create a policy (version 1)', tags: ['planning'], body: policyInput, response: { 201: policySchema, ...errorResponses(403, 409) } },
    },
    async (request, reply) => {
      const b = request.body as VersionBody & { code: string; name: string };
      const p = await planning.createPolicy(store, { code: b.code, name: b.name, ...versionFromApi(b) }, { actor: actorOf(request) });
      reply.status(201);
      return policyToApi(p);
    },
  );

  app.get(
    '/policies/:code',
    { schema: { summary: 'One policy with its current version', tags: ['planning'], params: codeParams, response: { 200: policySchema, ...errorResponses(404) } } },
    async (request) => policyToApi(await planning.getPolicy(store, (request.params as { code: string }).code)),
  );

  app.get(
    '/policies/:code/versions',
    {
      schema: {
        summary: 'Every version of a policy, oldest first',
        tags: ['planning'],
        params: codeParams,
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: versionSchema } } }, ...errorResponses(404) },
      },
    },
    async (request) => ({ items: (await planning.listPolicyVersions(store, (request.params as { code: string }).code)).map(versionToApi) }),
  );

  app.post(
    '/policies/:code/versions',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Change a policy: a new version (omitted fields keep the current values; owner and rationale required)',
        tags: ['planning'],
        params: codeParams,
        body: versionInput,
        response: { 201: policySchema, ...errorResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const p = await planning.addPolicyVersion(store, (request.params as { code: string }).code, versionFromApi(request.body as VersionBody), { actor: actorOf(request) });
      reply.status(201);
      return policyToApi(p);
    },
  );

  app.post(
    '/policy-reviews',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: "Review every policy against the ledger's recent demand (and calibrate it)",
        description:
          "Replays the last `days` days of each SKU x location with the plan's own policy and returns per policy the fill rate achieved against its target, the stock held and the orders placed (as `stockloop backtest`). " +
          'With `calibrate`, also the safety shift per fill-rate policy whose replay meets the target with the least stock; with `apply`, those shifts are written as new policy versions in one transaction (409 POLICY_VERSION_CONFLICT if a policy changed meanwhile: nothing written). ' +
          'Synchronous (seconds for hundreds of SKU x locations, about a minute for 10,000, in worker threads) unless `async`: then 202 with a job to poll (GET /policy-review-jobs/{id}: progress, then the review). One review runs at a time, synchronous, background or the weekly scheduled one: another is 409 POLICY_REVIEW_IN_PROGRESS. Nothing is stored unless `save` or `apply` (then the review is kept, GET /policy-reviews/{id}, and each version written names it).',
        tags: ['planning'],
        body: reviewInput,
        response: { 200: reviewSchema, 202: reviewJobSchema, ...errorResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const b = (request.body ?? {}) as NonNullable<ReviewBody>;
      const opts = { asOf: b.as_of, days: b.days, location: b.location, refit: b.refit, historyDays: b.history_days, threads: b.threads, calibrate: b.calibrate, save: b.save, apply: b.apply, only: b.only };
      const ctx = { actor: actorOf(request), trigger: 'api' as const };
      if (b.async) {
        const job = planning.startReviewJob(store, opts, ctx);
        reply.status(202).header('location', `/api/v1/policy-review-jobs/${job.id}`);
        return jobToApi(job);
      }
      const { review, id, applied } = await planning.runGuardedReview(store, opts, ctx);
      return reviewToApi(review, id, applied);
    },
  );

  app.get(
    '/policy-review-jobs/:id',
    {
      schema: {
        summary: 'A policy review started with `async`: its progress and, when done, the review',
        description: 'Jobs live in the serving process: a restart forgets them (a saved review stays under GET /policy-reviews), and a finished job is kept for an hour.',
        tags: ['planning'],
        params: idParams,
        response: { 200: reviewJobSchema, ...errorResponses(404) },
      },
    },
    async (request) => jobToApi(planning.getReviewJob(idOf(request))),
  );

  app.get(
    '/policy-reviews',
    {
      schema: {
        summary: 'Saved policy reviews, newest first',
        description: 'Each with every policy outcome and calibration, and the versions applied from it. `trigger=schedule` lists the weekly reviews the server runs (POLICY_REVIEW_EVERY_DAYS).',
        tags: ['planning'],
        querystring: { type: 'object', properties: { ...pagingQueryProperties, trigger: { type: 'string', enum: ['cli', 'api', 'schedule', 'test'] } }, additionalProperties: false },
        response: { 200: pageSchema(reviewSchema), ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as { limit?: number; cursor?: string; trigger?: planning.ReviewTrigger };
      const page = await planning.listReviews(store, { limit: q.limit, cursor: q.cursor, trigger: q.trigger });
      return { items: page.items.map((r) => reviewToApi(r, r.id, r.applied.length ? r.applied : null, r)), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/policy-reviews/:id',
    { schema: { summary: 'One saved policy review', tags: ['planning'], params: idParams, response: { 200: reviewSchema, ...errorResponses(404) } } },
    async (request) => {
      const r = await planning.getReview(store, idOf(request));
      return reviewToApi(r, r.id, r.applied.length ? r.applied : null, r);
    },
  );


  // Launch forecasts (planning/launch-forecasts.ts): a planner's stated demand for a SKU x location
  // with little or no history of its own, handed over to its history as that grows.
  const launchSchema = {
    type: 'object',
    properties: {
      sku: { type: 'string' },
      location: { type: 'string' },
      rate_per_day: { type: 'number' },
      cv: { type: 'number' },
      launch_day: day,
      hand_over_days: { type: 'integer' },
      owner: { type: 'string' },
      rationale: { type: 'string' },
      updated_at: instant,
      updated_by: { type: 'string' },
    },
  } as const;
  const launchToApi = (l: planning.LaunchForecast) => ({
    sku: l.sku,
    location: l.location,
    rate_per_day: l.ratePerDay,
    cv: l.cv,
    launch_day: l.launchDay,
    hand_over_days: l.handOverDays,
    owner: l.owner,
    rationale: l.rationale,
    updated_at: l.updatedAt,
    updated_by: l.updatedBy,
  });
  const pairParams = { type: 'object', properties: { sku: code, location: code }, required: ['sku', 'location'], additionalProperties: false } as const;

  app.get(
    '/launch-forecasts',
    {
      schema: {
        summary: 'Launch forecasts (a planner-stated demand for SKU x locations with little or no history)',
        tags: ['planning'],
        querystring: { type: 'object', properties: { sku: code, location: code }, additionalProperties: false },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: launchSchema } } }, ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as { sku?: string; location?: string };
      return { items: (await planning.listLaunchForecasts(store, q)).map(launchToApi) };
    },
  );

  const figuresSchema = {
    type: 'object',
    properties: {
      launches: { type: 'integer' },
      bias: { type: ['number', 'null'], description: 'Geometric mean of actual / stated rate (1 = unbiased)' },
      error: { type: ['number', 'null'], description: 'Spread (sd) of log(actual / stated) across launches, counting noise removed' },
      coverage: { type: ['number', 'null'], description: 'Share of launches whose units sold fell inside their stated 80 % band' },
      stated_cv: { type: ['number', 'null'], description: 'Mean stated cv' },
    },
  } as const;
  const figuresToApi = (f: planning.LaunchFigures) => ({ launches: f.launches, bias: f.bias, error: f.error, coverage: f.coverage, stated_cv: f.statedCv });
  app.get(
    '/launch-forecasts/review',
    {
      schema: {
        summary: 'How the launch forecasts did: actual against stated rates, coverage of their bands, and the cv the estimates warrant',
        description:
          'For every launch forecast past its launch day, its hand-over days so far (stockout days censored and left out): units sold, actual rate, ratio to the stated rate, and whether the units sold fell inside the central 80 % band the forecast stated. Over the launches with at least 14 observed days (not changed after their launch day): bias, error and coverage, overall and per owner, and from 5 launches a proposed cv (half the error). Reads only. See docs/planning.md "Launch review".',
        tags: ['planning'],
        querystring: { type: 'object', properties: { as_of: { ...day, description: 'Review as of this day (default today, UTC): reads up to the day before' } }, additionalProperties: false },
        response: {
          200: {
            type: 'object',
            properties: {
              as_of: { type: 'string' },
              launches: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    sku: { type: 'string' },
                    location: { type: 'string' },
                    owner: { type: 'string' },
                    launch_day: { type: 'string' },
                    rate_per_day: { type: 'number' },
                    cv: { type: 'number' },
                    hand_over_days: { type: 'integer' },
                    status: { type: 'string', enum: ['reviewed', 'too-early', 'revised'] },
                    days: { type: 'integer' },
                    stockout_days: { type: 'integer' },
                    observed_days: { type: 'integer' },
                    sold: { type: 'number' },
                    actual_rate: { type: ['number', 'null'] },
                    ratio: { type: ['number', 'null'] },
                    band: { type: ['object', 'null'], properties: { low: { type: 'number' }, high: { type: 'number' } } },
                    in_band: { type: ['boolean', 'null'] },
                  },
                },
              },
              overall: figuresSchema,
              by_owner: { type: 'array', items: { type: 'object', properties: { owner: { type: 'string' }, ...figuresSchema.properties } } },
              proposed_cv: { type: ['number', 'null'] },
              reason: { type: 'string' },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const q = request.query as { as_of?: string };
      const r = await planning.reviewLaunches(store, { asOf: q.as_of });
      return {
        as_of: r.asOf,
        launches: r.launches.map((o) => ({
          sku: o.sku,
          location: o.location,
          owner: o.owner,
          launch_day: o.launchDay,
          rate_per_day: o.ratePerDay,
          cv: o.cv,
          hand_over_days: o.handOverDays,
          status: o.status,
          days: o.days,
          stockout_days: o.stockoutDays,
          observed_days: o.observedDays,
          sold: o.sold,
          actual_rate: o.actualRate,
          ratio: o.ratio,
          band: o.band,
          in_band: o.inBand,
        })),
        overall: figuresToApi(r.overall),
        by_owner: r.byOwner.map((f) => ({ owner: f.owner, ...figuresToApi(f) })),
        proposed_cv: r.proposedCv,
        reason: r.reason,
      };
    },
  );

  app.put(
    '/launch-forecasts/:sku/:location',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: "Set (or replace) a SKU x location's launch forecast",
        description:
          'The plan forecasts the pair from `rate_per_day` (from `launch_day`, default today) with the rate uncertain by `cv` (negative binomial: Gamma-Poisson), blended with the pair\'s own history since the launch day at weight days / `hand_over_days` (default 56); after that its history alone. A pair without stock or sales is planned once it has a launch forecast. See docs/planning.md "Launch forecasts".',
        tags: ['planning'],
        params: pairParams,
        body: {
          type: 'object',
          properties: {
            rate_per_day: { type: 'number', exclusiveMinimum: 0, maximum: 1e9, description: 'Expected demand per day from the launch day on' },
            cv: { type: 'number', minimum: 0, maximum: 10, description: `Coefficient of variation of that rate (default ${planning.DEFAULT_LAUNCH_CV}; see docs/planning.md "Launch forecasts")` },
            launch_day: { ...day, description: 'Demand starts this day (default: today, UTC)' },
            hand_over_days: { type: 'integer', minimum: 1, maximum: 730, description: `Days of own history after which the launch forecast no longer counts (default ${planning.DEFAULT_HAND_OVER_DAYS})` },
            owner: { type: 'string', minLength: 1, maxLength: 200, description: 'Who answers for it' },
            rationale: { type: 'string', minLength: 1, maxLength: 4000, description: 'Why this rate (e.g. the analogue product it is based on)' },
          },
          required: ['rate_per_day', 'owner', 'rationale'],
          additionalProperties: false,
        },
        response: { 200: launchSchema, ...errorResponses(403) },
      },
    },
    async (request) => {
      const { sku, location } = request.params as { sku: string; location: string };
      const b = request.body as { rate_per_day: number; cv?: number; launch_day?: string; hand_over_days?: number; owner: string; rationale: string };
      const l = await planning.setLaunchForecast(
        store,
        sku,
        location,
        { ratePerDay: b.rate_per_day, cv: b.cv, launchDay: b.launch_day, handOverDays: b.hand_over_days, owner: b.owner, rationale: b.rationale },
        { actor: actorOf(request), today: new Date().toISOString().slice(0, 10) },
      );
      return launchToApi(l);
    },
  );

  app.delete(
    '/launch-forecasts/:sku/:location',
    {
      preHandler: requireRole('planner'),
      schema: { summary: "Remove a SKU x location's launch forecast", tags: ['planning'], params: pairParams, response: { 204: { type: 'null' }, ...errorResponses(403, 404) } },
    },
    async (request, reply) => {
      const { sku, location } = request.params as { sku: string; location: string };
      await planning.removeLaunchForecast(store, sku, location);
      reply.status(204);
      return null;
    },
  );

}
