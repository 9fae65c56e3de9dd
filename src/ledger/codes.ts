/**
 * Code <-> id translation for ledger reads, through the catalog's exported functions (the ledger
 * never reads the catalog's tables directly).
 */
import { locationRefsByIds, skuRefsByIds, resolveLocations, resolveSkus } from '../catalog/index.ts';
import type { Executor } from '../store/executor.ts';

export interface CodeMaps {
  sku(id: number): string;
  location(id: number | null): string | null;
}

/** Codes of the SKU and location ids appearing in a page of rows. */
export async function codesFor(ex: Executor, skuIds: number[], locationIds: (number | null)[]): Promise<CodeMaps> {
  const skus = await skuRefsByIds(ex, skuIds);
  const locs = await locationRefsByIds(ex, locationIds.filter((x): x is number => x !== null));
  return {
    sku: (id) => skus.get(id)?.code ?? `#${id}`,
    location: (id) => (id === null ? null : (locs.get(id)?.code ?? `#${id}`)),
  };
}

/** Ids of SKU codes (unknown -> 404 NOT_FOUND). */
export async function skuIds(ex: Executor, codes: string[]): Promise<number[]> {
  return [...(await resolveSkus(ex, codes)).values()].map((s) => s.id);
}

/** Ids of location codes (unknown -> 404 NOT_FOUND). */
export async function locationIds(ex: Executor, codes: string[]): Promise<number[]> {
  return [...(await resolveLocations(ex, codes)).values()].map((l) => l.id);
}
