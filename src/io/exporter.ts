/**
 * CSV export, streamed page by page (any size; memory stays flat). Every export uses the column
 * names of the matching import kind, so it re-imports: products, locations, suppliers and movements
 * import back as themselves; `valuation` (FIFO lots on hand: quantity, unit cost, received at)
 * imports back as `opening-stock`; launch forecasts as themselves; purchase orders as PO CSV
 * (`stockloop po import`: drafts, POs in transit and delivered history, purchasing/po-export.ts).
 * `balances` is a report (on hand, reserved, available, inbound).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { listLocations, listSkus, listSuppliers } from '../catalog/index.ts';
import { getBalances, listLots, listMovements, type MovementKind } from '../ledger/index.ts';
import type { Executor } from '../store/executor.ts';
import { formatMoney } from './fields.ts';
import {
  locationExportColumns,
  locationRecord,
  productExportColumns,
  productRecord,
  supplierExportColumns,
  supplierRecord,
} from './kinds/catalog.ts';
import { launchExportColumns, launchRecord } from './kinds/launch-forecasts.ts';
import { movementExportColumns, movementRecord } from './kinds/movements.ts';
import { listLaunchForecasts } from '../planning/index.ts';
import { getPurchaseOrder, listPurchaseOrders, poCsvRecord, purchaseOrderCsvRows, PO_CSV_COLUMNS, type PurchaseOrderStatus } from '../purchasing/index.ts';

export const EXPORT_KINDS = ['products', 'locations', 'suppliers', 'balances', 'movements', 'valuation', 'launch-forecasts', 'purchase-orders'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Filters some exports accept (movements: all; balances/valuation: sku/location). */
export interface ExportFilters {
  sku?: string;
  location?: string;
  kind?: MovementKind;
  /** Movements with occurred_at >= from (YYYY-MM-DD or ISO instant). */
  from?: string;
  /** Movements with occurred_at < to. */
  to?: string;
  /** Balances: only rows with something non-zero (default true). */
  onlyNonZero?: boolean;
  /** Purchase orders: only this status / supplier / this one PO (by number; 404 when unknown). */
  status?: PurchaseOrderStatus;
  supplier?: string;
  po?: string;
}

type PageFn = (cursor: string | null) => Promise<{ items: Record<string, string>[]; nextCursor: string | null }>;

interface ExportSpec {
  columns: string[];
  page: PageFn;
}

const mapPage = async <T>(p: Promise<{ items: T[]; nextCursor: string | null }>, f: (t: T) => Record<string, string>) => {
  const r = await p;
  return { items: r.items.map(f), nextCursor: r.nextCursor };
};

const VALUATION_COLUMNS = ['sku', 'location', 'quantity', 'unit_cost', 'received_at', 'on_hand_value'];
const BALANCE_COLUMNS = ['sku', 'location', 'on_hand', 'reserved', 'available', 'inbound'];

function specOf(ex: Executor, kind: ExportKind, f: ExportFilters): ExportSpec {
  switch (kind) {
    case 'products':
      return { columns: productExportColumns, page: (cursor) => mapPage(listSkus(ex, { cursor, limit: 1000 }), productRecord) };
    case 'locations':
      return { columns: locationExportColumns, page: (cursor) => mapPage(listLocations(ex, { cursor, limit: 1000 }), locationRecord) };
    case 'suppliers':
      return { columns: supplierExportColumns, page: (cursor) => mapPage(listSuppliers(ex, { cursor, limit: 1000 }), supplierRecord) };
    case 'movements':
      return {
        columns: movementExportColumns,
        page: (cursor) => mapPage(listMovements(ex, { sku: f.sku, location: f.location, kind: f.kind, from: f.from, to: f.to, cursor, limit: 10_000 }), movementRecord),
      };
    case 'balances':
      return {
        columns: BALANCE_COLUMNS,
        page: (cursor) =>
          mapPage(
            getBalances(ex, { skus: f.sku ? [f.sku] : undefined, locations: f.location ? [f.location] : undefined, onlyNonZero: f.onlyNonZero ?? true, cursor, limit: 10_000 }),
            (b) => ({ sku: b.sku, location: b.location, on_hand: String(b.onHand), reserved: String(b.reserved), available: String(b.available), inbound: String(b.inbound) }),
          ),
      };
    case 'launch-forecasts':
      // few rows (one per launched SKU x location): one page
      return { columns: launchExportColumns, page: async () => ({ items: (await listLaunchForecasts(ex, { sku: f.sku, location: f.location })).map(launchRecord), nextCursor: null }) };
    case 'purchase-orders': {
      const rows = async (pos: Parameters<typeof purchaseOrderCsvRows>[1]) => (await purchaseOrderCsvRows(ex, pos)).map(poCsvRecord);
      if (f.po) {
        const po = f.po;
        return { columns: [...PO_CSV_COLUMNS], page: async () => ({ items: await rows([await getPurchaseOrder(ex, po)]), nextCursor: null }) };
      }
      return {
        columns: [...PO_CSV_COLUMNS],
        page: async (cursor) => {
          const p = await listPurchaseOrders(ex, { cursor, limit: 500, filters: { status: f.status, supplier: f.supplier } });
          return { items: await rows(p.items), nextCursor: p.nextCursor };
        },
      };
    }
    case 'valuation':
      return {
        columns: VALUATION_COLUMNS,
        page: (cursor) =>
          mapPage(listLots(ex, { sku: f.sku, location: f.location, inTransit: false, cursor, limit: 10_000 }), (l) => ({
            sku: l.sku,
            location: l.location,
            quantity: String(l.qtyRemaining),
            unit_cost: formatMoney(l.unitCost),
            received_at: l.receivedAt,
            on_hand_value: formatMoney(l.qtyRemaining * l.unitCost),
          })),
      };
  }
}

export interface ExportResult {
  kind: ExportKind;
  rows: number;
  elapsedMs: number;
}

/** Writes `kind` as CSV (header + rows) to `out`, page by page, honouring back-pressure. */
export async function runExport(ex: Executor, kind: ExportKind, out: Writable, filters: ExportFilters = {}): Promise<ExportResult> {
  const t0 = performance.now();
  const spec = specOf(ex, kind, filters);
  const csv = stringify({ header: true, columns: spec.columns });
  csv.pipe(out, { end: false });
  let rows = 0;
  let cursor: string | null = null;
  do {
    const page = await spec.page(cursor);
    for (const rec of page.items) {
      rows++;
      if (!csv.write(rec)) await once(csv, 'drain');
    }
    cursor = page.nextCursor;
  } while (cursor);
  csv.end();
  await once(csv, 'end');
  return { kind, rows, elapsedMs: Math.round(performance.now() - t0) };
}
