import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { getBalances, listMovements, postMovements, reserve, verifyLedger, type MovementInput } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { openMigrated } from './ledger-support.ts';

const ctx = { actor: 'tester' };
const rcv = (sku: string, location: string, quantity: number, unitCost = 1_000_000): MovementInput => ({ kind: 'receipt', sku, location, quantity, unitCost });
const sale = (sku: string, location: string, quantity: number): MovementInput => ({ kind: 'sale', sku, location, quantity });

describe.each(testDatabases())('ledger posting on $name', (target) => {
  let store: Store;
  const bal = async (sku: string, location: string) => (await getBalances(store, { skus: [sku], locations: [location] })).items[0] ?? null;

  beforeEach(async () => {
    store = await openMigrated(target);
    await createSku(store, { code: 'A', name: 'Widget', unitCost: 500_000 });
    await createSku(store, { code: 'B', name: 'Gadget', backordersAllowed: true });
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await createLocation(store, { code: 'SHOP', name: 'Shop', kind: 'store' });
    await createLocation(store, { code: 'FBA', name: 'Amazon', kind: 'fba', negativeStockAllowed: true });
  });
  afterEach(async () => {
    await store.close();
  });

  it('posts movements and keeps balances', async () => {
    const r = await postMovements(store, [rcv('A', 'WH', 10), sale('A', 'WH', 3), { kind: 'adjustment', sku: 'A', location: 'WH', quantity: -2, reason: 'damaged' }, { kind: 'return', sku: 'A', location: 'WH', quantity: 1 }], ctx);
    expect(r.replayed).toEqual([false, false, false, false]);
    expect(r.movements.map((m) => m.kind)).toEqual(['receipt', 'sale', 'adjustment', 'return']);
    expect(r.movements[0]).toMatchObject({ sku: 'A', location: 'WH', quantity: 10, unitCost: 1_000_000, value: 10_000_000, actor: 'tester' });
    expect(new Set(r.movements.map((m) => m.id)).size).toBe(4);
    expect(await bal('A', 'WH')).toEqual({ sku: 'A', location: 'WH', onHand: 6, reserved: 0, available: 6, inbound: 0 });
    const listed = await listMovements(store, { sku: 'A' });
    expect(listed.items.map((m) => m.id)).toEqual(r.movements.map((m) => m.id));
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('applies a batch all or nothing', async () => {
    await postMovements(store, [rcv('A', 'WH', 5)], ctx);
    const err = await postMovements(store, [rcv('A', 'SHOP', 4), sale('A', 'WH', 3), sale('A', 'WH', 3)], ctx).catch((e) => e);
    expect(err).toMatchObject({ code: 'INSUFFICIENT_STOCK', status: 422, details: { index: 2, sku: 'A', location: 'WH', onHand: 2, requested: 3 } });
    expect(err.message).toContain('movements[2]');
    expect(await bal('A', 'SHOP')).toBeNull();
    expect((await bal('A', 'WH'))!.onHand).toBe(5);
    expect((await listMovements(store)).items.length).toBe(1);
    // unknown codes and bad input refuse the whole batch too
    await expect(postMovements(store, [rcv('A', 'WH', 1), rcv('NOPE', 'WH', 1)], ctx)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('NOPE') });
    await expect(postMovements(store, [rcv('A', 'WH', 1), { kind: 'sale', sku: 'A', location: 'WH', quantity: 0 }], ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { index: 1, field: 'quantity' } });
    await expect(postMovements(store, [{ kind: 'adjustment', sku: 'A', location: 'WH', quantity: 2 }], ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'reason' } });
    await expect(postMovements(store, [{ kind: 'sale', sku: 'A', location: 'WH', quantity: 1, unitCost: 5 }], ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'unitCost' } });
    await expect(postMovements(store, [{ kind: 'teleport', sku: 'A', location: 'WH', quantity: 1 } as never], ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'kind' } });
    await expect(postMovements(store, [], ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(postMovements(store, [rcv('A', 'WH', 1)], { actor: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await bal('A', 'WH'))!.onHand).toBe(5);
  });

  it('is idempotent: replay returns the first result, other content is a 409', async () => {
    const first = await postMovements(store, [{ ...rcv('A', 'WH', 7), idempotencyKey: 'po-1:line-1' }], ctx);
    const again = await postMovements(store, [{ ...rcv('A', 'WH', 7), idempotencyKey: 'po-1:line-1' }, { ...rcv('A', 'WH', 1), idempotencyKey: 'po-1:line-2' }], ctx);
    expect(again.replayed).toEqual([true, false]);
    expect(again.movements[0]).toEqual(first.movements[0]);
    expect((await bal('A', 'WH'))!.onHand).toBe(8);
    const err = await postMovements(store, [{ ...rcv('A', 'WH', 70), idempotencyKey: 'po-1:line-1' }], ctx).catch((e) => e);
    expect(err).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', status: 409, details: { index: 0, idempotencyKey: 'po-1:line-1', existingMovementId: first.movements[0].id } });
    // the same key twice in one batch: same content is applied once, different content is refused
    const dup = await postMovements(store, [{ ...sale('A', 'WH', 1), idempotencyKey: 'o-9' }, { ...sale('A', 'WH', 1), idempotencyKey: 'o-9' }], ctx);
    expect(dup.replayed).toEqual([false, true]);
    expect(dup.movements[1].id).toBe(dup.movements[0].id);
    await expect(postMovements(store, [{ ...sale('A', 'WH', 1), idempotencyKey: 'o-10' }, { ...sale('A', 'WH', 2), idempotencyKey: 'o-10' }], ctx)).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect((await bal('A', 'WH'))!.onHand).toBe(7);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('refuses negative stock except where the location allows it', async () => {
    await expect(postMovements(store, [sale('A', 'WH', 1)], ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { sku: 'A', location: 'WH', onHand: 0, requested: 1 } });
    await expect(postMovements(store, [{ kind: 'count_correction', sku: 'A', location: 'WH', quantity: -1, reason: 'count' }], ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    await postMovements(store, [sale('A', 'FBA', 4)], ctx);
    expect(await bal('A', 'FBA')).toMatchObject({ onHand: -4, available: -4 });
    await postMovements(store, [rcv('A', 'FBA', 10)], ctx);
    expect(await bal('A', 'FBA')).toMatchObject({ onHand: 6 });
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('does not sell reserved stock unless backorders or negative stock are allowed', async () => {
    await postMovements(store, [rcv('A', 'WH', 5), rcv('B', 'WH', 5)], ctx);
    await reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 4 }, { sku: 'B', location: 'WH', quantity: 4 }] }, ctx);
    await expect(postMovements(store, [sale('A', 'WH', 2)], ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_AVAILABLE', details: { available: 1, onHand: 5, reserved: 4, requested: 2 } });
    await postMovements(store, [sale('A', 'WH', 1)], ctx);
    await postMovements(store, [sale('B', 'WH', 3)], ctx); // B allows backorders
    expect(await bal('B', 'WH')).toMatchObject({ onHand: 2, reserved: 4, available: -2 });
    // a physical correction is never refused for reservations (only for negative on hand)
    await postMovements(store, [{ kind: 'adjustment', sku: 'A', location: 'WH', quantity: -2, reason: 'broken' }], ctx);
    expect(await bal('A', 'WH')).toMatchObject({ onHand: 2, reserved: 4, available: -2 });
  });

  it('moves transfers through transit: out raises inbound at the destination, in lowers it', async () => {
    await postMovements(store, [rcv('A', 'WH', 10)], ctx);
    const out = await postMovements(store, [{ kind: 'transfer_out', sku: 'A', location: 'WH', quantity: 6, toLocation: 'SHOP', reference: 'T-1' }], ctx);
    expect(out.movements[0]).toMatchObject({ toLocation: 'SHOP', fromLocation: null, value: -6_000_000 });
    expect(await bal('A', 'WH')).toMatchObject({ onHand: 4, inbound: 0 });
    expect(await bal('A', 'SHOP')).toMatchObject({ onHand: 0, inbound: 6 });
    await postMovements(store, [{ kind: 'transfer_in', sku: 'A', location: 'SHOP', quantity: 4, fromLocation: 'WH', reference: 'T-1' }], ctx);
    expect(await bal('A', 'SHOP')).toMatchObject({ onHand: 4, inbound: 2 });
    await expect(postMovements(store, [{ kind: 'transfer_in', sku: 'A', location: 'SHOP', quantity: 3, fromLocation: 'WH' }], ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_IN_TRANSIT', details: { inTransit: 2, requested: 3 } });
    await expect(postMovements(store, [{ kind: 'transfer_in', sku: 'A', location: 'SHOP', quantity: 1, fromLocation: 'FBA' }], ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_IN_TRANSIT', details: { inTransit: 0 } });
    await postMovements(store, [{ kind: 'transfer_in', sku: 'A', location: 'SHOP', quantity: 2 }], ctx);
    expect(await bal('A', 'SHOP')).toMatchObject({ onHand: 6, inbound: 0 });
    await expect(postMovements(store, [{ kind: 'transfer_out', sku: 'A', location: 'WH', quantity: 1, toLocation: 'WH' }], ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'toLocation' } });
    await expect(postMovements(store, [{ kind: 'transfer_out', sku: 'A', location: 'WH', quantity: 1 }], ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'toLocation' } });
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('tracks expected inbound from purchasing without touching on hand', async () => {
    await postMovements(store, [{ kind: 'inbound', sku: 'A', location: 'WH', quantity: 100, reference: 'PO-1' }], ctx);
    await postMovements(store, [{ kind: 'inbound', sku: 'A', location: 'WH', quantity: -40, reference: 'PO-1' }, rcv('A', 'WH', 40)], ctx);
    expect(await bal('A', 'WH')).toMatchObject({ onHand: 40, inbound: 60 });
    await expect(postMovements(store, [{ kind: 'inbound', sku: 'A', location: 'WH', quantity: -61 }], ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_INBOUND', details: { inbound: 60, requested: -61 } });
    // units in transit to a location are not purchase-order inbound: they cannot be cancelled away
    await postMovements(store, [rcv('A', 'SHOP', 5), { kind: 'transfer_out', sku: 'A', location: 'SHOP', quantity: 5, toLocation: 'WH' }], ctx);
    expect(await bal('A', 'WH')).toMatchObject({ inbound: 65 });
    await expect(postMovements(store, [{ kind: 'inbound', sku: 'A', location: 'WH', quantity: -61 }], ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_INBOUND', details: { inbound: 65, inTransit: 5 } });
    await postMovements(store, [{ kind: 'inbound', sku: 'A', location: 'WH', quantity: -60 }], ctx);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('joins a caller transaction and rolls back with it', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await postMovements({ db: trx, dialect: store.dialect }, [rcv('A', 'WH', 3)], ctx);
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await bal('A', 'WH')).toBeNull();
    expect((await listMovements(store)).items).toEqual([]);
    await store.db.transaction().execute(async (trx) => {
      await postMovements({ db: trx, dialect: store.dialect }, [rcv('A', 'WH', 3)], ctx);
      await postMovements({ db: trx, dialect: store.dialect }, [sale('A', 'WH', 1)], ctx);
    });
    expect(await bal('A', 'WH')).toMatchObject({ onHand: 2 });
  });

  it('pages movements and balances with filters', async () => {
    const ms: MovementInput[] = [];
    for (let d = 1; d <= 9; d++) ms.push({ ...rcv('A', d % 2 ? 'WH' : 'SHOP', d), occurredAt: `2026-03-0${d}T10:00:00Z` });
    await postMovements(store, ms, ctx);
    const got: number[] = [];
    let cursor: string | null = null;
    do {
      const p: Awaited<ReturnType<typeof listMovements>> = await listMovements(store, { cursor, limit: 4, from: '2026-03-02', to: '2026-03-09' });
      got.push(...p.items.map((m) => m.quantity));
      cursor = p.nextCursor;
    } while (cursor);
    expect(got).toEqual([2, 3, 4, 5, 6, 7, 8]);
    // newest first, across pages (two movements of one instant keep their id order, reversed)
    await postMovements(store, [{ ...rcv('A', 'WH', 10), occurredAt: '2026-03-08T10:00:00Z' }], ctx);
    const newest: number[] = [];
    cursor = null;
    do {
      const p: Awaited<ReturnType<typeof listMovements>> = await listMovements(store, { cursor, limit: 3, from: '2026-03-02', to: '2026-03-09', order: 'newest' });
      newest.push(...p.items.map((m) => m.quantity));
      cursor = p.nextCursor;
    } while (cursor);
    expect(newest).toEqual([10, 8, 7, 6, 5, 4, 3, 2]);
    await expect(listMovements(store, { order: 'sideways' as never })).rejects.toThrow(/order must be oldest or newest/);
    expect((await listMovements(store, { location: 'SHOP' })).items.map((m) => m.quantity)).toEqual([2, 4, 6, 8]);
    const b1 = await getBalances(store, { limit: 1 });
    const b2 = await getBalances(store, { limit: 1, cursor: b1.nextCursor });
    expect([b1.items[0].onHand + b2.items[0].onHand]).toEqual([55]); // 1..9 and the 10 above
    expect(b2.nextCursor).toBeNull();
    expect((await getBalances(store, { onlyNonZero: true, locations: ['FBA'] })).items).toEqual([]);
    await expect(listMovements(store, { from: 'yesterday' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
