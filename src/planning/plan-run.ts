/**
 * Plan runs: compute a suggestion for every planned SKU x location in batch, store them with
 * their inputs. Phases: load (bulk reads through catalog/ledger/purchasing), segment (ABC/XYZ and
 * policy choice), compute (forecast + policy + order sizing in worker threads; then, in this order,
 * each line's excess and the transfers from it within a transfer region: excess.ts; the supplier
 * MOQs: moq-consolidation.ts; each supplier's lines topped up to its minimum order value:
 * min-order-top-up.ts; the run's budget and exposure caps: budget.ts), write (multi-row
 * inserts, one transaction with the run's final status). One run at a time: the run row holds a
 * unique lock while it runs; a second start gets 409 PLAN_RUN_IN_PROGRESS (a run whose heartbeat
 * stopped for STALE_AFTER_MS, e.g. a killed process, is marked failed and replaced).
 */
import { chunkRows, isUniqueViolation, resolveLocations } from '../catalog/index.ts';
import { staleThresholdDays, type LeadTimeStats, type LeadTimeSummaryOut } from '../purchasing/index.ts';
import { conflict } from '../shared/errors.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import { addDays, daysBetween } from './dates.ts';
import { isoWeekday } from './order-days.ts';
import { buildExplanation } from './explanation.ts';
import { laneLeadTime, leadTimeFor, type LeadTimeAssumption } from './lead-time.ts';
import { DEFAULT_TRANSFER_LEAD_TIME_DAYS } from '../catalog/index.ts';
import { resolveParameters, type ResolvedParameters } from './parameters.ts';
import { formatMoney } from '../shared/money.ts';
import { applySupplierMinimumOrderValues, CAN_ORDER_DAYS } from './min-order-top-up.ts';
import { applySupplierMoqs } from './moq-consolidation.ts';
import { applyBudget, type BudgetSummary } from './budget.ts';
import { excessOf, planTransfers, type LineExcess } from './excess.ts';
import { planReplenishmentTransfers, type FedLine } from './replenishment-transfers.ts';
import { draftsSummary, staleDraftsOf } from './stale-drafts.ts';
import { classifyLifecycle, LIFECYCLES } from '../engine/segment/lifecycle.ts';
import { loadPlanInputs, pairKey, SEGMENT_DAYS, type Arrival, type PairSeries, type PlanInputs, type StockAge } from './plan-inputs.ts';
import { getPlanRun } from './plan-queries.ts';
import { DEFAULT_RULES, listPolicies } from './policies.ts';
import { choosePolicy } from './policy-match.ts';
import { segmentSkus, weeklyTotals, type Segment, type SegmentInput } from './segmentation.ts';
import { launchOf, type PlanItem, type PlanItemResult } from './suggestion.ts';
import type { ExcessSummary, PlanParameters, PlanPhases, PlanRun, PlanRunInputs, PlanTrigger, Policy, ReplenishmentSummary, RunTransfer } from './types.ts';
import { computeInWorkers } from './worker-pool.ts';

/** Fewest days of record a young SKU's annual value is scaled up from (fewer: valued as 28). */
const MIN_ANNUALIZE_DAYS = 28;

/** A running plan whose heartbeat is older than this is considered dead. */
export const STALE_AFTER_MS = 15 * 60_000;

export interface PlanProgress {
  phase: 'load' | 'segment' | 'compute' | 'write' | 'done';
  message: string;
  done?: number;
  total?: number;
}

export interface PlanContext {
  actor: string;
  trigger: PlanTrigger;
  onProgress?: (p: PlanProgress) => void;
}

const now = () => new Date().toISOString();

async function insertRun(ex: Executor, params: ResolvedParameters, ctx: PlanContext): Promise<number> {
  const at = now();
  const row = await ex.db
    .insertInto('plan_runs')
    .values({
      status: 'running',
      trigger: ctx.trigger,
      requested_by: ctx.actor,
      as_of: params.asOf,
      parameters: JSON.stringify(params),
      active_lock: 'active',
      created_at: at,
      started_at: at,
      heartbeat_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Takes the run lock: inserts the run row, or 409 PLAN_RUN_IN_PROGRESS naming the running run. */
async function claimRun(ex: Executor, params: ResolvedParameters, ctx: PlanContext): Promise<number> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await insertRun(ex, params, ctx);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const running = await ex.db.selectFrom('plan_runs').select(['id', 'heartbeat_at', 'started_at']).where('active_lock', '=', 'active').executeTakeFirst();
      if (!running) continue; // it just finished
      if (Date.parse(running.heartbeat_at) < Date.now() - STALE_AFTER_MS && attempt === 0) {
        await ex.db
          .updateTable('plan_runs')
          .set({ status: 'failed', active_lock: null, finished_at: now(), error: `abandoned: no heartbeat since ${running.heartbeat_at}` })
          .where('id', '=', running.id)
          .where('active_lock', '=', 'active')
          .execute();
        continue;
      }
      throw conflict('PLAN_RUN_IN_PROGRESS', `plan run ${running.id} (started ${running.started_at}) is still running; wait for it to finish`, { run_id: Number(running.id) });
    }
  }
  throw conflict('PLAN_RUN_IN_PROGRESS', 'another plan run is starting; retry in a moment');
}

/**
 * Starts a plan run: validates the parameters (404 for an unknown location), takes the run lock (409 when a run is running)
 * and returns the run id at once; `done` resolves with the finished run (status succeeded or
 * failed - it never rejects).
 */
