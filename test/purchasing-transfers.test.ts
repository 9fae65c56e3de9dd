import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { getBalances, listLots, listMovements, postMovements, verifyLedger } from '../src/ledger/index.ts';
import { cancelTransfer, createTransfer, getTransfer, listTransfers, receiveTransfer, shipTransfer } from '../src/purchasing/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { errorOf } from './helpers/errors.ts';

const op = { actor: 'op' };

async function balance(store: Store, sku: string, location: string) {
  return (await getBalances(store, { skus: [sku], locations: [location] })).items[0] ?? { onHand: 0, inbound: 0 };
}

describe.each(testDatabases())('transfers on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await createLocation(store, { code: 'FBA', name: 'Amazon FBA', kind: 'fba' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_000_000 });
    await createSku(store, { code: 'CAP', name: 'Cap', unitCost: 3_000_000 });
    await postMovements(
      store,
      [
        { kind: 'receipt', sku: 'MUG', location: 'WH', quantity: 50, unitCost: 2_000_000 },
        { kind: 'receipt', sku: 'CAP', location: 'WH', quantity: 20, unitCost: 3_000_000 },
      ],
      op,
    );
  });
  afterEach(async () => {
    await store.close();
  });

  it('ships (in transit = inbound at the destination) and receives in full', async () => {
    const t = await createTransfer(store, { number: 'T1', from: 'WH', to: 'FBA', lines: [{ sku: 'MUG', quantity: 30 }, { sku: 'CAP', quantity: 5 }] }, op);
    expect(t.status).toBe('draft');
    expect((await balance(store, 'MUG', 'WH')).onHand).toBe(50); // a draft moves nothing

    await shipTransfer(store, 'T1', op);
    expect(await balance(store, 'MUG', 'WH')).toMatchObject({ onHand: 20 });
    expect(await balance(store, 'MUG', 'FBA')).toMatchObject({ onHand: 0, inbound: 30 });

    const r = await receiveTransfer(store, 'T1', op);
    expect(r.status).toBe('received');
    expect(await balance(store, 'MUG', 'FBA')).toMatchObject({ onHand: 30, inbound: 0 });
    expect(await balance(store, 'CAP', 'FBA')).toMatchObject({ onHand: 5, inbound: 0 });
    expect(r.lines.every((l) => l.discrepancyQty === 0)).toBe(true);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('records a shortfall as a discrepancy, written off as transfer_loss: inbound back to 0, loss visible', async () => {
    await createTransfer(store, { number: 'T2', from: 'WH', to: 'FBA', lines: [{ sku: 'MUG', quantity: 30 }] }, op);
    await shipTransfer(store, 'T2', op, { lines: [{ sku: 'MUG', quantity: 28 }] }); // short pick
    expect(await balance(store, 'MUG', 'FBA')).toMatchObject({ inbound: 28 });
    const over = await errorOf(receiveTransfer(store, 'T2', op, { lines: [{ sku: 'MUG', quantity: 29 }] }));
    expect([over.status, over.code]).toEqual([422, 'TRANSFER_OVER_RECEIPT']);

    const r = await receiveTransfer(store, 'T2', op, { lines: [{ sku: 'MUG', quantity: 25 }] });
    expect(r.lines[0]).toMatchObject({ quantity: 30, shippedQty: 28, receivedQty: 25, discrepancyQty: 3 });
    expect(await balance(store, 'MUG', 'FBA')).toMatchObject({ onHand: 25, inbound: 0 });
    expect(await balance(store, 'MUG', 'WH')).toMatchObject({ onHand: 22 });
    const losses = (await listMovements(store, { location: 'FBA', kind: 'adjustment' })).items;
    expect(losses.map((m) => [m.quantity, m.reason, m.reference, m.value])).toEqual([[-3, 'transfer_loss', 'T2', -6_000_000]]);
    // Nothing is left in transit.
    expect((await listLots(store, { sku: 'MUG', inTransit: true })).items).toEqual([]);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('refuses invalid steps and shipping more than on hand', async () => {
    await createTransfer(store, { number: 'T3', from: 'WH', to: 'FBA', lines: [{ sku: 'MUG', quantity: 60 }] }, op);
    const short = await errorOf(shipTransfer(store, 'T3', op));
    expect([short.status, short.code]).toEqual([422, 'INSUFFICIENT_STOCK']);
    expect((await getTransfer(store, 'T3')).status).toBe('draft');
    expect((await errorOf(receiveTransfer(store, 'T3', op))).code).toBe('TRANSFER_INVALID_TRANSITION');
    await cancelTransfer(store, 'T3', op);
    expect((await errorOf(shipTransfer(store, 'T3', op))).code).toBe('TRANSFER_INVALID_TRANSITION');
    expect((await errorOf(createTransfer(store, { from: 'WH', to: 'WH', lines: [{ sku: 'MUG', quantity: 1 }] }, op))).status).toBe(400);
    const auto = await createTransfer(store, { from: 'WH', to: 'FBA', lines: [{ sku: 'CAP', quantity: 1 }] }, op);
    expect(auto.number).toMatch(/^TR-\d{6}$/);
    expect((await listTransfers(store, { filters: { status: 'cancelled' } })).items.map((t) => t.number)).toEqual(['T3']);
  });
});
