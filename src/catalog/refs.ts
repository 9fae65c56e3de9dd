/**
 * Lean code -> id lookups for hot paths (batch posting): only the fields the ledger's rules need,
 * read with one statement whatever the number of codes.
 */
import { notFound } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { valuesIn } from './bulk.ts';

export interface SkuRef {
  id: number;
  code: string;
  unitCost: number;
  backordersAllowed: boolean;
}

export interface LocationRef {
  id: number;
  code: string;
  negativeStockAllowed: boolean;
}

function missingError(what: string, codes: string[], found: Map<string, unknown>): void {
  const missing = [...new Set(codes)].filter((c) => !found.has(c));
  if (missing.length > 0) throw notFound(what, missing[0], { missing: missing.slice(0, 100), missingCount: missing.length });
}

/** SKU refs by code; unknown codes -> 404 NOT_FOUND naming the first (all in details.missing). */
export async function resolveSkuRefs(ex: Executor, codes: string[]): Promise<Map<string, SkuRef>> {
  const out = new Map<string, SkuRef>();
  const unique = [...new Set(codes)];
  if (unique.length === 0) return out;
  const rows = await ex.db.selectFrom('skus').select(['id', 'code', 'unit_cost', 'backorders_allowed']).where(valuesIn(ex, 'code', unique, 'text')).execute();
  for (const r of rows) out.set(r.code, { id: Number(r.id), code: r.code, unitCost: Number(r.unit_cost), backordersAllowed: Number(r.backorders_allowed) === 1 });
  missingError('SKU', unique, out);
  return out;
}

/** Location refs by code; unknown codes -> 404 NOT_FOUND naming the first. */
export async function resolveLocationRefs(ex: Executor, codes: string[]): Promise<Map<string, LocationRef>> {
  const out = new Map<string, LocationRef>();
  const unique = [...new Set(codes)];
  if (unique.length === 0) return out;
  const rows = await ex.db.selectFrom('locations').select(['id', 'code', 'negative_stock_allowed']).where(valuesIn(ex, 'code', unique, 'text')).execute();
  for (const r of rows) out.set(r.code, { id: Number(r.id), code: r.code, negativeStockAllowed: Number(r.negative_stock_allowed) === 1 });
  missingError('location', unique, out);
  return out;
}

/** SKU refs by id (unknown ids absent). */
export async function skuRefsByIds(ex: Executor, ids: number[]): Promise<Map<number, SkuRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await ex.db.selectFrom('skus').select(['id', 'code', 'unit_cost', 'backorders_allowed']).where(valuesIn(ex, 'id', unique, 'int8')).execute();
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), code: r.code, unitCost: Number(r.unit_cost), backordersAllowed: Number(r.backorders_allowed) === 1 }]));
}

/** Location refs by id (unknown ids absent). */
export async function locationRefsByIds(ex: Executor, ids: number[]): Promise<Map<number, LocationRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await ex.db.selectFrom('locations').select(['id', 'code', 'negative_stock_allowed']).where(valuesIn(ex, 'id', unique, 'int8')).execute();
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), code: r.code, negativeStockAllowed: Number(r.negative_stock_allowed) === 1 }]));
}
