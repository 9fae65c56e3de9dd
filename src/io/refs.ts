/**
 * Checks which referenced master-data codes exist, in bulk, through the catalog's service
 * functions (never its tables): SKUs by their codes in pages of 1,000, locations and suppliers by
 * listing them (there are few).
 */
import { listLocations, listSkus, listSuppliers, type Sku } from '../catalog/index.ts';
import type { Executor } from '../store/executor.ts';
import type { RefKind, ResolvedRefs } from './import-kind.ts';

/** Everything a page-listing function returns, page after page. */
async function allPages<T>(list: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The SKUs among `codes` that exist, by code. */
export async function skusByCodes(ex: Executor, codes: Iterable<string>): Promise<Map<string, Sku>> {
  const out = new Map<string, Sku>();
  const all = [...new Set(codes)];
  for (let i = 0; i < all.length; i += 1000) {
    const page = await listSkus(ex, { limit: 1000, filters: { codes: all.slice(i, i + 1000) } });
    for (const s of page.items) out.set(s.code, s);
  }
  return out;
}

/** The referenced codes that exist (with what the importer needs to know about them). */
export async function resolveRefs(ex: Executor, codes: Record<RefKind, Set<string>>): Promise<ResolvedRefs> {
  const refs: ResolvedRefs = { skus: new Map(), locations: new Map(), suppliers: new Map() };
  for (const s of (await skusByCodes(ex, codes.sku)).values()) {
    refs.skus.set(s.code, { code: s.code, unitCost: s.unitCost, backordersAllowed: s.backordersAllowed });
  }
  if (codes.location.size) {
    for (const l of await allPages((cursor) => listLocations(ex, { cursor, limit: 1000 }))) {
      refs.locations.set(l.code, { code: l.code, negativeStockAllowed: l.negativeStockAllowed });
    }
  }
  if (codes.supplier.size) {
    for (const s of await allPages((cursor) => listSuppliers(ex, { cursor, limit: 1000 }))) refs.suppliers.set(s.code, { code: s.code });
  }
  return refs;
}
