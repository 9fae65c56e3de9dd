/**
 * Reads of plan runs and recommendations, and planner overrides (append-only: the latest override
 * of a recommendation is its final quantity; earlier ones stay as history).
 */
import { sql } from 'kysely';
import { decodeCursor, encodeCursor, pageLimit, type Page } from '../catalog/index.ts';
import { notFound, refused, validationError } from '../shared/errors.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import { LIFECYCLES, type AbcClass, type Lifecycle, type Override, type PlanRun, type PlanRunStatus, type PlanTrigger, type Recommendation, type RecommendationFilters, type XyzClass } from './types.ts';
import { checkInt, checkText } from './validate.ts';
import { sizeOrder } from '../engine/policy/index.ts';

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

function runFromRow(r: any): PlanRun {
  return {
    id: Number(r.id),
    status: r.status as PlanRunStatus,
    trigger: r.trigger as PlanTrigger,
    requestedBy: r.requested_by,
    asOf: r.as_of,
    parameters: JSON.parse(r.parameters),
    inputs: parse(r.inputs),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    phases: parse(r.phases),
    plannedCount: Number(r.planned_count),
    toOrderCount: Number(r.to_order_count),
    totalValue: Number(r.total_value),
    errorCount: Number(r.error_count),
    error: r.error,
  };
}

/** One plan run; 404 NOT_FOUND for an unknown id. */
export async function getPlanRun(ex: Executor, id: number): Promise<PlanRun> {
  const r = await ex.db.selectFrom('plan_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('plan run', id);
  return runFromRow(r);
}

/** Plan runs, newest first, keyset-paged; optionally by status. */
export async function listPlanRuns(ex: Executor, opts: { cursor?: string | null; limit?: number; status?: PlanRunStatus } = {}): Promise<Page<PlanRun>> {
  const limit = pageLimit(opts.limit);
  const after = decodeCursor(opts.cursor, (v): v is number => Number.isSafeInteger(v));
  let q = ex.db.selectFrom('plan_runs').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (after !== null) q = q.where('id', '<', after);
  if (opts.status) q = q.where('status', '=', opts.status);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  return { items: page.map(runFromRow), nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1].id)) : null };
}

/** The id of the newest succeeded run, or null. */
export async function latestSucceededRunId(ex: Executor): Promise<number | null> {
  const r = await ex.db.selectFrom('plan_runs').select('id').where('status', '=', 'succeeded').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? Number(r.id) : null;
}

/** The latest override of each recommendation id (module-internal). */
export async function latestOverrides(ex: Executor, recIds: number[]): Promise<Map<number, Override>> {
  const out = new Map<number, Override>();
  for (let i = 0; i < recIds.length; i += 5000) {
    const rows = await ex.db
      .selectFrom('overrides')
      .selectAll()
      .where('recommendation_id', 'in', recIds.slice(i, i + 5000))
      .orderBy('id')
      .execute();
    for (const o of rows) out.set(Number(o.recommendation_id), { id: Number(o.id), quantity: Number(o.quantity), reason: o.reason, author: o.author, createdAt: o.created_at });
  }
  return out;
}

function recFromRow(r: any, o: Override | undefined): Recommendation {
  const suggested = Number(r.suggested_qty);
  const finalQty = o ? o.quantity : suggested;
  const unitCost = Number(r.unit_cost);
  return {
    id: Number(r.id),
    runId: Number(r.run_id),
    sku: r.sku,
    location: r.location,
    supplier: r.supplier,
    policy: r.policy_code === null ? null : { code: r.policy_code, version: Number(r.policy_version) },
    abc: r.abc as AbcClass,
    xyz: r.xyz as XyzClass,
    lifecycle: (r.lifecycle ?? null) as Lifecycle | null,
    onHand: Number(r.on_hand),
    reserved: Number(r.reserved),
    inbound: Number(r.inbound),
    inventoryPosition: Number(r.inventory_position),
    forecastPerDay: Number(r.forecast_per_day),
    leadTimeDays: Number(r.lead_time_days),
    leadTimeSdDays: Number(r.lead_time_sd_days),
    reorderPoint: Number(r.reorder_point),
    orderUpTo: Number(r.order_up_to),
    safetyStock: Number(r.safety_stock),
    daysOfCover: r.days_of_cover === null ? null : Number(r.days_of_cover),
    projectedStockoutDate: r.projected_stockout_date,
    orderByDate: r.order_by_date,
    suggestedQty: suggested,
    finalQty,
    unitCost,
    finalValue: finalQty * unitCost,
    override: o ?? null,
    explanation: JSON.parse(r.explanation),
    error: r.error,
    poNumber: r.po_number,
  };
}