export async function startPlanRun(ex: Executor, parameters: PlanParameters, ctx: PlanContext): Promise<{ runId: number; done: Promise<PlanRun> }> {
  const params = resolveParameters(parameters);
  if (params.location) await resolveLocations(ex, [params.location]); // unknown -> 404 now, not a failed run
  const runId = await claimRun(ex, params, ctx);
  const done = executeRun(ex, runId, params, ctx).then(
    () => getPlanRun(ex, runId),
    async (e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      await ex.db
        .updateTable('plan_runs')
        .set({ status: 'failed', active_lock: null, finished_at: now(), error: message })
        .where('id', '=', runId)
        .execute()
        .catch(() => undefined);
      ctx.onProgress?.({ phase: 'done', message: `plan run ${runId} failed: ${message}` });
      return getPlanRun(ex, runId);
    },
  );
  return { runId, done };
}

/** Starts a run and waits for it (CLI, scheduler, bench). */
export async function runPlan(ex: Executor, parameters: PlanParameters, ctx: PlanContext): Promise<PlanRun> {
  return (await startPlanRun(ex, parameters, ctx)).done;
}

export interface PlannedPair {
  sku: string;
  location: string;
  policy: Policy | null;
  segment: Segment;
  leadTime: LeadTimeAssumption;
  supplier: string | null;
  unitCost: number;
  /** Selling price, micro-units (0 = none). */
  price: number;
  /** The location this pair's location is replenished from by transfer (it buys nothing), or null. */
  source: string | null;
  /** The fed locations whose demand flows through this pair (a source's), and their units in its history; null when none. */
  flowThrough: { locations: string[]; units: number } | null;
}

/** The demand of the locations a source feeds, per source pair (summed per day; a day is censored when any fed location's is). */
interface FlowSeries {
  y: Float64Array;
  stockout: Uint8Array;
  firstIndex: number;
  locations: Set<string>;
}

/**
 * The run's replenishment network: each planned location replenished from another planned one
 * (catalog `replenishFrom`; a source that is inactive, or not loaded, leaves it buying), and per
 * source pair the fed demand flowing through it (`keys`: the fed pairs with demand, stock or a
 * launch; only the history flows).
 */
function replenishmentNetwork(inputs: PlanInputs, keys: ReadonlySet<string>): { sourceOf: Map<string, string>; flow: Map<string, FlowSeries> } {
  const sourceOf = new Map<string, string>();
  for (const l of inputs.locations.values()) if (l.replenishFrom && inputs.locations.has(l.replenishFrom)) sourceOf.set(l.code, l.replenishFrom);
  const flow = new Map<string, FlowSeries>();
  if (sourceOf.size === 0) return { sourceOf, flow };
  const W = inputs.windowDays;
  for (const k of keys) {
    const [sku, location] = k.split('\u0000');
    const src = sourceOf.get(location);
    if (!src) continue;
    const key = pairKey(sku, src);
    let f = flow.get(key);
    if (!f) {
      f = { y: new Float64Array(W), stockout: new Uint8Array(W), firstIndex: W, locations: new Set() };
      flow.set(key, f);
    }
    f.locations.add(location);
    const s = inputs.series.get(k);
    if (!s) continue;
    for (let d = 0; d < W; d++) {
      f.y[d] += s.y[d];
      if (s.stockout[d]) f.stockout[d] = 1;
    }
    f.firstIndex = Math.min(f.firstIndex, s.firstIndex);
  }
  return { sourceOf, flow };
}

/** A source pair's own series with the fed demand added (a day censored at either is censored). */
function withFlow(sku: string, location: string, own: PairSeries | undefined, f: FlowSeries, W: number): PairSeries {
  const y = new Float64Array(W);
  const stockout = new Uint8Array(W);
  for (let d = 0; d < W; d++) {
    y[d] = (own?.y[d] ?? 0) + f.y[d];
    stockout[d] = own?.stockout[d] || f.stockout[d] ? 1 : 0;
  }
  return { sku, location, y, stockout, firstIndex: Math.min(own?.firstIndex ?? W, f.firstIndex) };
}

/** Sum of `y` from index `start`. */
function sumFrom(y: Float64Array, start: number): number {
  let t = 0;
  for (let d = Math.max(0, start); d < y.length; d++) t += y[d];
  return t;
}

