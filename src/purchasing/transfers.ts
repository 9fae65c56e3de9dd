/**
 * Transfers between locations: draft -> shipped -> received (or draft -> cancelled).
 *
 * - ship: posts 'transfer_out' at the origin (on hand leaves, FIFO) with `toLocation`, which raises
 *   the destination's inbound: stock in transit counts as inbound at the destination.
 * - receive: posts 'transfer_in' at the destination for the whole shipped quantity (the ledger moves
 *   the in-transit lots, at their cost, into the destination and lowers its inbound by as much), so
 *   inbound returns to 0 and nothing stays in transit. When fewer units arrived than were shipped,
 *   the difference is recorded on the line as a discrepancy and written off in the same
 *   transaction by an 'adjustment' of −difference at the destination with reason 'transfer_loss':
 *   on hand ends at what actually arrived and the loss (units and FIFO value) is visible in the
 *   ledger and on the transfer. Receiving more than was shipped is refused (422
 *   TRANSFER_OVER_RECEIPT).
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { decodeCursor, encodeCursor, isUniqueViolation, pageLimit, resolveLocations, resolveSkus, type Page } from '../catalog/index.ts';
import { postMovements, type MovementInput } from '../ledger/index.ts';
import { conflict, notFound, refused, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { runRetriedTx } from '../store/retry.ts';
import type { TransferLinesTable, TransfersTable, TransferStatus } from './schema.ts';
import type { ActorContext, Transfer, TransferInput } from './types.ts';
import { checkCode, checkInstant, checkInt, checkLines, checkOptDay, checkOptText, notInFuture, nowOf } from './validate.ts';
import { isNewestFirst } from '../shared/validate.ts';
import { daysBetween } from './po-state.ts';
import { DRAFT_STALE_DAYS } from './stale-orders.ts';

type TRow = Selectable<TransfersTable>;
type LRow = Selectable<TransferLinesTable>;

function toTransfer(r: TRow, lines: LRow[], today?: string): Transfer {
  // a draft's age, as a draft PO's (stale-orders.ts: a draft not shipped a week after its creation)
  const draftDays = today && r.status === 'draft' ? Math.max(0, daysBetween(r.created_at.slice(0, 10), today)) : null;
  return {
    id: Number(r.id),
    number: r.number,
    fromLocation: r.from_location,
    toLocation: r.to_location,
    status: r.status,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    shippedAt: r.shipped_at,
    shippedBy: r.shipped_by,
    receivedAt: r.received_at,
    receivedBy: r.received_by,
    draftDays,
    stale: draftDays === null ? (today ? false : null) : draftDays > DRAFT_STALE_DAYS,
    lines: lines.map((l) => ({
      id: Number(l.id),
      sku: l.sku,
      quantity: Number(l.quantity),
      shippedQty: Number(l.shipped_qty),
      receivedQty: Number(l.received_qty),
      discrepancyQty: Number(l.discrepancy_qty),
    })),
  };
}

const linesOf = (ex: Executor, id: number) => ex.db.selectFrom('transfer_lines').selectAll().where('transfer_id', '=', id).orderBy('id').execute();

async function lockTransfer(tx: Executor, number: string): Promise<TRow> {
  const row = await tx.db.selectFrom('transfers').selectAll().where('number', '=', number).$if(tx.dialect === 'postgres', (q) => q.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('transfer', number);
  return row;
}

function assertStatus(t: TRow, expected: TransferStatus, action: string): void {
  if (t.status !== expected) throw refused('TRANSFER_INVALID_TRANSITION', `transfer ${t.number} is ${t.status}: cannot ${action}`, { transfer: t.number, status: t.status });
}

/** One transfer with its lines; `today` ('YYYY-MM-DD') turns on a draft's age and stale flag. 404 when unknown. */
export async function getTransfer(ex: Executor, number: string, options: { today?: string } = {}): Promise<Transfer> {
  const today = checkOptDay('today', options.today) ?? undefined;
  const row = await ex.db.selectFrom('transfers').selectAll().where('number', '=', number).executeTakeFirst();
  if (!row) throw notFound('transfer', number);
  return toTransfer(row, await linesOf(ex, Number(row.id)), today);
}

/**
 * Transfers, oldest first (`order: 'newest'`: newest first), keyset-paged; filters: status, from,
 * to (location codes); `today` turns on the drafts' age and stale flags.
 */
