/**
 * Purchase orders: create (by hand, from CSV rows, from a plan's suggestions), place, cancel,
 * close, read and list. Placing posts ledger 'inbound' movements (+ordered quantity per line);
 * cancelling or closing posts the opposite for whatever is still open, so the ledger's inbound is
 * always the sum of open PO quantities. Every function runs in one transaction together with the
 * ledger postings it makes (nothing is half-applied).
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { decodeCursor, encodeCursor, isUniqueViolation, pageLimit, resolveLocations, resolveSkus, resolveSuppliers, type Page } from '../catalog/index.ts';
import { postMovements, type MovementInput } from '../ledger/index.ts';
import { conflict, notFound, refused, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { runRetriedTx } from '../store/retry.ts';
import { addDays, assertTransition, daysBetween, isLateLine, isOpenStatus } from './po-state.ts';
import { DRAFT_STALE_DAYS, staleAfterDays } from './stale-orders.ts';
import type { PurchaseOrderLinesTable, PurchaseOrderSource, PurchaseOrdersTable, PurchaseOrderStatus } from './schema.ts';
import type { ActorContext, PurchaseOrder, PurchaseOrderInput, PurchaseOrderLine, PurchaseOrderLineInput, SuggestionsInput } from './types.ts';
import { isNewestFirst } from '../shared/validate.ts';
import { checkCode, checkInstant, checkInt, checkLines, checkOptDay, checkOptText, notInFuture, nowOf } from './validate.ts';

type PoRow = Selectable<PurchaseOrdersTable>;
type LineRow = Selectable<PurchaseOrderLinesTable>;

/** A PO line ready to insert (codes resolved, unit cost known). */
export interface ResolvedLine {
  sku: string;
  location: string;
  quantity: number;
  unitCost: number;
  expectedDate: string | null;
  suggestedQty?: number | null;
  overrideReason?: string | null;
  overrideBy?: string | null;
}

function toLine(r: LineRow, status: PurchaseOrderStatus, today: string | undefined): PurchaseOrderLine {
  const openQty = isOpenStatus(status) ? Number(r.inbound_qty) : 0;
  return {
    id: Number(r.id),
    lineNo: Number(r.line_no),
    sku: r.sku,
    location: r.location,
    quantity: Number(r.quantity),
    unitCost: Number(r.unit_cost),
    expectedDate: r.expected_date,
    receivedQty: Number(r.received_qty),
    damagedQty: Number(r.damaged_qty),
    openQty,
    late: today ? isLateLine(r.expected_date, openQty, today) : null,
    suggestedQty: r.suggested_qty === null ? null : Number(r.suggested_qty),
    overrideReason: r.override_reason,
    overrideBy: r.override_by,
  };
}

function toPo(r: PoRow, lineRows: LineRow[], today: string | undefined, staleAfter?: ReadonlyMap<string, number>): PurchaseOrder {
  const lines = lineRows.map((l) => toLine(l, r.status, today));
  const openDays = today && isOpenStatus(r.status) && r.placed_day ? daysBetween(r.placed_day, today) : null;
  const draftDays = today && r.status === 'draft' ? Math.max(0, daysBetween(r.created_at.slice(0, 10), today)) : null;
  const after = draftDays !== null ? DRAFT_STALE_DAYS : (staleAfter?.get(r.supplier) ?? null);
  // an open PO's age since placed, a draft's since created
  const age = openDays ?? draftDays;
  return {
    id: Number(r.id),
    number: r.number,
    supplier: r.supplier,
    status: r.status,
    source: r.source,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    placedAt: r.placed_at,
    placedDay: r.placed_day,
    placedBy: r.placed_by,
    endedAt: r.ended_at,
    endedBy: r.ended_by,
    endReason: r.end_reason,
    late: today ? lines.some((l) => l.late) : null,
    openDays,
    draftDays,
    stale: after !== null && age !== null ? age > after : today ? false : null,
    staleAfterDays: today ? after : null,
    totalQuantity: lines.reduce((s, l) => s + l.quantity, 0),
    totalValue: lines.reduce((s, l) => s + l.quantity * l.unitCost, 0),
    openQuantity: lines.reduce((s, l) => s + l.openQty, 0),
    lines,
  };
}