/**
 * Recommendations of a run (default: the newest succeeded run), in run order (SKU, then
 * location), keyset-paged. `onlyToOrder` keeps lines whose final quantity (after overrides) is > 0.
 * 404 when the run does not exist (or no run succeeded yet).
 */
/** A line's final quantity in SQL: its latest override's, else the suggestion. */
const finalQty = sql<number>`coalesce((select o.quantity from overrides o where o.recommendation_id = r.id order by o.id desc limit 1), r.suggested_qty)`;

/** The lines of `runId` matching `f` (run, supplier, SKU, location, lifecycle, to order, cut, to send). */
function filtered(ex: Executor, runId: number, f: RecommendationFilters) {
  let q = ex.db.selectFrom('recommendations as r').where('r.run_id', '=', runId);
  if (f.supplier) q = q.where('r.supplier', '=', f.supplier);
  if (f.sku) q = q.where('r.sku', '=', f.sku);
  if (f.location) q = q.where('r.location', '=', f.location);
  if (f.lifecycle !== undefined) {
    if (!(LIFECYCLES as readonly string[]).includes(f.lifecycle)) throw validationError(`lifecycle must be one of ${LIFECYCLES.join(', ')} (got ${JSON.stringify(f.lifecycle)})`, { field: 'lifecycle' });
    q = q.where('r.lifecycle', '=', f.lifecycle);
  }
  // final quantity > 0: the latest override if any, else the suggestion
  if (f.onlyToOrder) q = q.where(sql<boolean>`${finalQty} > 0`);
  if (f.cut) q = q.where('r.budget_cut', '=', 1);
  if (f.toSend) q = q.where('r.transfer_asked', '>', 0);
  return q;
}

/**
 * A run's lines (default: the newest succeeded run), filtered, with their latest override. In id
 * order (SKU, then location, as the run wrote them), keyset-paged by `cursor`; or most urgent
 * first (`order: 'urgency'`: lines to order first, then the earliest order-by date, the fewest
 * days of cover, SKU, location), paged by `offset` (`nextOffset`, null on the last page).
 */
export async function listRecommendations(
  ex: Executor,
  opts: { cursor?: string | null; limit?: number; filters?: RecommendationFilters; order?: 'id' | 'urgency'; offset?: number } = {},
): Promise<Page<Recommendation> & { runId: number; nextOffset?: number | null }> {
  const f = opts.filters ?? {};
  const limit = pageLimit(opts.limit);
  const runId = f.run ?? (await latestSucceededRunId(ex));
  if (runId === null) throw notFound('plan run', 'latest', { hint: 'no plan run has succeeded yet: run `stockloop plan` or POST /plans' });
  await getPlanRun(ex, runId);
  if (opts.order === 'urgency') {
    if (opts.cursor) throw validationError('cursor pages the id order; with order=urgency page by offset', { field: 'cursor' });
    const offset = opts.offset ?? 0;
    if (!(Number.isSafeInteger(offset) && offset >= 0)) throw validationError(`offset must be an integer >= 0 (got ${JSON.stringify(opts.offset)})`, { field: 'offset' });
    const rows = await filtered(ex, runId, f)
      .selectAll('r')
      .orderBy(sql`case when ${finalQty} > 0 then 0 else 1 end`)
      .orderBy(sql`case when r.order_by_date is null then 1 else 0 end`)
      .orderBy('r.order_by_date')
      .orderBy(sql`case when r.days_of_cover is null then 1 else 0 end`)
      .orderBy('r.days_of_cover')
      .orderBy('r.sku')
      .orderBy('r.location')
      .orderBy('r.id')
      .limit(limit + 1)
      .offset(offset)
      .execute();
    const page = rows.slice(0, limit);
    const overrides = await latestOverrides(ex, page.map((r) => Number(r.id)));
    return { runId, items: page.map((r) => recFromRow(r, overrides.get(Number(r.id)))), nextCursor: null, nextOffset: rows.length > limit ? offset + limit : null };
  }
  const after = decodeCursor(opts.cursor, (v): v is number => Number.isSafeInteger(v));
  let q = filtered(ex, runId, f).selectAll('r').orderBy('r.id').limit(limit + 1);
  if (after !== null) q = q.where('r.id', '>', after);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const overrides = await latestOverrides(ex, page.map((r) => Number(r.id)));
  return { runId, items: page.map((r) => recFromRow(r, overrides.get(Number(r.id)))), nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1].id)) : null };
}

