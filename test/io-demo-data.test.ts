/**
 * seedDemo on SQLite and PostgreSQL: the demo catalogue, a year of history posted through the
 * ledger (balances, lots and demand history consistent: verifyLedger is clean), stockout days in
 * the demand history, open reservations, supplier POs placed and received through purchasing (with
 * learned lead times and POs in transit), a product about to launch with its launch forecasts, and
 * the same data on both databases for the same seed.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listLocations, listSuppliers } from '../src/catalog/index.ts';
import { DEMO_LAUNCH, seedDemo } from '../src/io/demo-data.ts';
import { listLaunchForecasts } from '../src/planning/index.ts';
import { leadTimeStats, listPurchaseOrders } from '../src/purchasing/index.ts';
import { demandHistory, getBalances, listReservations, valuation, verifyLedger } from '../src/ledger/index.ts';
import { testDatabases } from './helpers/databases.ts';

/** Digest of the stock state: identical for the same seed on any database. */
async function digest(store: Parameters<typeof getBalances>[0]): Promise<string> {
  const rows = (await getBalances(store, { limit: 10_000 })).items.map((b) => `${b.sku}|${b.location}|${b.onHand}|${b.reserved}|${b.inbound}`).sort();
  return crypto.createHash('sha256').update(rows.join('\n')).digest('hex');
}

const digests: Record<string, string> = {};

describe.each(testDatabases())('demo data on $name', (target) => {
  it('seeds a consistent, realistic year through the ledger', async () => {
    const store = await target.open();
    try {
      const r = await seedDemo(store, { endDate: '2026-06-30', days: 365, seed: 42 });
      expect(r).toMatchObject({ suppliers: 7, locations: 4, firstDay: '2025-07-01', lastDay: '2026-06-30' });
      expect(r.skus).toBeGreaterThanOrEqual(200);
      expect(r.movements).toBeGreaterThan(50_000);
      expect(r.reservations).toBeGreaterThan(5);
      // one product about to launch: two launch forecasts, two weeks out, and no history of its own
      expect(r.launches).toBe(2);
      const launches = await listLaunchForecasts(store, { sku: DEMO_LAUNCH.code });
      expect(launches.map((l) => [l.launchDay, l.cv, l.owner])).toEqual([
        ['2026-07-14', 0.6, 'demo'],
        ['2026-07-14', 0.6, 'demo'],
      ]);
      for (const l of launches) expect(l.ratePerDay).toBeGreaterThan(0);
      // the products launched during the year carry the launch forecasts their planners made two
      // weeks before the launch (so the launch review has outcomes), all handed over by the end
      expect(r.pastLaunches).toBeGreaterThan(5);
      const past = (await listLaunchForecasts(store)).filter((l) => l.sku !== DEMO_LAUNCH.code);
      expect(past).toHaveLength(r.pastLaunches);
      expect(new Set(past.map((l) => l.sku)).size).toBe(past.length);
      for (const l of past) {
        expect(['merch.ana', 'merch.ben']).toContain(l.owner);
        expect(l.updatedAt.slice(0, 10) < l.launchDay).toBe(true);
        expect(l.launchDay <= '2026-05-05').toBe(true); // 56 days of hand-over before 2026-06-30
        expect((await demandHistory(store, { from: l.launchDay, to: '2026-06-30', skus: [l.sku], locations: [l.location] })).length).toBeGreaterThan(0);
      }
      expect(await demandHistory(store, { from: '2025-07-01', to: '2026-06-30', skus: [DEMO_LAUNCH.code] })).toEqual([]);
      expect((await listSuppliers(store, { limit: 100 })).items.map((s) => s.defaultLeadTimeDays).sort((a, b) => a - b)).toEqual([6, 14, 30, 35, 42, 65, 80]);
      expect((await listLocations(store, { limit: 100 })).items.map((l) => l.kind).sort()).toEqual(['3pl', 'fba', 'warehouse', 'warehouse']);

      const check = await verifyLedger(store);
      expect(check.differences).toEqual([]);
      expect(check.checked.movements).toBe(r.movements);

      const history = await demandHistory(store, { from: '2025-07-01', to: '2026-06-30' });
      const stockoutDays = history.filter((d) => d.stockout === 1 && d.demand > 0).length;
      expect(stockoutDays).toBeGreaterThan(100); // real stockout periods (censored demand)
      expect(stockoutDays / history.length).toBeLessThan(0.1); // ... but not a broken supply chain
      const december = history.filter((d) => d.day.startsWith('2025-12')).reduce((s, d) => s + d.demand, 0);
      const march = history.filter((d) => d.day.startsWith('2026-03')).reduce((s, d) => s + d.demand, 0);
      expect(december).toBeGreaterThan(march);

      // supplier POs through purchasing: received ones with learned lead times, the last ones in transit
      expect(r.purchaseOrders).toBeGreaterThan(150);
      const placed = await listPurchaseOrders(store, { filters: { status: 'placed' }, limit: 500 });
      expect(placed.items.length).toBeGreaterThan(5);
      expect((await listPurchaseOrders(store, { filters: { status: 'received' }, limit: 500 })).items.length + placed.items.length).toBe(r.purchaseOrders);
      const inbound = (await getBalances(store, { limit: 10_000 })).items.reduce((sum, b) => sum + b.inbound, 0);
      expect(inbound).toBeGreaterThan(0);
      const packworks = await leadTimeStats(store, 'SUP-PACKWORKS');
      expect(packworks.overall.meanDays).toBeGreaterThan(70); // configured 80 +- 15, 5 % of POs badly late
      expect(packworks.crossing.independence).toBeGreaterThan(0.5); // each PO its own lead time: they overtake each other

      const open = await listReservations(store, { status: 'open' });
      expect(open.items.length).toBe(r.reservations);
      const v = await valuation(store);
      expect(v.value).toBeGreaterThan(0);
      expect(v.inTransitQuantity).toBeGreaterThanOrEqual(0);
      digests[target.name] = await digest(store);
      if (digests.sqlite && digests.postgres) expect(digests.postgres).toBe(digests.sqlite);
    } finally {
      await store.close();
    }
  }, 180_000);
});
