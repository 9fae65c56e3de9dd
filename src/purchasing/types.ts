/** Public shapes of the purchasing module (what its service functions accept and return). */
import type { PurchaseOrderSource, PurchaseOrderStatus, ReceiptLineKind, TransferStatus } from './schema.ts';
import type { CrossingEvidence } from '../engine/policy/order-crossover.ts';

export type { PurchaseOrderSource, PurchaseOrderStatus, ReceiptLineKind, TransferStatus };

/** Who acts, and (optionally) the instant to record; the service defaults it to the current time. */
export interface ActorContext {
  actor: string;
  /** ISO instant; lets imports, tests and replays record a chosen time. */
  now?: string;
}

export interface PurchaseOrderLine {
  id: number;
  lineNo: number;
  sku: string;
  location: string;
  quantity: number;
  /** Micro-units per unit. */
  unitCost: number;
  expectedDate: string | null;
  receivedQty: number;
  damagedQty: number;
  /** Units still counted as inbound (0 unless the PO is open). */
  openQty: number;
  /** Open quantity and expected date before `today` (null when no `today` was given). */
  late: boolean | null;
  /** Set when the line came from a plan suggestion. */
  suggestedQty: number | null;
  overrideReason: string | null;
  overrideBy: string | null;
}

export interface PurchaseOrder {
  id: number;
  number: string;
  supplier: string;
  status: PurchaseOrderStatus;
  source: PurchaseOrderSource;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  placedAt: string | null;
  placedDay: string | null;
  placedBy: string | null;
  endedAt: string | null;
  endedBy: string | null;
  endReason: string | null;
  /** Some line is late (null when no `today` was given). */
  late: boolean | null;
  /** Days since it was placed, for an open PO (null when not open or no `today`). */
  openDays: number | null;
  /** Days since it was created, for a draft (null when not a draft or no `today`). */
  draftDays: number | null;
  /**
   * Open longer than `staleAfterDays`, or a draft not placed `staleAfterDays` after its creation
   * (stale-orders.ts; null when no `today` was given).
   */
  stale: boolean | null;
  /** Its supplier's stale threshold in days; for a draft DRAFT_STALE_DAYS (null when no `today` was given). */
  staleAfterDays: number | null;
  totalQuantity: number;
  /** Micro-units. */
  totalValue: number;
  openQuantity: number;
  lines: PurchaseOrderLine[];
}

export interface PurchaseOrderLineInput {
  sku: string;
  location: string;
  quantity: number;
  /** Micro-units per unit; defaults to the SKU's catalog unit cost. */
  unitCost?: number;
  /** 'YYYY-MM-DD'. */
  expectedDate?: string | null;
}

export interface PurchaseOrderInput {
  /** Unique PO number; generated (PO-000001) when omitted. */
  number?: string;
  supplier: string;
  note?: string | null;
  lines: PurchaseOrderLineInput[];
}

export interface SuggestionLineInput {
  sku: string;
  location: string;
  /** What the plan suggested. */
  suggestedQty: number;
  /** What the planner orders; a reason is required when it differs from suggestedQty. */
  quantity: number;
  reason?: string | null;
  unitCost?: number;
  expectedDate?: string | null;
}

export interface SuggestionsInput {
  supplier: string;
  number?: string;
  note?: string | null;
  lines: SuggestionLineInput[];
}

export interface ReceiptLineInput {
  sku: string;
  /** Needed when the SKU is on the PO at several locations, or is not on the PO at all. */
  location?: string;
  /** Good units delivered. */
  quantity: number;
  /** Damaged units delivered (recorded, never added to sellable stock). */
  damaged?: number;
  /** Unexpected lines only: take the units into stock anyway. */
  accept?: boolean;
  /** Unexpected accepted lines: micro-units per unit (default: the SKU's catalog unit cost). */
  unitCost?: number;
  note?: string | null;
}

export interface ReceiptInput {
  /** PO number. */
  po: string;
  /** The supplier's delivery reference; receiving the same one twice is refused (409). */
  deliveryRef: string;
  /** ISO instant of the receipt (default: ctx.now / the current time). */
  receivedAt?: string;
  /** After this receipt, close the PO and give up any remaining quantity (a short shipment). */
  close?: boolean;
  note?: string | null;
  lines: ReceiptLineInput[];
}

export interface ReceiptLine {
  id: number;
  kind: ReceiptLineKind;
  poLineId: number | null;
  sku: string;
  location: string;
  quantity: number;
  damagedQty: number;
  postedQty: number;
  unitCost: number;
  accepted: boolean;
  overQty: number;
  note: string | null;
}

export interface Receipt {
  id: number;
  po: string;
  supplier: string;
  deliveryRef: string;
  receivedAt: string;
  receivedDay: string;
  receivedBy: string;
  note: string | null;
  createdAt: string;
  /** Days from the PO's placed day to this receipt's day. */
  leadTimeDays: number | null;
  lines: ReceiptLine[];
  /** Status of the PO after this receipt. */
  poStatus: PurchaseOrderStatus;
}

export interface TransferLine {
  id: number;
  sku: string;
  quantity: number;
  shippedQty: number;
  receivedQty: number;
  /** Units shipped but not received (posted as a 'transfer_loss'). */
  discrepancyQty: number;
}

export interface Transfer {
  id: number;
  number: string;
  fromLocation: string;
  toLocation: string;
  status: TransferStatus;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  shippedAt: string | null;
  shippedBy: string | null;
  receivedAt: string | null;
  receivedBy: string | null;
  /** Days since it was created, for a draft (null when not a draft or no `today`). */
  draftDays: number | null;
  /** A draft not shipped DRAFT_STALE_DAYS after its creation: plan runs count it, so it hides its need (null when no `today`). */
  stale: boolean | null;
  lines: TransferLine[];
}

export interface TransferInput {
  number?: string;
  from: string;
  to: string;
  note?: string | null;
  lines: { sku: string; quantity: number }[];
}

/** Lead-time statistics of one supplier (days). */
export interface LeadTimeStats {
  supplier: string;
  /** The supplier's configured default (catalog), for comparison / new suppliers. */
  defaultLeadTimeDays: number;
  /** One observation per receipt. */
  overall: LeadTimeSummaryOut;
  /**
   * Placed POs with nothing received yet, as right-censored observations (lead time > age):
   * `count` of them (age at most `staleAfterDays`), the `oldestDays`, the `stale` ones left out,
   * and the mean and sd fitted to the receipts and them together (null without open POs or with
   * fewer than 2 receipts; engine/stats/censored-normal.ts).
   */
  openOrders: { count: number; oldestDays: number | null; stale: number; staleAfterDays: number; meanDays: number | null; sdDays: number | null };
  /** One observation per receipt line of the SKU; `openOrders`: the open POs holding the SKU, fitted with its receipts (as `openOrders` above). */
  bySku: (LeadTimeSummaryOut & { sku: string; openOrders: { count: number; meanDays: number | null; sdDays: number | null } })[];
  /** Do its orders overtake each other as independent lead times would? (engine/policy/order-crossover.ts) */
  crossing: CrossingEvidence;
}

export interface LeadTimeSummaryOut {
  n: number;
  meanDays: number | null;
  sdDays: number | null;
  minDays: number | null;
  maxDays: number | null;
  lastReceivedDay: string | null;
}
