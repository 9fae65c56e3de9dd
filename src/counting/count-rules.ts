/**
 * Pure rules of cycle counting (no I/O, no clock).
 *
 * Counting while trading: a session snapshots each line's on hand when it starts (`snapshot_qty`
 * at `snapshot_at`). The counter records what is physically there and when (`counted_at`). The
 * quantity the records say was there at that instant is
 *
 *     expected = snapshot_qty + net on-hand movements with snapshot_at < occurredAt <= counted_at
 *
 * and the correction posted is `counted - expected`. Sales (or receipts) between the snapshot and
 * the physical count are therefore neither lost nor double counted, and movements after the count
 * (while the count waits for approval) do not change the correction: it is a delta.
 */
import { daysBetween } from '../shared/days.ts';

/** Change of on hand a ledger movement makes (kinds and signs of the ledger contract). */
export function onHandEffect(kind: string, quantity: number): number {
  switch (kind) {
    case 'receipt':
    case 'return':
    case 'transfer_in':
      return quantity;
    case 'sale':
    case 'transfer_out':
      return -quantity;
    case 'adjustment':
    case 'count_correction':
      return quantity;
    default:
      return 0; // 'inbound' and anything that does not touch on hand
  }
}

export interface CountEvaluationInput {
  snapshotQty: number;
  netMovements: number;
  countedQty: number;
  /** Micro-units per unit. */
  unitCost: number;
  toleranceUnits: number;
  tolerancePct: number;
  approvalUnits: number | null;
  approvalValue: number | null;
}

export interface CountEvaluation {
  expectedQty: number;
  /** counted - expected (the correction to post). */
  varianceQty: number;
  /** varianceQty × unitCost, micro-units. */
  varianceValue: number;
  /** |variance| <= max(toleranceUnits, tolerancePct% of |expected|): counts as accurate for IRA. */
  withinTolerance: boolean;
  /** |variance| > approvalUnits or |variance value| > approvalValue: a second person must approve. */
  needsApproval: boolean;
}

/** Expected quantity, variance (units, value), accuracy and approval need of one counted line. */
export function evaluateCount(i: CountEvaluationInput): CountEvaluation {
  const expectedQty = i.snapshotQty + i.netMovements;
  const varianceQty = i.countedQty - expectedQty;
  const varianceValue = varianceQty * i.unitCost;
  const abs = Math.abs(varianceQty);
  const withinTolerance = abs <= i.toleranceUnits || abs <= (i.tolerancePct / 100) * Math.abs(expectedQty) + 1e-9;
  const needsApproval =
    (i.approvalUnits !== null && abs > i.approvalUnits) || (i.approvalValue !== null && Math.abs(varianceValue) > i.approvalValue);
  return { expectedQty, varianceQty, varianceValue, withinTolerance, needsApproval };
}

/** Calendar days between / after business days (shared helpers). */
export { addDays, daysBetween } from '../shared/days.ts';

/** A SKU is due for a count when never counted, or when `intervalDays` have passed since its last count day. */
export function isDue(lastCountedDay: string | null, intervalDays: number, today: string): boolean {
  return lastCountedDay === null || daysBetween(lastCountedDay, today) >= intervalDays;
}

/** Inventory record accuracy: share of counted lines within tolerance (null when nothing was counted). */
export function recordAccuracy(within: number, counted: number): number | null {
  return counted > 0 ? within / counted : null;
}

/** True for a valid 'YYYY-MM-DD' calendar day (shared with the other modules' input checks). */
export { isBusinessDay } from '../shared/validate.ts';

