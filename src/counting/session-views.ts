/**
 * Read views of count sessions: the supervisor's view (expected quantities, variances, approvals),
 * the counter's blind sheet, and the paged list.
 */
import type { Selectable } from 'kysely';
import { decodeCursor, encodeCursor, pageLimit, type Page } from '../catalog/index.ts';
import { notFound } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import type { CountLinesTable, CountSessionsTable, CountSessionStatus } from './schema.ts';
import type { CounterView, CountLine, CountSession } from './types.ts';

type SRow = Selectable<CountSessionsTable>;
type LRow = Selectable<CountLinesTable>;

/** A count line row as the public shape. */
export function toLine(l: LRow): CountLine {
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    id: Number(l.id),
    sku: l.sku,
    status: l.status,
    unitCost: Number(l.unit_cost),
    snapshotQty: Number(l.snapshot_qty),
    countedQty: n(l.counted_qty),
    countedAt: l.counted_at,
    countedBy: l.counted_by,
    netMovements: n(l.net_movements),
    expectedQty: n(l.expected_qty),
    varianceQty: n(l.variance_qty),
    varianceValue: n(l.variance_value),
    withinTolerance: l.within_tolerance === null ? null : Number(l.within_tolerance) === 1,
    needsApproval: Number(l.needs_approval) === 1,
    approvedBy: l.approved_by,
    approvedAt: l.approved_at,
    reason: l.reason,
    note: l.note,
  };
}

/** A session row and its lines as the public shape. */
export function toSession(s: SRow, rows: LRow[]): CountSession {
  const lines = rows.map(toLine);
  const counted = lines.filter((l) => l.countedQty !== null);
  return {
    id: Number(s.id),
    number: s.number,
    location: s.location,
    status: s.status,
    snapshotAt: s.snapshot_at,
    blind: Number(s.blind) === 1,
    toleranceUnits: Number(s.tolerance_units),
    tolerancePct: Number(s.tolerance_pct),
    approvalUnits: s.approval_units === null ? null : Number(s.approval_units),
    approvalValue: s.approval_value === null ? null : Number(s.approval_value),
    note: s.note,
    createdBy: s.created_by,
    createdAt: s.created_at,
    postedAt: s.posted_at,
    postedBy: s.posted_by,
    lines,
    summary: {
      lines: lines.length,
      counted: counted.length,
      withinTolerance: counted.filter((l) => l.withinTolerance).length,
      needsApproval: counted.filter((l) => l.needsApproval).length,
      approved: counted.filter((l) => l.approvedBy !== null).length,
      varianceQty: counted.reduce((a, l) => a + (l.varianceQty ?? 0), 0),
      varianceValue: counted.reduce((a, l) => a + (l.varianceValue ?? 0), 0),
    },
  };
}

/** A session's line rows, by SKU. */
export const linesOf = (ex: Executor, id: number) => ex.db.selectFrom('count_lines').selectAll().where('session_id', '=', id).orderBy('sku').execute();

/** A session by id (it must exist). */
export async function getCountById(ex: Executor, id: number): Promise<CountSession> {
  const s = await ex.db.selectFrom('count_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return toSession(s, await linesOf(ex, id));
}

/** The supervisor's view of a count: expected quantities, variances, approvals. 404 when unknown. */
export async function getCount(ex: Executor, number: string): Promise<CountSession> {
  const s = await ex.db.selectFrom('count_sessions').selectAll().where('number', '=', number).executeTakeFirst();
  if (!s) throw notFound('count', number);
  return toSession(s, await linesOf(ex, Number(s.id)));
}

/** The counter's view: SKUs to count and what was entered; no expected quantity (when the session is blind). */
export async function getCounterView(ex: Executor, number: string): Promise<CounterView | CountSession> {
  const s = await getCount(ex, number);
  if (!s.blind) return s;
  return { number: s.number, location: s.location, status: s.status, lines: s.lines.map((l) => ({ sku: l.sku, status: l.status, countedQty: l.countedQty, countedAt: l.countedAt })) };
}

/** Count sessions, newest last, keyset-paged; filters: location, status. */
export async function listCounts(
  ex: Executor,
  opts: { cursor?: string | null; limit?: number; filters?: { location?: string; status?: CountSessionStatus } } = {},
): Promise<Page<Omit<CountSession, 'lines'>>> {
  const limit = pageLimit(opts.limit);
  const f = opts.filters ?? {};
  const after = decodeCursor(opts.cursor, (v): v is number => Number.isSafeInteger(v));
  let q = ex.db.selectFrom('count_sessions').selectAll().orderBy('id').limit(limit + 1);
  if (after !== null) q = q.where('id', '>', after);
  if (f.location) q = q.where('location', '=', f.location);
  if (f.status) q = q.where('status', '=', f.status);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const ids = page.map((s) => Number(s.id));
  const all = ids.length ? await ex.db.selectFrom('count_lines').selectAll().where('session_id', 'in', ids).orderBy('sku').execute() : [];
  const bySession = new Map<number, LRow[]>();
  for (const l of all) {
    const k = Number(l.session_id);
    if (!bySession.has(k)) bySession.set(k, []);
    bySession.get(k)!.push(l);
  }
  const items = page.map((s) => {
    const { lines: _omit, ...rest } = toSession(s, bySession.get(Number(s.id)) ?? []);
    return rest;
  });
  return { items, nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1].id)) : null };
}
