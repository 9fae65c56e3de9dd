/**
 * The purchase-order state machine and the pure rules of receiving (no I/O, no clock).
 *
 *   draft ──place──> placed ──receive──> partially_received ──receive──> received
 *     │                 │ └──receive (all)──────────────────────────────> received
 *     └──cancel──> cancelled <──cancel (nothing received yet)┘
 *                  placed / partially_received ──close──> closed (remaining quantity given up)
 */
import { refused } from '../shared/errors.ts';
import type { PurchaseOrderStatus } from './schema.ts';

export const PO_STATUSES: readonly PurchaseOrderStatus[] = ['draft', 'placed', 'partially_received', 'received', 'closed', 'cancelled'];

const TRANSITIONS: Record<PurchaseOrderStatus, readonly PurchaseOrderStatus[]> = {
  draft: ['placed', 'cancelled'],
  placed: ['partially_received', 'received', 'closed', 'cancelled'],
  partially_received: ['partially_received', 'received', 'closed'],
  received: [],
  closed: [],
  cancelled: [],
};

/** True when the PO's remaining quantity counts as inbound (placed or partially received). */
export const isOpenStatus = (s: PurchaseOrderStatus): boolean => s === 'placed' || s === 'partially_received';

/** True when `from -> to` is an allowed transition. */
export const canTransition = (from: PurchaseOrderStatus, to: PurchaseOrderStatus): boolean => TRANSITIONS[from].includes(to);

/** Throws 422 PO_INVALID_TRANSITION naming the PO when `from -> to` is not allowed. */
export function assertTransition(po: string, from: PurchaseOrderStatus, to: PurchaseOrderStatus, action: string): void {
  if (!canTransition(from, to)) {
    throw refused('PO_INVALID_TRANSITION', `purchase order ${po} is ${from}: cannot ${action}`, { po, status: from, action });
  }
}

/**
 * Most units (good + damaged) a supplier may deliver against an ordered quantity:
 * floor(ordered × (1 + tolerancePct / 100)). A tolerance of 0 allows exactly the ordered quantity.
 */
export function maxReceivable(ordered: number, tolerancePct: number): number {
  return Math.floor(ordered * (1 + Math.max(0, tolerancePct) / 100) + 1e-9);
}

export interface LineReceiptInput {
  ordered: number;
  /** Good + damaged units delivered on earlier receipts. */
  deliveredBefore: number;
  /** Units still counted as inbound for this line. */
  inbound: number;
  good: number;
  damaged: number;
  tolerancePct: number;
}

export interface LineReceiptOutcome {
  deliveredAfter: number;
  /** Units of this delivery beyond the ordered quantity. */
  overQty: number;
  /** Units of inbound this delivery consumes (never more than what is still inbound). */
  inboundRelease: number;
  /** Largest delivered total allowed. */
  limit: number;
  /** True when the delivery would exceed the tolerance (the receipt must be refused). */
  exceedsTolerance: boolean;
}

/** What one delivery does to one PO line (see maxReceivable for the tolerance rule). */
export function evaluateLineReceipt(i: LineReceiptInput): LineReceiptOutcome {
  const delivered = i.good + i.damaged;
  const deliveredAfter = i.deliveredBefore + delivered;
  const limit = maxReceivable(i.ordered, i.tolerancePct);
  const overQty = Math.max(0, deliveredAfter - i.ordered) - Math.max(0, i.deliveredBefore - i.ordered);
  return { deliveredAfter, overQty, inboundRelease: Math.min(delivered, i.inbound), limit, exceedsTolerance: deliveredAfter > limit };
}

/** Status after a receipt: received when every line has been delivered in full, else partially received. */
export function statusAfterReceipt(lines: readonly { ordered: number; delivered: number }[]): PurchaseOrderStatus {
  return lines.every((l) => l.delivered >= l.ordered) ? 'received' : 'partially_received';
}

/** Whole calendar days between business days, and the day n days after one (shared helpers). */
export { addDays, daysBetween } from '../shared/days.ts';

/** A line is late when it still has open quantity and its expected date is before `today`. */
export function isLateLine(expectedDate: string | null, openQty: number, today: string): boolean {
  return openQty > 0 && expectedDate !== null && expectedDate < today;
}

/** True for a valid 'YYYY-MM-DD' calendar day (shared with the other modules' input checks). */
export { isBusinessDay } from '../shared/validate.ts';
