import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { fulfil, getBalances, getReservation, listMovements, listReservations, postMovements, release, reserve, verifyLedger } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { openMigrated } from './ledger-support.ts';

const ctx = { actor: 'shop' };

describe.each(testDatabases())('reservations on $name', (target) => {
  let store: Store;
  const bal = async (sku: string, location = 'WH') => (await getBalances(store, { skus: [sku], locations: [location] })).items[0];

  beforeEach(async () => {
    store = await openMigrated(target);
    await createSku(store, { code: 'A', name: 'Widget' });
    await createSku(store, { code: 'B', name: 'Gadget' });
    await createSku(store, { code: 'PRE', name: 'Pre-order', backordersAllowed: true });
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await postMovements(store, [{ kind: 'receipt', sku: 'A', location: 'WH', quantity: 10, unitCost: 1 }, { kind: 'receipt', sku: 'B', location: 'WH', quantity: 2, unitCost: 1 }], ctx);
  });
  afterEach(async () => {
    await store.close();
  });

  it('reserves all lines or none, summing lines of the same SKU and location', async () => {
    const err = await reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 3 }, { sku: 'B', location: 'WH', quantity: 2 }, { sku: 'B', location: 'WH', quantity: 1 }] }, ctx).catch((e) => e);
    expect(err).toMatchObject({ code: 'INSUFFICIENT_AVAILABLE', status: 422, details: { index: 1, sku: 'B', location: 'WH', available: 2, requested: 3 } });
    expect(await bal('A')).toMatchObject({ reserved: 0, available: 10 });
    const r = await reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 3 }, { sku: 'B', location: 'WH', quantity: 1 }, { sku: 'A', location: 'WH', quantity: 4 }], reference: 'ORDER-1' }, ctx);
    expect(r).toMatchObject({ status: 'open', reference: 'ORDER-1', replayed: false });
    expect(r.lines).toEqual([
      { sku: 'A', location: 'WH', quantity: 7, fulfilled: 0, released: 0, open: 7, backordered: 0 },
      { sku: 'B', location: 'WH', quantity: 1, fulfilled: 0, released: 0, open: 1, backordered: 0 },
    ]);
    expect(await bal('A')).toMatchObject({ onHand: 10, reserved: 7, available: 3 });
    await expect(reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 4 }] }, ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_AVAILABLE', details: { available: 3 } });
    await expect(reserve(store, { lines: [] }, ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 1.5 }] }, ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(reserve(store, { lines: [{ sku: 'A', location: 'NOWHERE', quantity: 1 }] }, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('backorders beyond available stock when the SKU allows it', async () => {
    const r = await reserve(store, { lines: [{ sku: 'PRE', location: 'WH', quantity: 5 }] }, ctx);
    expect(r.lines[0]).toMatchObject({ quantity: 5, backordered: 5 });
    expect(await bal('PRE')).toMatchObject({ onHand: 0, reserved: 5, available: -5 });
    await expect(fulfil(store, r.id, ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { sku: 'PRE', onHand: 0, requested: 5 } });
    await postMovements(store, [{ kind: 'receipt', sku: 'PRE', location: 'WH', quantity: 3, unitCost: 1 }], ctx);
    const part = await fulfil(store, r.id, ctx, { lines: [{ sku: 'PRE', location: 'WH', quantity: 3 }] });
    expect(part.lines[0]).toMatchObject({ fulfilled: 3, open: 2 });
    expect(await bal('PRE')).toMatchObject({ onHand: 0, reserved: 2, available: -2 });
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('fulfils by posting sales and consuming the reservation atomically', async () => {
    const r = await reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 4 }, { sku: 'B', location: 'WH', quantity: 2 }], reference: 'ORDER-7' }, ctx);
    const f = await fulfil(store, r.id, ctx, { occurredAt: '2026-04-01T12:00:00Z' });
    expect(f.status).toBe('fulfilled');
    expect(f.movements.map((m) => [m.kind, m.sku, m.quantity, m.reference, m.occurredAt])).toEqual([
      ['sale', 'A', 4, 'ORDER-7', '2026-04-01T12:00:00.000Z'],
      ['sale', 'B', 2, 'ORDER-7', '2026-04-01T12:00:00.000Z'],
    ]);
    expect(await bal('A')).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
    expect(await bal('B')).toMatchObject({ onHand: 0, reserved: 0 });
    expect((await listMovements(store, { reference: 'ORDER-7' })).items.length).toBe(2);
    await expect(fulfil(store, r.id, ctx)).rejects.toMatchObject({ code: 'RESERVATION_NOT_OPEN', status: 422 });
    await expect(fulfil(store, 999_999, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('a failed fulfilment changes nothing', async () => {
    const r = await reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 4 }, { sku: 'B', location: 'WH', quantity: 2 }] }, ctx);
    // stock of B disappears (physical correction), so shipping B fails and A must not ship either
    await postMovements(store, [{ kind: 'count_correction', sku: 'B', location: 'WH', quantity: -2, reason: 'cycle count' }], ctx);
    await expect(fulfil(store, r.id, ctx)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { sku: 'B' } });
    expect(await bal('A')).toMatchObject({ onHand: 10, reserved: 4 });
    expect((await getReservation(store, r.id)).status).toBe('open');
    // the part that can ship, ships (its units were reserved: no availability check)
    const f = await fulfil(store, r.id, ctx, { lines: [{ sku: 'A', location: 'WH', quantity: 4 }] });
    expect(f.status).toBe('open');
    expect(await bal('B')).toMatchObject({ onHand: 0, reserved: 2, available: -2 });
  });

  it('releases all or part, then closes', async () => {
    const r = await reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 5 }, { sku: 'B', location: 'WH', quantity: 1 }] }, ctx);
    await expect(release(store, r.id, ctx, { lines: [{ sku: 'A', location: 'WH', quantity: 6 }] })).rejects.toMatchObject({ code: 'RESERVATION_LINE_EXCEEDED', details: { open: 5, requested: 6 } });
    await expect(release(store, r.id, ctx, { lines: [{ sku: 'PRE', location: 'WH', quantity: 1 }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const p = await release(store, r.id, ctx, { lines: [{ sku: 'A', location: 'WH', quantity: 2 }] });
    expect(p.lines[0]).toMatchObject({ released: 2, open: 3 });
    expect(await bal('A')).toMatchObject({ reserved: 3 });
    await fulfil(store, r.id, ctx, { lines: [{ sku: 'A', location: 'WH', quantity: 1 }] });
    const done = await release(store, r.id, ctx);
    expect(done.status).toBe('closed');
    expect(await bal('A')).toMatchObject({ onHand: 9, reserved: 0 });
    const r2 = await reserve(store, { lines: [{ sku: 'B', location: 'WH', quantity: 1 }] }, ctx);
    expect((await release(store, r2.id, ctx)).status).toBe('released');
    await expect(release(store, r2.id, ctx)).rejects.toMatchObject({ code: 'RESERVATION_NOT_OPEN' });
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('replays a reservation by idempotency key and refuses a different one', async () => {
    const input = { lines: [{ sku: 'A', location: 'WH', quantity: 2 }], reference: 'WEB-1', idempotencyKey: 'web-1' };
    const a = await reserve(store, input, ctx);
    const b = await reserve(store, input, ctx);
    expect(b.replayed).toBe(true);
    expect(b.id).toBe(a.id);
    expect(await bal('A')).toMatchObject({ reserved: 2 });
    await expect(reserve(store, { ...input, lines: [{ sku: 'A', location: 'WH', quantity: 3 }] }, ctx)).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', status: 409 });
  });

  it('lists reservations newest first with filters', async () => {
    const r1 = await reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 1 }], reference: 'O-1' }, ctx);
    const r2 = await reserve(store, { lines: [{ sku: 'B', location: 'WH', quantity: 1 }], reference: 'O-2' }, ctx);
    await release(store, r1.id, ctx);
    expect((await listReservations(store)).items.map((r) => r.id)).toEqual([r2.id, r1.id]);
    expect((await listReservations(store, { status: 'open' })).items.map((r) => r.id)).toEqual([r2.id]);
    expect((await listReservations(store, { sku: 'A' })).items.map((r) => r.reference)).toEqual(['O-1']);
    const p1 = await listReservations(store, { limit: 1 });
    const p2 = await listReservations(store, { limit: 1, cursor: p1.nextCursor });
    expect(p2.items.map((r) => r.id)).toEqual([r1.id]);
    expect(p2.nextCursor).toBeNull();
  });
});
