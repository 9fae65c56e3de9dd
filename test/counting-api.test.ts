import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../src/api/test-support.ts';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { postMovements } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

describe.each(testDatabases())('counting API on $name', (target) => {
  let store: Store;
  let api: TestApi;
  beforeEach(async () => {
    store = await target.open();
    api = await buildTestApi(store);
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_500_000 });
    await createSku(store, { code: 'PEN', name: 'Pen', unitCost: 500_000 });
    await postMovements(store, [{ kind: 'receipt', sku: 'MUG', location: 'WH', quantity: 50, unitCost: 2_500_000 }], { actor: 'seed' });
  });
  afterEach(async () => {
    await api.close();
    await store.close();
  });

  const call = (method: string, url: string, payload?: unknown, role: 'viewer' | 'operator' | 'planner' | 'admin' = 'operator') =>
    api.app.inject({ method: method as 'GET', url, headers: api.auth(role), payload: payload as object });

  it('runs a blind count: the sheet hides expectations, approval by a second person, posting', async () => {
    const started = await call('POST', '/api/v1/counts', { number: 'C1', location: 'WH', skus: ['MUG'], approval_value: '10.00', tolerance_units: 1 });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toEqual({ number: 'C1', location: 'WH', status: 'open', lines: [{ sku: 'MUG', status: 'pending', counted_qty: null, counted_at: null }] });

    const hidden = await call('GET', '/api/v1/counts/C1');
    expect([hidden.statusCode, hidden.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const entry = await call('POST', '/api/v1/counts/C1/entries', { lines: [{ sku: 'MUG', counted_qty: 44 }] });
    expect(entry.statusCode, entry.body).toBe(200);
    expect(entry.body).not.toMatch(/expected|variance|snapshot/);
    const sheet = await call('GET', '/api/v1/counts/C1/sheet', undefined, 'viewer');
    expect(sheet.json().lines[0]).toMatchObject({ sku: 'MUG', status: 'counted', counted_qty: 44 });

    const full = await call('GET', '/api/v1/counts/C1', undefined, 'planner');
    expect(full.json().lines[0]).toMatchObject({ snapshot_qty: 50, expected_qty: 50, variance_qty: -6, variance_value: '-15.00', needs_approval: true, within_tolerance: false });
    expect(full.json().summary).toMatchObject({ counted: 1, needs_approval: 1, variance_value: '-15.00' });

    const blocked = await call('POST', '/api/v1/counts/C1/post', {});
    expect([blocked.statusCode, blocked.json().error.code]).toEqual([422, 'APPROVAL_REQUIRED']);
    expect((await call('POST', '/api/v1/counts/C1/approve', {}, 'operator')).statusCode).toBe(403); // role
    const ok = await call('POST', '/api/v1/counts/C1/approve', {}, 'planner');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().lines[0].approved_by).toBe('test-planner');
    const twice = await call('POST', '/api/v1/counts/C1/approve', {}, 'admin');
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'ALREADY_APPROVED']);
    const posted = await call('POST', '/api/v1/counts/C1/post', { reason: 'cycle_count' });
    expect(posted.json()).toMatchObject({ status: 'posted' });
    const bal = await call('GET', '/api/v1/balances?sku=MUG&location=WH', undefined, 'viewer');
    expect(bal.json().items[0].on_hand).toBe(44);

    const acc = await call('GET', '/api/v1/counts/accuracy?location=WH', undefined, 'viewer');
    expect(acc.json().items).toEqual([{ location: 'WH', period: null, counted: 1, within_tolerance: 0, ira: 0 }]);
    const list = await call('GET', '/api/v1/counts?status=posted', undefined, 'viewer');
    expect(list.json().items.map((c: any) => [c.number, c.status, c.lines])).toEqual([['C1', 'posted', undefined]]);
  });

  it('refuses a SKU the location does not stock and serves the count plan', async () => {
    const r = await call('POST', '/api/v1/counts', { location: 'WH', skus: ['PEN'] });
    expect([r.statusCode, r.json().error.code]).toEqual([422, 'SKU_NOT_STOCKED']);
    expect((await call('GET', '/api/v1/counts/frequencies', undefined, 'viewer')).json()).toEqual({ A: 30, B: 91, C: 365 });
    expect((await call('PUT', '/api/v1/counts/frequencies', { C: 180 }, 'operator')).statusCode).toBe(403);
    expect((await call('PUT', '/api/v1/counts/frequencies', { C: 180 }, 'planner')).json()).toEqual({ A: 30, B: 91, C: 180 });
    const due = await call('GET', '/api/v1/counts/due?location=WH&today=2026-06-01', undefined, 'viewer');
    expect(due.json().items).toEqual([{ sku: 'MUG', abc_class: 'C', interval_days: 180, last_counted_day: null }]);
    const fromPlan = await call('POST', '/api/v1/counts', { location: 'WH', due: true, today: '2026-06-01' });
    expect(fromPlan.json().lines.map((l: any) => l.sku)).toEqual(['MUG']);
    const put = await call('PUT', '/api/v1/counts/abc-classes', { classes: [{ sku: 'MUG', abc_class: 'A' }] }, 'planner');
    expect(put.json()).toEqual({ updated: 1 });
  });
});
