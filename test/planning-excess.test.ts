/**
 * Excess stock and transfers in a plan run (src/planning/excess.ts), on both databases: stock
 * beyond the run's excess horizon is reported per line and for the run (dead stock apart), and a
 * location's excess on hand is moved to the same SKU's order at another location of its transfer
 * region before anything is bought.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocation, updateLocation } from '../src/catalog/index.ts';
import { postMovements } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, errorOf, recsByPair, seedSmallCatalogue, sellDaily } from './planning-helpers.ts';
import { createTransfersFromRun, runPlan } from '../src/planning/index.ts';
import { cancelTransfer } from '../src/purchasing/index.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ctx = { actor: 'test', trigger: 'test' as const };


describe.each(testDatabases())('excess and transfers on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
    // WH2 sells CONST at 1 a day and holds 2,000 more: far beyond 180 days of its demand
    await createLocation(store, { code: 'WH2', name: 'Second warehouse' });
    await sellDaily(store, 'CONST', 'WH2', () => 1);
    await postMovements(store, [{ kind: 'receipt', sku: 'CONST', location: 'WH2', quantity: 2000, unitCost: 5_000_000, occurredAt: '2026-09-01T00:00:00Z' }], { actor: 'test' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('reports each line\'s excess (dead stock apart) and, without a transfer region, buys as before', async () => {
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const got = await recsByPair(store, run.id);
    const wh2 = got.get('CONST@WH2')!;
    const e = (wh2.explanation as any).excess;
    // keep = max(S, ceil(1 x 180 + safety stock)); everything above it is excess, all of it on hand
    expect(e.horizonDays).toBe(180);
    expect(e.keep).toBeGreaterThanOrEqual(Math.max(wh2.orderUpTo, 180));
    expect(e.keep).toBeLessThan(260);
    expect(e).toMatchObject({ units: wh2.inventoryPosition - e.keep, onHand: wh2.inventoryPosition - e.keep, inbound: 0, dead: false, valueMicros: (wh2.inventoryPosition - e.keep) * 5_000_000 });
    // IDLE: 50 on hand and no demand at all: dead stock, all of it excess
    expect((got.get('IDLE@WH1')!.explanation as any).excess).toMatchObject({ units: 50, onHand: 50, dead: true, valueMicros: 50_000_000, oldestDays: 120, agedUnits: 0 });
    // the age of the stock, from the FIFO lots: WH2's 2,000 came 28 days before the planning day
    expect(e).toMatchObject({ oldestDays: 28, agedUnits: 0 });
    expect(run.inputs!.excess!.agedValue).toBe(0);
    expect(run.inputs!.excess).toMatchObject({ horizonDays: 180, lines: 2, deadLines: 1, deadValue: 50_000_000, inboundValue: 0 });
    expect(run.inputs!.excess!.top.map((t) => `${t.sku}@${t.location}`)).toEqual(['CONST@WH2', 'IDLE@WH1']);
    expect(run.inputs!.excess!.value).toBe(e.valueMicros + 50_000_000);
    // no transfer region: WH1 buys CONST as it did
    expect(run.inputs!.transfers).toEqual([]);
    expect(got.get('CONST@WH1')!.suggestedQty).toBeGreaterThan(168);

    // a shorter horizon leaves more of WH2's stock as excess; a horizon out of range is refused
    const short = await runPlan(store, { asOf: AS_OF, threads: 0, excessDays: 60 }, ctx);
    expect((await recsByPair(store, short.id)).get('CONST@WH2')!.explanation).toMatchObject({ excess: { horizonDays: 60 } });
    expect(short.inputs!.excess!.units).toBeGreaterThan(run.inputs!.excess!.units);
    // ... and IDLE's 50, received 120 days ago, have been held longer than it
    expect((await recsByPair(store, short.id)).get('IDLE@WH1')!.explanation).toMatchObject({ excess: { oldestDays: 120, agedUnits: 50 } });
    expect(short.inputs!.excess!.agedValue).toBe(50_000_000);
    expect(await errorOf(runPlan(store, { asOf: AS_OF, excessDays: 10 }, ctx))).toMatchObject({ status: 400, details: { field: 'excessDays' } });
  });

  it('moves the excess to the same SKU\'s order within a transfer region before buying', async () => {
    const before = await recsByPair(store, (await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx)).id);
    const asked = before.get('CONST@WH1')!.suggestedQty;
    await updateLocation(store, 'WH1', { transferRegion: 'north' });
    await updateLocation(store, 'WH2', { transferRegion: 'north' });
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const got = await recsByPair(store, run.id);
    // WH2's excess covers WH1's whole order: nothing is bought
    expect(run.inputs!.transfers).toEqual([{ sku: 'CONST', from: 'WH2', to: 'WH1', quantity: asked, value: asked * 5_000_000, purchaseBefore: asked, purchaseAfter: 0, reason: 'excess' }]);
    const wh1 = got.get('CONST@WH1')!;
    expect(wh1.suggestedQty).toBe(0);
    const x = wh1.explanation as any;
    expect(x.transfers).toEqual({ in: [{ location: 'WH2', quantity: asked }], out: [] });
    expect(x.summary).toBe(`no purchase: ${asked} from WH2 (excess there) covers the need ${x.order.need} (position 0 <= reorder point ${wh1.reorderPoint}, 8.00/day)`);
    expect(x.order.rounding.at(-1)).toMatchObject({ rule: 'transfer', from: asked, to: 0 });
    expect((got.get('CONST@WH2')!.explanation as any).transfers).toEqual({ in: [], out: [{ location: 'WH1', quantity: asked }] });
    expect((got.get('CONST@WH2')!.explanation as any).notes.at(-1)).toBe(`transfer ${asked} of its excess to WH1, where the plan orders CONST`);
    // other SKUs and the run's value: only CONST's purchase is gone
    expect(got.get('PACK@WH1')!.suggestedQty).toBe(before.get('PACK@WH1')!.suggestedQty);
    expect(run.totalValue).toBe([...before.values()].reduce((t, r) => t + r.suggestedQty * r.unitCost, 0) - asked * 5_000_000);

    // the transfer created as a draft: the next run counts it (in at WH1, out at WH2) and proposes
    // nothing again, nor buys what it brings
    expect(await createTransfersFromRun(store, run.id, { actor: 'pat.planner' })).toMatchObject({ transfers: [{ number: `PLAN-${run.id}-WH2-WH1`, quantity: asked, created: true }] });
    const next = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    expect(next.inputs!.transfers).toEqual([]);
    const nx = await recsByPair(store, next.id);
    expect(nx.get('CONST@WH1')).toMatchObject({ suggestedQty: 0, inbound: asked, inventoryPosition: asked });
    expect((nx.get('CONST@WH1')!.explanation as any).notes).toContain(`draft transfers not shipped yet: ${asked} coming in (counted as inbound): PLAN-${run.id}-WH2-WH1`);
    expect(nx.get('CONST@WH2')).toMatchObject({ reserved: asked });
    expect((nx.get('CONST@WH2')!.explanation as any).excess.units).toBe((got.get('CONST@WH2')!.explanation as any).excess.units - asked);
    await cancelTransfer(store, `PLAN-${run.id}-WH2-WH1`, { actor: 'pat.planner' });

    // another region: no transfer
    await updateLocation(store, 'WH2', { transferRegion: 'south' });
    const apart = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    expect(apart.inputs!.transfers).toEqual([]);
    expect((await recsByPair(store, apart.id)).get('CONST@WH1')!.suggestedQty).toBe(asked);
  });
});