async function executeRun(ex: Executor, runId: number, params: ResolvedParameters, ctx: PlanContext): Promise<void> {
  const t0 = performance.now();
  const progress = ctx.onProgress ?? (() => undefined);
  let lastBeat = Date.now();
  const heartbeat = async (force = false) => {
    if (!force && Date.now() - lastBeat < 5000) return;
    lastBeat = Date.now();
    await ex.db.updateTable('plan_runs').set({ heartbeat_at: now() }).where('id', '=', runId).execute();
  };

  // ---- load
  const windowDays = Math.max(SEGMENT_DAYS, params.historyDays);
  const inputs = await loadPlanInputs(ex, {
    asOf: params.asOf,
    windowDays,
    location: params.location ?? undefined,
    agedAfterDays: params.excessDays,
    onProgress: (m) => {
      progress({ phase: 'load', message: m });
      void heartbeat().catch(() => undefined);
    },
  });
  const policies = await listPolicies(ex);
  const tLoad = performance.now();
  await heartbeat(true);

  // ---- segment + policy + lead time per pair
  const { items, planned, runInputs } = buildItems(inputs, policies, params);
  const tSegment = performance.now();
  const stages = LIFECYCLES.filter((l) => runInputs.lifecycles?.[l]).map((l) => `${l} ${runInputs.lifecycles![l]}`);
  progress({ phase: 'segment', message: `${planned.length} SKU x location pairs to plan (${runInputs.skus} SKUs): ${Object.entries(runInputs.segments).map(([k, v]) => `${k} ${v}`).join(', ')}${stages.length ? `; lifecycle: ${stages.join(', ')}` : ''}` });
  const drafts = runInputs.drafts;
  if (drafts?.staleCount) {
    const listed = drafts.stale.slice(0, 5).map((d) => `${d.number} (${d.ageDays} days)`);
    progress({
      phase: 'segment',
      message: `stale drafts: ${drafts.staleCount} draft(s) not placed or shipped ${drafts.staleAfterDays} days after they were created, counted in the positions of their pairs: ${listed.join(', ')}${drafts.staleCount > 5 ? ', ...' : ''} (place them, or cancel those that will not be)`,
    });
  }
  const stale = items.flatMap((it) => it.staleInbound ?? []);
  if (stale.length) {
    const pos = [...new Set(stale.map((x) => x.po))].sort();
    progress({
      phase: 'segment',
      message: `stale inbound: ${stale.reduce((t, x) => t + x.quantity, 0)} units on ${pos.length} PO(s) open longer than twice their supplier's longest lead time, counted in the positions of ${items.filter((it) => it.staleInbound?.length).length} pair(s): ${pos.slice(0, 5).join(', ')}${pos.length > 5 ? ', ...' : ''} (close them if they will not come)`,
    });
  }

  // ---- compute: the lines of locations that feed others last, once the transfers to the
  // locations they feed are known (replenishment-transfers.ts)
  let lastReport = 0;
  const compute = (subset: PlanItem[], offset: number) =>
    computeInWorkers(subset, {
      threads: params.threads,
      onProgress: (done, total) => {
        void heartbeat().catch(() => undefined);
        if (offset + done === items.length || Date.now() - lastReport > 1000) {
          lastReport = Date.now();
          progress({ phase: 'compute', message: `computed ${offset + done}/${items.length}`, done: offset + done, total: items.length });
        }
      },
    });
  const feeding = new Set(planned.map((p) => p.source).filter((x): x is string => x !== null));
  const last = planned.map((p, i) => (feeding.has(p.location) ? i : -1)).filter((i) => i >= 0);
  const results: PlanItemResult[] = new Array(items.length);
  const first = items.filter((_, i) => !feeding.has(planned[i].location));
  const firstIdx = items.map((_, i) => i).filter((i) => !feeding.has(planned[i].location));
  (await compute(first, 0)).forEach((r, j) => (results[firstIdx[j]] = r));
  if (planned.some((p) => p.source)) {
    const { summary, transfers } = await applyReplenishment(inputs, results, items, planned, last, (subset) => compute(subset, first.length));
    runInputs.replenishment = summary;
    runInputs.transfers = transfers;
    progress({ phase: 'compute', message: replenishmentMessage(summary) });
  }
  // ---- excess stock, and transfers from it to the same SKU's lines that order (before the MOQ)
  const { excess, transfers } = applyExcess(results, items, planned, params.excessDays, (code) => inputs.locations.get(code)?.transferRegion ?? null, inputs.stockAges);
  runInputs.excess = excess;
  runInputs.transfers = [...(runInputs.transfers ?? []), ...transfers];
  if (excess.lines > 0) {
    progress({ phase: 'compute', message: excessMessage(excess, transfers) });
  }
  // ---- supplier MOQs: per SKU and supplier order, not per location line
  const moqRaises = applySupplierMoqs(
    results.map((r, i) => ({ result: r, sku: planned[i].sku, location: planned[i].location, supplier: planned[i].supplier, maxCoverDays: items[i].maxCoverDays })),
    (code) => inputs.suppliers.get(code)?.moq ?? 0,
  );
  if (moqRaises.length) {
    const raised = moqRaises.reduce((t, m) => t + m.totalAfter - m.totalBefore, 0);
    const merged = moqRaises.filter((m) => m.lines > 1).length;
    progress({ phase: 'compute', message: `supplier MOQs: ${moqRaises.length} SKUs raised to their supplier's minimum order quantity (+${raised} units; ${merged} of them over several locations' lines)` });
  }
  // ---- supplier minimum order values: a supplier's lines worth less than its minimum are topped up
  const topUps = applySupplierMinimumOrderValues(
    results.map((r, i) => ({ result: r, supplier: planned[i].supplier, unitCost: planned[i].unitCost, sku: planned[i].sku })),
    (code) => inputs.suppliers.get(code)?.minOrderValue ?? null,
    (code) => inputs.suppliers.get(code)?.moq ?? 0,
  );
  for (const t of topUps) {
    progress({
      phase: 'compute',
      message: `minimum order value of ${t.supplier} (${formatMoney(t.minOrderValue)}): ${t.raised} of ${t.lines} lines raised (${t.pulled} of them pulled forward, due within ${CAN_ORDER_DAYS} days), order ${formatMoney(t.valueBefore)} -> ${formatMoney(t.valueAfter)}${t.reached ? '' : ', still below (maximum line values)'}`,
    });
  }
  // ---- the run's budget and exposure caps: lines funded by their expected sales per money
  const budget = applyRunBudget(results, planned, inputs, params);
  if (budget) {
    runInputs.budget = budget;
    progress({ phase: 'compute', message: budgetMessage(budget) });
  }
  const tCompute = performance.now();

  // ---- write
  progress({ phase: 'write', message: `writing ${results.length} recommendations` });
  let toOrder = 0;
  let totalValue = 0;
  let errors = 0;
  const rows = results.map((r, i) => {
    const item = items[i];
    const p = planned[i];
    if (r.suggestedQty > 0) {
      toOrder++;
      totalValue += r.suggestedQty * p.unitCost;
    }
    if (r.error) errors++;
    return toRow(runId, inputs, item, r, p);
  });
  await inTransaction(ex, async (tx) => {
    for (const chunk of chunkRows(rows, 30, tx.dialect, 1000)) await tx.db.insertInto('recommendations').values(chunk).execute();
    const tWrite = performance.now();
    const phases: PlanPhases = { loadMs: Math.round(tLoad - t0), segmentMs: Math.round(tSegment - tLoad), computeMs: Math.round(tCompute - tSegment), writeMs: Math.round(tWrite - tCompute) };
    const res = await tx.db
      .updateTable('plan_runs')
      .set({
        status: 'succeeded',
        active_lock: null,
        finished_at: now(),
        heartbeat_at: now(),
        duration_ms: Math.round(tWrite - t0),
        phases: JSON.stringify(phases),
        inputs: JSON.stringify(runInputs),
        planned_count: rows.length,
        to_order_count: toOrder,
        total_value: totalValue,
        error_count: errors,
      })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    // Another process declared this run abandoned (no heartbeat) and may be running its own: keep nothing.
    if (Number(res.numUpdatedRows) !== 1) throw new Error(`plan run ${runId} was marked abandoned while it ran; its results were discarded`);
  });
  progress({ phase: 'done', message: `plan run ${runId} done` });
}