/** The PO row by number, locked for update on PostgreSQL (SQLite transactions are serialised). 404 when unknown. */
export async function lockPurchaseOrder(tx: Executor, number: string): Promise<PoRow> {
  const row = await tx.db
    .selectFrom('purchase_orders')
    .selectAll()
    .where('number', '=', number)
    .$if(tx.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound('purchase order', number);
  return row;
}

export async function linesOf(ex: Executor, poId: number): Promise<LineRow[]> {
  return ex.db.selectFrom('purchase_order_lines').selectAll().where('po_id', '=', poId).orderBy('line_no').execute();
}

/** One purchase order with its lines; `today` ('YYYY-MM-DD') turns on the late flags. 404 when unknown. */
export async function getPurchaseOrder(ex: Executor, number: string, options: { today?: string } = {}): Promise<PurchaseOrder> {
  const today = checkOptDay('today', options.today) ?? undefined;
  const row = await ex.db.selectFrom('purchase_orders').selectAll().where('number', '=', number).executeTakeFirst();
  if (!row) throw notFound('purchase order', number);
  return toPo(row, await linesOf(ex, Number(row.id)), today, today ? await staleAfterDays(ex, [row.supplier]) : undefined);
}

export interface PurchaseOrderFilters {
  status?: PurchaseOrderStatus;
  supplier?: string;
  /** POs holding this SKU. */
  sku?: string;
  /** Only open POs with a late line (needs `today`). */
  late?: boolean;
  /** Only open POs older than their supplier's stale threshold and drafts not placed DRAFT_STALE_DAYS after their creation (stale-orders.ts; needs `today`), or (false) the others. */
  stale?: boolean;
  /** Only POs placed on or after / on or before these days (YYYY-MM-DD; drafts are never placed). */
  placedFrom?: string;
  placedTo?: string;
  today?: string;
}

/**
 * Purchase orders, oldest first (`order: 'newest'`: newest first, as a buyer reads a year of POs),
 * keyset-paged; `today` turns on the late flags (and the `late` filter).
 */
export async function listPurchaseOrders(
  ex: Executor,
  opts: { cursor?: string | null; limit?: number; filters?: PurchaseOrderFilters; order?: 'oldest' | 'newest' } = {},
): Promise<Page<PurchaseOrder>> {
  const newest = isNewestFirst(opts.order);
  const limit = pageLimit(opts.limit);
  const f = opts.filters ?? {};
  const today = checkOptDay('today', f.today) ?? undefined;
  if (f.late !== undefined && !today) throw validationError('the late filter needs today (YYYY-MM-DD)', { field: 'today' });
  if (f.stale !== undefined && !today) throw validationError('the stale filter needs today (YYYY-MM-DD)', { field: 'today' });
  const after = decodeCursor(opts.cursor, (v): v is number => Number.isSafeInteger(v));
  let q = ex.db.selectFrom('purchase_orders').selectAll().orderBy('id', newest ? 'desc' : 'asc').limit(limit + 1);
  if (after !== null) q = q.where('id', newest ? '<' : '>', after);
  const placedFrom = checkOptDay('placedFrom', f.placedFrom);
  const placedTo = checkOptDay('placedTo', f.placedTo);
  if (placedFrom && placedTo && placedFrom > placedTo) throw validationError(`placedFrom ${placedFrom} is after placedTo ${placedTo}`, { field: 'placedFrom' });
  if (placedFrom) q = q.where('placed_day', '>=', placedFrom);
  if (placedTo) q = q.where('placed_day', '<=', placedTo);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.supplier) q = q.where('supplier', '=', f.supplier);
  if (f.sku) {
    const sku = f.sku;
    q = q.where((eb) => eb.exists(eb.selectFrom('purchase_order_lines as l').select('l.id').whereRef('l.po_id', '=', 'purchase_orders.id').where('l.sku', '=', sku)));
  }
  if (f.late !== undefined && today) {
    const lateLine = (eb: any) =>
      eb.exists(
        eb
          .selectFrom('purchase_order_lines as l')
          .select('l.id')
          .whereRef('l.po_id', '=', 'purchase_orders.id')
          .where('l.inbound_qty', '>', 0)
          .where('l.expected_date', '<', today),
      );
    q = q.where((eb) => {
      const open = eb('status', 'in', ['placed', 'partially_received']);
      return f.late ? eb.and([open, lateLine(eb)]) : eb.not(eb.and([open, lateLine(eb)]));
    });
  }
  // every supplier's stale threshold when filtering by it (reused for the page's flags)
  const allStaleAfter = f.stale !== undefined && today ? await staleAfterDays(ex) : null;
  if (allStaleAfter && today) {
    // per supplier: placed before today - threshold (placed_day is YYYY-MM-DD, so strings compare)
    const cutoffs = [...allStaleAfter].map(([supplier, days]) => [supplier, addDays(today, -days)] as const);
    // a draft: created before today - DRAFT_STALE_DAYS (created_at is an ISO instant, so its
    // 'YYYY-MM-DD...' compares below the cutoff day only when its day is earlier)
    const draftCutoff = addDays(today, -DRAFT_STALE_DAYS);
    q = q.where((eb) => {
      const staleRow = eb.or([
        eb.and([
          eb('status', 'in', ['placed', 'partially_received']),
          eb.or(cutoffs.map(([supplier, cutoff]) => eb.and([eb('supplier', '=', supplier), eb('placed_day', '<', cutoff)]))),
        ]),
        eb.and([eb('status', '=', 'draft'), eb('created_at', '<', draftCutoff)]),
      ]);
      return f.stale ? staleRow : eb.not(staleRow);
    });
  }
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => Number(r.id));
  const lines = ids.length
    ? await ex.db.selectFrom('purchase_order_lines').selectAll().where('po_id', 'in', ids).orderBy('po_id').orderBy('line_no').execute()
    : [];
  const byPo = new Map<number, LineRow[]>();
  for (const l of lines) {
    const k = Number(l.po_id);
    if (!byPo.has(k)) byPo.set(k, []);
    byPo.get(k)!.push(l);
  }
  const staleAfter = allStaleAfter ?? (today ? await staleAfterDays(ex, [...new Set(page.map((r) => r.supplier))]) : undefined);
  return {
    items: page.map((r) => toPo(r, byPo.get(Number(r.id)) ?? [], today, staleAfter)),
    nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1].id)) : null,
  };
}

