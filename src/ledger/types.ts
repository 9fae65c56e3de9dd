/** Public shapes of the ledger module (what its service functions accept and return). */

export const MOVEMENT_KINDS = ['receipt', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in', 'count_correction', 'inbound'] as const;
/**
 * - receipt: goods received (+on hand, new FIFO lot at unitCost);
 * - sale: goods shipped to a customer (-on hand, FIFO consumption, +demand);
 * - return: customer return (+on hand, new lot, -demand);
 * - adjustment / count_correction: signed correction with a reason (+: new lot, -: FIFO consumption);
 * - transfer_out: -on hand here, +inbound (in transit) at toLocation;
 * - transfer_in: +on hand here, -inbound here (consumes the in-transit lots, keeping their cost);
 * - inbound: signed change of expected inbound from purchasing (never touches on hand).
 */
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface MovementInput {
  kind: MovementKind;
  sku: string;
  location: string;
  /** Integer; positive for receipt/sale/return/transfer_out/transfer_in; signed non-zero for adjustment/count_correction/inbound. */
  quantity: number;
  /** Micro-units per unit; receipts, returns, positive adjustments/count corrections (default: last known cost). */
  unitCost?: number;
  /** ISO instant (default: now). Its UTC day is the demand day. */
  occurredAt?: string;
  /** Required for adjustment and count_correction. */
  reason?: string;
  note?: string;
  reference?: string;
  /** transfer_out: destination (required); its inbound rises. */
  toLocation?: string;
  /** transfer_in: source (optional; without it any in-transit stock to this location is used, oldest first). */
  fromLocation?: string;
  /** At most once: replaying the same key with the same content returns the first movement. */
  idempotencyKey?: string;
}

export interface Movement {
  id: number;
  kind: MovementKind;
  sku: string;
  location: string;
  quantity: number;
  /** Unit cost of the lots this movement created (micro-units), null if none. */
  unitCost: number | null;
  /** Change of FIFO stock value at `location` (micro-units, signed). */
  value: number;
  occurredAt: string;
  createdAt: string;
  actor: string;
  reason: string | null;
  note: string | null;
  reference: string | null;
  toLocation: string | null;
  fromLocation: string | null;
  idempotencyKey: string | null;
}

export interface PostContext {
  /** Who posts (user name, token name, 'system:purchasing', ...). */
  actor: string;
}

export interface PostResult {
  /** One per input, in input order (a replayed input returns the movement first posted with its key). */
  movements: Movement[];
  /** replayed[i] is true when input i was an idempotent replay (nothing applied). */
  replayed: boolean[];
}

export interface Balance {
  sku: string;
  location: string;
  onHand: number;
  reserved: number;
  /** onHand - reserved (negative when backordered). */
  available: number;
  inbound: number;
}

export interface BalanceQuery {
  skus?: string[];
  locations?: string[];
  /** Only rows where any of on hand, reserved, inbound is non-zero. */
  onlyNonZero?: boolean;
  /** Only rows with nothing on hand (on hand <= 0). */
  outOfStock?: boolean;
  cursor?: string | null;
  /** 1..10000, default 100. */
  limit?: number;
}

export interface MovementQuery {
  sku?: string;
  location?: string;
  kind?: MovementKind;
  /** occurredAt >= from (ISO instant or YYYY-MM-DD). */
  from?: string;
  /** occurredAt < to (ISO instant or YYYY-MM-DD, exclusive). */
  to?: string;
  reference?: string;
  cursor?: string | null;
  /** 1..10000, default 100. */
  limit?: number;
  /** 'oldest' (default) or 'newest' first; keep it across the pages of one listing. */
  order?: 'oldest' | 'newest';
}

export interface ReservationLineInput {
  sku: string;
  location: string;
  /** Positive integer. */
  quantity: number;
}

export interface ReserveInput {
  lines: ReservationLineInput[];
  reference?: string;
  idempotencyKey?: string;
}

export type ReservationStatus = 'open' | 'fulfilled' | 'released' | 'closed';

export interface ReservationLine {
  sku: string;
  location: string;
  quantity: number;
  fulfilled: number;
  released: number;
  /** quantity - fulfilled - released. */
  open: number;
  /** Units beyond available stock when reserved. */
  backordered: number;
}

export interface Reservation {
  id: number;
  reference: string | null;
  status: ReservationStatus;
  actor: string;
  idempotencyKey: string | null;
  createdAt: string;
  updatedAt: string;
  lines: ReservationLine[];
  /** True when reserve() returned an earlier reservation for the same idempotency key. */
  replayed?: boolean;
}

export interface Lot {
  id: number;
  sku: string;
  location: string;
  /** Source location while in transit; null when on hand at `location`. */
  inTransitFrom: string | null;
  receivedAt: string;
  unitCost: number;
  qtyReceived: number;
  qtyRemaining: number;
  sourceMovementId: number;
}

export interface LotQuery {
  sku?: string;
  location?: string;
  /** Include exhausted lots (qty_remaining = 0); default false. */
  includeExhausted?: boolean;
  /** Only lots in transit (true) or only on hand (false); default both. */
  inTransit?: boolean;
  cursor?: string | null;
  limit?: number;
}

export interface AgingBucket {
  /** Label such as '0-30', '31-60', '61-90', '91-180', '181-365', '>365' (days since receipt). */
  bucket: string;
  quantity: number;
  /** Micro-units. */
  value: number;
}

export interface ValuationLine {
  location: string;
  quantity: number;
  value: number;
  inTransitQuantity: number;
  inTransitValue: number;
}

export interface Valuation {
  /** The instant aging is measured at. */
  asOf: string;
  /** FIFO value of stock on hand (sum of qty_remaining x unit_cost over on-hand lots), micro-units. */
  value: number;
  quantity: number;
  /** Stock in transit towards the location(s). */
  inTransitValue: number;
  inTransitQuantity: number;
  byLocation: ValuationLine[];
  aging: AgingBucket[];
}

export interface DemandQuery {
  /** First day (YYYY-MM-DD), inclusive. */
  from?: string;
  /** Last day (YYYY-MM-DD), inclusive (default: today, UTC). */
  to?: string;
  skus?: string[];
  locations?: string[];
}

export interface DemandRow {
  sku: string;
  location: string;
  day: string;
  /** Units sold minus units returned. */
  demand: number;
  /** 1 if available was <= 0 at any point of the day. */
  stockout: 0 | 1;
}

export interface LedgerDifference {
  table: 'balances' | 'lots' | 'movements' | 'demand_daily';
  sku: string;
  location: string;
  field: string;
  expected: number | string | null;
  actual: number | string | null;
}

export interface VerifyResult {
  differences: LedgerDifference[];
  /** Counts of what was checked. */
  checked: { movements: number; balances: number; lots: number };
}

/** Stable error codes of the ledger (AppError.code). */
export const LEDGER_ERRORS = {
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  INSUFFICIENT_AVAILABLE: 'INSUFFICIENT_AVAILABLE',
  INSUFFICIENT_INBOUND: 'INSUFFICIENT_INBOUND',
  INSUFFICIENT_IN_TRANSIT: 'INSUFFICIENT_IN_TRANSIT',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  IDEMPOTENCY_KEY_IN_USE: 'IDEMPOTENCY_KEY_IN_USE',
  RESERVATION_NOT_OPEN: 'RESERVATION_NOT_OPEN',
  RESERVATION_LINE_EXCEEDED: 'RESERVATION_LINE_EXCEEDED',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
} as const;