/** Each line's excess beyond `horizonDays` (excess.ts), the run's summary, and the transfers proposed from it (applied to the receiving lines). */
function applyExcess(results: PlanItemResult[], items: PlanItem[], planned: PlannedPair[], horizonDays: number, regionOf: (location: string) => string | null, ages: ReadonlyMap<string, StockAge>): { excess: ExcessSummary; transfers: RunTransfer[] } {
  const lines = results.map((r, i) => {
    const ex = excessOf(r, items[i], planned[i].unitCost, horizonDays, ages.get(pairKey(planned[i].sku, planned[i].location)));
    if (ex) r.excess = ex;
    return { result: r, sku: planned[i].sku, location: planned[i].location, region: regionOf(planned[i].location), excess: ex, unitCost: planned[i].unitCost };
  });
  const withExcess = lines.filter((l) => l.excess);
  const sum = (f: (e: LineExcess) => number, only = withExcess) => only.reduce((t, l) => t + f(l.excess!), 0);
  const dead = withExcess.filter((l) => l.excess!.dead);
  const excess: ExcessSummary = {
    horizonDays,
    lines: withExcess.length,
    units: sum((e) => e.units),
    value: sum((e) => e.value),
    onHandValue: withExcess.reduce((t, l) => t + l.excess!.onHand * l.unitCost, 0),
    inboundValue: withExcess.reduce((t, l) => t + l.excess!.inbound * l.unitCost, 0),
    deadLines: dead.length,
    deadValue: sum((e) => e.value, dead),
    agedValue: withExcess.reduce((t, l) => t + Math.min(l.excess!.agedUnits, l.excess!.onHand) * l.unitCost, 0),
    top: [...withExcess]
      .sort((a, b) => b.excess!.value - a.excess!.value || (a.sku < b.sku ? -1 : 1))
      .slice(0, 20)
      .map((l) => ({ sku: l.sku, location: l.location, units: l.excess!.units, onHand: l.excess!.onHand, inbound: l.excess!.inbound, value: l.excess!.value, coverDays: l.excess!.coverDays === null ? null : Math.round(l.excess!.coverDays), dead: l.excess!.dead, oldestDays: l.excess!.oldestDays, agedUnits: l.excess!.agedUnits })),
  };
  const cost = new Map(lines.map((l) => [l.sku, l.unitCost]));
  const transfers = planTransfers(lines).map((t) => ({ ...t, reason: 'excess' as const, value: t.quantity * (cost.get(t.sku) ?? 0) }));
  return { excess, transfers };
}

/**
 * Replenishment by transfer (replenishment-transfers.ts): the fed lines (computed) are sent what
 * they ask for from their source's available stock, then the sources' lines (`last`) are computed
 * with those units committed (reserved); fills `results` at `last`.
 */
