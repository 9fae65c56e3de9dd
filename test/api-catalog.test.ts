import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../src/api/test-support.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

describe.each(testDatabases())('API master data on $name', (target) => {
  let store: Store;
  let api: TestApi;
  beforeEach(async () => {
    store = await target.open();
    api = await buildTestApi(store);
  });
  afterEach(async () => {
    await api.close();
    await store.close();
  });

  const call = (method: string, url: string, payload?: unknown, role: 'viewer' | 'planner' = 'planner') =>
    api.app.inject({ method: method as 'GET', url, headers: api.auth(role), payload: payload as object });

  it('creates, reads and patches a SKU with snake_case fields and decimal-string money', async () => {
    expect((await call('POST', '/api/v1/suppliers', { code: 'ACME', name: 'Acme Ltd', default_lead_time_days: 21, min_order_value: '250.5', moq: 100 })).statusCode).toBe(201);
    const created = await call('POST', '/api/v1/skus', {
      code: 'TEE-RED-M',
      name: 'T-shirt red M',
      unit_cost: '4.125',
      price: 19.99,
      pack_size: 12,
      default_supplier: 'ACME',
      tags: ['apparel', 'summer'],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'TEE-RED-M',
      name: 'T-shirt red M',
      unit: 'each',
      unit_cost: '4.125',
      price: '19.99',
      pack_size: 12,
      default_supplier: 'ACME',
      backorders_allowed: false,
      active: true,
      tags: ['apparel', 'summer'],
    });
    // Stored as integer micro-units.
    const row = await store.db.selectFrom('skus').selectAll().where('code', '=', 'TEE-RED-M').executeTakeFirstOrThrow();
    expect(Number((row as Record<string, unknown>).unit_cost)).toBe(4_125_000);

    const got = await call('GET', '/api/v1/skus/TEE-RED-M', undefined, 'viewer');
    expect(got.statusCode).toBe(200);
    expect(got.json().price).toBe('19.99');

    const patched = await call('PATCH', '/api/v1/skus/TEE-RED-M', { price: '21', active: false, default_supplier: null });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ price: '21.00', active: false, default_supplier: null, unit_cost: '4.125', name: 'T-shirt red M' });

    const supplier = await call('GET', '/api/v1/suppliers/ACME', undefined, 'viewer');
    expect(supplier.json()).toMatchObject({ code: 'ACME', default_lead_time_days: 21, min_order_value: '250.50', moq: 100, currency: 'USD' });
  });

  it('maps user errors to 4xx with the error envelope', async () => {
    await call('POST', '/api/v1/skus', { code: 'A', name: 'a' });
    const dup = await call('POST', '/api/v1/skus', { code: 'A', name: 'again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ALREADY_EXISTS');

    const missing = await call('GET', '/api/v1/skus/NOPE', undefined, 'viewer');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'NOT_FOUND' });
    expect(missing.json().error.message).toContain('NOPE');

    const unknownField = await call('POST', '/api/v1/skus', { code: 'B', name: 'b', unitCost: 3 });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.message).toContain('unknown field "unitCost"');

    const badMoney = await call('POST', '/api/v1/skus', { code: 'B', name: 'b', unit_cost: '1.1234567' });
    expect(badMoney.statusCode).toBe(400);
    expect(badMoney.json().error.message).toContain('unit_cost');

    const badSupplier = await call('POST', '/api/v1/skus', { code: 'B', name: 'b', default_supplier: 'GHOST' });
    expect(badSupplier.statusCode).toBe(404);
    expect(badSupplier.json().error.message).toContain('GHOST');

    const noName = await call('POST', '/api/v1/locations', { code: 'L1' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.message).toContain('missing required field "name"');

    const emptyPatch = await call('PATCH', '/api/v1/skus/A', {});
    expect(emptyPatch.statusCode).toBe(400);
  });

  it('pages a list with limit and an opaque cursor, and filters it', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({
      code: `SKU-${String(i).padStart(3, '0')}`,
      name: i % 2 ? `odd ${i}` : `even ${i}`,
      tags: i % 5 === 0 ? ['fives'] : [],
    }));
    const bulk = await call('POST', '/api/v1/skus/bulk', { items });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json()).toEqual({ created: 25, updated: 0 });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call('GET', `/api/v1/skus?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, 'viewer');
      expect(res.statusCode).toBe(200);
      const page = res.json();
      seen.push(...page.items.map((s: { code: string }) => s.code));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(items.map((i) => i.code));

    const fives = await call('GET', '/api/v1/skus?tag=fives', undefined, 'viewer');
    expect(fives.json().items.map((s: { code: string }) => s.code)).toEqual(['SKU-000', 'SKU-005', 'SKU-010', 'SKU-015', 'SKU-020']);
    const byCode = await call('GET', '/api/v1/skus?code=SKU-003,SKU-007', undefined, 'viewer');
    expect(byCode.json().items.map((s: { code: string }) => s.code)).toEqual(['SKU-003', 'SKU-007']);
    const q = await call('GET', '/api/v1/skus?q=odd%2011', undefined, 'viewer');
    expect(q.json().items.map((s: { code: string }) => s.code)).toEqual(['SKU-011']);

    const badCursor = await call('GET', '/api/v1/skus?cursor=not-a-cursor', undefined, 'viewer');
    expect(badCursor.statusCode).toBe(400);
    expect((await call('GET', '/api/v1/skus?limit=0', undefined, 'viewer')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/skus?limit=abc', undefined, 'viewer')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/skus?colour=red', undefined, 'viewer')).statusCode).toBe(400);
  });

  it('bulk upserts atomically: updates given fields, and one bad row changes nothing', async () => {
    await call('POST', '/api/v1/locations/bulk', { items: [{ code: 'WH1', name: 'Main', kind: 'warehouse' }, { code: 'FBA-US', name: 'FBA', kind: 'fba' }] });
    const up = await call('POST', '/api/v1/locations/bulk', { items: [{ code: 'WH1', negative_stock_allowed: true }, { code: 'STORE-1', name: 'Shop', kind: 'store' }] });
    expect(up.json()).toEqual({ created: 1, updated: 1 });
    const wh1 = (await call('GET', '/api/v1/locations/WH1', undefined, 'viewer')).json();
    expect(wh1).toMatchObject({ name: 'Main', kind: 'warehouse', negative_stock_allowed: true });

    const bad = await call('POST', '/api/v1/locations/bulk', { items: [{ code: 'NEW-1', name: 'n' }, { code: 'NEW-2', name: 'n', kind: 'moon' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('items[1].kind');
    const badRef = await call('POST', '/api/v1/skus/bulk', { items: [{ code: 'S1', name: 's' }, { code: 'S2', name: 's', default_supplier: 'NONE' }] });
    expect(badRef.statusCode).toBe(404);
    expect((await call('GET', '/api/v1/skus/S1', undefined, 'viewer')).statusCode).toBe(404);
    const list = (await call('GET', '/api/v1/locations', undefined, 'viewer')).json();
    expect(list.items.map((l: { code: string }) => l.code)).toEqual(['FBA-US', 'STORE-1', 'WH1']);
    const kind = (await call('GET', '/api/v1/locations?kind=fba', undefined, 'viewer')).json();
    expect(kind.items.map((l: { code: string }) => l.code)).toEqual(['FBA-US']);
  });
});
