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
import { demandHistory, getBalances, postMovements, reserve, type MovementInput } from '../ledger/index.ts';
import { setLaunchForecast } from '../planning/index.ts';
import { createPurchaseOrder, placePurchaseOrder, receivePurchaseOrder } from '../purchasing/index.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import { DEMO_LOCATIONS, DEMO_SUPPLIERS, generateSkus } from './demo/catalogue.ts';
import { meanDemand } from './demo/demand.ts';
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
  /** Launch forecasts of the product the demo is about to launch (DEMO_LAUNCH). */
  launches: number;
  /** Launch forecasts of the products launched during the year, their hand-over over (seedPastLaunches). */
  pastLaunches: number;
  /** Supplier purchase orders of the history (placed, and received unless still in transit). */
  purchaseOrders: number;
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
        depositPct: s.depositPct,
        paymentTermsDays: s.paymentTermsDays,
      })),
    );
    await upsertLocations(
      tx,
      DEMO_LOCATIONS.map((l) => ({
        code: l.code,
        name: l.name,
        kind: l.kind,
        negativeStockAllowed: false,
        transferRegion: l.transferRegion,
        // the history sends FBA its stock from the main warehouse in 6 to 9 days (demo/simulate.ts)
        ...(l.replenishedFrom ? { replenishFrom: l.replenishedFrom, transferLeadTimeDays: 7.5, transferLeadTimeSdDays: 1.1 } : {}),
      })),
    );
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
    // supplier POs go through purchasing (placing posts their inbound, receiving the receipts and
    // the inbound's release): the demo has a PO history, learned lead times and POs in transit
    const poNumbers = new Map<number, string>();
    let purchaseOrders = 0;
    const history = simulateHistory(rng.fork('history'), skus, DEMO_SUPPLIERS, DEMO_LOCATIONS, { start, days });
    for (let step = history.next(); !step.done; step = history.next()) {
      for (const m of step.value) {
        if (m.kind === 'po_placed') {
          await flush();
          const po = await createPurchaseOrder(
            tx,
            { supplier: m.po.supplier, note: 'demo history', lines: m.po.lines.map((l) => ({ sku: l.sku, location: l.location, quantity: l.quantity, unitCost: l.unitCost, expectedDate: m.po.expectedDay })) },
            { actor, now: m.po.placedAt },
          );
          await placePurchaseOrder(tx, po.number, { actor, now: m.po.placedAt }, { placedAt: m.po.placedAt });
          poNumbers.set(m.po.key, po.number);
          purchaseOrders++;
          movements += m.po.lines.length; // one inbound movement a line
        } else if (m.kind === 'po_received') {
          await flush();
          const number = poNumbers.get(m.key)!;
          await receivePurchaseOrder(
            tx,
            { po: number, deliveryRef: `${number}-DN`, receivedAt: m.receivedAt, lines: m.lines.map((l) => ({ sku: l.sku, location: l.location, quantity: l.quantity })) },
            { actor, now: m.receivedAt },
          );
          movements += 2 * m.lines.length; // the receipt and the inbound's release, a line
        } else {
          batch.push(m);
          if (batch.length >= BATCH) await flush();
        }
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
    const launches = await seedLaunch(tx, skus, end, actor);
    const pastLaunches = await seedPastLaunches(tx, skus, start.getTime(), end, actor, rng.fork('launch-forecasts'));
    return {
      suppliers: DEMO_SUPPLIERS.length,
      locations: DEMO_LOCATIONS.length,
      skus: skus.length + (launches > 0 ? 1 : 0),
      movements,
      launches,
      pastLaunches,
      purchaseOrders,
      reservations,
      firstDay: start.toISOString().slice(0, 10),
      lastDay: new Date(end).toISOString().slice(0, 10),
      elapsedMs: Math.round(performance.now() - t0),
    };
  });
}

/** The product the demo launches, and the one its launch forecast is modelled on. */
export const DEMO_LAUNCH = { code: 'TEE-LONGORG-BLA-M', name: 'Organic Long Sleeve, Black, M', analogue: 'TEE-LONGSLEE-BLA-M', share: 0.6, inDays: 14 };

/**
 * A product about to launch, so the demo shows a launch forecast (docs/planning.md): an organic
 * long-sleeve tee, no history, launching two weeks after the last history day at the two
 * locations where its analogue sells most, at 60 % of the analogue's last eight weeks there.
 * Returns the launch forecasts set (0 when the analogue is not in the catalogue).
 */
