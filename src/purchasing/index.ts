/**
 * The purchasing module: purchase orders (manual, CSV, from plan suggestions), receiving with
 * supplier tolerances, supplier lead-time history and statistics, and transfers between
 * locations. Other modules import only from here. Every function takes an Executor first and
 * joins the caller's transaction when given one. See docs/purchasing.md.
 */
export * from './types.ts';
export {
  createPurchaseOrder,
  createPurchaseOrderFromSuggestions,
  updatePurchaseOrder,
  getPurchaseOrder,
  listPurchaseOrders,
  placePurchaseOrder,
  cancelPurchaseOrder,
  closePurchaseOrder,
  type PurchaseOrderFilters,
} from './purchase-orders.ts';
export { receivePurchaseOrder, getReceipt, listReceipts } from './receiving.ts';
export { leadTimeStats, leadTimeHistory, STALE_OPEN_FACTOR, staleThresholdDays, type LeadTimeQuery } from './lead-times.ts';
export { createTransfer, shipTransfer, receiveTransfer, cancelTransfer, getTransfer, listTransfers } from './transfers.ts';
export { importPurchaseOrdersCsv, PO_CSV_COLUMNS, type CsvRowError } from './po-csv.ts';
export { purchaseOrderCsvRows, purchaseOrdersCsv, poCsvRecord, type PoCsvRow } from './po-export.ts';
export { maxReceivable, isLateLine, PO_STATUSES } from './po-state.ts';
export { summarizeLeadTimes, type LeadTimeSummary } from './lead-time-stats.ts';
export { DRAFT_STALE_DAYS } from './stale-orders.ts';
export { commitments, COMMITMENT_BASES, DEFAULT_COMMITMENT_WEEKS, type Commitments, type CommitmentWeek, type CommitmentBucket, type CommitmentKind, type CommitmentBasis } from './commitments.ts';
