/**
 * Cycle-count sessions: start (snapshot), record counts (blind), approve, post, cancel.
 *
 * The counting-while-trading rule (see ./count-rules.ts and docs/counting.md): the session
 * snapshots on hand when it starts; each count records the physical count instant; the correction
 * is counted − (snapshot + net on-hand movements with snapshot_at < occurredAt <= counted_at),
 * recomputed when the session is posted (so movements posted late but dated inside the window are
 * netted too) and posted as a 'count_correction' dated at posting time. A SKU can be in only one
 * open session per location, so two sessions never correct the same stock twice.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { isUniqueViolation, resolveLocations, resolveSkus } from '../catalog/index.ts';
import { getBalances, listMovements, postMovements, type MovementInput } from '../ledger/index.ts';
import { AppError, conflict, notFound, refused, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { runRetriedTx } from '../store/retry.ts';
import { evaluateCount, onHandEffect } from './count-rules.ts';
import { dueForCount } from './plan.ts';
import { getCountById, getCounterView, linesOf } from './session-views.ts';
import type { CountLinesTable, CountSessionsTable } from './schema.ts';
import type { CountContext, CounterView, CountEntry, CountSession, StartCountInput } from './types.ts';
import { checkCode, checkInstant, checkInt, checkNum, checkOptDay, checkOptText, nowOf } from './validate.ts';

type SRow = Selectable<CountSessionsTable>;
type LRow = Selectable<CountLinesTable>;

async function lockSession(tx: Executor, number: string): Promise<SRow> {
  const s = await tx.db.selectFrom('count_sessions').selectAll().where('number', '=', number).$if(tx.dialect === 'postgres', (q) => q.forUpdate()).executeTakeFirst();
  if (!s) throw notFound('count', number);
  return s;
}

function assertOpen(s: SRow, action: string): void {
  if (s.status !== 'open') throw refused('COUNT_NOT_OPEN', `count ${s.number} is ${s.status}: cannot ${action}`, { count: s.number, status: s.status });
}

/** On hand per SKU at `location` for the SKUs that have a balance record there (= the location stocks them). */
async function onHandAt(ex: Executor, location: string, skus: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < skus.length; i += 1000) {
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof getBalances>> = await getBalances(ex, { skus: skus.slice(i, i + 1000), locations: [location], cursor, limit: 10_000 });
      for (const b of page.items) out.set(b.sku, b.onHand);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return out;
}

const MUTABLE = [
  'status',
  'counted_qty',
  'counted_at',
  'counted_by',
  'net_movements',
  'expected_qty',
  'variance_qty',
  'variance_value',
  'within_tolerance',
  'needs_approval',
  'approved_by',
  'approved_at',
  'reason',
  'note',
] as const;

/**
 * Writes changed count lines back in a few statements (an upsert on the id), instead of one UPDATE
 * per line: a 10,000-line count is a handful of round trips on PostgreSQL.
 */
async function saveLines(tx: Executor, rows: LRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx.db
      .insertInto('count_lines')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(MUTABLE.map((c) => [c, eb.ref(`excluded.${c}`)])) as any))
      .execute();
  }
}

/** 409 SKU_IN_OPEN_COUNT when any of `skus` is in an open count at `location`. */
async function assertNotInOpenCount(tx: Executor, location: string, skus: string[]): Promise<void> {
  for (let i = 0; i < skus.length; i += 5000) {
    const busy = await tx.db
      .selectFrom('count_open_skus as o')
      .innerJoin('count_sessions as s', 's.id', 'o.session_id')
      .select(['o.sku', 's.number'])
      .where('o.location', '=', location)
      .where('o.sku', 'in', skus.slice(i, i + 5000))
      .execute();
    if (busy.length) {
      throw conflict('SKU_IN_OPEN_COUNT', `SKU ${busy[0].sku} at ${location} is already being counted in ${busy[0].number}; post or cancel it first`, {
        location,
        skus: busy.map((b) => b.sku),
        count: busy[0].number,
      });
    }
  }
}