async function applyReplenishment(
  inputs: PlanInputs,
  results: PlanItemResult[],
  items: PlanItem[],
  planned: PlannedPair[],
  last: number[],
  compute: (subset: PlanItem[]) => Promise<PlanItemResult[]>,
): Promise<{ summary: ReplenishmentSummary; transfers: RunTransfer[] }> {
  // the source's stock not reserved or on draft transfers out (read from the inputs: a run for one
  // fed location does not plan its source's lines)
  const available = new Map<string, number>();
  const fed: FedLine[] = [];
  planned.forEach((p, i) => {
    if (!p.source) return;
    fed.push({ result: results[i], sku: p.sku, location: p.location, source: p.source });
    const key = pairKey(p.sku, p.source);
    const b = inputs.balances.get(key);
    available.set(key, Math.max(0, (b?.onHand ?? 0) - (b?.reserved ?? 0) - (inputs.draftTransfers.get(key)?.out ?? 0)));
  });
  const { transfers, committed } = planReplenishmentTransfers(fed, available);
  const sentFrom = new Map<string, typeof transfers>();
  for (const t of transfers) sentFrom.set(pairKey(t.sku, t.from), [...(sentFrom.get(pairKey(t.sku, t.from)) ?? []), t]);
  const sourceItems = last.map((i) => {
    const units = committed.get(pairKey(planned[i].sku, planned[i].location)) ?? 0;
    return units > 0 ? { ...items[i], reserved: items[i].reserved + units } : items[i];
  });
  (await compute(sourceItems)).forEach((r, j) => {
    const i = last[j];
    items[i] = sourceItems[j];
    results[i] = r;
    const out = sentFrom.get(pairKey(planned[i].sku, planned[i].location)) ?? [];
    if (out.length) {
      r.transfers ??= { in: [], out: [] };
      for (const t of out) r.transfers.out.push({ location: t.to, quantity: t.quantity });
      r.notes.push(`${out.reduce((t, x) => t + x.quantity, 0)} units to send to ${out.map((t) => t.to).join(', ')} (replenished from here) are counted as reserved`);
    }
    const f = planned[i].flowThrough;
    if (f) r.notes.push(`the forecast includes the demand of ${f.locations.join(', ')} (replenished from here): ${Math.round(f.units)} of its history's units`);
  });
  const cost = new Map(planned.map((p) => [p.sku, p.unitCost]));
  const byFed = fed.filter((l) => l.result.replenishment && l.result.replenishment.asked > 0);
  const summary: ReplenishmentSummary = {
    fedLocations: [...new Set(fed.map((l) => l.location))].sort(),
    lines: byFed.length,
    asked: byFed.reduce((t, l) => t + l.result.replenishment!.asked, 0),
    sent: byFed.reduce((t, l) => t + l.result.replenishment!.sent, 0),
    shortLines: byFed.filter((l) => l.result.replenishment!.short > 0).length,
    short: byFed.reduce((t, l) => t + l.result.replenishment!.short, 0),
    value: transfers.reduce((t, x) => t + x.quantity * (cost.get(x.sku) ?? 0), 0),
  };
  return {
    summary,
    transfers: transfers.map((t) => ({ ...t, reason: 'replenishment' as const, purchaseBefore: 0, purchaseAfter: 0, value: t.quantity * (cost.get(t.sku) ?? 0) })),
  };
}

/** The run's progress line for its replenishment transfers. */
export function replenishmentMessage(r: ReplenishmentSummary): string {
  return `replenishment by transfer (${r.fedLocations.join(', ')}): ${r.lines} lines ask ${r.asked} units, ${r.sent} sent (${formatMoney(r.value)})${r.short ? `; ${r.short} units on ${r.shortLines} lines short at their source, waiting for its stock` : ''}`;
}

/** Applies the run's budget, the policies' run budgets and the suppliers' open-value caps to the computed lines (budget.ts). */
function applyRunBudget(results: PlanItemResult[], planned: PlannedPair[], inputs: PlanInputs, params: ResolvedParameters): BudgetSummary | null {
  const suppliers = new Map<string, { cap: number; open: number }>();
  for (const s of inputs.suppliers.values()) if (s.maxOpenValue !== null) suppliers.set(s.code, { cap: s.maxOpenValue, open: inputs.openValue.get(s.code) ?? 0 });
  const policies = new Map<string, number>();
  for (const p of planned) if (p.policy && p.policy.current.runBudget !== null) policies.set(p.policy.code, p.policy.current.runBudget);
  return applyBudget(
    results.map((r, i) => ({ result: r, sku: planned[i].sku, location: planned[i].location, supplier: planned[i].supplier, policy: planned[i].policy?.code ?? null, unitCost: planned[i].unitCost, price: planned[i].price })),
    { budget: params.budget, objective: params.budgetObjective, suppliers, policies, moqOf: (code) => inputs.suppliers.get(code)?.moq ?? 0 },
    (code) => inputs.suppliers.get(code)?.minOrderValue ?? null,
  );
}

/** The run's progress line for its excess and transfers. */
export function excessMessage(excess: ExcessSummary, all: readonly RunTransfer[]): string {
  const transfers = all.filter((t) => (t.reason ?? 'excess') === 'excess');
  const moved = transfers.length ? `; ${transfers.length} transfers proposed from it (${transfers.reduce((t, x) => t + x.quantity, 0)} units, ${formatMoney(transfers.reduce((t, x) => t + x.value, 0))} not bought)` : '';
  return `excess beyond ${excess.horizonDays} days of forecast: ${excess.lines} lines, ${formatMoney(excess.value)} (${formatMoney(excess.onHandValue)} on hand, ${formatMoney(excess.inboundValue)} inbound; ${excess.deadLines} without expected demand: ${formatMoney(excess.deadValue)}; received more than ${excess.horizonDays} days ago: ${formatMoney(excess.agedValue)})${moved}`;
}

/** The run's progress line for its budget. */
export function budgetMessage(b: BudgetSummary): string {
  const limit = b.budget === null ? 'no overall budget' : `budget ${formatMoney(b.budget)}`;
  const caps = b.caps.map((c) => `${c.key} ${formatMoney(c.spent)} of ${formatMoney(Math.max(0, c.limit - c.committed))} left`).join(', ');
  const cut = b.linesCut
    ? `${b.linesCut} of ${b.linesAsked} lines cut (${b.linesDropped} to nothing), ${formatMoney(b.spent)} of ${formatMoney(b.asked)} funded; expected sales in the cycle after arrival ${b.fundedCycleSales.toFixed(1)} of ${b.askedCycleSales.toFixed(1)} units`
    : `all ${b.linesAsked} lines funded (${formatMoney(b.spent)})`;
  const below = b.belowMinimumOrderValue.length ? `; now below their minimum order value: ${b.belowMinimumOrderValue.join(', ')}` : '';
  const repaired = (b.minimumOrderRepairs ?? []).map((x) => `${x.supplier} ${x.decision} (the cuts left ${formatMoney(x.before)} of its minimum order value ${formatMoney(x.minimum)}; now ${formatMoney(x.after)})`);
  return `${limit} (${b.objective})${caps ? `; caps: ${caps}` : ''}: ${cut}${below}${repaired.length ? `; minimum order values: ${repaired.join(', ')}` : ''}`;
}

