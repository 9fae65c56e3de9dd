/**
 * Row types of the tables the purchasing module owns (see src/store/schema.ts for conventions).
 *
 * Other modules' entities (SKUs, locations, suppliers) are referenced by their unique text code,
 * never by a foreign key into another module's table: the catalog owns those rows.
 */
import type { Generated } from 'kysely';

/** Purchase order states; see src/purchasing/po-state.ts for the allowed transitions. */
export type PurchaseOrderStatus = 'draft' | 'placed' | 'partially_received' | 'received' | 'closed' | 'cancelled';
/** How a PO was created. */
export type PurchaseOrderSource = 'manual' | 'csv' | 'plan';
/** Transfer states: draft -> shipped -> received, or draft -> cancelled. */
export type TransferStatus = 'draft' | 'shipped' | 'received' | 'cancelled';
/** A receipt line matched a PO line, or was an SKU/location the PO does not hold. */
export type ReceiptLineKind = 'matched' | 'unexpected';

export interface PurchaseOrdersTable {
  id: Generated<number>;
  /** Unique PO number (given, or `PO-000123` from the id). */
  number: string;
  supplier: string;
  status: PurchaseOrderStatus;
  source: PurchaseOrderSource;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Instant and business day the PO was placed (lead time starts here). */
  placed_at: string | null;
  placed_day: string | null;
  placed_by: string | null;
  /** Instant the PO became received/closed/cancelled. */
  ended_at: string | null;
  ended_by: string | null;
  end_reason: string | null;
}

export interface PurchaseOrderLinesTable {
  id: Generated<number>;
  po_id: number;
  line_no: number;
  sku: string;
  location: string;
  /** Ordered units. */
  quantity: number;
  /** Micro-units per unit. */
  unit_cost: number;
  expected_date: string | null;
  /** Good units received so far (posted to stock). */
  received_qty: number;
  /** Damaged units delivered so far (recorded, not posted to sellable stock). */
  damaged_qty: number;
  /** Units still counted as inbound in the ledger for this line. */
  inbound_qty: number;
  /** From a plan: the quantity the plan suggested, and why/who changed it (null when not changed). */
  suggested_qty: number | null;
  override_reason: string | null;
  override_by: string | null;
}

export interface ReceiptsTable {
  id: Generated<number>;
  po_id: number;
  supplier: string;
  /** The supplier's delivery reference (delivery note / ASN); unique per supplier. */
  delivery_ref: string;
  received_at: string;
  received_day: string;
  received_by: string;
  note: string | null;
  created_at: string;
}

export interface ReceiptLinesTable {
  id: Generated<number>;
  receipt_id: number;
  po_line_id: number | null;
  kind: ReceiptLineKind;
  sku: string;
  location: string;
  /** Good units delivered on this line. */
  quantity: number;
  /** Damaged units delivered on this line (never posted to sellable stock). */
  damaged_qty: number;
  /** Units posted to the ledger as a receipt (0 for an unexpected line not accepted). */
  posted_qty: number;
  /** Micro-units per unit the receipt was posted at. */
  unit_cost: number;
  /** 1 when an unexpected line was accepted into stock. */
  accepted: number;
  /** Units delivered beyond the ordered quantity (within the supplier's tolerance). */
  over_qty: number;
  note: string | null;
}

export interface SupplierLeadTimesTable {
  id: Generated<number>;
  supplier: string;
  sku: string;
  po_id: number;
  receipt_id: number;
  placed_day: string;
  received_day: string;
  /** received_day - placed_day, in calendar days. */
  lead_time_days: number;
  created_at: string;
}

export interface TransfersTable {
  id: Generated<number>;
  number: string;
  from_location: string;
  to_location: string;
  status: TransferStatus;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  shipped_at: string | null;
  shipped_by: string | null;
  received_at: string | null;
  received_by: string | null;
}

export interface TransferLinesTable {
  id: Generated<number>;
  transfer_id: number;
  sku: string;
  quantity: number;
  shipped_qty: number;
  received_qty: number;
  /** shipped - received at receipt (>0 = lost in transit), posted as a 'transfer_loss'. */
  discrepancy_qty: number;
}

export interface PurchasingTables {
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  receipts: ReceiptsTable;
  receipt_lines: ReceiptLinesTable;
  supplier_lead_times: SupplierLeadTimesTable;
  transfers: TransfersTable;
  transfer_lines: TransferLinesTable;
}