async function seedLaunch(tx: Executor, skus: ReturnType<typeof generateSkus>, end: number, actor: string): Promise<number> {
  const analogue = skus.find((s) => s.code === DEMO_LAUNCH.analogue);
  if (!analogue) return 0;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const rows = await demandHistory(tx, { from: day(end - 55 * DAY_MS), to: day(end), skus: [analogue.code] });
  const perLocation = new Map<string, number>();
  for (const r of rows) perLocation.set(r.location, (perLocation.get(r.location) ?? 0) + r.demand);
  const top = [...perLocation].filter(([, units]) => units > 0).sort((a, b) => b[1] - a[1]).slice(0, 2);
  if (top.length === 0) return 0;
  await upsertSkus(tx, [{ code: DEMO_LAUNCH.code, name: DEMO_LAUNCH.name, unit: 'each', unitCost: analogue.unitCost, price: analogue.price, packSize: analogue.packSize, defaultSupplier: analogue.supplier, backordersAllowed: false, active: true, tags: [...analogue.tags, 'launch'] }]);
  const launchDay = day(end + DEMO_LAUNCH.inDays * DAY_MS);
  for (const [location, units] of top) {
    const rate = Math.max(0.1, Math.round((DEMO_LAUNCH.share * units * 10) / 56) / 10);
    await setLaunchForecast(
      tx,
      DEMO_LAUNCH.code,
      location,
      { ratePerDay: rate, cv: 0.6, launchDay, owner: 'demo', rationale: `${Math.round(DEMO_LAUNCH.share * 100)} % of ${analogue.code}'s last eight weeks at ${location} (${units} units); new fabric, so unsure` },
      { actor, today: day(end + DAY_MS) },
    );
  }
  return top.length;
}

/** Planners who made the demo's past launch forecasts, and how optimistic each was (median actual / stated). */
export const DEMO_LAUNCH_PLANNERS = [
  { owner: 'merch.ana', bias: 0.8 },
  { owner: 'merch.ben', bias: 1.05 },
] as const;

/**
 * The launch forecasts a planner made for the catalogue's products launched during the year, so
 * that the demo's launch review (docs/planning.md) has outcomes to judge: one per launched product,
 * at the location that sold most of it over its hand-over, made two weeks before its launch day
 * (recorded so: an estimate changed after the launch is left out of the review). Only launches
 * whose hand-over (DEFAULT 56 days) ended before the last history day: the plan has handed them
 * over to their own history, so these forecasts change no plan. The stated rate is the demand
 * model's own mean over the hand-over, divided by the planner's bias and a lognormal error of
 * sd 0.35 (each planner is off by about a third either way); the stated cv is 0.2, too small for
 * that error, which the review then says (coverage, a proposed cv).
 */
async function seedPastLaunches(tx: Executor, skus: ReturnType<typeof generateSkus>, startMs: number, end: number, actor: string, rng: Rng): Promise<number> {
  const HAND_OVER = 56;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  let n = 0;
  for (const sku of skus) {
    if (!(sku.launchDay > 0)) continue;
    const launchMs = startMs + sku.launchDay * DAY_MS;
    if (launchMs + HAND_OVER * DAY_MS > end) continue;
    // the location with the most expected demand over the hand-over, and its mean rate there
    let best: { location: string; rate: number } | null = null;
    for (const location of Object.keys(sku.channels)) {
      let units = 0;
      for (let d = 0; d < HAND_OVER; d++) units += meanDemand(sku, location, new Date(launchMs + d * DAY_MS), sku.launchDay + d);
      if (units > 0 && (!best || units / HAND_OVER > best.rate)) best = { location, rate: units / HAND_OVER };
    }
    if (!best) continue;
    const planner = DEMO_LAUNCH_PLANNERS[n % DEMO_LAUNCH_PLANNERS.length];
    const stated = Math.max(0.05, Math.round((best.rate / planner.bias) * Math.exp(0.35 * rng.normal()) * 100) / 100);
    await setLaunchForecast(
      tx,
      sku.code,
      best.location,
      { ratePerDay: stated, cv: 0.2, launchDay: day(launchMs), handOverDays: HAND_OVER, owner: planner.owner, rationale: `new ${sku.category} product: rate of its closest siblings at launch at ${best.location}` },
      { actor, today: day(launchMs - 14 * DAY_MS), now: new Date(launchMs - 14 * DAY_MS).toISOString() },
    );
    n++;
  }
  return n;
}

/** Alias under the name `stockloop init --demo` looks for first. */
export const seedDemoData = seedDemo;
