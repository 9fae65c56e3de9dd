import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku, createSupplier } from '../src/catalog/index.ts';
import { getBalances } from '../src/ledger/index.ts';
import { importPurchaseOrdersCsv, leadTimeHistory, leadTimeStats, listPurchaseOrders, listReceipts } from '../src/purchasing/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

const ctx = { actor: 'importer' };

describe.each(testDatabases())('purchase-order CSV import on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await createSupplier(store, { code: 'ACME', name: 'Acme' });
    await createSupplier(store, { code: 'GLOBEX', name: 'Globex' });
    await createLocation(store, { code: 'WH1', name: 'Main' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_500_000 });
    await createSku(store, { code: 'CAP', name: 'Cap', unitCost: 4_000_000 });
  });
  afterEach(async () => {
    await store.close();
  });

  it('imports rows grouped by po_number, with decimal unit costs and the catalog cost when empty', async () => {
    const csv = [
      'po_number,supplier,sku,location,quantity,unit_cost,expected_date',
      'PO-100,ACME,MUG,WH1,120,2.45,2026-04-01',
      'PO-100,ACME,CAP,WH1,24,,2026-04-03',
      '"PO-101",GLOBEX,MUG,WH1,12,2.5,',
    ].join('\r\n');
    const created = await importPurchaseOrdersCsv(store, csv, ctx, { place: true });
    expect(created.map((p) => [p.number, p.supplier, p.source, p.status, p.lines.length])).toEqual([
      ['PO-100', 'ACME', 'csv', 'placed', 2],
      ['PO-101', 'GLOBEX', 'csv', 'placed', 1],
    ]);
    expect(created[0].lines.map((l) => [l.sku, l.quantity, l.unitCost, l.expectedDate])).toEqual([
      ['MUG', 120, 2_450_000, '2026-04-01'],
      ['CAP', 24, 4_000_000, '2026-04-03'],
    ]);
    expect(created[1].lines[0].expectedDate).toBeNull();
    const inbound = (await getBalances(store, { skus: ['MUG'], locations: ['WH1'] })).items[0].inbound;
    expect(inbound).toBe(132);
  });

  it('imports PO history: delivered POs with their receipts and lead times (nothing posted to stock), and POs in transit placed as of their day', async () => {
    const csv = [
      'po_number,supplier,sku,location,quantity,unit_cost,expected_date,placed_day,received_day',
      'H-1,ACME,MUG,WH1,100,2.40,,2026-01-05,2026-02-02', // 28 days
      'H-1,ACME,CAP,WH1,20,,,2026-01-05,2026-02-02',
      'H-2,ACME,MUG,WH1,60,,,2026-01-12,2026-02-01', // 20 days: overtook H-1
      'H-2,ACME,MUG,WH1,40,,,2026-01-12,2026-02-20', // the rest of the line, 39 days
      'T-1,ACME,CAP,WH1,30,,2026-03-20,2026-02-23,', // in transit
    ].join('\n');
    const created = await importPurchaseOrdersCsv(store, csv, { actor: 'importer', now: '2026-03-01T10:00:00.000Z' });
    expect(created.map((p) => [p.number, p.status, p.lines.map((l) => `${l.sku}:${l.quantity}/${l.receivedQty}`).join(' ')])).toEqual([
      ['H-1', 'received', 'MUG:100/100 CAP:20/20'],
      ['H-2', 'received', 'MUG:100/100'],
      ['T-1', 'placed', 'CAP:30/0'],
    ]);
    expect(created[0].placedAt?.slice(0, 10)).toBe('2026-01-05');
    // one receipt per delivery day, not posted to stock; the in-transit PO is inbound
    const receipts = (await listReceipts(store, { limit: 10 })).items;
    expect(receipts.map((r) => [r.po, r.receivedAt.slice(0, 10)]).sort()).toEqual([
      ['H-1', '2026-02-02'],
      ['H-2', '2026-02-01'],
      ['H-2', '2026-02-20'],
    ]);
    const mug = (await getBalances(store, { skus: ['MUG', 'CAP'], locations: ['WH1'] })).items;
    expect(mug.map((b) => [b.sku, b.onHand, b.inbound]).sort()).toEqual([
      ['CAP', 0, 30],
    ]);
    // lead times learned, per receipt, and the crossing counted (H-2 placed later, arrived first)
    expect((await leadTimeHistory(store, { supplier: 'ACME' })).map((h) => [h.po, h.sku, h.leadTimeDays]).sort()).toEqual([
      ['H-1', 'CAP', 28],
      ['H-1', 'MUG', 28],
      ['H-2', 'MUG', 20],
      ['H-2', 'MUG', 39],
    ]);
    const stats = await leadTimeStats(store, 'ACME');
    expect(stats.overall.n).toBe(3);
    expect(stats.crossing).toMatchObject({ overlapping: 1, crossed: 1 });
  });

  it('imports a partly delivered PO: the delivered rows as receipts and lead times, the rows without received_day inbound', async () => {
    const csv = [
      'po_number,supplier,sku,location,quantity,placed_day,received_day',
      'H-9,ACME,MUG,WH1,60,2026-01-10,2026-02-02',
      'H-9,ACME,MUG,WH1,40,2026-01-10,', // the rest of the MUG line, in transit
      'H-9,ACME,CAP,WH1,30,2026-01-10,', // nothing of it delivered yet
    ].join('\n');
    const [po] = await importPurchaseOrdersCsv(store, csv, { actor: 'importer', now: '2026-03-01T10:00:00.000Z' });
    expect([po.status, po.placedDay, po.endedAt]).toEqual(['partially_received', '2026-01-10', null]);
    expect(po.lines.map((l) => [l.sku, l.quantity, l.receivedQty, l.openQty])).toEqual([
      ['MUG', 100, 60, 40],
      ['CAP', 30, 0, 30],
    ]);
    const b = (await getBalances(store, { skus: ['MUG', 'CAP'], locations: ['WH1'] })).items;
    expect(b.map((x) => [x.sku, x.onHand, x.inbound]).sort()).toEqual([
      ['CAP', 0, 30],
      ['MUG', 0, 40],
    ]);
    expect((await leadTimeHistory(store, { supplier: 'ACME' })).map((h) => [h.po, h.sku, h.leadTimeDays])).toEqual([['H-9', 'MUG', 23]]);
  });

  it('refuses bad PO history rows, naming the line and column', async () => {
    const csv = [
      'po_number,supplier,sku,location,quantity,placed_day,received_day',
      'H-1,ACME,MUG,WH1,10,,2026-02-02', // delivered without placed_day (line 2)
      'H-2,ACME,MUG,WH1,10,2026-02-10,2026-02-02', // delivered before placed (line 3)
      'H-3,ACME,MUG,WH1,10,2026-01-10,2026-02-02', // good (line 4)
      'H-3,ACME,CAP,WH1,10,2026-01-10,', // still open on a partly delivered PO: good (line 5)
      'H-4,ACME,MUG,WH1,10,2026-01-10,2099-01-01', // delivered in the future (line 6)
      'H-5,ACME,MUG,WH1,10,2026-01-10,2026-01-20', // good (line 7)
      'H-5,ACME,CAP,WH1,10,2026-01-11,2026-01-20', // another placed day on the PO (line 8)
    ].join('\n');
    const err: any = await importPurchaseOrdersCsv(store, csv, ctx).catch((e) => e);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.errors.map((e: any) => [e.line, e.column])).toEqual([
      [2, 'placed_day'],
      [3, 'received_day'],
      [6, 'received_day'],
      [8, 'placed_day'],
    ]);
    expect(err.details.errors[1].reason).toBe('received_day 2026-02-02 is before placed_day 2026-02-10');
    expect(err.details.errors[2].reason).toBe('received_day 2099-01-01 is in the future');
    expect((await listPurchaseOrders(store)).items).toEqual([]);
  });

  it('is all or nothing and reports every bad row with its line number, column and reason', async () => {
    const csv = [
      'po_number,supplier,sku,location,quantity,unit_cost,expected_date',
      'PO-200,ACME,MUG,WH1,10,2.5,2026-04-01', // good (line 2)
      'PO-200,ACME,NOPE,WH1,10,2.5,2026-04-01', // unknown SKU (line 3)
      'PO-201,ACME,CAP,WH1,-4,abc,2026-02-30', // three bad cells (line 4)
      'PO-200,GLOBEX,CAP,WH1,5,,', // other supplier on the same PO (line 5)
      'PO-202,NOBODY,CAP,NOWHERE,1,,', // unknown supplier and location (line 6)
      'PO-200,ACME,MUG,WH1,1,,', // duplicate line (line 7)
    ].join('\n');
    let err: any;
    try {
      await importPurchaseOrdersCsv(store, csv, ctx);
    } catch (e) {
      err = e;
    }
    expect(err?.code).toBe('VALIDATION_FAILED');
    expect(err.details.errors).toEqual([
      { line: 3, column: 'sku', reason: 'unknown SKU NOPE' },
      { line: 4, column: 'quantity', reason: 'quantity "-4" is not a positive integer' },
      { line: 4, column: 'unit_cost', reason: 'unit_cost "abc" is not an amount >= 0 with at most 6 decimals (e.g. 12.50)' },
      { line: 4, column: 'expected_date', reason: 'expected_date "2026-02-30" is not a date YYYY-MM-DD' },
      { line: 5, column: 'supplier', reason: 'PO PO-200 has supplier ACME on line 2, not GLOBEX' },
      { line: 6, column: 'supplier', reason: 'unknown supplier NOBODY' },
      { line: 6, column: 'location', reason: 'unknown location NOWHERE' },
      { line: 7, column: 'sku', reason: 'SKU MUG at WH1 is already on PO PO-200 (line 2)' },
    ]);
    expect(err.message).toMatch(/^purchase-order CSV has 8 problem\(s\), nothing imported: line 3 column sku: unknown SKU NOPE;/);
    expect((await listPurchaseOrders(store)).items).toEqual([]);
  });

  it('checks the header and refuses a PO number that exists', async () => {
    let err: any = await importPurchaseOrdersCsv(store, 'po_number,supplier,sku,qty\nX,ACME,MUG,1\n', ctx).catch((e) => e);
    expect(err.details.errors).toEqual([
      { line: 1, column: 'location', reason: 'missing column location' },
      { line: 1, column: 'quantity', reason: 'missing column quantity' },
      { line: 1, column: 'qty', reason: 'unknown column qty (expected po_number,supplier,sku,location,quantity,unit_cost,expected_date,placed_day,received_day)' },
    ]);
    await importPurchaseOrdersCsv(store, 'po_number,supplier,sku,location,quantity\nPO-9,ACME,MUG,WH1,1\n', ctx);
    err = await importPurchaseOrdersCsv(store, 'po_number,supplier,sku,location,quantity\nPO-8,ACME,MUG,WH1,1\nPO-9,ACME,CAP,WH1,1\n', ctx).catch((e) => e);
    expect(err.details.errors).toEqual([{ line: 3, column: 'po_number', reason: 'purchase order PO-9 already exists' }]);
    expect((await listPurchaseOrders(store)).items.map((p) => p.number)).toEqual(['PO-9']);
    err = await importPurchaseOrdersCsv(store, 'po_number,supplier,sku,location,quantity\n"PO-1,ACME\n', ctx).catch((e) => e);
    expect(err.code).toBe('VALIDATION_FAILED');
  });
});