/** The plan items of every SKU x location of `inputs` (segment, policy, lead time, order rules), as a run computes them; also used by the policy review. */
/**
 * The open PO lines of a pair whose PO has been open longer than twice its supplier's longest lead
 * time (received, or configured when none was received: purchasing's leadTimeStats
 * `openOrders.staleAfterDays`, the same rule that leaves such POs out of the learned lead time).
 */
export function staleArrivals(arrivals: readonly Arrival[], inputs: Pick<PlanInputs, 'asOf' | 'leadTimes' | 'suppliers'>): NonNullable<PlanItem['staleInbound']> {
  const out: NonNullable<PlanItem['staleInbound']> = [];
  for (const a of arrivals) {
    if (!a.placedDay) continue;
    const after = inputs.leadTimes.get(a.supplier)?.openOrders.staleAfterDays ?? staleThresholdDays(null, inputs.suppliers.get(a.supplier)?.defaultLeadTimeDays ?? 0);
    const age = daysBetween(a.placedDay, inputs.asOf);
    if (after > 0 && age > after) out.push({ po: a.po, quantity: a.quantity, ageDays: age, staleAfterDays: after });
  }
  return out;
}

export function buildItems(inputs: PlanInputs, policies: Policy[], params: ResolvedParameters): { items: PlanItem[]; planned: PlannedPair[]; runInputs: PlanRunInputs } {
  // Pairs: every active SKU x planned location with demand history, non-zero balances or a launch forecast.
  const keys = new Set<string>([...inputs.series.keys(), ...inputs.balances.keys(), ...inputs.launches.keys()]);
  // replenishment by transfer: a fed location's pairs have a pair at its source, whose forecast
  // reads the fed demand flowing through it (replenishment-transfers.ts)
  const { sourceOf, flow } = replenishmentNetwork(inputs, keys);
  for (const k of flow.keys()) keys.add(k);
  const pairs = [...keys]
    .map((k) => {
      const [sku, location] = k.split('\u0000');
      return { sku, location, key: k };
    })
    .filter((p) => inputs.skus.has(p.sku) && inputs.locations.has(p.location) && (!params.location || p.location === params.location))
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0));

  // Segmentation over the last SEGMENT_DAYS days, per SKU (all planned locations together).
  const W = inputs.windowDays;
  const segDaily = new Map<string, { daily: Float64Array; first: number }>();
  for (const p of pairs) {
    const s = inputs.series.get(p.key);
    let agg = segDaily.get(p.sku);
    if (!agg) {
      agg = { daily: new Float64Array(SEGMENT_DAYS), first: SEGMENT_DAYS };
      segDaily.set(p.sku, agg);
    }
    if (!s) continue;
    const off = W - SEGMENT_DAYS;
    for (let d = 0; d < SEGMENT_DAYS; d++) agg.daily[d] += s.y[off + d];
    agg.first = Math.min(agg.first, Math.max(0, s.firstIndex - off));
  }
  // a product launching (or still handing over from its launch forecast) is valued at its
  // launch rates: it has sold little or nothing yet (launch-forecasts.ts)
  const launchUnits = new Map<string, number>();
  for (const lf of inputs.launches.values()) {
    if (daysBetween(lf.launchDay, inputs.asOf) >= lf.handOverDays) continue;
    launchUnits.set(lf.sku, (launchUnits.get(lf.sku) ?? 0) + lf.ratePerDay * SEGMENT_DAYS);
  }
  const segInputs: SegmentInput[] = [...segDaily.entries()].map(([sku, a]) => {
    let units = 0;
    for (let d = 0; d < SEGMENT_DAYS; d++) units += a.daily[d];
    // a SKU recorded for less than the window is valued per year of its own days (at least 28)
    const recorded = Math.max(MIN_ANNUALIZE_DAYS, SEGMENT_DAYS - Math.min(a.first, SEGMENT_DAYS));
    const annual = recorded < SEGMENT_DAYS ? (units * SEGMENT_DAYS) / recorded : units;
    return { sku, unitCost: inputs.skus.get(sku)!.unitCost, annualUnits: Math.max(annual, launchUnits.get(sku) ?? 0), weekly: weeklyTotals(a.daily, Math.min(a.first, SEGMENT_DAYS)) };
  });
  const segments = segmentSkus(segInputs);
  // the lifecycle stage per SKU (all locations), from the same year of demand and the age of its
  // oldest units on hand at any location
  const oldestStock = new Map<string, number>();
  for (const p of pairs) {
    const age = inputs.stockAges.get(p.key);
    if (age && (inputs.balances.get(p.key)?.onHand ?? 0) > 0) oldestStock.set(p.sku, Math.max(oldestStock.get(p.sku) ?? 0, age.oldestDays));
  }
  const lifecycles: Record<string, number> = {};
  for (const [sku, a] of segDaily) {
    const seg = segments.get(sku)!;
    const lc = classifyLifecycle({ daily: a.daily, first: a.first, oldestStockDays: oldestStock.get(sku) ?? null, launching: launchUnits.has(sku) });
    seg.lifecycle = lc.stage;
    seg.lifecycleReason = lc.reason;
  }

  const policyRules = policies.map((p) => ({ ...p, selector: p.current.selector }));
  const ltIndex = new Map<string, { overall: LeadTimeSummaryOut; open: LeadTimeStats['openOrders']; bySku: Map<string, LeadTimeStats['bySku'][number]>; independence: number | null }>();
  for (const [code, st] of inputs.leadTimes) ltIndex.set(code, { overall: st.overall, open: st.openOrders, bySku: new Map(st.bySku.map((b) => [b.sku, b])), independence: st.crossing.independence });

  const items: PlanItem[] = [];
  const planned: PlannedPair[] = [];
  const segCounts: Record<string, number> = {};
  const usedPolicies = new Map<string, Policy>();
  const lanes = new Map<string, NonNullable<PlanRunInputs['lanes']>[number]>();
  const ltUse = new Map<string, { skuSpecific: number; source: string; meanDays: number; sdDays: number; n: number; independence: number }>();
  const H = params.historyDays;
  const asOfWeekday = isoWeekday(inputs.asOf);
  for (const p of pairs) {
    const sku = inputs.skus.get(p.sku)!;
    const segment = segments.get(p.sku)!;
    segCounts[segment.abc + segment.xyz] = (segCounts[segment.abc + segment.xyz] ?? 0) + 1;
    if (segment.lifecycle) lifecycles[segment.lifecycle] = (lifecycles[segment.lifecycle] ?? 0) + 1;
    const policy = choosePolicy(policyRules, { sku: p.sku, location: p.location, abc: segment.abc, xyz: segment.xyz, lifecycle: segment.lifecycle });
    const rules = policy ? policy.current : DEFAULT_RULES;
    if (policy) usedPolicies.set(policy.code, policy);
    // a location replenished by transfer buys from no supplier: its lead time is the lane's
    const source = sourceOf.get(p.location) ?? null;
    const lane = source ? inputs.locations.get(p.location)! : null;
    const supplier = !source && sku.defaultSupplier ? (inputs.suppliers.get(sku.defaultSupplier) ?? null) : null;
    const lt = supplier ? ltIndex.get(supplier.code) : undefined;
    const leadTime: LeadTimeAssumption = lane
      ? laneLeadTime({ days: lane.transferLeadTimeDays ?? DEFAULT_TRANSFER_LEAD_TIME_DAYS, sdDays: lane.transferLeadTimeSdDays ?? 0 }, inputs.laneTimes?.get(p.location) ?? [], params.minSupplierLeadTimeObservations)
      : leadTimeFor(supplier, { sku: lt?.bySku.get(p.sku), overall: lt?.overall, open: lt?.open, independence: lt?.independence }, rules, {
          minSku: params.minSkuLeadTimeObservations,
          minSupplier: params.minSupplierLeadTimeObservations,
          defaultDays: params.defaultLeadTimeDays,
        });
    if (supplier) {
      const u = ltUse.get(supplier.code) ?? { skuSpecific: 0, source: leadTime.source, meanDays: leadTime.meanDays, sdDays: leadTime.sdDays, n: leadTime.n, independence: leadTime.independence };
      if (leadTime.source === 'sku-history') u.skuSpecific++;
      else Object.assign(u, { source: leadTime.source, meanDays: leadTime.meanDays, sdDays: leadTime.sdDays, n: leadTime.n, independence: leadTime.independence });
      ltUse.set(supplier.code, u);
    }
    if (lane && source && !lanes.has(p.location)) lanes.set(p.location, { from: source, to: p.location, source: leadTime.source, meanDays: leadTime.meanDays, sdDays: leadTime.sdDays, n: leadTime.n });
    const through = flow.get(p.key);
    const s = through ? withFlow(p.sku, p.location, inputs.series.get(p.key), through, W) : inputs.series.get(p.key);
    // with a launch forecast still handing over, the history is the days since the launch day
    // (zeros where nothing was recorded: not selling is evidence too); before the launch day (a
    // relaunch, or a launch to come) the pair's history as usual, for the days until then
    const lf = inputs.launches.get(p.key);
    const sinceLaunch = lf ? Math.max(0, daysBetween(lf.launchDay, inputs.asOf)) : 0;
    const handingOver = lf !== undefined && sinceLaunch > 0 && sinceLaunch < lf.handOverDays;
    const start = handingOver ? W - Math.min(sinceLaunch, W) : s ? Math.max(s.firstIndex, W - H) : W;
    const y = new Float64Array(W - start);
    const stockout = new Uint8Array(W - start);
    if (s) {
      for (let d = start; d < W; d++) {
        y[d - start] = Math.max(0, s.y[d]);
        stockout[d - start] = s.stockout[d];
      }
    }
    const b = inputs.balances.get(p.key);
    const placedArr = inputs.arrivals.get(p.key) ?? [];
    const staleInbound = staleArrivals(placedArr, inputs);
    const staleDrafts = staleDraftsOf(inputs.draftOrders.get(p.key)?.drafts ?? [], inputs.draftTransfers.get(p.key)?.drafts ?? [], inputs.asOf);
    // draft POs: not in the ledger's inbound yet; counted as inbound on their expected days
    const draftPo = inputs.draftOrders.get(p.key);
    const arr = draftPo ? [...placedArr, ...draftPo.arrivals].sort((x, z) => (x.day < z.day ? -1 : x.day > z.day ? 1 : 0)) : placedArr;
    // draft transfers: coming in counts as inbound, going out as committed (loadDraftTransfers)
    const draft = inputs.draftTransfers.get(p.key);
    items.push({
      key: items.length,
      y,
      stockout,
      season: params.season,
      model: params.forecastModel,
      onHand: b?.onHand ?? 0,
      reserved: (b?.reserved ?? 0) + (draft?.out ?? 0),
      inbound: (b?.inbound ?? 0) + (draft?.in ?? 0) + (draftPo?.quantity ?? 0),
      ...(draft ? { draftTransfers: draft } : {}),
      ...(draftPo ? { draftOrders: { quantity: draftPo.quantity, numbers: [...new Set(draftPo.arrivals.map((a) => a.po))] } } : {}),
      arrivalDays: arr.map((a) => Math.max(0, daysBetween(inputs.asOf, a.day))),
      arrivalQty: arr.map((a) => a.quantity),
      ...(staleInbound.length ? { staleInbound } : {}),
      ...(staleDrafts.length ? { staleDrafts } : {}),
      leadTimeDays: leadTime.meanDays,
      leadTimeSdDays: leadTime.sdDays,
      leadTimeIndependence: leadTime.independence,
      target: rules.serviceTarget,
      reviewPeriodDays: rules.reviewPeriodDays,
      moq: supplier?.moq ?? 0,
      casePack: sku.packSize,
      orderMultiple: rules.orderMultiple,
      maxOrderUnits: rules.maxOrderValue !== null && sku.unitCost > 0 ? Math.floor(rules.maxOrderValue / sku.unitCost) : null,
      maxCoverDays: rules.maxCoverDays,
      // a SKU that takes no backorders loses the sales it cannot serve
      lostSales: !sku.backordersAllowed,
      safetyShift: rules.safetyShift,
      classShifts: rules.classShifts,
      orderWeekdays: rules.orderWeekdays,
      weekday: asOfWeekday,
      ...(rules.orderCost !== null && sku.unitCost > 0 ? { economicLot: { orderCost: rules.orderCost / 1_000_000, holdingRate: rules.holdingRate, unitCost: sku.unitCost / 1_000_000 } } : {}),
      ...(lf ? { launch: launchOf(lf, sinceLaunch, daysBetween(inputs.asOf, lf.launchDay)) } : {}),
    });
    planned.push({
      sku: p.sku,
      location: p.location,
      policy,
      segment,
      leadTime,
      supplier: supplier?.code ?? null,
      unitCost: sku.unitCost,
      price: sku.price,
      source,
      flowThrough: through ? { locations: [...through.locations].sort(), units: sumFrom(through.y, start) } : null,
    });
  }
  const runInputs: PlanRunInputs = {
    policies: [...usedPolicies.values()].map((p) => ({ code: p.code, version: p.current.version, serviceTarget: p.current.serviceTarget, reviewPeriodDays: p.current.reviewPeriodDays, safetyShift: p.current.safetyShift, classShifts: p.current.classShifts, orderWeekdays: p.current.orderWeekdays })),
    leadTimes: [...ltUse.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([supplier, u]) => ({ supplier, ...u })),
    segments: segCounts,
    lifecycles,
    historyFrom: addDays(inputs.asOf, -H),
    historyTo: inputs.to,
    pairs: pairs.length,
    skus: segDaily.size,
  };
  if (lanes.size) runInputs.lanes = [...lanes.values()].sort((a, b) => (a.to < b.to ? -1 : 1));
  const drafts = draftsSummary(inputs);
  if (drafts) runInputs.drafts = drafts;
  return { items, planned, runInputs };
}

