/**
 * Purchase-order CSV import. Format (header required, column order free, UTF-8, comma-separated):
 *
 *     po_number,supplier,sku,location,quantity,unit_cost,expected_date
 *
 *     [placed_day,received_day]
 *
 * One row per PO line; rows sharing a po_number form one draft PO (same supplier on every row).
 * unit_cost is in currency units ("12.50", up to 6 decimals; empty = the SKU's catalog unit cost);
 * expected_date is YYYY-MM-DD or empty. The import is all-or-nothing: if any row is bad, nothing is
 * created and the error lists every bad row with its file line number, column and reason.
 *
 * PO history (a new user's past purchases, so lead times are learned from the first plan on):
 * - `placed_day` (YYYY-MM-DD, not in the future): the PO was placed that day. Without
 *   `received_day` it is placed now as of that day: its lines become inbound, as a PO in transit.
 * - `received_day`: the row's quantity was delivered that day (on or after its placed_day, not in
 *   the future): a PO whose every row has one is recorded as received, with one receipt per
 *   delivery day and the lead times they give. Nothing is posted to the ledger:
 *   the stock those deliveries brought is in the stock already imported (opening stock, movements).
 *   A line delivered over several days takes one row per day (its ordered quantity is their sum).
 * - Partly delivered POs: rows with a received_day (what was delivered, by day) and rows without
 *   (what is still in transit) on the same PO, every row with its placed_day. The PO is recorded as
 *   partially received: receipts and lead times for the delivered rows (nothing posted to stock),
 *   and the rows without a received_day inbound. A line's ordered quantity is the sum of its rows.
 *   This is how `stockloop export purchase-orders` writes a partially received PO (po-export.ts).
 */
import { parse } from 'csv-parse/sync';
import { isAppError, AppError } from '../shared/errors.ts';
import { resolveLocations, resolveSkus, resolveSuppliers } from '../catalog/index.ts';
import type { Executor } from '../store/executor.ts';
import { runRetriedTx } from '../store/retry.ts';
import { daysBetween, isBusinessDay } from './po-state.ts';
import { postMovements } from '../ledger/index.ts';
import { getPurchaseOrderById, inboundMove, insertPurchaseOrder, placeLocked, savePoLineQuantities, type ResolvedLine } from './purchase-orders.ts';
import { nowOf } from './validate.ts';
import type { ActorContext, PurchaseOrder } from './types.ts';

export const PO_CSV_COLUMNS = ['po_number', 'supplier', 'sku', 'location', 'quantity', 'unit_cost', 'expected_date', 'placed_day', 'received_day'] as const;
const REQUIRED = ['po_number', 'supplier', 'sku', 'location', 'quantity'] as const;

/** One problem of an import file: 1-based file line (the header is line 1), column, reason. */
export interface CsvRowError {
  line: number;
  column: string | null;
  reason: string;
}

