import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../src/api/test-support.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

describe.each(testDatabases())('API reservations on $name', (target) => {
  let store: Store;
  let api: TestApi;
  beforeEach(async () => {
    store = await target.open();
    api = await buildTestApi(store);
    const planner = api.auth('planner');
    await api.app.inject({ method: 'POST', url: '/api/v1/skus/bulk', headers: planner, payload: { items: [{ code: 'A', name: 'a' }, { code: 'BO', name: 'backorderable', backorders_allowed: true }] } });
    await api.app.inject({ method: 'POST', url: '/api/v1/locations', headers: planner, payload: { code: 'WH1', name: 'Main' } });
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/v1/movements',
      headers: api.auth('operator'),
      payload: { movements: [{ kind: 'receipt', sku: 'A', location: 'WH1', quantity: 10, unit_cost: '1' }] },
    });
    expect(r.statusCode, r.body).toBe(201);
  });
  afterEach(async () => {
    await api.close();
    await store.close();
  });

  const call = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    api.app.inject({ method: method as 'GET', url, headers: { ...api.auth('operator'), ...headers }, payload: payload as object });
  const balance = async (sku: string) => (await call('GET', `/api/v1/balances?sku=${sku}&location=WH1`)).json().items[0];

  it('reserves all lines or none, then fulfils part and releases the rest', async () => {
    const res = await call('POST', '/api/v1/reservations', { lines: [{ sku: 'A', location: 'WH1', quantity: 4 }, { sku: 'A', location: 'WH1', quantity: 2 }], reference: 'SO-9' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ status: 'open', reference: 'SO-9', actor: 'test-operator', replayed: false });
    expect(await balance('A')).toMatchObject({ on_hand: 10, reserved: 6, available: 4 });

    // 6 reserved + 5 > 10: refused, nothing reserved.
    const over = await call('POST', '/api/v1/reservations', { lines: [{ sku: 'A', location: 'WH1', quantity: 5 }] });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('INSUFFICIENT_AVAILABLE');
    expect((await balance('A')).reserved).toBe(6);

    const got = await call('GET', `/api/v1/reservations/${r.id}`, undefined, api.auth('viewer'));
    expect(got.statusCode).toBe(200);
    expect(got.json().lines.reduce((s: number, l: { open: number }) => s + l.open, 0)).toBe(6);

    const fulfilled = await call('POST', `/api/v1/reservations/${r.id}/fulfil`, { lines: [{ sku: 'A', location: 'WH1', quantity: 3 }] });
    expect(fulfilled.statusCode, fulfilled.body).toBe(200);
    expect(await balance('A')).toMatchObject({ on_hand: 7, reserved: 3, available: 4 });
    const sales = (await call('GET', '/api/v1/movements?kind=sale')).json().items;
    expect(sales).toEqual([expect.objectContaining({ sku: 'A', location: 'WH1', quantity: 3, actor: 'test-operator' })]);

    const released = await call('POST', `/api/v1/reservations/${r.id}/release`, {});
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().lines.every((l: { open: number }) => l.open === 0)).toBe(true);
    expect(await balance('A')).toMatchObject({ on_hand: 7, reserved: 0, available: 7 });

    const closedAgain = await call('POST', `/api/v1/reservations/${r.id}/fulfil`, {});
    expect(closedAgain.statusCode).toBe(422);
    expect((await call('POST', '/api/v1/reservations/999999/release', {})).statusCode).toBe(404);

    const list = (await call('GET', '/api/v1/reservations?reference=SO-9')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([r.id]);
  });

  it('allows backorders only where the SKU does, and replays an idempotent reservation', async () => {
    const bo = await call('POST', '/api/v1/reservations', { lines: [{ sku: 'BO', location: 'WH1', quantity: 3 }] }, { 'idempotency-key': 'order-77' });
    expect(bo.statusCode, bo.body).toBe(201);
    expect(bo.json().lines[0]).toMatchObject({ quantity: 3, backordered: 3 });
    const again = await call('POST', '/api/v1/reservations', { lines: [{ sku: 'BO', location: 'WH1', quantity: 3 }] }, { 'idempotency-key': 'order-77' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: bo.json().id, replayed: true });
    expect((await balance('BO')).reserved).toBe(3);

    const viewer = await call('POST', '/api/v1/reservations', { lines: [{ sku: 'A', location: 'WH1', quantity: 1 }] }, api.auth('viewer'));
    expect(viewer.statusCode).toBe(403);
    const unknown = await call('POST', '/api/v1/reservations', { lines: [{ sku: 'ZZZ', location: 'WH1', quantity: 1 }] });
    expect(unknown.statusCode).toBe(404);
    const zero = await call('POST', '/api/v1/reservations', { lines: [{ sku: 'A', location: 'WH1', quantity: 0 }] });
    expect(zero.statusCode).toBe(400);
  });
});