export async function listTransfers(
  ex: Executor,
  opts: { cursor?: string | null; limit?: number; order?: 'oldest' | 'newest'; filters?: { status?: TransferStatus; from?: string; to?: string; today?: string } } = {},
): Promise<Page<Transfer>> {
  const limit = pageLimit(opts.limit);
  const f = opts.filters ?? {};
  const today = checkOptDay('today', f.today) ?? undefined;
  const newest = isNewestFirst(opts.order);
  const after = decodeCursor(opts.cursor, (v): v is number => Number.isSafeInteger(v));
  let q = ex.db.selectFrom('transfers').selectAll().orderBy('id', newest ? 'desc' : 'asc').limit(limit + 1);
  if (after !== null) q = q.where('id', newest ? '<' : '>', after);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.from) q = q.where('from_location', '=', f.from);
  if (f.to) q = q.where('to_location', '=', f.to);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => Number(r.id));
  const lines = ids.length ? await ex.db.selectFrom('transfer_lines').selectAll().where('transfer_id', 'in', ids).orderBy('id').execute() : [];
  return {
    items: page.map((r) => toTransfer(r, lines.filter((l) => Number(l.transfer_id) === Number(r.id)), today)),
    nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1].id)) : null,
  };
}

/** Creates a draft transfer. Origin and destination must differ and exist; SKUs must exist, once each. */
export async function createTransfer(ex: Executor, input: TransferInput, ctx: ActorContext): Promise<Transfer> {
  if (!input || typeof input !== 'object') throw validationError('transfer must be an object');
  const from = checkCode('from', input.from);
  const to = checkCode('to', input.to);
  if (from === to) throw validationError(`from and to are both ${from}`, { field: 'to' });
  const number = input.number === undefined || input.number === null ? undefined : checkCode('number', input.number);
  const note = checkOptText('note', input.note);
  const seen = new Map<string, number>();
  const lines = checkLines<{ sku: string; quantity: number }>('lines', input.lines).map((l, i) => {
    if (!l || typeof l !== 'object') throw validationError(`lines[${i}] must be an object`, { field: `lines[${i}]` });
    const sku = checkCode(`lines[${i}].sku`, l.sku);
    if (seen.has(sku)) throw validationError(`lines[${i}]: SKU ${sku} is already on lines[${seen.get(sku)}]`, { field: `lines[${i}].sku` });
    seen.set(sku, i);
    return { sku, quantity: checkInt(`lines[${i}].quantity`, l.quantity, 1) };
  });
  return runRetriedTx(ex, async (tx) => {
    await resolveLocations(tx, [from, to]);
    await resolveSkus(tx, [...seen.keys()]);
    const now = nowOf(ctx);
    let id: number;
    try {
      const r = await tx.db
        .insertInto('transfers')
        .values({ number: number ?? `TR-pending-${randomUUID()}`, from_location: from, to_location: to, status: 'draft', note, created_by: ctx.actor, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = Number(r.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('TRANSFER_EXISTS', `transfer ${number} already exists`, { transfer: number });
      throw e;
    }
    if (number === undefined) await tx.db.updateTable('transfers').set({ number: `TR-${String(id).padStart(6, '0')}` }).where('id', '=', id).execute();
    await tx.db.insertInto('transfer_lines').values(lines.map((l) => ({ transfer_id: id, sku: l.sku, quantity: l.quantity, shipped_qty: 0, received_qty: 0, discrepancy_qty: 0 }))).execute();
    const row = await tx.db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toTransfer(row, await linesOf(tx, id));
  });
}

/** Per-SKU quantities given for a ship/receive step; unknown SKUs refused; omitted SKUs default via `dflt`. */
function quantities(lines: LRow[], given: { sku: string; quantity: number }[] | undefined, dflt: (l: LRow) => number, max: (l: LRow) => number, what: string, transfer: string): Map<number, number> {
  const out = new Map<number, number>();
  const bySku = new Map(lines.map((l) => [l.sku, l]));
  const g = new Map<string, number>();
  (given ?? []).forEach((x, i) => {
    const sku = checkCode(`lines[${i}].sku`, x?.sku);
    if (!bySku.has(sku)) throw validationError(`lines[${i}]: SKU ${sku} is not on transfer ${transfer}`, { field: `lines[${i}].sku` });
    if (g.has(sku)) throw validationError(`lines[${i}]: SKU ${sku} given twice`, { field: `lines[${i}].sku` });
    g.set(sku, checkInt(`lines[${i}].quantity`, x.quantity, 0));
  });
  for (const l of lines) {
    const q = g.has(l.sku) ? g.get(l.sku)! : dflt(l);
    if (q > max(l)) {
      throw refused(what === 'shipped' ? 'TRANSFER_OVER_SHIPMENT' : 'TRANSFER_OVER_RECEIPT', `transfer ${transfer}: SKU ${l.sku}: ${q} ${what} exceeds ${max(l)}`, { transfer, sku: l.sku, quantity: q, max: max(l) });
    }
    out.set(Number(l.id), q);
  }
  return out;
}

/**
 * Ships a draft transfer: posts 'transfer_out' at the origin for each shipped quantity (default:
 * the planned quantity; at most it). Refused 422 INSUFFICIENT_STOCK by the ledger when the origin
 * has not enough on hand.
 */
export async function shipTransfer(
  ex: Executor,
  number: string,
  ctx: ActorContext,
  options: { lines?: { sku: string; quantity: number }[]; shippedAt?: string } = {},
): Promise<Transfer> {
  const at = options.shippedAt ? notInFuture('shippedAt', checkInstant('shippedAt', options.shippedAt), nowOf(ctx)) : nowOf(ctx);
  return runRetriedTx(ex, async (tx) => {
    const t = await lockTransfer(tx, number);
    assertStatus(t, 'draft', 'ship it');
    const lines = await linesOf(tx, Number(t.id));
    const q = quantities(lines, options.lines, (l) => Number(l.quantity), (l) => Number(l.quantity), 'shipped', t.number);
    if ([...q.values()].every((v) => v === 0)) throw validationError(`transfer ${t.number}: nothing to ship (every quantity is 0)`, { field: 'lines' });
    const moves: MovementInput[] = [];
    for (const l of lines) {
      const n = q.get(Number(l.id))!;
      await tx.db.updateTable('transfer_lines').set({ shipped_qty: n }).where('id', '=', l.id).execute();
      if (n > 0) {
        moves.push({ kind: 'transfer_out', sku: l.sku, location: t.from_location, toLocation: t.to_location, quantity: n, occurredAt: at, reference: t.number, idempotencyKey: `purchasing:transfer:${t.id}:out:${l.id}` });
      }
    }
    await postMovements(tx, moves, { actor: ctx.actor });
    await tx.db.updateTable('transfers').set({ status: 'shipped', shipped_at: at, shipped_by: ctx.actor, updated_at: nowOf(ctx) }).where('id', '=', t.id).execute();
    return getTransfer(tx, t.number);
  });
}

/**
 * Receives a shipped transfer; `lines` give the received quantity per SKU (default: the shipped
 * quantity; at most it). A shortfall is a discrepancy, written off as a 'transfer_loss'
 * adjustment (see the module comment).
 */
export async function receiveTransfer(
  ex: Executor,
  number: string,
  ctx: ActorContext,
  options: { lines?: { sku: string; quantity: number }[]; receivedAt?: string } = {},
): Promise<Transfer> {
  const at = options.receivedAt ? notInFuture('receivedAt', checkInstant('receivedAt', options.receivedAt), nowOf(ctx)) : nowOf(ctx);
  return runRetriedTx(ex, async (tx) => {
    const t = await lockTransfer(tx, number);
    assertStatus(t, 'shipped', 'receive it');
    if (t.shipped_at && at < t.shipped_at) throw validationError(`receivedAt ${at} is before the transfer was shipped (${t.shipped_at})`, { field: 'receivedAt' });
    const lines = await linesOf(tx, Number(t.id));
    const q = quantities(lines, options.lines, (l) => Number(l.shipped_qty), (l) => Number(l.shipped_qty), 'received', t.number);
    const moves: MovementInput[] = [];
    for (const l of lines) {
      const n = q.get(Number(l.id))!;
      const loss = Number(l.shipped_qty) - n;
      await tx.db.updateTable('transfer_lines').set({ received_qty: n, discrepancy_qty: loss }).where('id', '=', l.id).execute();
      const shipped = Number(l.shipped_qty);
      if (shipped > 0) {
        moves.push({
          kind: 'transfer_in',
          sku: l.sku,
          location: t.to_location,
          fromLocation: t.from_location,
          quantity: shipped,
          occurredAt: at,
          reference: t.number,
          note: loss > 0 ? `${n} received, ${loss} lost in transit (written off by the next adjustment)` : undefined,
          idempotencyKey: `purchasing:transfer:${t.id}:in:${l.id}`,
        });
      }
      if (loss > 0) {
        moves.push({
          kind: 'adjustment',
          sku: l.sku,
          location: t.to_location,
          quantity: -loss,
          reason: 'transfer_loss',
          occurredAt: at,
          reference: t.number,
          note: `transfer ${t.number}: ${loss} of ${shipped} shipped from ${t.from_location} not received`,
          idempotencyKey: `purchasing:transfer:${t.id}:loss:${l.id}`,
        });
      }
    }
    if (moves.length) await postMovements(tx, moves, { actor: ctx.actor });
    await tx.db.updateTable('transfers').set({ status: 'received', received_at: at, received_by: ctx.actor, updated_at: nowOf(ctx) }).where('id', '=', t.id).execute();
    return getTransfer(tx, t.number);
  });
}

/** Cancels a draft transfer (nothing was posted yet). A shipped transfer cannot be cancelled: receive it (with 0 for what is lost). */
export async function cancelTransfer(ex: Executor, number: string, ctx: ActorContext): Promise<Transfer> {
  return runRetriedTx(ex, async (tx) => {
    const t = await lockTransfer(tx, number);
    assertStatus(t, 'draft', 'cancel it');
    await tx.db.updateTable('transfers').set({ status: 'cancelled', updated_at: nowOf(ctx) }).where('id', '=', t.id).execute();
    return getTransfer(tx, t.number);
  });
}