/** Parses "12.50" (currency units, <= 6 decimals, >= 0) to micro-units; null if malformed. */
export function parseUnitCost(text: string): number | null {
  const m = /^(\d{1,10})(?:\.(\d{0,6}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0') || '0');
}

/** Codes among `codes` that `resolve` does not know (resolve throws NOT_FOUND with details.missing). */
async function unknownCodes(codes: string[], resolve: (codes: string[]) => Promise<unknown>): Promise<Set<string>> {
  const missing = new Set<string>();
  let rest = [...new Set(codes)];
  for (let guard = 0; rest.length > 0 && guard < 10_000; guard++) {
    try {
      await resolve(rest);
      break;
    } catch (e) {
      if (!isAppError(e) || e.code !== 'NOT_FOUND') throw e;
      const m = ((e.details?.missing as string[] | undefined) ?? [String(e.details?.key)]).filter((c) => rest.includes(c));
      if (m.length === 0) throw e;
      m.forEach((c) => missing.add(c));
      rest = rest.filter((c) => !missing.has(c));
    }
  }
  return missing;
}

function invalid(errors: CsvRowError[]): AppError {
  const shown = errors
    .slice(0, 20)
    .map((e) => `line ${e.line}${e.column ? ` column ${e.column}` : ''}: ${e.reason}`)
    .join('; ');
  return new AppError('VALIDATION_FAILED', `purchase-order CSV has ${errors.length} problem(s), nothing imported: ${shown}${errors.length > 20 ? '; ...' : ''}`, {
    status: 400,
    details: { errors },
  });
}

/**
 * Imports purchase orders from CSV text (see the module comment), all or nothing, as drafts
 * (or placed when `place` is true). Returns the created POs in file order.
 */
export async function importPurchaseOrdersCsv(ex: Executor, csv: string, ctx: ActorContext, options: { place?: boolean } = {}): Promise<PurchaseOrder[]> {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, info: true, relax_column_count: false }) as any;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw invalid([{ line: err.lines ?? 1, column: null, reason: `not valid CSV: ${err.message}` }]);
  }
  const errors: CsvRowError[] = [];
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  for (const c of REQUIRED) if (!header.includes(c)) errors.push({ line: 1, column: c, reason: `missing column ${c}` });
  for (const c of header) if (!(PO_CSV_COLUMNS as readonly string[]).includes(c)) errors.push({ line: 1, column: c, reason: `unknown column ${c} (expected ${PO_CSV_COLUMNS.join(',')})` });
  if (errors.length) throw invalid(errors);
  if (records.length === 0) throw invalid([{ line: 2, column: null, reason: 'no rows' }]);

  type Row = { line: number; po: string; supplier: string; sku: string; location: string; quantity: number; unitCost: number | null; expectedDate: string | null; placedDay: string | null; receivedDay: string | null };
  const today = nowOf(ctx).slice(0, 10);
  const rows: Row[] = [];
  for (const { record: r, info } of records) {
    const line = info.lines;
    const err = (column: string, reason: string) => errors.push({ line, column, reason });
    const n0 = errors.length;
    for (const c of REQUIRED) if (!r[c]) err(c, `${c} is empty`);
    const q = r.quantity ?? '';
    const quantity = /^\d+$/.test(q) ? Number(q) : NaN;
    if (q && !(Number.isSafeInteger(quantity) && quantity > 0)) err('quantity', `quantity ${JSON.stringify(q)} is not a positive integer`);
    const uc = r.unit_cost ?? '';
    const unitCost = uc ? parseUnitCost(uc) : null;
    if (uc && unitCost === null) err('unit_cost', `unit_cost ${JSON.stringify(uc)} is not an amount >= 0 with at most 6 decimals (e.g. 12.50)`);
    const ed = r.expected_date ?? '';
    if (ed && !isBusinessDay(ed)) err('expected_date', `expected_date ${JSON.stringify(ed)} is not a date YYYY-MM-DD`);
    const pd = r.placed_day ?? '';
    const rd = r.received_day ?? '';
    for (const [c, v] of [['placed_day', pd], ['received_day', rd]] as const) {
      if (v && !isBusinessDay(v)) err(c, `${c} ${JSON.stringify(v)} is not a date YYYY-MM-DD`);
      else if (v && v > today) err(c, `${c} ${v} is in the future`);
    }
    if (rd && !pd) err('placed_day', 'placed_day is empty: a delivered row needs the day its PO was placed');
    else if (rd && pd && isBusinessDay(rd) && isBusinessDay(pd) && rd < pd) err('received_day', `received_day ${rd} is before placed_day ${pd}`);
    for (const c of ['po_number', 'supplier', 'sku', 'location'] as const) if (r[c] && r[c].length > 100) err(c, `${c} is longer than 100 characters`);
    if (errors.length === n0) {
      rows.push({ line, po: r.po_number, supplier: r.supplier, sku: r.sku, location: r.location, quantity, unitCost, expectedDate: ed || null, placedDay: pd || null, receivedDay: rd || null });
    }
  }

  // Cross-row checks.
  const poSupplier = new Map<string, Row>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = poSupplier.get(r.po);
    if (!first) poSupplier.set(r.po, r);
    else if (first.supplier !== r.supplier) errors.push({ line: r.line, column: 'supplier', reason: `PO ${r.po} has supplier ${first.supplier} on line ${first.line}, not ${r.supplier}` });
    else if (first.placedDay !== r.placedDay) errors.push({ line: r.line, column: 'placed_day', reason: `PO ${r.po} was placed on ${first.placedDay ?? '(empty)'} on line ${first.line}, not ${r.placedDay ?? '(empty)'}` });
    // a delivered line may come in several deliveries: one row per day
    const key = `${r.po}\u0000${r.sku}\u0000${r.location}${r.receivedDay ? `\u0000${r.receivedDay}` : ''}`;
    if (seen.has(key)) errors.push({ line: r.line, column: 'sku', reason: `SKU ${r.sku} at ${r.location} is already on PO ${r.po}${r.receivedDay ? ` for ${r.receivedDay}` : ''} (line ${seen.get(key)})` });
    else seen.set(key, r.line);
  }

  return runRetriedTx(ex, async (tx) => {
    const badSuppliers = await unknownCodes(rows.map((r) => r.supplier), (c) => resolveSuppliers(tx, c));
    const badSkus = await unknownCodes(rows.map((r) => r.sku), (c) => resolveSkus(tx, c));
    const badLocations = await unknownCodes(rows.map((r) => r.location), (c) => resolveLocations(tx, c));
    for (const r of rows) {
      if (badSuppliers.has(r.supplier)) errors.push({ line: r.line, column: 'supplier', reason: `unknown supplier ${r.supplier}` });
      if (badSkus.has(r.sku)) errors.push({ line: r.line, column: 'sku', reason: `unknown SKU ${r.sku}` });
      if (badLocations.has(r.location)) errors.push({ line: r.line, column: 'location', reason: `unknown location ${r.location}` });
    }
    const numbers = [...poSupplier.keys()];
    const existing = numbers.length ? await tx.db.selectFrom('purchase_orders').select('number').where('number', 'in', numbers).execute() : [];
    for (const e of existing) errors.push({ line: poSupplier.get(e.number)!.line, column: 'po_number', reason: `purchase order ${e.number} already exists` });
    if (errors.length) throw invalid(errors.sort((a, b) => a.line - b.line));

    const skus = await resolveSkus(tx, [...new Set(rows.map((r) => r.sku))]);
    const byPo = new Map<string, Row[]>();
    for (const r of rows) {
      if (!byPo.has(r.po)) byPo.set(r.po, []);
      byPo.get(r.po)!.push(r);
    }
    const ids: number[] = [];
    const toPlace: number[] = [];
    for (const [number, first] of poSupplier) {
      const poRows = byPo.get(number)!;
      // one line per SKU x location; a delivered line's quantity is the sum of its deliveries
      const lineOf = new Map<string, ResolvedLine>();
      for (const r of poRows) {
        const k = `${r.sku}\u0000${r.location}`;
        const l = lineOf.get(k);
        if (l) l.quantity += r.quantity;
        else lineOf.set(k, { sku: r.sku, location: r.location, quantity: r.quantity, unitCost: r.unitCost ?? skus.get(r.sku)!.unitCost, expectedDate: r.expectedDate });
      }
      const delivered = poRows.some((r) => r.receivedDay !== null);
      const id = await insertPurchaseOrder(tx, { number, supplier: first.supplier, source: 'csv', note: delivered ? 'history: delivered before the import' : null, lines: [...lineOf.values()] }, ctx);
      ids.push(id);
      if (delivered) await recordDeliveredHistory(tx, id, first.supplier, first.placedDay!, poRows, ctx);
      else if (first.placedDay) {
        const [po] = await tx.db.selectFrom('purchase_orders').selectAll().where('id', '=', id).execute();
        await placeLocked(tx, [po], `${first.placedDay}T12:00:00.000Z`, ctx);
      } else if (options.place) toPlace.push(id);
    }
    if (toPlace.length) {
      const pos = await tx.db.selectFrom('purchase_orders').selectAll().where('id', 'in', toPlace).execute();
      await placeLocked(tx, pos, nowOf(ctx), ctx);
    }
    const created: PurchaseOrder[] = [];
    for (const id of ids) created.push(await getPurchaseOrderById(tx, id));
    return created;
  });
}

