import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../src/api/test-support.ts';
import { createLocation, createSku, createSupplier } from '../src/catalog/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

describe.each(testDatabases())('purchasing API on $name', (target) => {
  let store: Store;
  let api: TestApi;
  beforeEach(async () => {
    store = await target.open();
    api = await buildTestApi(store);
    await createSupplier(store, { code: 'ACME', name: 'Acme', defaultLeadTimeDays: 14, receiptTolerancePct: 10 });
    await createLocation(store, { code: 'WH1', name: 'Main' });
    await createLocation(store, { code: 'FBA', name: 'FBA', kind: 'fba' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_500_000 });
  });
  afterEach(async () => {
    await api.close();
    await store.close();
  });

  const call = (method: string, url: string, payload?: unknown, role: 'viewer' | 'operator' | 'planner' = 'planner', headers: Record<string, string> = {}) =>
    api.app.inject({ method: method as 'GET', url, headers: { ...api.auth(role), ...headers }, payload: payload as object });
  const balance = async (sku: string, location: string) => (await call('GET', `/api/v1/balances?sku=${sku}&location=${location}`, undefined, 'viewer')).json().items[0];

  it('runs a PO from creation to receipt, with refusals, late flags and lead-time statistics', async () => {
    const created = await call('POST', '/api/v1/purchase-orders', {
      number: 'PO-1',
      supplier: 'ACME',
      place: true,
      lines: [{ sku: 'MUG', location: 'WH1', quantity: 100, unit_cost: '2.40', expected_date: '2026-01-05' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ number: 'PO-1', status: 'placed', total_value: '240.00', open_quantity: 100 });
    expect(created.json().lines[0]).toMatchObject({ unit_cost: '2.40', open_qty: 100, expected_date: '2026-01-05' });
    expect((await balance('MUG', 'WH1')).inbound).toBe(100);

    expect((await call('POST', '/api/v1/purchase-orders', { supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 1 }] }, 'operator')).statusCode).toBe(403);
    const late = await call('GET', '/api/v1/purchase-orders?late=true&today=2026-01-06', undefined, 'viewer');
    expect(late.json().items.map((p: any) => [p.number, p.late])).toEqual([['PO-1', true]]);

    const receipt = (ref: string, quantity: number, extra: object = {}) =>
      call('POST', '/api/v1/receipts', { po: 'PO-1', delivery_ref: ref, lines: [{ sku: 'MUG', quantity, ...extra }] }, 'operator');
    const over = await receipt('DN-1', 111);
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'OVER_RECEIPT', details: { limit: 110 } });
    const r1 = await receipt('DN-1', 60, { damaged: 1 });
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json()).toMatchObject({ po: 'PO-1', po_status: 'partially_received', delivery_ref: 'DN-1' });
    expect(r1.json().lines[0]).toMatchObject({ kind: 'matched', quantity: 60, damaged_qty: 1, posted_qty: 60, unit_cost: '2.40' });
    const dup = await receipt('DN-1', 5);
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'DUPLICATE_DELIVERY']);
    expect(await balance('MUG', 'WH1')).toMatchObject({ on_hand: 60, inbound: 39 });

    const lt = await call('GET', '/api/v1/suppliers/ACME/lead-time', undefined, 'viewer');
    expect(lt.statusCode, lt.body).toBe(200);
    expect(lt.json()).toMatchObject({ supplier: 'ACME', default_lead_time_days: 14, overall: { n: 1, mean_days: 0, sd_days: null } });
    expect(lt.json().by_sku).toEqual([expect.objectContaining({ sku: 'MUG', n: 1 })]);
    // one PO: no pair to judge order crossover by
    expect(lt.json().crossing).toEqual({ overlapping: 0, crossed: 0, expected: 0, independence: null });
    expect((await call('GET', '/api/v1/suppliers/NOPE/lead-time', undefined, 'viewer')).statusCode).toBe(404);
    const hist = await call('GET', '/api/v1/suppliers/ACME/lead-time/history', undefined, 'viewer');
    expect(hist.json().items).toEqual([{ sku: 'MUG', po: 'PO-1', receipt_id: r1.json().id, placed_day: expect.any(String), received_day: expect.any(String), lead_time_days: 0 }]);
    expect((await call('GET', '/api/v1/suppliers/NOPE/lead-time/history', undefined, 'viewer')).statusCode).toBe(404);

    const notDraft = await call('PATCH', '/api/v1/purchase-orders/PO-1', { note: 'late' });
    expect([notDraft.statusCode, notDraft.json().error.code]).toEqual([422, 'PO_NOT_DRAFT']);
    const closed = await call('POST', '/api/v1/purchase-orders/PO-1/close', { reason: 'rest cancelled by supplier' });
    expect(closed.json()).toMatchObject({ status: 'closed', end_reason: 'rest cancelled by supplier', open_quantity: 0 });
    expect((await balance('MUG', 'WH1')).inbound).toBe(0);
    expect((await call('GET', '/api/v1/receipts?po=PO-1', undefined, 'viewer')).json().items).toHaveLength(1);
  });

  it('imports a CSV body and reports bad rows', async () => {
    const good = await call('POST', '/api/v1/purchase-orders/import?place=true', 'po_number,supplier,sku,location,quantity,unit_cost,expected_date\nPO-7,ACME,MUG,WH1,12,2.5,2026-02-01\n', 'planner', {
      'content-type': 'text/csv',
    });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json()).toMatchObject({ created: 1, purchase_orders: [{ number: 'PO-7', status: 'placed', source: 'csv' }] });
    const bad = await call('POST', '/api/v1/purchase-orders/import', { csv: 'po_number,supplier,sku,location,quantity\nPO-8,ACME,MUG,WH1,x\n' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.details.errors).toEqual([{ line: 2, column: 'quantity', reason: 'quantity "x" is not a positive integer' }]);
  });

  it("flags and filters stale POs: open longer than twice the supplier's longest lead time (here its default, 14 days)", async () => {
    // and a draft (created now, never placed): stale a week after its creation
    const csv = 'po_number,supplier,sku,location,quantity,placed_day\nOLD,ACME,MUG,WH1,5,2026-01-10\nNEW,ACME,MUG,FBA,5,2026-02-20\nDRAFT,ACME,MUG,WH1,3,\n';
    expect((await call('POST', '/api/v1/purchase-orders/import', csv, 'planner', { 'content-type': 'text/csv' })).statusCode).toBe(201);
    const list = await call('GET', '/api/v1/purchase-orders?today=2026-03-01', undefined, 'viewer');
    expect(list.json().items.map((p: any) => [p.number, p.status, p.open_days, p.draft_days, p.stale, p.stale_after_days])).toEqual([
      ['OLD', 'placed', 50, null, true, 28],
      ['NEW', 'placed', 9, null, false, 28],
      ['DRAFT', 'draft', null, 0, false, 7],
    ]);
    const stale = await call('GET', '/api/v1/purchase-orders?stale=true&today=2026-03-01', undefined, 'viewer');
    expect(stale.json().items.map((p: any) => p.number)).toEqual(['OLD']);
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await call('GET', `/api/v1/purchase-orders/DRAFT?today=${inTenDays}`, undefined, 'viewer')).json()).toMatchObject({ status: 'draft', draft_days: 10, stale: true, stale_after_days: 7 });
    expect((await call('GET', `/api/v1/purchase-orders?stale=true&status=draft&today=${inTenDays}`, undefined, 'viewer')).json().items.map((p: any) => p.number)).toEqual(['DRAFT']);
    expect((await call('GET', '/api/v1/purchase-orders?placed_from=2026-02-01', undefined, 'viewer')).json().items.map((p: any) => p.number)).toEqual(['NEW']);
    expect((await call('GET', '/api/v1/purchase-orders?placed_from=2026-02-01&placed_to=2026-01-01', undefined, 'viewer')).json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'placedFrom' } });
    expect((await call('GET', '/api/v1/purchase-orders/OLD?today=2026-03-01', undefined, 'viewer')).json()).toMatchObject({ stale: true, open_days: 50 });
  });

  it('sends one PO as a CSV attachment that imports back', async () => {
    const csv = 'po_number,supplier,sku,location,quantity,unit_cost,expected_date,placed_day,received_day\nPO/7,ACME,MUG,WH1,12,2.50,2026-02-01,2026-01-10,\n';
    expect((await call('POST', '/api/v1/purchase-orders/import', csv, 'planner', { 'content-type': 'text/csv' })).statusCode).toBe(201);
    const res = await call('GET', `/api/v1/purchase-orders/${encodeURIComponent('PO/7')}/csv`, undefined, 'viewer');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="PO_7.csv"');
    expect(res.body).toBe(csv);
    const missing = await call('GET', '/api/v1/purchase-orders/NOPE/csv', undefined, 'viewer');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await call('GET', '/api/v1/purchase-orders/PO-7/csv', undefined, 'viewer', { authorization: '' })).statusCode).toBe(401);
  });

  it('creates a PO from suggestions and runs a transfer with a shortfall', async () => {
    const s = await call('POST', '/api/v1/purchase-orders/from-suggestions', {
      supplier: 'ACME',
      lines: [{ sku: 'MUG', location: 'WH1', suggested_qty: 50, quantity: 60, reason: 'promo next month' }],
    });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json().lines[0]).toMatchObject({ suggested_qty: 50, quantity: 60, override_reason: 'promo next month', override_by: 'test-planner' });
    const patched = await call('PATCH', `/api/v1/purchase-orders/${s.json().number}`, { lines: [{ sku: 'MUG', location: 'WH1', quantity: 60, unit_cost: '2.6' }] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().lines[0]).toMatchObject({ suggested_qty: 50, quantity: 60, unit_cost: '2.60', override_reason: 'promo next month' });
    await call('POST', `/api/v1/purchase-orders/${s.json().number}/place`, {});
    await call('POST', '/api/v1/receipts', { po: s.json().number, delivery_ref: 'D1', lines: [{ sku: 'MUG', quantity: 60 }] }, 'operator');

    const t = await call('POST', '/api/v1/transfers', { number: 'T-1', from: 'WH1', to: 'FBA', lines: [{ sku: 'MUG', quantity: 20 }] }, 'operator');
    expect(t.statusCode, t.body).toBe(201);
    expect((await call('POST', '/api/v1/transfers/T-1/ship', {}, 'operator')).json().status).toBe('shipped');
    expect(await balance('MUG', 'FBA')).toMatchObject({ on_hand: 0, inbound: 20 });
    const r = await call('POST', '/api/v1/transfers/T-1/receive', { lines: [{ sku: 'MUG', quantity: 18 }] }, 'operator');
    expect(r.json().lines[0]).toMatchObject({ shipped_qty: 20, received_qty: 18, discrepancy_qty: 2 });
    expect(await balance('MUG', 'FBA')).toMatchObject({ on_hand: 18, inbound: 0 });
    expect((await call('POST', '/api/v1/transfers/T-1/receive', {}, 'operator')).json().error.code).toBe('TRANSFER_INVALID_TRANSITION');

    // a draft left unshipped: its age and stale flag as of `today` (created now: 0 days today, 10 days on, stale)
    expect((await call('POST', '/api/v1/transfers', { number: 'T-2', from: 'WH1', to: 'FBA', lines: [{ sku: 'MUG', quantity: 5 }] }, 'operator')).statusCode).toBe(201);
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await call('GET', '/api/v1/transfers/T-2', undefined, 'viewer')).json()).toMatchObject({ status: 'draft', draft_days: 0, stale: false });
    expect((await call('GET', `/api/v1/transfers/T-2?today=${inTenDays}`, undefined, 'viewer')).json()).toMatchObject({ draft_days: 10, stale: true });
    // newest first on request; a received transfer has no draft age
    const newest = (await call('GET', `/api/v1/transfers?order=newest&today=${inTenDays}`, undefined, 'viewer')).json();
    expect(newest.items.map((x: any) => [x.number, x.draft_days, x.stale])).toEqual([
      ['T-2', 10, true],
      ['T-1', null, false],
    ]);
    expect((await call('GET', '/api/v1/transfers', undefined, 'viewer')).json().items.map((x: any) => x.number)).toEqual(['T-1', 'T-2']);

    // the money on order by week (GET /commitments): nothing open is left here; a bad horizon refused
    const cm = await call('GET', '/api/v1/commitments?weeks=2', undefined, 'viewer');
    expect(cm.statusCode, cm.body).toBe(200);
    expect(cm.json()).toMatchObject({ weeks: [{ week_start: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), open: { value: '0.00', units: 0, pos: 0 } }, {}], overdue: { value: '0.00' } });
    expect((await call('GET', '/api/v1/commitments?weeks=0', undefined, 'viewer')).statusCode).toBe(400);
    const byPay = await call('GET', '/api/v1/commitments?weeks=2&basis=payment', undefined, 'viewer');
    expect(byPay.statusCode, byPay.body).toBe(200);
    expect(byPay.json()).toMatchObject({ basis: 'payment', weeks: [{ payable: { value: expect.any(String) } }, {}], total: { payable: { units: expect.any(Number) } } });
    expect((await call('GET', '/api/v1/commitments?basis=cash', undefined, 'viewer')).statusCode).toBe(400);
  });
});
