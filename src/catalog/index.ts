/**
 * The catalog module: SKUs, locations and suppliers (master data). Other modules import only
 * from here. Every function takes an Executor first (a Store, or `{ db: trx, dialect }` inside a
 * transaction, which it then joins). See docs/catalog.md.
 */
export * from './types.ts';
export { createSku, updateSku, getSku, listSkus, upsertSkus, resolveSkus, getSkusByIds, countSkus } from './skus.ts';
export { createLocation, updateLocation, getLocation, listLocations, upsertLocations, resolveLocations, getLocationsByIds, countLocations, DEFAULT_TRANSFER_LEAD_TIME_DAYS } from './locations.ts';
export { createSupplier, updateSupplier, getSupplier, listSuppliers, upsertSuppliers, resolveSuppliers, getSuppliersByIds } from './suppliers.ts';
export { chunkRows, encodeCursor, decodeCursor, pageLimit, maxParams, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts';
export { isUniqueViolation, isRetryableTxError } from './db-errors.ts';
export type { Executor } from '../store/executor.ts';
export { inTransaction } from '../store/executor.ts';
export { bulkInsert, rowsSource, valuesIn, type BulkColumns, type BulkType, type BulkInsertOptions } from './bulk.ts';
export { resolveSkuRefs, resolveLocationRefs, skuRefsByIds, locationRefsByIds, type SkuRef, type LocationRef } from './refs.ts';