function toRow(runId: number, inputs: PlanInputs, item: PlanItem, r: PlanItemResult, p: PlannedPair) {
  const supplier = p.supplier ? inputs.suppliers.get(p.supplier)! : null;
  const stockout = r.stockoutInDays === null ? null : addDays(inputs.asOf, r.stockoutInDays);
  const orderBy = r.orderInDays === null ? null : addDays(inputs.asOf, r.orderInDays);
  const rules = p.policy ? p.policy.current : DEFAULT_RULES;
  const explanation = buildExplanation(item, r, {
    asOf: inputs.asOf,
    historyFrom: addDays(inputs.asOf, -item.y.length),
    historyDays: item.y.length,
    segment: p.segment,
    policy: p.policy ? { code: p.policy.code, version: p.policy.current.version, owner: p.policy.current.owner } : null,
    leadTime: p.leadTime,
    supplier: supplier ? { code: supplier.code, moq: supplier.moq, minOrderValue: supplier.minOrderValue } : null,
    unitCost: p.unitCost,
    maxOrderValue: rules.maxOrderValue,
    dates: { projectedStockout: stockout, orderBy },
    flowThrough: p.flowThrough,
  });
  if (!p.policy) (explanation.notes as string[]).push('no policy matched: the built-in default (95% fill rate, 7-day review) was used');
  return {
    run_id: runId,
    sku: p.sku,
    location: p.location,
    supplier: p.supplier,
    policy_code: p.policy?.code ?? null,
    policy_version: p.policy?.current.version ?? null,
    abc: p.segment.abc,
    xyz: p.segment.xyz,
    lifecycle: p.segment.lifecycle ?? null,
    budget_cut: r.budget && r.budget.funded < r.budget.asked ? 1 : 0,
    transfer_asked: r.replenishment?.asked ?? 0,
    on_hand: item.onHand,
    reserved: item.reserved,
    inbound: item.inbound,
    inventory_position: r.inventoryPosition,
    forecast_per_day: r.forecast.perDay,
    lead_time_days: item.leadTimeDays,
    lead_time_sd_days: item.leadTimeSdDays,
    reorder_point: r.reorderPoint,
    order_up_to: r.orderUpTo,
    safety_stock: Number.isFinite(r.safetyStock) ? r.safetyStock : 0,
    days_of_cover: r.daysOfCover === null || !Number.isFinite(r.daysOfCover) ? null : r.daysOfCover,
    projected_stockout_date: stockout,
    order_by_date: orderBy,
    suggested_qty: r.suggestedQty,
    unit_cost: p.unitCost,
    explanation: JSON.stringify(explanation),
    error: r.error,
    po_number: null,
  };
}
