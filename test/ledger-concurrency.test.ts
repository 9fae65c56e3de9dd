/**
 * Concurrent writers: the invariants hold in the database transaction, not in the callers.
 * On PostgreSQL 64 pooled connections race for the same rows (row locks taken in a fixed order,
 * deadlock/serialization retries, the unique idempotency key); on SQLite the single connection
 * serializes the same calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { getBalances, listMovements, postMovements, reserve, verifyLedger } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { openMigrated } from './ledger-support.ts';

const CLIENTS = 64;
const ctx = { actor: 'racer' };

describe.each(testDatabases())('ledger under concurrent writers on $name', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await openMigrated(target, { poolSize: CLIENTS });
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await createLocation(store, { code: 'SHOP', name: 'Shop' });
  });
  afterAll(async () => {
    await store.close();
  });

  const codesOf = (settled: PromiseSettledResult<unknown>[]) => settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason?.code);

  it(`${CLIENTS} clients reserving 1 unit of 50 available: exactly 50 succeed (x20)`, async () => {
    for (let round = 0; round < 20; round++) {
      const sku = `R-${round}`;
      await createSku(store, { code: sku, name: sku });
      await postMovements(store, [{ kind: 'receipt', sku, location: 'WH', quantity: 50, unitCost: 1 }], ctx);
      const settled = await Promise.allSettled(Array.from({ length: CLIENTS }, (_, i) => reserve(store, { lines: [{ sku, location: 'WH', quantity: 1 }], reference: `order-${i}` }, ctx)));
      expect(settled.filter((s) => s.status === 'fulfilled').length).toBe(50);
      expect(codesOf(settled)).toEqual(Array(CLIENTS - 50).fill('INSUFFICIENT_AVAILABLE'));
      const [b] = (await getBalances(store, { skus: [sku] })).items;
      expect(b).toMatchObject({ onHand: 50, reserved: 50, available: 0 });
    }
    expect((await verifyLedger(store)).differences).toEqual([]);
  }, 300_000);

  it(`${CLIENTS} clients selling 1 unit of 50 on hand: exactly 50 succeed`, async () => {
    await createSku(store, { code: 'SALE', name: 'sale' });
    await postMovements(store, [{ kind: 'receipt', sku: 'SALE', location: 'WH', quantity: 50, unitCost: 1 }], ctx);
    const settled = await Promise.allSettled(Array.from({ length: CLIENTS }, () => postMovements(store, [{ kind: 'sale', sku: 'SALE', location: 'WH', quantity: 1 }], ctx)));
    expect(settled.filter((s) => s.status === 'fulfilled').length).toBe(50);
    expect(codesOf(settled)).toEqual(Array(CLIENTS - 50).fill('INSUFFICIENT_STOCK'));
    expect((await getBalances(store, { skus: ['SALE'] })).items[0].onHand).toBe(0);
  });

  it('the same idempotency key from many clients is applied once', async () => {
    await createSku(store, { code: 'IDEM', name: 'idem' });
    const same = await Promise.all(Array.from({ length: 16 }, () => postMovements(store, [{ kind: 'receipt', sku: 'IDEM', location: 'WH', quantity: 5, unitCost: 1, idempotencyKey: 'race-1' }], ctx)));
    expect(same.filter((r) => !r.replayed[0]).length).toBe(1);
    expect(new Set(same.map((r) => r.movements[0].id)).size).toBe(1);
    const differing = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => postMovements(store, [{ kind: 'receipt', sku: 'IDEM', location: i % 2 ? 'WH' : 'SHOP', quantity: 1 + i, unitCost: 1, idempotencyKey: 'race-2' }], ctx)));
    expect(differing.filter((s) => s.status === 'fulfilled').length).toBe(1);
    expect(new Set(codesOf(differing))).toEqual(new Set(['IDEMPOTENCY_CONFLICT']));
    expect((await listMovements(store, { sku: 'IDEM' })).items.length).toBe(2);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('crossing transfers between two locations all complete without deadlock failures', async () => {
    const skus = ['X1', 'X2', 'X3'];
    for (const s of skus) await createSku(store, { code: s, name: s });
    await postMovements(store, skus.flatMap((s) => [{ kind: 'receipt' as const, sku: s, location: 'WH', quantity: 100, unitCost: 1 }, { kind: 'receipt' as const, sku: s, location: 'SHOP', quantity: 100, unitCost: 2 }]), ctx);
    const jobs = Array.from({ length: 32 }, (_, i) => {
      const [from, to] = i % 2 ? ['WH', 'SHOP'] : ['SHOP', 'WH'];
      const order = i % 3 ? skus : [...skus].reverse();
      return postMovements(store, order.map((s) => ({ kind: 'transfer_out' as const, sku: s, location: from, quantity: 1, toLocation: to })), ctx);
    });
    await Promise.all(jobs);
    const bs = (await getBalances(store, { skus })).items;
    for (const s of skus) {
      const wh = bs.find((x) => x.sku === s && x.location === 'WH')!;
      const shop = bs.find((x) => x.sku === s && x.location === 'SHOP')!;
      expect(wh.onHand + shop.onHand + wh.inbound + shop.inbound).toBe(200);
      expect([wh.onHand, shop.onHand]).toEqual([84, 84]);
    }
    expect((await verifyLedger(store)).differences).toEqual([]);
  });
});