/**
 * Inserts a draft PO with already-resolved lines (used by the manual, CSV and plan paths).
 * A missing number becomes `PO-` + the zero-padded id. 409 PO_EXISTS for a taken number.
 */
export async function insertPurchaseOrder(
  tx: Executor,
  po: { number?: string; supplier: string; source: PurchaseOrderSource; note: string | null; lines: ResolvedLine[] },
  ctx: ActorContext,
): Promise<number> {
  const now = nowOf(ctx);
  const number = po.number ?? `PO-pending-${randomUUID()}`;
  let id: number;
  try {
    const r = await tx.db
      .insertInto('purchase_orders')
      .values({ number, supplier: po.supplier, status: 'draft', source: po.source, note: po.note, created_by: ctx.actor, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = Number(r.id);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('PO_EXISTS', `purchase order ${number} already exists`, { po: number });
    throw e;
  }
  if (po.number === undefined) {
    await tx.db.updateTable('purchase_orders').set({ number: `PO-${String(id).padStart(6, '0')}` }).where('id', '=', id).execute();
  }
  await insertLines(tx, id, po.lines);
  return id;
}

/** Inserts resolved lines of PO `poId`, numbered from 1. */
async function insertLines(tx: Executor, poId: number, lines: ResolvedLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 500) {
    await tx.db
      .insertInto('purchase_order_lines')
      .values(
        lines.slice(i, i + 500).map((l, j) => ({
          po_id: poId,
          line_no: i + j + 1,
          sku: l.sku,
          location: l.location,
          quantity: l.quantity,
          unit_cost: l.unitCost,
          expected_date: l.expectedDate,
          received_qty: 0,
          damaged_qty: 0,
          inbound_qty: 0,
          suggested_qty: l.suggestedQty ?? null,
          override_reason: l.overrideReason ?? null,
          override_by: l.overrideBy ?? null,
        })),
      )
      .execute();
  }
}

/**
 * Validates PO lines and resolves their codes against the catalog: unknown SKU/location -> 404
 * naming the code; the same SKU twice at one location -> 400 naming both lines; unit cost defaults
 * to the SKU's catalog unit cost.
 */
async function resolveLines(
  tx: Executor,
  raw: unknown,
  extra?: (l: any, label: string) => Partial<ResolvedLine>,
): Promise<ResolvedLine[]> {
  const lines = checkLines<any>('lines', raw);
  const seen = new Map<string, number>();
  const checked = lines.map((l, i) => {
    const label = `lines[${i}]`;
    if (!l || typeof l !== 'object') throw validationError(`${label} must be an object`, { field: label });
    const sku = checkCode(`${label}.sku`, l.sku);
    const location = checkCode(`${label}.location`, l.location);
    const key = `${sku}\u0000${location}`;
    if (seen.has(key)) throw validationError(`${label}: SKU ${sku} at ${location} is already on line ${seen.get(key)! + 1}`, { field: label });
    seen.set(key, i);
    return {
      sku,
      location,
      quantity: checkInt(`${label}.quantity`, l.quantity, 1),
      unitCost: l.unitCost === undefined || l.unitCost === null ? undefined : checkInt(`${label}.unitCost`, l.unitCost, 0),
      expectedDate: checkOptDay(`${label}.expectedDate`, l.expectedDate),
      ...(extra ? extra(l, label) : {}),
    };
  });
  const skus = await resolveSkus(tx, [...new Set(checked.map((l) => l.sku))]);
  await resolveLocations(tx, [...new Set(checked.map((l) => l.location))]);
  return checked.map((l) => ({ ...l, unitCost: l.unitCost ?? skus.get(l.sku)!.unitCost }));
}

/** Creates a draft purchase order by hand. Returns it. */
export async function createPurchaseOrder(ex: Executor, input: PurchaseOrderInput, ctx: ActorContext): Promise<PurchaseOrder> {
  if (!input || typeof input !== 'object') throw validationError('purchase order must be an object');
  const supplier = checkCode('supplier', input.supplier);
  const number = input.number === undefined || input.number === null ? undefined : checkCode('number', input.number);
  const note = checkOptText('note', input.note);
  return runRetriedTx(ex, async (tx) => {
    await resolveSuppliers(tx, [supplier]);
    const lines = await resolveLines(tx, input.lines);
    const id = await insertPurchaseOrder(tx, { number, supplier, source: 'manual', note, lines }, ctx);
    return getPurchaseOrderById(tx, id);
  });
}

/**
 * Creates a draft purchase order from a plan's suggestions. Each line keeps the suggested quantity;
 * when the ordered quantity differs, a reason is required (400 naming the line) and the change is
 * stored with its reason and author (ctx.actor).
 */
export async function createPurchaseOrderFromSuggestions(ex: Executor, input: SuggestionsInput, ctx: ActorContext): Promise<PurchaseOrder> {
  if (!input || typeof input !== 'object') throw validationError('suggestions must be an object');
  const supplier = checkCode('supplier', input.supplier);
  const number = input.number === undefined || input.number === null ? undefined : checkCode('number', input.number);
  const note = checkOptText('note', input.note);
  return runRetriedTx(ex, async (tx) => {
    await resolveSuppliers(tx, [supplier]);
    const lines = await resolveLines(tx, input.lines, (l, label) => {
      const suggestedQty = checkInt(`${label}.suggestedQty`, l.suggestedQty, 0);
      const reason = checkOptText(`${label}.reason`, l.reason);
      const changed = suggestedQty !== l.quantity;
      if (changed && !reason?.trim()) {
        throw validationError(`${label}: quantity ${l.quantity} differs from the suggested ${suggestedQty}; give a reason`, { field: `${label}.reason` });
      }
      return { suggestedQty, overrideReason: changed ? reason : null, overrideBy: changed ? ctx.actor : null };
    });
    const id = await insertPurchaseOrder(tx, { number, supplier, source: 'plan', note, lines }, ctx);
    return getPurchaseOrderById(tx, id);
  });
}

export async function getPurchaseOrderById(ex: Executor, id: number, today?: string): Promise<PurchaseOrder> {
  const row = await ex.db.selectFrom('purchase_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return toPo(row, await linesOf(ex, id), today);
}

/**
 * Changes a draft PO: its note and/or its whole set of lines (replaced, validated like on create;
 * line numbers restart at 1). On a PO made from a plan's suggestions, a kept SKU x location keeps
 * its suggested quantity, and ordering another quantity than suggested needs a `reason` (stored
 * with the author). Only drafts can change (422 PO_NOT_DRAFT): once placed, a PO is
 * inbound and is changed by receiving, closing or cancelling it.
 */
export async function updatePurchaseOrder(
  ex: Executor,
  number: string,
  patch: { note?: string | null; lines?: (PurchaseOrderLineInput & { reason?: string | null })[] },
  ctx: ActorContext,
): Promise<PurchaseOrder> {
  if (!patch || typeof patch !== 'object') throw validationError('patch must be an object');
  const note = patch.note === undefined ? undefined : checkOptText('note', patch.note);
  return runRetriedTx(ex, async (tx) => {
    const po = await lockPurchaseOrder(tx, number);
    if (po.status !== 'draft') throw refused('PO_NOT_DRAFT', `purchase order ${number} is ${po.status}: only a draft can be edited`, { po: number, status: po.status });
    if (patch.lines !== undefined) {
      // A plan's PO keeps each line's suggested quantity; a quantity that differs from it needs a reason.
      const before = new Map((await linesOf(tx, Number(po.id))).map((l) => [`${l.sku}\u0000${l.location}`, l]));
      const lines = await resolveLines(tx, patch.lines, (l, label) => {
        const old = before.get(`${l.sku}\u0000${l.location}`);
        if (!old || old.suggested_qty === null) return {};
        const suggestedQty = Number(old.suggested_qty);
        if (suggestedQty === l.quantity) return { suggestedQty };
        const reason = checkOptText(`${label}.reason`, l.reason) ?? (Number(old.quantity) === l.quantity ? old.override_reason : null);
        if (!reason?.trim()) throw validationError(`${label}: quantity ${l.quantity} differs from the suggested ${suggestedQty}; give a reason`, { field: `${label}.reason` });
        return { suggestedQty, overrideReason: reason, overrideBy: Number(old.quantity) === l.quantity && !l.reason ? old.override_by : ctx.actor };
      });
      await tx.db.deleteFrom('purchase_order_lines').where('po_id', '=', po.id).execute();
      await insertLines(tx, Number(po.id), lines);
    }
    await tx.db
      .updateTable('purchase_orders')
      .set({ ...(note !== undefined ? { note } : {}), updated_at: nowOf(ctx) })
      .where('id', '=', po.id)
      .execute();
    return getPurchaseOrderById(tx, Number(po.id));
  });
}

/** The ledger 'inbound' movement of `quantity` units of PO line `l` (idempotent per PO, line and `key`). */
export const inboundMove = (po: PoRow, l: LineRow, quantity: number, note: string, at: string, key: string): MovementInput => ({
  kind: 'inbound',
  sku: l.sku,
  location: l.location,
  quantity,
  occurredAt: at,
  reference: po.number,
  note,
  idempotencyKey: `purchasing:po:${po.id}:${key}:${l.id}`,
});

/**
 * Places a draft PO: it becomes inbound. Posts +ordered quantity as 'inbound' per line.
 * `placedAt` (ISO instant; default now) starts the lead-time clock.
 */
export async function placePurchaseOrder(ex: Executor, number: string, ctx: ActorContext, options: { placedAt?: string } = {}): Promise<PurchaseOrder> {
  const at = options.placedAt ? notInFuture('placedAt', checkInstant('placedAt', options.placedAt), nowOf(ctx)) : nowOf(ctx);
  return runRetriedTx(ex, async (tx) => {
    const po = await lockPurchaseOrder(tx, number);
    await placeLocked(tx, [po], at, ctx);
    return getPurchaseOrderById(tx, Number(po.id));
  });
}

/**
 * Places draft POs whose rows the caller holds locked (or just inserted) in `tx`: one batch of
 * 'inbound' movements and one update per table for all of them.
 */
export async function placeLocked(tx: Executor, pos: PoRow[], at: string, ctx: ActorContext): Promise<void> {
  for (const po of pos) assertTransition(po.number, po.status, 'placed', 'place it');
  const byId = new Map(pos.map((p) => [Number(p.id), p]));
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const lines = await tx.db.selectFrom('purchase_order_lines').selectAll().where('po_id', 'in', chunk).orderBy('po_id').orderBy('line_no').execute();
    const moves = lines.map((l) => inboundMove(byId.get(Number(l.po_id))!, l, Number(l.quantity), 'PO placed', at, 'place'));
    for (let j = 0; j < moves.length; j += 10_000) await postMovements(tx, moves.slice(j, j + 10_000), { actor: ctx.actor });
    await tx.db.updateTable('purchase_order_lines').set((eb) => ({ inbound_qty: eb.ref('quantity') })).where('po_id', 'in', chunk).execute();
    await tx.db
      .updateTable('purchase_orders')
      .set({ status: 'placed', placed_at: at, placed_day: at.slice(0, 10), placed_by: ctx.actor, updated_at: nowOf(ctx) })
      .where('id', 'in', chunk)
      .execute();
  }
}

const PO_LINE_MUTABLE = ['received_qty', 'damaged_qty', 'inbound_qty'] as const;

/** Writes the received/damaged/inbound quantities of changed PO lines back in a few statements (upsert on the id). */
export async function savePoLineQuantities(tx: Executor, rows: LineRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx.db
      .insertInto('purchase_order_lines')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(PO_LINE_MUTABLE.map((c) => [c, eb.ref(`excluded.${c}`)])) as any))
      .execute();
  }
}