/** How many of a run's lines there are in all, to order (final quantity > 0), cut by its budget or caps, and asking a source (replenishment by transfer). */
export async function recommendationCounts(ex: Executor, runId: number): Promise<{ all: number; toOrder: number; cut: number; toSend: number }> {
  await getPlanRun(ex, runId);
  const r = await filtered(ex, runId, {})
    .select([
      sql<string | number>`count(*)`.as('all'),
      sql<string | number | null>`sum(case when ${finalQty} > 0 then 1 else 0 end)`.as('to_order'),
      sql<string | number | null>`sum(r.budget_cut)`.as('cut'),
      sql<string | number | null>`sum(case when r.transfer_asked > 0 then 1 else 0 end)`.as('to_send'),
    ])
    .executeTakeFirstOrThrow();
  return { all: Number(r.all), toOrder: Number(r.to_order ?? 0), cut: Number(r.cut ?? 0), toSend: Number(r.to_send ?? 0) };
}

/** One recommendation with its latest override; 404 for an unknown id. */
export async function getRecommendation(ex: Executor, id: number): Promise<Recommendation> {
  const r = await ex.db.selectFrom('recommendations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('recommendation', id);
  return recFromRow(r, (await latestOverrides(ex, [id])).get(id));
}

/** Every override of a recommendation, oldest first. */
export async function listOverrides(ex: Executor, recommendationId: number): Promise<Override[]> {
  await getRecommendation(ex, recommendationId);
  const rows = await ex.db.selectFrom('overrides').selectAll().where('recommendation_id', '=', recommendationId).orderBy('id').execute();
  return rows.map((o) => ({ id: Number(o.id), quantity: Number(o.quantity), reason: o.reason, author: o.author, createdAt: o.created_at }));
}

/** The line's order step: the lcm of its case pack and order multiple, as the plan sized it (1 = none). */
export function orderStepOf(rec: Recommendation): number {
  const rules = (rec.explanation as { order?: { rules?: { casePack?: number; orderMultiple?: number | null } } }).order?.rules;
  const casePack = rules?.casePack && rules.casePack > 1 ? rules.casePack : undefined;
  const orderMultiple = rules?.orderMultiple && rules.orderMultiple > 1 ? rules.orderMultiple : undefined;
  return sizeOrder(1, { casePack, orderMultiple }).step;
}

/**
 * Records a planner's override of a suggested quantity (with reason and author). 422
 * RECOMMENDATION_ORDERED when the line already went to a purchase order. A quantity that is not a
 * whole number of the line's order step (case pack / order multiple) is refused, naming the
 * nearest whole-pack quantities, unless `allowPartialPack` (a supplier who splits packs this once):
 * a PO line the supplier cannot ship is a mistake to catch before it is placed.
 */
export async function overrideRecommendation(ex: Executor, id: number, input: { quantity: number; reason: string; allowPartialPack?: boolean }, ctx: { actor: string }): Promise<Recommendation> {
  if (!input || typeof input !== 'object') throw validationError('override must be an object { quantity, reason }');
  const quantity = checkInt('quantity', input.quantity, 0);
  const reason = checkText('reason', input.reason, 1000);
  if (input.allowPartialPack !== undefined && typeof input.allowPartialPack !== 'boolean') throw validationError(`allowPartialPack must be true or false (got ${JSON.stringify(input.allowPartialPack)})`, { field: 'allowPartialPack' });
  return inTransaction(ex, async (tx) => {
    const rec = await getRecommendation(tx, id);
    if (rec.poNumber) throw refused('RECOMMENDATION_ORDERED', `recommendation ${id} (${rec.sku} @ ${rec.location}) is already on purchase order ${rec.poNumber}; change the PO instead`, { po: rec.poNumber });
    const step = orderStepOf(rec);
    if (quantity % step !== 0 && !input.allowPartialPack) {
      const down = Math.floor(quantity / step) * step;
      throw validationError(`quantity ${quantity} is not a whole number of ${rec.sku}'s order step ${step} (case pack / order multiple): ${down} or ${down + step} (or allow a partial pack)`, { field: 'quantity', step, nearest: [down, down + step] });
    }
    await tx.db.insertInto('overrides').values({ recommendation_id: id, quantity, reason, author: ctx.actor, created_at: new Date().toISOString() }).execute();
    return getRecommendation(tx, id);
  });
}
