/**
 * Replenishment by transfer in a plan run (src/planning/replenishment-transfers.ts), on both
 * databases: a location replenished from another (FBA fed from the main warehouse) buys nothing;
 * what it asks for is sent from its source's available stock, the source counts those units as
 * reserved and forecasts the fed demand flowing through it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocation, updateLocation } from '../src/catalog/index.ts';
import { postMovements, transferTimes } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, recsByPair, seedSmallCatalogue, sellDaily } from './planning-helpers.ts';
import { createPurchaseOrdersFromRun, createTransfersFromRun, listRecommendations, recommendationCounts, runPlan } from '../src/planning/index.ts';
import { errorOf } from './helpers/errors.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ctx = { actor: 'test', trigger: 'test' as const };

describe.each(testDatabases())('replenishment by transfer on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
    // FBA sells CONST at 4 a day (WH1 at 8), no stock left
    await createLocation(store, { code: 'FBA', name: 'Amazon US', kind: 'fba' });
    await sellDaily(store, 'CONST', 'FBA', () => 4);
  });
  afterEach(async () => {
    await store.close();
  });

  const stockAtWh1 = (quantity: number) => postMovements(store, [{ kind: 'receipt', sku: 'CONST', location: 'WH1', quantity, unitCost: 5_000_000, occurredAt: '2026-09-28T09:00:00Z' }], { actor: 'test' });

  it('sends the fed location what it asks from its source, which buys for both', async () => {
    await stockAtWh1(300);
    const alone = await recsByPair(store, (await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx)).id);
    // without a source FBA buys from ACME like WH1, over its 21 days
    expect(alone.get('CONST@FBA')).toMatchObject({ supplier: 'ACME', leadTimeDays: 21 });
    expect(alone.get('CONST@FBA')!.suggestedQty).toBeGreaterThan(0);
    // 300 at WH1 cover its own 8/day over 21 days and its safety stock
    expect(alone.get('CONST@WH1')!.suggestedQty).toBe(0);

    await updateLocation(store, 'FBA', { replenishFrom: 'WH1', transferLeadTimeDays: 10 });
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const got = await recsByPair(store, run.id);
    const fba = got.get('CONST@FBA')!;
    const asked = (fba.explanation as any).replenishment.asked as number;
    // FBA: the lane's lead time, no supplier, nothing bought; what it needs (4/day over 10 days +
    // a week's review + safety stock) is sent from WH1
    expect(fba).toMatchObject({ supplier: null, leadTimeDays: 10, leadTimeSdDays: 0, suggestedQty: 0 });
    expect(asked).toBeGreaterThanOrEqual(4 * 10);
    expect(asked).toBeLessThan(4 * 30);
    const fx = fba.explanation as any;
    expect(fx.replenishment).toEqual({ from: 'WH1', asked, sent: asked, short: 0, leadTimeDays: 10, leadTimeSdDays: 0 });
    expect(fx.leadTime.source).toBe('transfer-lane');
    expect(fx.summary).toBe(`send ${asked} from WH1: position 0 <= reorder point ${fba.reorderPoint} (4.00/day), up to ${fba.orderUpTo}`);
    expect(fx.transfers).toEqual({ in: [{ location: 'WH1', quantity: asked }], out: [] });
    // WH1: FBA's demand flows through its forecast (8 + 4 a day), and the units sent are reserved
    const wh1 = got.get('CONST@WH1')!;
    expect(wh1.forecastPerDay).toBeCloseTo(12, 0);
    expect(wh1.reserved).toBe(asked);
    expect(wh1.inventoryPosition).toBe(300 - asked);
    expect((wh1.explanation as any).flowThrough).toEqual({ locations: ['FBA'], units: 480 });
    expect((wh1.explanation as any).transfers).toEqual({ in: [], out: [{ location: 'FBA', quantity: asked }] });
    expect((wh1.explanation as any).notes).toContain(`${asked} units to send to FBA (replenished from here) are counted as reserved`);
    // WH1 buys for both: 300 less what it sends are below 12/day over ACME's 21 days
    expect(wh1.reorderPoint).toBeGreaterThanOrEqual(12 * 21);
    expect(wh1.suggestedQty).toBeGreaterThan(0);
    expect(run.inputs!.transfers).toEqual([{ sku: 'CONST', from: 'WH1', to: 'FBA', quantity: asked, reason: 'replenishment', purchaseBefore: 0, purchaseAfter: 0, value: asked * 5_000_000 }]);
    expect(run.inputs!.replenishment).toEqual({ fedLocations: ['FBA'], lines: 1, asked, sent: asked, shortLines: 0, short: 0, value: asked * 5_000_000 });

    // the page's queries: counts, the lines to send, the most urgent first (paged by offset), a cut
    expect(await recommendationCounts(store, run.id)).toEqual({ all: got.size, toOrder: [...got.values()].filter((r) => r.finalQty > 0).length, cut: 0, toSend: 1 });
    expect((await listRecommendations(store, { filters: { run: run.id, toSend: true } })).items.map((r) => `${r.sku}@${r.location}`)).toEqual(['CONST@FBA']);
    const urgent = await listRecommendations(store, { filters: { run: run.id }, order: 'urgency', limit: 2 });
    expect(urgent.items.every((r) => r.finalQty > 0)).toBe(true);
    expect(urgent.nextOffset).toBe(2);
    const all: string[] = [];
    for (let offset: number | null | undefined = 0; offset !== null && offset !== undefined; ) {
      const page = await listRecommendations(store, { filters: { run: run.id }, order: 'urgency', limit: 2, offset });
      all.push(...page.items.map((r) => `${r.sku}@${r.location}`));
      offset = page.nextOffset;
    }
    expect(all.sort()).toEqual([...got.keys()].sort());
    expect(await errorOf(listRecommendations(store, { filters: { run: run.id }, order: 'urgency', cursor: 'x' }))).toMatchObject({ status: 400, details: { field: 'cursor' } });
    const budgeted = await runPlan(store, { asOf: AS_OF, threads: 0, budget: 100_000_000 }, ctx);
    const cutLines = (await listRecommendations(store, { filters: { run: budgeted.id, cut: true } })).items;
    expect(cutLines.length).toBe((await recommendationCounts(store, budgeted.id)).cut);
    expect(cutLines.length).toBeGreaterThan(0);
    expect(cutLines.every((r) => (r.explanation as any).budget.funded < (r.explanation as any).budget.asked)).toBe(true);

    // the POs hold WH1's line only; the transfer becomes a draft, which the next run counts
    const pos = await createPurchaseOrdersFromRun(store, run.id, {}, { actor: 'pat.planner' });
    expect(pos.purchaseOrders.map((p) => p.supplier)).toEqual(['ACME', 'BOLT']);
    expect(await createTransfersFromRun(store, run.id, { actor: 'pat.planner' })).toMatchObject({ transfers: [{ number: `PLAN-${run.id}-WH1-FBA`, from: 'WH1', to: 'FBA', quantity: asked, created: true }] });
    const next = await recsByPair(store, (await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx)).id);
    expect(next.get('CONST@FBA')).toMatchObject({ inbound: asked, suggestedQty: 0 });
    expect((next.get('CONST@FBA')!.explanation as any).summary).toMatch(/^nothing to send from WH1: position \d+ above reorder point/);
    expect(next.get('CONST@WH1')).toMatchObject({ reserved: asked });
  });

  it('sends what the source has, and the rest waits for its stock', async () => {
    await stockAtWh1(30);
    await updateLocation(store, 'FBA', { replenishFrom: 'WH1' });
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const fba = (await recsByPair(store, run.id)).get('CONST@FBA')!;
    const r = (fba.explanation as any).replenishment;
    // the default lane: 7 days
    expect(fba.leadTimeDays).toBe(7);
    expect(r).toMatchObject({ from: 'WH1', sent: 30, short: r.asked - 30 });
    expect(r.short).toBeGreaterThan(0);
    expect((fba.explanation as any).summary).toMatch(new RegExp(`^send 30 from WH1, ${r.short} short there \\(all it has available\\)`));
    expect(run.inputs!.replenishment).toMatchObject({ sent: 30, short: r.short, shortLines: 1 });
  });

  it('learns the lane\'s lead time from the shipments received on it', async () => {
    await stockAtWh1(300);
    await updateLocation(store, 'FBA', { replenishFrom: 'WH1', transferLeadTimeDays: 10, transferLeadTimeSdDays: 1 });
    await createLocation(store, { code: 'WH9', name: 'Other' });
    const ship = (ref: string, from: string, to: string, out: string, arrive: string | null) =>
      postMovements(
        store,
        [
          { kind: 'transfer_out', sku: 'CONST', location: from, toLocation: to, quantity: 2, occurredAt: `${out}T10:00:00Z`, reference: ref },
          ...(arrive ? [{ kind: 'transfer_in' as const, sku: 'CONST', location: to, fromLocation: from, quantity: 2, occurredAt: `${arrive}T09:00:00Z`, reference: ref }] : []),
        ],
        { actor: 'test' },
      );
    // two shipments: too few (3 by default), the configured 10 days stay
    await ship('T1', 'WH1', 'FBA', '2026-09-01', '2026-09-06');
    await ship('T2', 'WH1', 'FBA', '2026-09-05', '2026-09-14');
    let fba = (await recsByPair(store, (await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx)).id)).get('CONST@FBA')!;
    expect(fba).toMatchObject({ leadTimeDays: 10, leadTimeSdDays: 1 });
    expect((fba.explanation as any).leadTime).toMatchObject({ source: 'transfer-lane', observations: 2 });
    // a third, plus one not received yet and one on another lane (neither counts): 5, 9, 7 days
    await ship('T3', 'WH1', 'FBA', '2026-09-10', '2026-09-17');
    await ship('T4', 'WH1', 'FBA', '2026-09-20', null);
    await ship('T5', 'WH1', 'WH9', '2026-09-01', '2026-09-03');
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    fba = (await recsByPair(store, run.id)).get('CONST@FBA')!;
    expect(fba).toMatchObject({ leadTimeDays: 7, leadTimeSdDays: 2 });
    expect((fba.explanation as any).leadTime).toMatchObject({ source: 'transfer-history', observations: 3 });
    expect(run.inputs!.lanes).toEqual([{ from: 'WH1', to: 'FBA', source: 'transfer-history', meanDays: 7, sdDays: 2, n: 3 }]);
    expect(await transferTimes(store, { from: 'WH1', to: 'FBA', since: '2026-09-01' })).toEqual([
      { reference: 'T1', shippedAt: '2026-09-01T10:00:00.000Z', receivedAt: '2026-09-06T09:00:00.000Z', days: 5 },
      { reference: 'T2', shippedAt: '2026-09-05T10:00:00.000Z', receivedAt: '2026-09-14T09:00:00.000Z', days: 9 },
      { reference: 'T3', shippedAt: '2026-09-10T10:00:00.000Z', receivedAt: '2026-09-17T09:00:00.000Z', days: 7 },
    ]);
    expect(await transferTimes(store, { from: 'WH1', to: 'FBA', since: '2026-09-02' })).toHaveLength(2);
  });

  it('a run for one location reads its partners: the fed location sees its source\'s stock, the source the fed demand', async () => {
    await stockAtWh1(500);
    await updateLocation(store, 'FBA', { replenishFrom: 'WH1', transferLeadTimeDays: 10 });
    const fbaRun = await runPlan(store, { asOf: AS_OF, threads: 0, location: 'FBA' }, ctx);
    const fbaOnly = await recsByPair(store, fbaRun.id);
    expect([...fbaOnly.keys()]).toEqual(['CONST@FBA']);
    expect((fbaOnly.get('CONST@FBA')!.explanation as any).replenishment).toMatchObject({ sent: expect.any(Number), short: 0 });
    const whRun = await runPlan(store, { asOf: AS_OF, threads: 0, location: 'WH1' }, ctx);
    const whOnly = await recsByPair(store, whRun.id);
    expect([...whOnly.keys()].every((k) => k.endsWith('@WH1'))).toBe(true);
    expect(whOnly.get('CONST@WH1')!.forecastPerDay).toBeCloseTo(12, 0);
  });
});