/**
 * Ends an open (or draft) PO, releasing whatever is still inbound with negative 'inbound' movements.
 * 'cancelled': only before anything was received; 'closed': placed or partially received (the rest is given up).
 */
export async function endPurchaseOrder(
  ex: Executor,
  number: string,
  to: 'cancelled' | 'closed',
  ctx: ActorContext,
  options: { reason?: string | null } = {},
): Promise<PurchaseOrder> {
  const reason = checkOptText('reason', options.reason);
  return runRetriedTx(ex, async (tx) => {
    const po = await lockPurchaseOrder(tx, number);
    await releaseAndEnd(tx, po, to, reason, ctx);
    return getPurchaseOrderById(tx, Number(po.id));
  });
}

/** Cancels a draft or placed PO (nothing received yet); see endPurchaseOrder. */
export const cancelPurchaseOrder = (ex: Executor, number: string, ctx: ActorContext, options: { reason?: string | null } = {}) =>
  endPurchaseOrder(ex, number, 'cancelled', ctx, options);

/** Closes a placed or partially received PO, giving up the remaining quantity; see endPurchaseOrder. */
export const closePurchaseOrder = (ex: Executor, number: string, ctx: ActorContext, options: { reason?: string | null } = {}) =>
  endPurchaseOrder(ex, number, 'closed', ctx, options);

/** In a transaction holding the PO lock: posts -open quantity as 'inbound' and sets the end state. */
export async function releaseAndEnd(tx: Executor, po: PoRow, to: 'cancelled' | 'closed', reason: string | null, ctx: ActorContext): Promise<void> {
  assertTransition(po.number, po.status, to, to === 'cancelled' ? 'cancel it' : 'close it');
  const now = nowOf(ctx);
  const open = (await linesOf(tx, Number(po.id))).filter((l) => Number(l.inbound_qty) > 0);
  if (open.length > 0) {
    const note = `PO ${to}${reason ? `: ${reason}` : ''}`;
    await postMovements(tx, open.map((l) => inboundMove(po, l, -Number(l.inbound_qty), note, now, to)), { actor: ctx.actor });
    await tx.db.updateTable('purchase_order_lines').set({ inbound_qty: 0 }).where('po_id', '=', po.id).execute();
  }
  await tx.db
    .updateTable('purchase_orders')
    .set({ status: to, ended_at: now, ended_by: ctx.actor, end_reason: reason, updated_at: now })
    .where('id', '=', po.id)
    .execute();
}
