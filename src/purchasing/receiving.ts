/**
 * Receiving deliveries against a purchase order.
 *
 * - Matched lines: good units are posted as ledger 'receipt' movements (a FIFO lot at the PO line's
 *   unit cost); damaged units are recorded on the receipt and the PO line but never posted to
 *   sellable stock; the delivered units (good + damaged) release inbound ('inbound' movement,
 *   negative) up to what is still open. A delivery beyond the supplier's receipt tolerance is
 *   refused as a whole (422 OVER_RECEIPT naming the line).
 * - Lines the PO does not hold are recorded as 'unexpected' and posted to stock only when accepted.
 * - The same supplier delivery reference is received at most once (409 DUPLICATE_DELIVERY, also
 *   under concurrent requests: a unique constraint backs the check).
 * - Each receipt records the supplier's actual lead time (PO placed day -> receipt day) per SKU.
 */
import type { Insertable, Selectable } from 'kysely';
import { decodeCursor, encodeCursor, isUniqueViolation, pageLimit, resolveLocations, resolveSkus, resolveSuppliers, type Page } from '../catalog/index.ts';
import { postMovements, type MovementInput } from '../ledger/index.ts';
import { conflict, notFound, refused, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { runRetriedTx } from '../store/retry.ts';
import { daysBetween, evaluateLineReceipt, isOpenStatus, statusAfterReceipt } from './po-state.ts';
import { linesOf, lockPurchaseOrder, releaseAndEnd, savePoLineQuantities } from './purchase-orders.ts';
import type { PurchaseOrderLinesTable, ReceiptLinesTable, ReceiptsTable, SupplierLeadTimesTable } from './schema.ts';
import type { ActorContext, Receipt, ReceiptInput, ReceiptLineInput } from './types.ts';
import { checkCode, checkInstant, checkInt, checkLines, checkOptText, notInFuture, nowOf } from './validate.ts';

interface CheckedLine {
  index: number;
  sku: string;
  location: string | null;
  good: number;
  damaged: number;
  accept: boolean;
  unitCost: number | null;
  note: string | null;
}

function checkReceiptLine(l: ReceiptLineInput, i: number): CheckedLine {
  const label = `lines[${i}]`;
  if (!l || typeof l !== 'object') throw validationError(`${label} must be an object`, { field: label });
  const good = checkInt(`${label}.quantity`, l.quantity, 0);
  const damaged = l.damaged === undefined || l.damaged === null ? 0 : checkInt(`${label}.damaged`, l.damaged, 0);
  if (good + damaged === 0) throw validationError(`${label}: quantity and damaged are both 0`, { field: `${label}.quantity` });
  if (l.accept !== undefined && typeof l.accept !== 'boolean') throw validationError(`${label}.accept must be true or false`, { field: `${label}.accept` });
  return {
    index: i,
    sku: checkCode(`${label}.sku`, l.sku),
    location: l.location === undefined || l.location === null ? null : checkCode(`${label}.location`, l.location),
    good,
    damaged,
    accept: l.accept === true,
    unitCost: l.unitCost === undefined || l.unitCost === null ? null : checkInt(`${label}.unitCost`, l.unitCost, 0),
    note: checkOptText(`${label}.note`, l.note),
  };
}

/** Receives one delivery against a PO (see the module comment). Returns the receipt. */
export async function receivePurchaseOrder(ex: Executor, input: ReceiptInput, ctx: ActorContext): Promise<Receipt> {
  if (!input || typeof input !== 'object') throw validationError('receipt must be an object');
  const poNumber = checkCode('po', input.po);
  const deliveryRef = checkCode('deliveryRef', input.deliveryRef);
  const receivedAt = input.receivedAt ? notInFuture('receivedAt', checkInstant('receivedAt', input.receivedAt), nowOf(ctx)) : nowOf(ctx);
  const receivedDay = receivedAt.slice(0, 10);
  const note = checkOptText('note', input.note);
  const lines = checkLines<ReceiptLineInput>('lines', input.lines).map(checkReceiptLine);

  return runRetriedTx(ex, async (tx) => {
    const po = await lockPurchaseOrder(tx, poNumber);
    if (!isOpenStatus(po.status)) {
      throw refused('PO_NOT_OPEN', `purchase order ${po.number} is ${po.status}: only a placed or partially received PO can be received`, { po: po.number, status: po.status });
    }
    const dup = await tx.db.selectFrom('receipts').select(['id', 'po_id']).where('supplier', '=', po.supplier).where('delivery_ref', '=', deliveryRef).executeTakeFirst();
    if (dup) throw duplicateDelivery(po.supplier, deliveryRef, Number(dup.id));
    if (po.placed_day && receivedDay < po.placed_day) {
      throw validationError(`receivedAt ${receivedAt} is before the PO was placed (${po.placed_day})`, { field: 'receivedAt' });
    }
    const supplier = (await resolveSuppliers(tx, [po.supplier])).get(po.supplier)!;
    const poLines = await linesOf(tx, Number(po.id));
    const poLocations = [...new Set(poLines.map((l) => l.location))];

    // Match input lines to PO lines.
    const matched = new Map<number, CheckedLine>(); // po line id -> input line
    const unexpected: (CheckedLine & { location: string })[] = [];
    const unexpectedKeys = new Map<string, number>();
    for (const l of lines) {
      const cands = poLines.filter((p) => p.sku === l.sku && (l.location === null || p.location === l.location));
      if (cands.length > 1) {
        throw validationError(`lines[${l.index}]: SKU ${l.sku} is on ${po.number} at ${cands.map((c) => c.location).join(', ')}; give location`, { field: `lines[${l.index}].location` });
      }
      if (cands.length === 1) {
        const id = Number(cands[0].id);
        if (matched.has(id)) throw validationError(`lines[${l.index}]: SKU ${l.sku} at ${cands[0].location} is already on lines[${matched.get(id)!.index}]`, { field: `lines[${l.index}]` });
        matched.set(id, l);
        continue;
      }
      const location = l.location ?? (poLocations.length === 1 ? poLocations[0] : null);
      if (location === null) throw validationError(`lines[${l.index}]: SKU ${l.sku} is not on ${po.number}; give its location`, { field: `lines[${l.index}].location` });
      const key = `${l.sku}\u0000${location}`;
      if (unexpectedKeys.has(key)) throw validationError(`lines[${l.index}]: SKU ${l.sku} at ${location} is already on lines[${unexpectedKeys.get(key)}]`, { field: `lines[${l.index}]` });
      unexpectedKeys.set(key, l.index);
      unexpected.push({ ...l, location });
    }

    // Tolerance: the whole receipt is refused if any line goes beyond it.
    const outcomes = new Map<number, ReturnType<typeof evaluateLineReceipt>>();
    for (const p of poLines) {
      const l = matched.get(Number(p.id));
      if (!l) continue;
      const deliveredBefore = Number(p.received_qty) + Number(p.damaged_qty);
      const o = evaluateLineReceipt({
        ordered: Number(p.quantity),
        deliveredBefore,
        inbound: Number(p.inbound_qty),
        good: l.good,
        damaged: l.damaged,
        tolerancePct: supplier.receiptTolerancePct,
      });
      if (o.exceedsTolerance) {
        throw refused(
          'OVER_RECEIPT',
          `lines[${l.index}]: SKU ${p.sku} at ${p.location}: ${deliveredBefore} + ${l.good + l.damaged} delivered would exceed the ordered ${p.quantity} ` +
            `beyond supplier ${supplier.code}'s ${supplier.receiptTolerancePct}% tolerance (at most ${o.limit})`,
          { po: po.number, line: l.index, sku: p.sku, location: p.location, ordered: Number(p.quantity), deliveredBefore, delivering: l.good + l.damaged, limit: o.limit },
        );
      }
      outcomes.set(Number(p.id), o);
    }
    const accepted = unexpected.filter((u) => u.accept);
    const skuCosts = accepted.length ? await resolveSkus(tx, [...new Set(accepted.map((u) => u.sku))]) : new Map();
    if (accepted.length) await resolveLocations(tx, [...new Set(accepted.map((u) => u.location))]);

    let receiptId: number;
    try {
      const r = await tx.db
        .insertInto('receipts')
        .values({ po_id: po.id, supplier: po.supplier, delivery_ref: deliveryRef, received_at: receivedAt, received_day: receivedDay, received_by: ctx.actor, note, created_at: nowOf(ctx) })
        .returning('id')
        .executeTakeFirstOrThrow();
      receiptId = Number(r.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateDelivery(po.supplier, deliveryRef, null);
      throw e;
    }

    const reference = `${po.number} / ${deliveryRef}`;
    const moves: MovementInput[] = [];
    const leadDays = po.placed_day ? daysBetween(po.placed_day, receivedDay) : null;
    const leadSkus = new Set<string>();
    const lineRows: Insertable<ReceiptLinesTable>[] = [];
    const leadRows: Insertable<SupplierLeadTimesTable>[] = [];
    const changedLines: Selectable<PurchaseOrderLinesTable>[] = [];
    for (const p of poLines) {
      const l = matched.get(Number(p.id));
      if (!l) continue;
      const o = outcomes.get(Number(p.id))!;
      lineRows.push({ receipt_id: receiptId, po_line_id: p.id, kind: 'matched', sku: p.sku, location: p.location, quantity: l.good, damaged_qty: l.damaged, posted_qty: l.good, unit_cost: p.unit_cost, accepted: 1, over_qty: o.overQty, note: l.note });
      changedLines.push({
        ...p,
        received_qty: Number(p.received_qty) + l.good,
        damaged_qty: Number(p.damaged_qty) + l.damaged,
        inbound_qty: Number(p.inbound_qty) - o.inboundRelease,
      });
      if (l.good > 0) {
        moves.push({ kind: 'receipt', sku: p.sku, location: p.location, quantity: l.good, unitCost: Number(p.unit_cost), occurredAt: receivedAt, reference, note: l.note ?? undefined, idempotencyKey: `purchasing:receipt:${receiptId}:${p.id}` });
      }
      if (o.inboundRelease > 0) {
        moves.push({ kind: 'inbound', sku: p.sku, location: p.location, quantity: -o.inboundRelease, occurredAt: receivedAt, reference, note: 'received', idempotencyKey: `purchasing:receipt:${receiptId}:${p.id}:inbound` });
      }
      if (leadDays !== null && !leadSkus.has(p.sku)) {
        leadSkus.add(p.sku);
        leadRows.push({ supplier: po.supplier, sku: p.sku, po_id: po.id, receipt_id: receiptId, placed_day: po.placed_day!, received_day: receivedDay, lead_time_days: leadDays, created_at: nowOf(ctx) });
      }
    }
    unexpected.forEach((u, i) => {
      const unitCost = u.unitCost ?? (u.accept ? skuCosts.get(u.sku)!.unitCost : 0);
      lineRows.push({ receipt_id: receiptId, po_line_id: null, kind: 'unexpected', sku: u.sku, location: u.location, quantity: u.good, damaged_qty: u.damaged, posted_qty: u.accept ? u.good : 0, unit_cost: unitCost, accepted: u.accept ? 1 : 0, over_qty: 0, note: u.note });
      if (u.accept && u.good > 0) {
        moves.push({ kind: 'receipt', sku: u.sku, location: u.location, quantity: u.good, unitCost, occurredAt: receivedAt, reference, note: `unexpected on ${po.number}, accepted${u.note ? `: ${u.note}` : ''}`, idempotencyKey: `purchasing:receipt:${receiptId}:u${i}` });
      }
    });
    await savePoLineQuantities(tx, changedLines);
    for (let i = 0; i < lineRows.length; i += 1000) await tx.db.insertInto('receipt_lines').values(lineRows.slice(i, i + 1000)).execute();
    for (let i = 0; i < leadRows.length; i += 1000) await tx.db.insertInto('supplier_lead_times').values(leadRows.slice(i, i + 1000)).execute();
    if (moves.length) await postMovements(tx, moves, { actor: ctx.actor });

    if (matched.size > 0) {
      const after = await linesOf(tx, Number(po.id));
      const status = statusAfterReceipt(after.map((l) => ({ ordered: Number(l.quantity), delivered: Number(l.received_qty) + Number(l.damaged_qty) })));
      if (status === 'received') {
        // Over-delivery tolerance aside, nothing remains inbound.
        await tx.db.updateTable('purchase_orders').set({ status, ended_at: nowOf(ctx), ended_by: ctx.actor, end_reason: null, updated_at: nowOf(ctx) }).where('id', '=', po.id).execute();
      } else {
        await tx.db.updateTable('purchase_orders').set({ status, updated_at: nowOf(ctx) }).where('id', '=', po.id).execute();
      }
    }
    if (input.close) {
      const current = await lockPurchaseOrder(tx, po.number);
      if (current.status !== 'received') await releaseAndEnd(tx, current, 'closed', `short shipment: closed at delivery ${deliveryRef}`, ctx);
    }
    return getReceipt(tx, receiptId);
  });
}

function duplicateDelivery(supplier: string, deliveryRef: string, receiptId: number | null) {
  return conflict('DUPLICATE_DELIVERY', `delivery ${deliveryRef} of supplier ${supplier} was already received${receiptId ? ` (receipt ${receiptId})` : ''}`, {
    supplier,
    deliveryRef,
    receiptId,
  });
}

function toReceipt(r: Selectable<ReceiptsTable> & { po_number: string; po_status: any; placed_day: string | null }, lines: Selectable<ReceiptLinesTable>[]): Receipt {
  return {
    id: Number(r.id),
    po: r.po_number,
    supplier: r.supplier,
    deliveryRef: r.delivery_ref,
    receivedAt: r.received_at,
    receivedDay: r.received_day,
    receivedBy: r.received_by,
    note: r.note,
    createdAt: r.created_at,
    leadTimeDays: r.placed_day ? daysBetween(r.placed_day, r.received_day) : null,
    poStatus: r.po_status,
    lines: lines.map((l) => ({
      id: Number(l.id),
      kind: l.kind,
      poLineId: l.po_line_id === null ? null : Number(l.po_line_id),
      sku: l.sku,
      location: l.location,
      quantity: Number(l.quantity),
      damagedQty: Number(l.damaged_qty),
      postedQty: Number(l.posted_qty),
      unitCost: Number(l.unit_cost),
      accepted: Number(l.accepted) === 1,
      overQty: Number(l.over_qty),
      note: l.note,
    })),
  };
}

const receiptSelect = (ex: Executor) =>
  ex.db
    .selectFrom('receipts')
    .innerJoin('purchase_orders as po', 'po.id', 'receipts.po_id')
    .selectAll('receipts')
    .select(['po.number as po_number', 'po.status as po_status', 'po.placed_day as placed_day']);

/** One receipt with its lines. 404 when unknown. */
export async function getReceipt(ex: Executor, id: number): Promise<Receipt> {
  const r = await receiptSelect(ex).where('receipts.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('receipt', id);
  const lines = await ex.db.selectFrom('receipt_lines').selectAll().where('receipt_id', '=', id).orderBy('id').execute();
  return toReceipt(r, lines);
}

/** Receipts, oldest first, keyset-paged; filter by PO number, supplier, or only those with unexpected lines. */
export async function listReceipts(
  ex: Executor,
  opts: { cursor?: string | null; limit?: number; filters?: { po?: string; supplier?: string; unexpected?: boolean } } = {},
): Promise<Page<Receipt>> {
  const limit = pageLimit(opts.limit);
  const f = opts.filters ?? {};
  const after = decodeCursor(opts.cursor, (v): v is number => Number.isSafeInteger(v));
  let q = receiptSelect(ex).orderBy('receipts.id').limit(limit + 1);
  if (after !== null) q = q.where('receipts.id', '>', after);
  if (f.po) q = q.where('po.number', '=', f.po);
  if (f.supplier) q = q.where('receipts.supplier', '=', f.supplier);
  if (f.unexpected) q = q.where((eb) => eb.exists(eb.selectFrom('receipt_lines as rl').select('rl.id').whereRef('rl.receipt_id', '=', 'receipts.id').where('rl.kind', '=', 'unexpected')));
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => Number(r.id));
  const lines = ids.length ? await ex.db.selectFrom('receipt_lines').selectAll().where('receipt_id', 'in', ids).orderBy('id').execute() : [];
  return {
    items: page.map((r) => toReceipt(r, lines.filter((l) => Number(l.receipt_id) === Number(r.id)))),
    nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1].id)) : null,
  };
}
