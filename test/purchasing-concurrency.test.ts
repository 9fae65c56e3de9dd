/**
 * Receiving invariants under concurrent requests: on PostgreSQL the requests really run in
 * parallel (a pool of connections); on SQLite the single connection serialises them. Either way the
 * database, not the happy path, keeps the invariants.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku, createSupplier } from '../src/catalog/index.ts';
import { getBalances, verifyLedger } from '../src/ledger/index.ts';
import { createPurchaseOrder, getPurchaseOrder, listReceipts, placePurchaseOrder, receivePurchaseOrder } from '../src/purchasing/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

const settle = (ps: Promise<unknown>[]) => Promise.allSettled(ps);
const codes = (rs: PromiseSettledResult<unknown>[]) => rs.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code ?? String(r.reason))).sort();

describe.each(testDatabases())('concurrent receiving on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open({ poolSize: 8 });
    await createSupplier(store, { code: 'ACME', name: 'Acme', receiptTolerancePct: 5 });
    await createLocation(store, { code: 'WH1', name: 'Main' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 1_000_000 });
    await createPurchaseOrder(store, { number: 'PO-C', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 100 }] }, { actor: 'b' });
    await placePurchaseOrder(store, 'PO-C', { actor: 'b' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('never lets simultaneous deliveries exceed the tolerance together', async () => {
    // Each fits alone (60 <= 105); any two together do not.
    const rs = await settle([1, 2, 3, 4].map((i) => receivePurchaseOrder(store, { po: 'PO-C', deliveryRef: `D${i}`, lines: [{ sku: 'MUG', quantity: 60 }] }, { actor: `clerk${i}` })));
    expect(codes(rs)).toEqual(['OVER_RECEIPT', 'OVER_RECEIPT', 'OVER_RECEIPT', 'ok']);
    const b = (await getBalances(store, { skus: ['MUG'] })).items[0];
    expect([b.onHand, b.inbound]).toEqual([60, 40]);
    expect((await getPurchaseOrder(store, 'PO-C')).lines[0].receivedQty).toBe(60);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('receives one delivery reference once, however many times it is sent at the same moment', async () => {
    const rs = await settle([1, 2, 3, 4].map(() => receivePurchaseOrder(store, { po: 'PO-C', deliveryRef: 'SAME', lines: [{ sku: 'MUG', quantity: 10 }] }, { actor: 'clerk' })));
    expect(codes(rs)).toEqual(['DUPLICATE_DELIVERY', 'DUPLICATE_DELIVERY', 'DUPLICATE_DELIVERY', 'ok']);
    expect((await listReceipts(store)).items).toHaveLength(1);
    expect((await getBalances(store, { skus: ['MUG'] })).items[0]).toMatchObject({ onHand: 10, inbound: 90 });
  });
});
