/**
 * The demo data set: a realistic year of an ecommerce brand ("Tidewater Outfitters": ~270 SKUs in
 * nine categories, 7 suppliers with different lead times/MOQs, 4 locations: two warehouses, Amazon
 * FBA and an EU 3PL), with long-tailed demand of all four patterns, weekly and yearly seasonality,
 * new launches, dead stock and real stockout periods, posted through the ledger so that balances,
 * FIFO lots and the daily demand history are exactly what the movements say. See
 * ./demo/catalogue.ts (master data and demand profiles), ./demo/demand.ts (the demand model) and
 * ./demo/simulate.ts (how the year is simulated).
 *
 * Deterministic: the same `seed` and `endDate` give the same data. Used by `stockloop init --demo`
 * and by `stockloop serve` on the first start of an empty database.
 */
import { upsertLocations, upsertSkus, upsertSuppliers } from '../catalog/index.ts';
import { getBalances, postMovements, reserve, type MovementInput } from '../ledger/index.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import { DEMO_LOCATIONS, DEMO_SUPPLIERS, generateSkus } from './demo/catalogue.ts';
import { Rng } from './demo/prng.ts';
import { simulateHistory } from './demo/simulate.ts';

export interface SeedDemoOptions {
  /** PRNG seed (default 42). */
  seed?: number;
  /** Last day of sales history, YYYY-MM-DD (default: yesterday, UTC). */
  endDate?: string;
  /** Days of history (default 365). */
  days?: number;
  /** Catalogue size factor (1 = about 270 SKUs; 2 = more colours per style). */
  scale?: number;
  /** Recorded as the actor of every movement (default 'demo'). */
  actor?: string;
}

export interface SeedDemoResult {
  suppliers: number;
  locations: number;
  skus: number;
  movements: number;
  reservations: number;
  firstDay: string;
  lastDay: string;
  elapsedMs: number;
}

const DAY_MS = 86_400_000;
const BATCH = 10_000;

/** Seeds the demo data set into `ex` (normally an empty database), in one transaction. */
export async function seedDemo(ex: Executor, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const t0 = performance.now();
  const seed = options.seed ?? 42;
  const days = options.days ?? 365;
  const end = options.endDate ? Date.parse(`${options.endDate}T00:00:00Z`) : Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - DAY_MS;
  if (!Number.isFinite(end)) throw new Error(`seedDemo: endDate must be YYYY-MM-DD (got ${options.endDate})`);
  const start = new Date(end - (days - 1) * DAY_MS);
  const actor = options.actor ?? 'demo';
  const rng = new Rng(seed);
  const skus = generateSkus(rng.fork('catalogue'), days, options.scale ?? 1);

  return inTransaction(ex, async (tx) => {
    await upsertSuppliers(
      tx,
      DEMO_SUPPLIERS.map((s) => ({
        code: s.code,
        name: s.name,
        defaultLeadTimeDays: s.leadTimeDays,
        leadTimeSdDays: s.leadTimeSdDays,
        moq: s.moq,
        minOrderValue: s.minOrderValue,
        currency: 'USD',
        receiptTolerancePct: s.receiptTolerancePct,
      })),
    );
    await upsertLocations(tx, DEMO_LOCATIONS.map((l) => ({ code: l.code, name: l.name, kind: l.kind, negativeStockAllowed: false })));
    await upsertSkus(
      tx,
      skus.map((s) => ({
        code: s.code,
        name: s.name,
        unit: 'each',
        unitCost: s.unitCost,
        price: s.price,
        packSize: s.packSize,
        defaultSupplier: s.supplier,
        backordersAllowed: s.category === 'home',
        active: true,
        tags: s.tags,
      })),
    );

    let movements = 0;
    let batch: MovementInput[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await postMovements(tx, batch, { actor });
      movements += batch.length;
      batch = [];
    };
    const history = simulateHistory(rng.fork('history'), skus, DEMO_SUPPLIERS, DEMO_LOCATIONS, { start, days });
    for (let step = history.next(); !step.done; step = history.next()) {
      for (const m of step.value) {
        batch.push(m);
        if (batch.length >= BATCH) await flush();
      }
    }
    await flush();

    // A few open customer orders at the main warehouse, reserving part of what is available.
    const balances = (await getBalances(tx, { locations: ['WH-MAIN'], onlyNonZero: true, limit: 10_000 })).items.filter((b) => b.available >= 8);
    const available = new Map(balances.map((b) => [b.sku, b.available]));
    const orders = rng.fork('orders');
    let reservations = 0;
    for (let i = 0; i < Math.min(12, balances.length); i++) {
      const lines = new Map<string, number>();
      const n = orders.int(1, 3);
      for (let j = 0; j < n; j++) {
        const sku = orders.pick(balances).sku;
        const q = Math.min(orders.int(1, 3), available.get(sku)! >> 2);
        available.set(sku, available.get(sku)! - q);
        lines.set(sku, (lines.get(sku) ?? 0) + q);
      }
      await reserve(tx, { lines: [...lines].map(([sku, quantity]) => ({ sku, location: 'WH-MAIN', quantity })), reference: `WEB-${50_000 + i}`, idempotencyKey: `demo-order-${seed}-${i}` }, { actor });
      reservations++;
    }
    return {
      suppliers: DEMO_SUPPLIERS.length,
      locations: DEMO_LOCATIONS.length,
      skus: skus.length,
      movements,
      reservations,
      firstDay: start.toISOString().slice(0, 10),
      lastDay: new Date(end).toISOString().slice(0, 10),
      elapsedMs: Math.round(performance.now() - t0),
    };
  });
}

/** Alias under the name `stockloop init --demo` looks for first. */
export const seedDemoData = seedDemo;
