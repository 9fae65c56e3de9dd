/**
 * The ledger module: immutable stock movements and their projections (balances, FIFO lots,
 * reservations, daily demand). Other modules import only from here. Every function takes an
 * Executor first (a Store, or `{ db: trx, dialect }` inside a caller's transaction, which it joins).
 * See docs/ledger.md for the semantics of every movement kind and the error codes.
 *
 * Notes on the module contract agreed with the other modules, all backward compatible:
 * - fulfil() returns the Reservation plus `movements` (the sale movements it posted).
 * - reserve() returns `replayed: true` when an idempotency key matched an earlier reservation.
 * - demandHistory() accepts `fillStockoutGaps` (default false: only recorded days are returned).
 * - verifyLedger() also checks movement values and daily demand (`table: 'movements' | 'demand_daily'`)
 *   and returns `checked` counts.
 * - listMovements() also filters by `reference`; valuation() accepts `asOf` for aging.
 * - Idempotency is enforced by UNIQUE keys on `movements` and `reservations`; there is no separate
 *   `idempotency` table. A batch-level Idempotency-Key should be expanded to per-movement keys
 *   (e.g. `${key}:${index}`).
 * - Errors beyond the contract: INSUFFICIENT_AVAILABLE (sale/transfer_out taking reserved stock),
 *   INSUFFICIENT_IN_TRANSIT, INSUFFICIENT_INBOUND, IDEMPOTENCY_KEY_IN_USE, RESERVATION_NOT_OPEN,
 *   RESERVATION_LINE_EXCEEDED (see LEDGER_ERRORS).
 */
export * from './types.ts';
export { postMovements } from './post.ts';
export { MAX_BATCH } from './normalize.ts';
export { balanceCounts, getBalances, listMovements, listLots, lotAges, type LotAge } from './queries.ts';
export { valuation, AGING_BUCKETS } from './valuation.ts';
export { reserve, release, fulfil, getReservation, listReservations, MAX_RESERVATION_LINES } from './reservations.ts';
export { demandHistory } from './demand.ts';
export { transferTimes, type TransferTime } from './transfer-times.ts';
export { verifyLedger } from './verify.ts';
