/** Shared fixtures of the planning tests: a small catalogue with known demand. */
import { createLocation, createSku, createSupplier } from '../src/catalog/index.ts';
import { postMovements, type MovementInput } from '../src/ledger/index.ts';
import { createPolicy, listRecommendations, type Recommendation } from '../src/planning/index.ts';
import type { Store } from '../src/store/database.ts';
import { nbSeries } from './helpers/nb-series.ts';
export { errorOf } from './helpers/errors.ts';

export const HISTORY_DAYS = 120;

/** A run's recommendations by SKU (the small catalogues plan one location). */
export async function recs(store: Store, run: number): Promise<Map<string, Recommendation>> {
  const page = await listRecommendations(store, { limit: 1000, filters: { run } });
  return new Map(page.items.map((r) => [r.sku, r]));
}
/** A run's recommendations by "SKU@LOCATION" (catalogues with several locations). */
export async function recsByPair(store: Store, run: number): Promise<Map<string, Recommendation>> {
  const page = await listRecommendations(store, { limit: 1000, filters: { run } });
  return new Map(page.items.map((r) => [`${r.sku}@${r.location}`, r]));
}
export const FIRST_DAY = '2026-06-01';
/** The planning day: the day after the last history day. */
export const AS_OF = '2026-09-29';

const day = (i: number) => new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);

/** Receives `perDay(i)` summed at day 0 and sells `perDay(i)` every day, ending with no stock. */
export async function sellDaily(store: Store, sku: string, location: string, perDay: (i: number) => number, days = HISTORY_DAYS): Promise<void> {
  const qty = Array.from({ length: days }, (_, i) => perDay(i));
  const total = qty.reduce((a, b) => a + b, 0);
  const moves: MovementInput[] = [{ kind: 'receipt', sku, location, quantity: total, unitCost: 1_000_000, occurredAt: `${day(0)}T00:00:00Z` }];
  qty.forEach((q, i) => {
    if (q > 0) moves.push({ kind: 'sale', sku, location, quantity: q, occurredAt: `${day(i)}T12:00:00Z` });
  });
  await postMovements(store, moves, { actor: 'test' });
}

/**
 * Suppliers ACME (21-day default lead time, no MOQ) and BOLT (10 days, sd 2, MOQ 100, min order
 * value 500.00); location WH1; SKUs:
 * - CONST (ACME): 8/day for 120 days, no stock left (the DESIGN.md worked example);
 * - PACK (BOLT, case pack 12): 3/day, no stock left (its line is BOLT's whole order: topped up to the
 *   minimum order value);
 * - NOSUP (no supplier): 2/day, no stock left;
 * - IDLE (ACME): stock 50 and no demand.
 */
export async function seedSmallCatalogue(store: Store): Promise<void> {
  await createSupplier(store, { code: 'ACME', name: 'Acme', defaultLeadTimeDays: 21 });
  await createSupplier(store, { code: 'BOLT', name: 'Bolt & Co', defaultLeadTimeDays: 10, leadTimeSdDays: 2, moq: 100, minOrderValue: 500_000_000 });
  await createLocation(store, { code: 'WH1', name: 'Main warehouse' });
  await createSku(store, { code: 'CONST', name: 'Constant seller', unitCost: 5_000_000, defaultSupplier: 'ACME' });
  await createSku(store, { code: 'PACK', name: 'Boxed item', unitCost: 2_000_000, packSize: 12, defaultSupplier: 'BOLT' });
  await createSku(store, { code: 'NOSUP', name: 'Unsourced item', unitCost: 1_000_000 });
  await createSku(store, { code: 'IDLE', name: 'Idle item', unitCost: 1_000_000, defaultSupplier: 'ACME' });
  await sellDaily(store, 'CONST', 'WH1', () => 8);
  await sellDaily(store, 'PACK', 'WH1', () => 3);
  await sellDaily(store, 'NOSUP', 'WH1', () => 2);
  await postMovements(store, [{ kind: 'receipt', sku: 'IDLE', location: 'WH1', quantity: 50, unitCost: 1_000_000, occurredAt: `${day(0)}T00:00:00Z` }], { actor: 'test' });
}


/** The SKUs of seedPoissonRange. */
export const POISSON_SKUS = Array.from({ length: 12 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`);

/**
 * 12 Poisson sellers (2 a day for 120 days, seeded; ACME: 21-day lead time; WH1; after
 * seedSmallCatalogue) under policy `poisson`: a 90 % fill rate with the reorder point raised by
 * 1.5 sd (safetyShift), so that it over-delivers and a policy review has something to calibrate.
 */
export async function seedPoissonRange(store: Store): Promise<void> {
  for (const [k, sku] of POISSON_SKUS.entries()) {
    await createSku(store, { code: sku, name: `Poisson seller ${sku}`, unitCost: 1_000_000, defaultSupplier: 'ACME' });
    const y = nbSeries(HISTORY_DAYS, 2, 1, 100 + k);
    await sellDaily(store, sku, 'WH1', (i) => y[i]);
  }
  await createPolicy(store, { code: 'poisson', name: 'Poisson sellers', owner: 'ana', rationale: 'test range', selector: { skus: POISSON_SKUS }, serviceTarget: { kind: 'fill-rate', level: 0.9 }, safetyShift: 1.5 }, { actor: 'pat.planner' });
}