function notStocked(skus: string[], location: string): AppError {
  return refused('SKU_NOT_STOCKED', `location ${location} does not stock SKU ${skus.join(', ')} (no stock record there)`, { location, skus });
}

/**
 * Starts a count session at a location for the given SKUs (or those due by the count plan),
 * snapshotting on hand. Refused: a SKU the location does not stock (422 SKU_NOT_STOCKED), a SKU
 * already in another open count at the location (409 SKU_IN_OPEN_COUNT).
 */
export async function startCount(ex: Executor, input: StartCountInput, ctx: CountContext): Promise<CountSession> {
  if (!input || typeof input !== 'object') throw validationError('count must be an object');
  const location = checkCode('location', input.location);
  const number = input.number === undefined || input.number === null ? undefined : checkCode('number', input.number);
  const toleranceUnits = input.toleranceUnits === undefined ? 0 : checkInt('toleranceUnits', input.toleranceUnits, 0);
  const tolerancePct = input.tolerancePct === undefined ? 0 : checkNum('tolerancePct', input.tolerancePct, 0, 100);
  const approvalUnits = input.approvalUnits === undefined || input.approvalUnits === null ? null : checkInt('approvalUnits', input.approvalUnits, 0);
  const approvalValue = input.approvalValue === undefined || input.approvalValue === null ? null : checkInt('approvalValue', input.approvalValue, 0);
  const note = checkOptText('note', input.note);
  if (input.blind !== undefined && typeof input.blind !== 'boolean') throw validationError('blind must be true or false', { field: 'blind' });
  const today = checkOptDay('today', input.today);
  if (input.due && !today) throw validationError('due needs today (YYYY-MM-DD)', { field: 'today' });
  if (!input.due && (!Array.isArray(input.skus) || input.skus.length === 0)) throw validationError('give skus (a non-empty list) or due: true', { field: 'skus' });
  const given = input.skus ? input.skus.map((s, i) => checkCode(`skus[${i}]`, s)) : [];
  if (given.length > 10_000) throw validationError('at most 10,000 SKUs per count', { field: 'skus' });

  return runRetriedTx(ex, async (tx) => {
    await resolveLocations(tx, [location]);
    // At most 10,000 lines per session; the due list is ordered by class then oldest count, so A items come first.
    const skus = [...new Set(input.due ? [...given, ...(await dueForCount(tx, { location, today: today! })).map((d) => d.sku)] : given)].slice(0, 10_000);
    if (skus.length === 0) throw refused('NOTHING_TO_COUNT', `no SKU is due for a count at ${location} on ${today}`, { location, today });
    const catalog = await resolveSkus(tx, skus);
    const onHand = await onHandAt(tx, location, skus);
    const missing = skus.filter((s) => !onHand.has(s));
    if (missing.length) throw notStocked(missing, location);
    await assertNotInOpenCount(tx, location, skus);
    const now = nowOf(ctx);
    let id: number;
    try {
      const r = await tx.db
        .insertInto('count_sessions')
        .values({
          number: number ?? `CC-pending-${randomUUID()}`,
          location,
          status: 'open',
          snapshot_at: now,
          blind: input.blind === false ? 0 : 1,
          tolerance_units: toleranceUnits,
          tolerance_pct: tolerancePct,
          approval_units: approvalUnits,
          approval_value: approvalValue,
          note,
          created_by: ctx.actor,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = Number(r.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('COUNT_EXISTS', `count ${number} already exists`, { count: number });
      throw e;
    }
    if (number === undefined) await tx.db.updateTable('count_sessions').set({ number: `CC-${String(id).padStart(6, '0')}` }).where('id', '=', id).execute();
    try {
      for (let i = 0; i < skus.length; i += 1000) {
        await tx.db.insertInto('count_open_skus').values(skus.slice(i, i + 1000).map((sku) => ({ location, sku, session_id: id }))).execute();
      }
    } catch (e) {
      // A concurrent start took one of the SKUs between the check and the insert.
      if (isUniqueViolation(e)) throw conflict('SKU_IN_OPEN_COUNT', `a SKU of this count at ${location} was just put in another open count; retry`, { location });
      throw e;
    }
    for (let i = 0; i < skus.length; i += 500) {
      await tx.db
        .insertInto('count_lines')
        .values(skus.slice(i, i + 500).map((sku) => ({ session_id: id, sku, status: 'pending' as const, unit_cost: catalog.get(sku)!.unitCost, snapshot_qty: onHand.get(sku)!, needs_approval: 0 })))
        .execute();
    }
    return getCountById(tx, id);
  });
}

/**
 * The on-hand movements at `location` with from < occurredAt <= to, per SKU (one paged ledger read
 * for the whole session, not one per line).
 */
async function windowMovements(ex: Executor, location: string, from: string, to: string): Promise<Map<string, { at: string; effect: number }[]>> {
  const toExclusive = new Date(Date.parse(to) + 1).toISOString();
  const out = new Map<string, { at: string; effect: number }[]>();
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listMovements>> = await listMovements(ex, { location, from, to: toExclusive, cursor, limit: 10_000 });
    for (const m of page.items) {
      const effect = onHandEffect(m.kind, m.quantity);
      if (m.occurredAt <= from || effect === 0) continue;
      if (!out.has(m.sku)) out.set(m.sku, []);
      out.get(m.sku)!.push({ at: m.occurredAt, effect });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Net on-hand change of one SKU up to `countedAt` (inclusive) from a windowMovements result. */
const netUpTo = (w: Map<string, { at: string; effect: number }[]>, sku: string, countedAt: string): number =>
  (w.get(sku) ?? []).reduce((a, m) => (m.at <= countedAt ? a + m.effect : a), 0);

const latest = (instants: string[]): string => instants.reduce((a, b) => (b > a ? b : a));

function evaluate(s: SRow, l: LRow, counted: number, net: number) {
  return evaluateCount({
    snapshotQty: Number(l.snapshot_qty),
    netMovements: net,
    countedQty: counted,
    unitCost: Number(l.unit_cost),
    toleranceUnits: Number(s.tolerance_units),
    tolerancePct: Number(s.tolerance_pct),
    approvalUnits: s.approval_units === null ? null : Number(s.approval_units),
    approvalValue: s.approval_value === null ? null : Number(s.approval_value),
  });
}

/**
 * Records physical counts. A SKU not on the session is refused (422 SKU_NOT_STOCKED when the
 * location does not stock it, else 422 SKU_NOT_IN_COUNT). Counting a line again replaces the
 * earlier count and its approval. Returns the counter's view (blind sessions hide expectations).
 */
export async function recordCounts(ex: Executor, number: string, entries: CountEntry[], ctx: CountContext): Promise<CounterView | CountSession> {
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10_000) throw validationError('lines must be a list of 1..10000 counts', { field: 'lines' });
  const now = nowOf(ctx);
  const checked = entries.map((e, i) => {
    if (!e || typeof e !== 'object') throw validationError(`lines[${i}] must be an object`, { field: `lines[${i}]` });
    return {
      i,
      sku: checkCode(`lines[${i}].sku`, e.sku),
      counted: checkInt(`lines[${i}].countedQty`, e.countedQty, 0),
      at: e.countedAt ? checkInstant(`lines[${i}].countedAt`, e.countedAt) : now,
      note: checkOptText(`lines[${i}].note`, e.note),
    };
  });
  await runRetriedTx(ex, async (tx) => {
    const s = await lockSession(tx, number);
    assertOpen(s, 'record counts');
    const lines = new Map((await linesOf(tx, Number(s.id))).map((l) => [l.sku, l]));
    const foreign = checked.filter((c) => !lines.has(c.sku)).map((c) => c.sku);
    if (foreign.length) {
      const stocked = await onHandAt(tx, s.location, foreign);
      const unstocked = foreign.filter((f) => !stocked.has(f));
      if (unstocked.length) throw notStocked(unstocked, s.location);
      throw refused('SKU_NOT_IN_COUNT', `SKU ${foreign.join(', ')} is not on count ${s.number}; start another count for it`, { count: s.number, skus: foreign });
    }
    for (const c of checked) {
      if (c.at < s.snapshot_at) throw validationError(`lines[${c.i}].countedAt ${c.at} is before the count started (${s.snapshot_at})`, { field: `lines[${c.i}].countedAt` });
      if (c.at > now) throw validationError(`lines[${c.i}].countedAt ${c.at} is in the future`, { field: `lines[${c.i}].countedAt` });
    }
    const window = await windowMovements(tx, s.location, s.snapshot_at, latest(checked.map((c) => c.at)));
    const changed: LRow[] = [];
    for (const c of checked) {
      const l = lines.get(c.sku)!;
      const net = netUpTo(window, c.sku, c.at);
      const e = evaluate(s, l, c.counted, net);
      changed.push({
        ...l,
        status: 'counted',
        counted_qty: c.counted,
        counted_at: c.at,
        counted_by: ctx.actor,
        net_movements: net,
        expected_qty: e.expectedQty,
        variance_qty: e.varianceQty,
        variance_value: e.varianceValue,
        within_tolerance: e.withinTolerance ? 1 : 0,
        needs_approval: e.needsApproval ? 1 : 0,
        approved_by: null,
        approved_at: null,
        note: c.note,
      });
      lines.set(c.sku, changed[changed.length - 1]); // a SKU entered twice in one request: the last entry wins
    }
    await saveLines(tx, [...new Map(changed.map((r) => [Number(r.id), r])).values()]);
  });
  return getCounterView(ex, number);
}

/**
 * A second person approves counted lines whose variance needs approval (default: all of them).
 * Refused: approving one's own count (403 SAME_PERSON), a line approved already (409
 * ALREADY_APPROVED), a line that needs no approval or is not counted (422).
 */
export async function approveCount(ex: Executor, number: string, ctx: CountContext, options: { skus?: string[] } = {}): Promise<CountSession> {
  const now = nowOf(ctx);
  return runRetriedTx(ex, async (tx) => {
    const s = await lockSession(tx, number);
    assertOpen(s, 'approve');
    const all = await linesOf(tx, Number(s.id));
    const wanted = options.skus?.length ? options.skus.map((x, i) => checkCode(`skus[${i}]`, x)) : null;
    const targets = wanted
      ? wanted.map((sku) => {
          const l = all.find((x) => x.sku === sku);
          if (!l) throw refused('SKU_NOT_IN_COUNT', `SKU ${sku} is not on count ${s.number}`, { count: s.number, sku });
          return l;
        })
      : all.filter((l) => l.status === 'counted' && Number(l.needs_approval) === 1 && l.approved_by === null);
    if (!wanted && targets.length === 0) {
      const approved = all.filter((l) => l.approved_by !== null);
      if (approved.length) throw conflict('ALREADY_APPROVED', `count ${s.number}: every line needing approval is already approved`, { count: s.number });
      throw refused('NOTHING_TO_APPROVE', `count ${s.number} has no counted line needing approval`, { count: s.number });
    }
    for (const l of targets) {
      if (l.status !== 'counted') throw refused('LINE_NOT_COUNTED', `count ${s.number}: SKU ${l.sku} is ${l.status}, not counted`, { count: s.number, sku: l.sku });
      if (Number(l.needs_approval) !== 1) throw refused('APPROVAL_NOT_NEEDED', `count ${s.number}: SKU ${l.sku}'s variance is within the approval threshold`, { count: s.number, sku: l.sku });
      if (l.approved_by !== null) throw conflict('ALREADY_APPROVED', `count ${s.number}: SKU ${l.sku} was already approved by ${l.approved_by}`, { count: s.number, sku: l.sku, approvedBy: l.approved_by });
      if (l.counted_by === ctx.actor) {
        throw new AppError('SAME_PERSON', `count ${s.number}: SKU ${l.sku} was counted by ${ctx.actor}; a second person must approve it`, { status: 403, details: { count: s.number, sku: l.sku } });
      }
      await tx.db.updateTable('count_lines').set({ approved_by: ctx.actor, approved_at: now }).where('id', '=', l.id).where('approved_by', 'is', null).execute();
    }
    return getCountById(tx, Number(s.id));
  });
}

/**
 * Posts a count: recomputes each counted line's expected quantity (late-posted movements dated
 * inside the window are netted), refuses while a line needing approval is not approved (422
 * APPROVAL_REQUIRED), posts non-zero variances as 'count_correction' movements with `reason`
 * (default 'cycle_count'), marks uncounted lines skipped, and closes the session.
 */
export async function postCount(ex: Executor, number: string, ctx: CountContext, options: { reason?: string } = {}): Promise<CountSession> {
  const reason = checkOptText('reason', options.reason, 200) ?? 'cycle_count';
  const now = nowOf(ctx);
  return runRetriedTx(ex, async (tx) => {
    const s = await lockSession(tx, number);
    assertOpen(s, 'post');
    const lines = await linesOf(tx, Number(s.id));
    const moves: MovementInput[] = [];
    const blocked: string[] = [];
    const counted = lines.filter((l) => l.status === 'counted');
    const window = counted.length ? await windowMovements(tx, s.location, s.snapshot_at, latest(counted.map((l) => l.counted_at!))) : new Map();
    const changed: LRow[] = [];
    for (const l of counted) {
      const net = netUpTo(window, l.sku, l.counted_at!);
      const e = evaluate(s, l, Number(l.counted_qty), net);
      const approved = l.approved_by !== null && Number(l.variance_qty) === e.varianceQty;
      if (e.needsApproval && !approved) blocked.push(l.sku);
      changed.push({
        ...l,
        net_movements: net,
        expected_qty: e.expectedQty,
        variance_qty: e.varianceQty,
        variance_value: e.varianceValue,
        within_tolerance: e.withinTolerance ? 1 : 0,
        needs_approval: e.needsApproval ? 1 : 0,
        approved_by: approved ? l.approved_by : null,
        approved_at: approved ? l.approved_at : null,
        status: 'posted',
        reason,
      });
      if (e.varianceQty !== 0) {
        moves.push({
          kind: 'count_correction',
          sku: l.sku,
          location: s.location,
          quantity: e.varianceQty,
          unitCost: e.varianceQty > 0 ? Number(l.unit_cost) : undefined,
          reason,
          reference: s.number,
          occurredAt: now,
          note: `counted ${l.counted_qty} at ${l.counted_at}, expected ${e.expectedQty} (snapshot ${l.snapshot_qty}, net movements ${net})`,
          idempotencyKey: `counting:${s.id}:${l.id}`,
        });
      }
    }
    if (blocked.length) {
      throw refused('APPROVAL_REQUIRED', `count ${s.number}: SKU ${blocked.join(', ')} need(s) a second person's approval before posting`, { count: s.number, skus: blocked });
    }
    await saveLines(tx, changed);
    if (moves.length) await postMovements(tx, moves, { actor: ctx.actor });
    await tx.db.updateTable('count_lines').set({ status: 'skipped' }).where('session_id', '=', s.id).where('status', '=', 'pending').execute();
    await tx.db.updateTable('count_sessions').set({ status: 'posted', posted_at: now, posted_by: ctx.actor }).where('id', '=', s.id).execute();
    await tx.db.deleteFrom('count_open_skus').where('session_id', '=', s.id).execute();
    return getCountById(tx, Number(s.id));
  });
}

/** Cancels an open count (nothing is posted). */
export async function cancelCount(ex: Executor, number: string, ctx: CountContext): Promise<CountSession> {
  return runRetriedTx(ex, async (tx) => {
    const s = await lockSession(tx, number);
    assertOpen(s, 'cancel');
    await tx.db.updateTable('count_sessions').set({ status: 'cancelled', posted_at: nowOf(ctx), posted_by: ctx.actor }).where('id', '=', s.id).execute();
    await tx.db.deleteFrom('count_open_skus').where('session_id', '=', s.id).execute();
    return getCountById(tx, Number(s.id));
  });
}
