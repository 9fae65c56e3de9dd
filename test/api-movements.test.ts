import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../src/api/test-support.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

describe.each(testDatabases())('API movements and balances on $name', (target) => {
  let store: Store;
  let api: TestApi;
  beforeEach(async () => {
    store = await target.open();
    api = await buildTestApi(store);
    const seed = [
      ['/api/v1/skus/bulk', { items: [{ code: 'A', name: 'Apple', unit_cost: '2' }, { code: 'B', name: 'Banana' }] }],
      [
        '/api/v1/locations/bulk',
        { items: [{ code: 'WH1', name: 'Main' }, { code: 'WH2', name: 'Second' }, { code: 'NEG', name: 'Lenient', negative_stock_allowed: true }] },
      ],
    ] as const;
    for (const [url, payload] of seed) {
      const r = await api.app.inject({ method: 'POST', url, headers: api.auth('planner'), payload });
      expect(r.statusCode, r.body).toBe(200);
    }
  });
  afterEach(async () => {
    await api.close();
    await store.close();
  });

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url: '/api/v1/movements', headers: { ...api.auth('operator'), ...headers }, payload: payload as object });
  const get = (url: string) => api.app.inject({ method: 'GET', url, headers: api.auth('viewer') });
  const balance = async (sku: string, location: string) => {
    const r = await get(`/api/v1/balances?sku=${sku}&location=${location}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items[0] ?? null;
  };
  const receipt = { kind: 'receipt', sku: 'A', location: 'WH1', quantity: 10, unit_cost: '1.50', reference: 'PO-1' };

  it('posts one movement, records the token as actor and updates the balance', async () => {
    const r = await post(receipt);
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body.replayed).toBe(false);
    expect(body.movement).toMatchObject({ kind: 'receipt', sku: 'A', location: 'WH1', quantity: 10, unit_cost: '1.50', value: '15.00', actor: 'test-operator', reference: 'PO-1' });
    expect(body.movement.id).toBeGreaterThan(0);
    expect(await balance('A', 'WH1')).toEqual({ sku: 'A', location: 'WH1', on_hand: 10, reserved: 0, available: 10, inbound: 0 });

    const sale = await post({ kind: 'sale', sku: 'A', location: 'WH1', quantity: 3 });
    expect(sale.statusCode).toBe(201);
    expect(sale.json().movement.value).toBe('-4.50');
    const skuBalances = (await get('/api/v1/skus/A/balances')).json();
    expect(skuBalances.items).toEqual([{ sku: 'A', location: 'WH1', on_hand: 7, reserved: 0, available: 7, inbound: 0 }]);
    expect((await get('/api/v1/skus/NOPE/balances')).statusCode).toBe(404);
  });

  it('serves the daily demand history of a SKU with its stockout days (GET /skus/:code/demand)', async () => {
    const at = (day: string) => `${day}T12:00:00Z`;
    const batch = [
      { ...receipt, occurred_at: at('2026-10-01') },
      { kind: 'sale', sku: 'A', location: 'WH1', quantity: 3, occurred_at: at('2026-10-01') },
      // sells out on the 2nd: a stockout day (censored), and so are the quiet days after it
      { kind: 'sale', sku: 'A', location: 'WH1', quantity: 7, occurred_at: at('2026-10-02') },
      { ...receipt, quantity: 5, occurred_at: at('2026-10-05') },
      { kind: 'sale', sku: 'A', location: 'WH1', quantity: 2, occurred_at: at('2026-10-06') },
      { kind: 'return', sku: 'A', location: 'WH1', quantity: 1, occurred_at: at('2026-10-06') },
      { ...receipt, location: 'WH2', occurred_at: at('2026-10-01') },
      { kind: 'sale', sku: 'A', location: 'WH2', quantity: 4, occurred_at: at('2026-10-03') },
    ];
    for (const m of batch) expect((await post(m)).statusCode).toBe(201);
    const r = await get('/api/v1/skus/A/demand?from=2026-10-01&to=2026-10-07');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      sku: 'A',
      from: '2026-10-01',
      to: '2026-10-07',
      items: [
        { location: 'WH1', day: '2026-10-01', demand: 3, stockout: false },
        { location: 'WH1', day: '2026-10-02', demand: 7, stockout: true },
        { location: 'WH1', day: '2026-10-03', demand: 0, stockout: true },
        { location: 'WH1', day: '2026-10-04', demand: 0, stockout: true },
        { location: 'WH1', day: '2026-10-05', demand: 0, stockout: true },
        { location: 'WH1', day: '2026-10-06', demand: 1, stockout: false },
        // a day with a movement is recorded even without demand (the receipt)
        { location: 'WH2', day: '2026-10-01', demand: 0, stockout: false },
        { location: 'WH2', day: '2026-10-03', demand: 4, stockout: false },
      ],
    });
    // one location; the default window is the 90 days up to `to`
    const wh2 = (await get('/api/v1/skus/A/demand?location=WH2&to=2026-10-31')).json();
    expect(wh2).toMatchObject({ from: '2026-08-03', to: '2026-10-31' });
    expect(wh2.items.map((x: { day: string }) => x.day)).toEqual(['2026-10-01', '2026-10-03']);
    // bad input names the field; unknown codes are 404
    const bad = async (q: string) => (await get(`/api/v1/skus/A/demand?${q}`)).json().error;
    expect(await bad('from=2026-10-08&to=2026-10-07')).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'from' } });
    expect(await bad('from=2023-01-01&to=2026-10-07')).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('at most 1095') });
    expect((await get('/api/v1/skus/A/demand?to=2026-13-45')).statusCode).toBe(400);
    expect((await get('/api/v1/skus/A/demand?to=yesterday')).statusCode).toBe(400);
    expect((await get('/api/v1/skus/NOPE/demand')).statusCode).toBe(404);
    expect((await get('/api/v1/skus/A/demand?location=NOPE')).statusCode).toBe(404);
  });

  it('applies an Idempotency-Key once, replays it, and refuses it for other content', async () => {
    const first = await post(receipt, { 'idempotency-key': 'grn-1' });
    expect(first.statusCode).toBe(201);
    const again = await post(receipt, { 'idempotency-key': 'grn-1' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json().replayed).toBe(true);
    expect(again.json().movement.id).toBe(first.json().movement.id);
    expect((await balance('A', 'WH1')).on_hand).toBe(10);

    const other = await post({ ...receipt, quantity: 11 }, { 'idempotency-key': 'grn-1' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_CONFLICT');

    const viaField = await post({ ...receipt, idempotency_key: 'grn-1' });
    expect(viaField.statusCode).toBe(200);
    const mismatch = await post({ ...receipt, idempotency_key: 'grn-2' }, { 'idempotency-key': 'grn-1' });
    expect(mismatch.statusCode).toBe(400);
    expect((await balance('A', 'WH1')).on_hand).toBe(10);
  });

  it('applies a batch atomically: one refused movement leaves everything unchanged', async () => {
    await post(receipt);
    const bad = await post({
      movements: [
        { kind: 'sale', sku: 'A', location: 'WH1', quantity: 4 },
        { kind: 'receipt', sku: 'B', location: 'WH1', quantity: 5, unit_cost: 1 },
        { kind: 'sale', sku: 'A', location: 'WH1', quantity: 7 },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { index: 2, sku: 'A', location: 'WH1' } });
    expect((await balance('A', 'WH1')).on_hand).toBe(10);
    expect(await balance('B', 'WH1')).toBeNull();
    expect((await get('/api/v1/movements')).json().items).toHaveLength(1);

    // A location that allows negative stock takes the same sale.
    const lenient = await post({ kind: 'sale', sku: 'B', location: 'NEG', quantity: 2 });
    expect(lenient.statusCode, lenient.body).toBe(201);
    expect((await balance('B', 'NEG')).on_hand).toBe(-2);
  });

  it('derives per-movement keys from a batch Idempotency-Key so the batch can be retried', async () => {
    const batch = { movements: [receipt, { kind: 'receipt', sku: 'B', location: 'WH2', quantity: 4, unit_cost: '0.25' }] };
    const first = await post(batch, { 'idempotency-key': 'import-7' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().applied).toBe(2);
    expect(first.json().movements.map((m: { idempotency_key: string }) => m.idempotency_key)).toEqual(['import-7:0', 'import-7:1']);
    const retry = await post(batch, { 'idempotency-key': 'import-7' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ applied: 0, replayed: [true, true] });
    expect((await balance('B', 'WH2')).on_hand).toBe(4);
  });

  it('takes a large batch and refuses one above 10,000 movements', async () => {
    const movements = Array.from({ length: 2000 }, (_, i) => ({ kind: 'receipt', sku: i % 2 ? 'A' : 'B', location: 'WH1', quantity: 1 + (i % 3), unit_cost: '1' }));
    const ok = await post({ movements });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(201);
    expect(ok.json().movements).toHaveLength(2000);
    const expectedA = movements.filter((m) => m.sku === 'A').reduce((s, m) => s + m.quantity, 0);
    expect((await balance('A', 'WH1')).on_hand).toBe(expectedA);

    const minimal = await post({ movements: movements.slice(0, 3) }, { prefer: 'return=minimal' });
    expect(minimal.statusCode).toBe(201);
    expect(minimal.headers['preference-applied']).toBe('return=minimal');
    expect(Object.keys(minimal.json()).sort()).toEqual(['applied', 'ids', 'replayed']);
    expect(minimal.json().ids).toHaveLength(3);
    const listed = (await get(`/api/v1/movements?limit=3&cursor=`)).json();
    expect(listed.items.length).toBe(3);

    const tooMany = await post({ movements: Array.from({ length: 10_001 }, () => receipt) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('body.movements must NOT have more than 10000 items');
  });

  it('lists the ledger oldest first with filters and cursor paging', async () => {
    await post({
      movements: [
        receipt,
        { kind: 'sale', sku: 'A', location: 'WH1', quantity: 1, reference: 'SO-1' },
        { kind: 'transfer_out', sku: 'A', location: 'WH1', quantity: 2, to_location: 'WH2' },
        { kind: 'sale', sku: 'A', location: 'WH1', quantity: 1, reference: 'SO-2' },
        { kind: 'adjustment', sku: 'A', location: 'WH1', quantity: -1, reason: 'damaged' },
      ],
    });
    const ids: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await get(`/api/v1/movements?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.statusCode).toBe(200);
      ids.push(...r.json().items.map((m: { id: number }) => m.id));
      cursor = r.json().next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(ids).toHaveLength(5);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    const sales = (await get('/api/v1/movements?kind=sale&sku=A')).json().items;
    expect(sales.map((m: { reference: string }) => m.reference)).toEqual(['SO-1', 'SO-2']);
    expect((await get('/api/v1/movements?reference=SO-2')).json().items).toHaveLength(1);
    expect((await get('/api/v1/movements?from=2000-01-01&to=2000-01-02')).json().items).toHaveLength(0);

    // transfer_out raised the destination's inbound; on hand at the source: 10 - 1 - 2 - 1 - 1.
    expect(await balance('A', 'WH1')).toMatchObject({ on_hand: 5 });
    expect(await balance('A', 'WH2')).toMatchObject({ on_hand: 0, inbound: 2 });
    const nonZero = (await get('/api/v1/balances?only_non_zero=true')).json().items;
    expect(nonZero.map((b: { sku: string; location: string }) => `${b.sku}@${b.location}`).sort()).toEqual(['A@WH1', 'A@WH2']);
    // nothing on hand at WH2 (2 in transit): the out-of-stock filter and the dashboard's counts agree with the rows
    const all = (await get('/api/v1/balances?limit=10000')).json().items as { sku: string; location: string; on_hand: number; available: number }[];
    const out = (await get('/api/v1/balances?out_of_stock=true')).json().items as { sku: string; location: string; on_hand: number }[];
    expect(out.map((b) => `${b.sku}@${b.location}`)).toEqual(all.filter((b) => b.on_hand <= 0).map((b) => `${b.sku}@${b.location}`));
    expect(out.map((b) => `${b.sku}@${b.location}`)).toContain('A@WH2');
    const summary = await get('/api/v1/reports/stock-summary');
    expect(summary.statusCode, summary.body).toBe(200);
    const skus = (await get('/api/v1/skus?limit=1000')).json().items as { active: boolean }[];
    const locations = (await get('/api/v1/locations?limit=1000')).json().items as { active: boolean }[];
    expect(summary.json()).toEqual({
      skus: skus.length,
      active_skus: skus.filter((s) => s.active).length,
      locations: locations.length,
      active_locations: locations.filter((l) => l.active).length,
      pairs: all.length,
      out_of_stock: all.filter((b) => b.on_hand <= 0).length,
      no_available: all.filter((b) => b.available <= 0).length,
    });
  });

  it('values stock FIFO in decimal-string money', async () => {
    await post({
      movements: [
        { kind: 'receipt', sku: 'A', location: 'WH1', quantity: 10, unit_cost: '1.50', occurred_at: '2026-01-01T00:00:00Z' },
        { kind: 'receipt', sku: 'A', location: 'WH1', quantity: 10, unit_cost: '2.25', occurred_at: '2026-01-02T00:00:00Z' },
        { kind: 'sale', sku: 'A', location: 'WH1', quantity: 12, occurred_at: '2026-01-03T00:00:00Z' },
      ],
    });
    const v = await get('/api/v1/reports/valuation');
    expect(v.statusCode, v.body).toBe(200);
    // FIFO: the 12 sold take 10 @ 1.50 and 2 @ 2.25; 8 @ 2.25 = 18.00 remain.
    expect(v.json()).toMatchObject({ value: '18.00', quantity: 8 });
    expect(v.json().by_location).toEqual([expect.objectContaining({ location: 'WH1', quantity: 8, value: '18.00' })]);
    const lots = (await get('/api/v1/lots?sku=A')).json().items;
    expect(lots).toEqual([expect.objectContaining({ qty_remaining: 8, unit_cost: '2.25' })]);
  });
});
