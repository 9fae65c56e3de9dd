/**
 * Row types of the tables the ledger module owns (see src/store/schema.ts for conventions).
 *
 * `movements` is the append-only truth (never updated or deleted); `balances`, `lots` and
 * `demand_daily` are projections kept in the same transaction and rebuildable from it
 * (see ./verify.ts). SKUs and locations are referenced by catalog id (integer) for speed.
 */
import type { Generated } from 'kysely';

export interface MovementsTable {
  id: Generated<number>;
  /** One of MovementKind (./types.ts). */
  kind: string;
  sku_id: number;
  location_id: number;
  /** As posted: positive for receipt/sale/return/transfer_out/transfer_in, signed for adjustment/count_correction/inbound. */
  quantity: number;
  /** Unit cost (micro-units) of the lots this movement created (given, or the last known cost); null if it created none. */
  unit_cost: number | null;
  /** Change of the FIFO stock value at location_id caused by this movement (micro-units, signed). */
  value: number;
  occurred_at: string;
  created_at: string;
  actor: string;
  reason: string | null;
  note: string | null;
  reference: string | null;
  /** transfer_out: destination; transfer_in: source (null when not given). */
  counterpart_location_id: number | null;
  idempotency_key: string | null;
  /** sha256 (base64url) of the canonical input, to tell a replay from a conflicting reuse of the key; '' without a key. */
  content_hash: string;
}

export interface BalancesTable {
  sku_id: number;
  location_id: number;
  on_hand: number;
  reserved: number;
  /** Expected from open purchase orders ('inbound' movements) plus transfers in transit to here. */
  inbound: number;
  updated_at: string;
}

export interface LotsTable {
  id: Generated<number>;
  sku_id: number;
  /** Where the lot is, or (when in_transit_from is set) where it is travelling to. */
  location_id: number;
  /** Set for stock in transit: the source location of the transfer. */
  in_transit_from: number | null;
  /** Receipt instant of the goods (kept across transfers): FIFO order and aging. */
  received_at: string;
  unit_cost: number;
  /** Negative for a negative lot (stock sold before it was received, at negative-allowed locations). */
  qty_received: number;
  qty_remaining: number;
  source_movement_id: number;
}

export interface ReservationsTable {
  id: Generated<number>;
  reference: string | null;
  /** 'open' | 'fulfilled' | 'released' | 'closed' (partly fulfilled, rest released). */
  status: string;
  actor: string;
  idempotency_key: string | null;
  content_hash: string;
  created_at: string;
  updated_at: string;
}

export interface ReservationLinesTable {
  id: Generated<number>;
  reservation_id: number;
  sku_id: number;
  location_id: number;
  quantity: number;
  fulfilled: number;
  released: number;
  /** Units beyond available stock when reserved (backorder, SKUs that allow it). */
  backordered: number;
}

export interface DemandDailyTable {
  sku_id: number;
  location_id: number;
  /** Business day YYYY-MM-DD (UTC day of the movement's occurred_at). */
  day: string;
  /** Units sold minus units returned that day. */
  demand: number;
  /** 1 if available was <= 0 after some movement or reservation that day. */
  stockout: number;
  /** Available after the last posting that touched this row (used to carry stockouts over quiet days). */
  closing_available: number;
}

export interface LedgerTables {
  movements: MovementsTable;
  balances: BalancesTable;
  lots: LotsTable;
  reservations: ReservationsTable;
  reservation_lines: ReservationLinesTable;
  demand_daily: DemandDailyTable;
}
