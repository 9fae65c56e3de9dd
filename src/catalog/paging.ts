/**
 * Shared helpers for paged lists and set-based writes (used by catalog and ledger).
 */
import { validationError } from '../shared/errors.ts';
import type { DialectName } from '../store/config.ts';

/** Page size when `limit` is omitted, and the largest accepted for catalog lists. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Validated page size: an integer 1..max (default DEFAULT_PAGE_SIZE). */
export function pageLimit(limit: number | undefined, max = MAX_PAGE_SIZE): number {
  if (limit === undefined || limit === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw validationError(`limit must be an integer between 1 and ${max} (got ${JSON.stringify(limit)})`, { field: 'limit' });
  }
  return limit;
}

/** Opaque cursor: base64url of a JSON value (the sort key of the last row of the page). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; a malformed cursor is a VALIDATION_FAILED error. */
export function decodeCursor<T>(cursor: string | null | undefined, check: (v: unknown) => v is T): T | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!check(value)) throw validationError(`cursor ${JSON.stringify(cursor)} is not valid for this list`, { field: 'cursor' });
  return value;
}

/** Most bound parameters one statement may use (SQLite: 32766, PostgreSQL: 65535), with headroom. */
export const maxParams = (dialect: DialectName): number => (dialect === 'postgres' ? 60_000 : 30_000);

/** Splits `rows` into chunks whose multi-row statement stays under the dialect's parameter limit. */
export function chunkRows<T>(rows: readonly T[], paramsPerRow: number, dialect: DialectName, cap = 5_000): T[][] {
  const size = Math.max(1, Math.min(cap, Math.floor(maxParams(dialect) / Math.max(1, paramsPerRow))));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
