import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { listLots, postMovements, valuation, verifyLedger, type MovementInput } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { openMigrated } from './ledger-support.ts';

const ctx = { actor: 'tester' };
const $ = (units: number) => Math.round(units * 1_000_000); // currency units -> micro-units
const rcv = (location: string, quantity: number, cost: number, day: string): MovementInput => ({ kind: 'receipt', sku: 'A', location, quantity, unitCost: $(cost), occurredAt: `${day}T09:00:00Z` });
const sale = (location: string, quantity: number, day: string): MovementInput => ({ kind: 'sale', sku: 'A', location, quantity, occurredAt: `${day}T15:00:00Z` });

describe.each(testDatabases())('FIFO lots and valuation on $name', (target) => {
  let store: Store;
  const value = async (location: string) => (await valuation(store, { location })).value;

  beforeEach(async () => {
    store = await openMigrated(target);
    await createSku(store, { code: 'A', name: 'Widget', unitCost: $(1.5) });
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await createLocation(store, { code: 'SHOP', name: 'Shop', kind: 'store' });
    await createLocation(store, { code: 'FBA', name: 'Amazon', kind: 'fba', negativeStockAllowed: true });
  });
  afterEach(async () => {
    await store.close();
  });

  it('consumes the oldest lots first and values the rest at their cost', async () => {
    await postMovements(store, [rcv('WH', 10, 2, '2026-01-01'), rcv('WH', 5, 3, '2026-01-02')], ctx);
    expect(await value('WH')).toBe($(35));
    const s1 = await postMovements(store, [sale('WH', 12, '2026-01-03')], ctx);
    expect(s1.movements[0].value).toBe(-$(10 * 2 + 2 * 3)); // 10 @ 2.00 + 2 @ 3.00
    expect(await value('WH')).toBe($(9)); // 3 @ 3.00 left
    await postMovements(store, [rcv('WH', 4, 2.5, '2026-01-04')], ctx);
    expect(await value('WH')).toBe($(19));
    const s2 = await postMovements(store, [sale('WH', 5, '2026-01-05')], ctx);
    expect(s2.movements[0].value).toBe(-$(3 * 3 + 2 * 2.5));
    const lots = (await listLots(store, { sku: 'A', location: 'WH' })).items;
    expect(lots.map((l) => [l.qtyRemaining, l.unitCost])).toEqual([[2, $(2.5)]]);
    expect((await listLots(store, { sku: 'A', includeExhausted: true })).items.map((l) => [l.qtyReceived, l.qtyRemaining])).toEqual([[10, 0], [5, 0], [4, 2]]);
    expect(await value('WH')).toBe($(5));
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('orders a backdated receipt by its receipt date', async () => {
    await postMovements(store, [rcv('WH', 2, 4, '2026-02-10'), rcv('WH', 2, 1, '2026-02-01')], ctx);
    const s = await postMovements(store, [sale('WH', 3, '2026-02-11')], ctx);
    expect(s.movements[0].value).toBe(-$(2 * 1 + 1 * 4));
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('handles negative stock with a negative lot at the last known cost, filled by the next receipt', async () => {
    await postMovements(store, [rcv('FBA', 2, 2.5, '2026-01-01')], ctx);
    const s = await postMovements(store, [sale('FBA', 5, '2026-01-02')], ctx);
    // 2 @ 2.50 from the lot, 3 short valued at the last known cost 2.50
    expect(s.movements[0]).toMatchObject({ value: -$(5 * 2.5), unitCost: $(2.5) });
    expect((await valuation(store, { location: 'FBA' })).byLocation[0]).toMatchObject({ quantity: -3, value: -$(7.5) });
    const r = await postMovements(store, [rcv('FBA', 5, 4, '2026-01-03')], ctx);
    expect(r.movements[0].value).toBe($(3 * 2.5 + 2 * 4)); // fills the negative lot at its cost, opens 2 @ 4.00
    expect((await listLots(store, { location: 'FBA' })).items.map((l) => [l.qtyRemaining, l.unitCost])).toEqual([[2, $(4)]]);
    expect(await value('FBA')).toBe($(8));
    // without any lot the SKU's standard cost (1.50) is the fallback
    await postMovements(store, [{ kind: 'sale', sku: 'A', location: 'FBA', quantity: 3 }], ctx);
    await createSku(store, { code: 'N', name: 'New', unitCost: $(1.5) });
    const n = await postMovements(store, [{ kind: 'sale', sku: 'N', location: 'FBA', quantity: 2 }], ctx);
    expect(n.movements[0]).toMatchObject({ unitCost: $(1.5), value: -$(3) });
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('moves lots with their FIFO cost and receipt date through transfers', async () => {
    await postMovements(store, [rcv('WH', 3, 1, '2026-01-01'), rcv('WH', 5, 2, '2026-01-05')], ctx);
    const out = await postMovements(store, [{ kind: 'transfer_out', sku: 'A', location: 'WH', quantity: 4, toLocation: 'SHOP', occurredAt: '2026-01-10' }], ctx);
    expect(out.movements[0].value).toBe(-$(3 * 1 + 1 * 2));
    const v = await valuation(store);
    expect(v).toMatchObject({ value: $(8), quantity: 4, inTransitQuantity: 4, inTransitValue: $(5) });
    expect(v.byLocation.find((l) => l.location === 'SHOP')).toMatchObject({ quantity: 0, inTransitQuantity: 4, inTransitValue: $(5) });
    const inn = await postMovements(store, [{ kind: 'transfer_in', sku: 'A', location: 'SHOP', quantity: 2, fromLocation: 'WH', occurredAt: '2026-01-12' }], ctx);
    expect(inn.movements[0].value).toBe($(2 * 1)); // the oldest transit lot first
    await postMovements(store, [{ kind: 'transfer_in', sku: 'A', location: 'SHOP', quantity: 2, fromLocation: 'WH', occurredAt: '2026-01-13' }], ctx);
    const shop = (await listLots(store, { location: 'SHOP', inTransit: false })).items;
    expect(shop.map((l) => [l.qtyRemaining, l.unitCost, l.receivedAt.slice(0, 10)])).toEqual([[2, $(1), '2026-01-01'], [1, $(1), '2026-01-01'], [1, $(2), '2026-01-05']]);
    expect(await value('SHOP')).toBe($(5));
    expect((await valuation(store)).inTransitQuantity).toBe(0);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('buckets stock by age since receipt', async () => {
    await postMovements(store, [rcv('WH', 1, 1, '2026-01-01'), rcv('WH', 2, 1, '2026-05-01'), rcv('WH', 3, 1, '2026-06-10')], ctx);
    const v = await valuation(store, { asOf: '2026-06-15T00:00:00Z' });
    expect(v.aging.map((b) => [b.bucket, b.quantity])).toEqual([['0-30', 3], ['31-60', 2], ['61-90', 0], ['91-180', 1], ['181-365', 0], ['>365', 0]]);
    expect(v.aging.reduce((s, b) => s + b.value, 0)).toBe(v.value);
  });

  it('verifyLedger reports a corrupted balance and a corrupted lot', async () => {
    await postMovements(store, [rcv('WH', 10, 2, '2026-01-01'), sale('WH', 4, '2026-01-02'), { kind: 'inbound', sku: 'A', location: 'WH', quantity: 7 }], ctx);
    expect((await verifyLedger(store)).differences).toEqual([]);
    await store.db.updateTable('balances').set({ on_hand: 42, inbound: 1 }).execute();
    await store.db.updateTable('lots').set({ qty_remaining: 5 }).execute();
    const { differences, checked } = await verifyLedger(store);
    expect(checked).toMatchObject({ movements: 3, balances: 1, lots: 1 });
    expect(differences).toEqual(
      expect.arrayContaining([
        { table: 'balances', sku: 'A', location: 'WH', field: 'on_hand', expected: 6, actual: 42 },
        { table: 'balances', sku: 'A', location: 'WH', field: 'inbound', expected: 7, actual: 1 },
        expect.objectContaining({ table: 'lots', sku: 'A', location: 'WH', expected: 6, actual: 5 }),
      ]),
    );
    expect(differences.length).toBe(3);
  });
});