/**
 * Records a PO delivered (wholly or in part) before the import (see the module comment): one
 * receipt per delivery day with its lines, and a lead-time observation per SKU and receipt, as
 * receiving records them; nothing of the deliveries is posted to the ledger (posted_qty 0). Rows
 * without a received_day are still in transit: posted as inbound as of the placed day, and the PO
 * is partially received; otherwise it is received.
 */
async function recordDeliveredHistory(
  tx: Executor,
  poId: number,
  supplier: string,
  placedDay: string,
  rows: { sku: string; location: string; quantity: number; receivedDay: string | null }[],
  ctx: ActorContext,
): Promise<void> {
  const now = nowOf(ctx);
  const placedAt = `${placedDay}T12:00:00.000Z`;
  const lines = await tx.db.selectFrom('purchase_order_lines').selectAll().where('po_id', '=', poId).execute();
  const lineId = new Map(lines.map((l) => [`${l.sku}\u0000${l.location}`, l]));
  const deliveredRows = rows.filter((x) => x.receivedDay !== null);
  const days = [...new Set(deliveredRows.map((r) => r.receivedDay!))].sort();
  for (const day of days) {
    const receivedAt = `${day}T12:00:00.000Z`;
    const r = await tx.db
      .insertInto('receipts')
      .values({ po_id: poId, supplier, delivery_ref: `history-${poId}-${day}`, received_at: receivedAt, received_day: day, received_by: ctx.actor, note: 'history: delivered before the import, not posted to the ledger', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const receiptId = Number(r.id);
    const delivered = deliveredRows.filter((x) => x.receivedDay === day);
    await tx.db
      .insertInto('receipt_lines')
      .values(
        delivered.map((x) => {
          const l = lineId.get(`${x.sku}\u0000${x.location}`)!;
          return { receipt_id: receiptId, po_line_id: l.id, kind: 'matched', sku: x.sku, location: x.location, quantity: x.quantity, damaged_qty: 0, posted_qty: 0, unit_cost: l.unit_cost, accepted: 1, over_qty: 0, note: 'history' };
        }),
      )
      .execute();
    const skus = [...new Set(delivered.map((x) => x.sku))];
    await tx.db
      .insertInto('supplier_lead_times')
      .values(skus.map((sku) => ({ supplier, sku, po_id: poId, receipt_id: receiptId, placed_day: placedDay, received_day: day, lead_time_days: daysBetween(placedDay, day), created_at: now })))
      .execute();
  }
  // per line: units delivered (received) and units still in transit (inbound)
  const receivedQty = new Map<number, number>();
  const openQty = new Map<number, number>();
  for (const x of rows) {
    const l = lineId.get(`${x.sku}\u0000${x.location}`)!;
    const m = x.receivedDay !== null ? receivedQty : openQty;
    m.set(Number(l.id), (m.get(Number(l.id)) ?? 0) + x.quantity);
  }
  const changed = lines.map((l) => ({ ...l, received_qty: receivedQty.get(Number(l.id)) ?? 0, inbound_qty: openQty.get(Number(l.id)) ?? 0 }));
  await savePoLineQuantities(tx, changed);
  const [po] = await tx.db.selectFrom('purchase_orders').selectAll().where('id', '=', poId).execute();
  const inTransit = changed.filter((l) => l.inbound_qty > 0);
  if (inTransit.length) await postMovements(tx, inTransit.map((l) => inboundMove(po, l, l.inbound_qty, 'PO placed (imported in transit)', placedAt, 'place')), { actor: ctx.actor });
  const last = days[days.length - 1];
  await tx.db
    .updateTable('purchase_orders')
    .set({
      status: inTransit.length ? 'partially_received' : 'received',
      placed_at: placedAt,
      placed_day: placedDay,
      placed_by: ctx.actor,
      ...(inTransit.length ? {} : { ended_at: `${last}T12:00:00.000Z`, ended_by: ctx.actor }),
      updated_at: now,
    })
    .where('id', '=', poId)
    .execute();
}
