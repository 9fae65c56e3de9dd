/**
 * Purchase orders as rows of the PO CSV import (po-csv.ts), so that an exported file is both what
 * a buyer sends a supplier and what re-imports into another stockloop database, history included:
 *
 * | status | rows per PO line |
 * |---|---|
 * | draft | one row: ordered quantity, no placed_day (re-imports as a draft) |
 * | placed | one row with placed_day (re-imports placed as of that day, in transit) |
 * | partially received | one row per delivery day with its received_day and the units delivered that day, and one row without received_day for the units still open |
 * | received, closed | one row per delivery day (a closed PO's given-up rest is not written: it never arrived) |
 * | cancelled | none (nothing was bought) |
 *
 * Units delivered on a day are the good and damaged units of the PO line's receipt lines of that
 * day (what arrived); unexpected receipt lines (not on the PO) are not PO lines and are left out.
 * A line ordered but never delivered on a received or closed PO has no row. Re-importing gives the
 * same POs, statuses, open quantities, receipts days and lead times; the ordered quantity of a line
 * delivered short and closed becomes what was delivered.
 */
import { stringify } from 'csv-stringify/sync';
import { formatMoney } from '../shared/money.ts';
import type { Executor } from '../store/executor.ts';
import { PO_CSV_COLUMNS } from './po-csv.ts';
import type { PurchaseOrder } from './types.ts';

/** One row of the PO CSV (po-csv.ts PO_CSV_COLUMNS); unitCost in micro-units. */
export interface PoCsvRow {
  poNumber: string;
  supplier: string;
  sku: string;
  location: string;
  quantity: number;
  unitCost: number;
  expectedDate: string | null;
  placedDay: string | null;
  receivedDay: string | null;
}

/** The CSV rows of `pos` (in their order, lines in line order; see the module comment). */
export async function purchaseOrderCsvRows(ex: Executor, pos: readonly PurchaseOrder[]): Promise<PoCsvRow[]> {
  const delivered = await deliveriesByLine(
    ex,
    pos.filter((p) => p.status === 'partially_received' || p.status === 'received' || p.status === 'closed').flatMap((p) => p.lines.map((l) => l.id)),
  );
  const rows: PoCsvRow[] = [];
  for (const po of pos) {
    if (po.status === 'cancelled') continue;
    for (const l of po.lines) {
      const base = { poNumber: po.number, supplier: po.supplier, sku: l.sku, location: l.location, unitCost: l.unitCost, expectedDate: l.expectedDate };
      if (po.status === 'draft') {
        rows.push({ ...base, quantity: l.quantity, placedDay: null, receivedDay: null });
      } else if (po.status === 'placed') {
        rows.push({ ...base, quantity: l.quantity, placedDay: po.placedDay, receivedDay: null });
      } else {
        for (const d of delivered.get(l.id) ?? []) rows.push({ ...base, quantity: d.quantity, placedDay: po.placedDay, receivedDay: d.day });
        if (po.status === 'partially_received' && l.openQty > 0) rows.push({ ...base, quantity: l.openQty, placedDay: po.placedDay, receivedDay: null });
      }
    }
  }
  return rows;
}

/** A row as the CSV import reads it (unit cost in currency units, "2.45"; empty dates as ''). */
export const poCsvRecord = (r: PoCsvRow): Record<string, string> => ({
  po_number: r.poNumber,
  supplier: r.supplier,
  sku: r.sku,
  location: r.location,
  quantity: String(r.quantity),
  unit_cost: formatMoney(r.unitCost),
  expected_date: r.expectedDate ?? '',
  placed_day: r.placedDay ?? '',
  received_day: r.receivedDay ?? '',
});

/** `pos` as PO CSV text, header included (e.g. one PO to send its supplier). */
export async function purchaseOrdersCsv(ex: Executor, pos: readonly PurchaseOrder[]): Promise<string> {
  return stringify((await purchaseOrderCsvRows(ex, pos)).map(poCsvRecord), { header: true, columns: [...PO_CSV_COLUMNS] });
}

/** Units delivered (good + damaged) per PO line id and receipt day, days ascending. */
async function deliveriesByLine(ex: Executor, lineIds: number[]): Promise<Map<number, { day: string; quantity: number }[]>> {
  const out = new Map<number, { day: string; quantity: number }[]>();
  for (let i = 0; i < lineIds.length; i += 1000) {
    const chunk = lineIds.slice(i, i + 1000);
    const rows = await ex.db
      .selectFrom('receipt_lines as l')
      .innerJoin('receipts as r', 'r.id', 'l.receipt_id')
      .select(['l.po_line_id', 'r.received_day', (eb) => eb.fn.sum<number>(eb('l.quantity', '+', eb.ref('l.damaged_qty'))).as('units')])
      .where('l.kind', '=', 'matched')
      .where('l.po_line_id', 'in', chunk)
      .groupBy(['l.po_line_id', 'r.received_day'])
      .orderBy('l.po_line_id')
      .orderBy('r.received_day')
      .execute();
    for (const r of rows) {
      const units = Number(r.units);
      if (!(units > 0)) continue;
      const k = Number(r.po_line_id);
      if (!out.has(k)) out.set(k, []);
      out.get(k)!.push({ day: r.received_day, quantity: units });
    }
  }
  return out;
}
