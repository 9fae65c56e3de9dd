/**
 * Sales-history import on SQLite and PostgreSQL: the ledger's daily demand history afterwards is
 * exactly the file (demand per day, stockout flags only where the file says), stock on hand is
 * unchanged (zero), the ledger verifies, and bad files (stock already there, unsorted days,
 * already-imported days) change nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../src/io/importer.ts';
import { IMPORT_KINDS } from '../src/io/kinds/index.ts';
import { demandHistory, getBalances, listLots, verifyLedger } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { csvDir, type CsvDir } from './io-support.ts';

describe.each(testDatabases())('sales-history import on $name', (target) => {
  let store: Store;
  let files: CsvDir;
  const run = (kind: string, name: string, lines: string[]) => runImport(store, IMPORT_KINDS[kind], files.source(name, lines));

  beforeEach(async () => {
    store = await target.open();
    files = csvDir();
    await run('locations', 'l.csv', ['code,name', 'WH,Warehouse', 'FBA,Amazon']);
    await run('products', 'p.csv', ['sku,name,unit_cost', 'A,Alpha,2', 'B,Beta,3']);
  });
  afterEach(async () => {
    await store.close();
    files.remove();
  });

  it('fills demand history exactly as the file says and leaves stock unchanged', async () => {
    const lines = [
      'date,sku,location,quantity,stockout',
      '2025-06-01,A,WH,5,',
      '2025-06-02,A,WH,3,false',
      '2025-06-02,B,FBA,7,',
      '2025-06-03,A,WH,4,true', // sold out during the day
      '2025-06-04,A,WH,0,true', // out of stock all day, no sales
      '2025-06-06,A,WH,2,', // back in stock (06-05 had no sales and is not a stockout)
      '2025-06-07,A,WH,6,',
      '2025-06-05,B,FBA,1,yes', // B's last day is a stockout
    ];
    const r = await run('sales-history', 'h.csv', lines);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, rows: 8, applied: 8 });

    const history = await demandHistory(store, { from: '2025-06-01', to: '2025-06-30' });
    expect(history.map((d) => [d.sku, d.location, d.day, d.demand, d.stockout])).toEqual([
      ['A', 'WH', '2025-06-01', 5, 0],
      ['A', 'WH', '2025-06-02', 3, 0],
      ['A', 'WH', '2025-06-03', 4, 1],
      ['A', 'WH', '2025-06-04', 0, 1],
      ['A', 'WH', '2025-06-06', 2, 0], // restocked at the end of 06-04: 06-05 is not a stockout
      ['A', 'WH', '2025-06-07', 6, 0],
      ['A', 'WH', '2025-06-08', 0, 1], // after the file: the closing write-off empties the pair
      ['B', 'FBA', '2025-06-02', 7, 0],
      ['B', 'FBA', '2025-06-05', 1, 1],
    ]);
    // Gaps filled by the ledger's stockout logic must not invent stockouts either.
    const filled = await demandHistory(store, { from: '2025-06-01', to: '2025-06-07', skus: ['A'], fillStockoutGaps: true });
    expect(filled.filter((d) => d.stockout).map((d) => d.day)).toEqual(['2025-06-03', '2025-06-04']);

    const balances = (await getBalances(store, { limit: 100 })).items;
    expect(balances.every((b) => b.onHand === 0 && b.reserved === 0)).toBe(true);
    expect((await listLots(store, {})).items).toEqual([]);
    expect((await verifyLedger(store)).differences).toEqual([]);

    // The same file again: every day is already recorded, so nothing is added.
    const again = await run('sales-history', 'h2.csv', lines);
    expect(again.ok).toBe(false);
    expect(again.errors).toHaveLength(8);
    expect(again.errors[0]).toMatchObject({ line: 2, column: 'date' });
    expect(again.errors[0].reason).toMatch(/already recorded/);
    expect((await demandHistory(store, { from: '2025-06-01', to: '2025-06-30' })).reduce((s, d) => s + d.demand, 0)).toBe(28);
  });

  it('then accepts opening stock, after which the history is refused for that SKU and location', async () => {
    expect((await run('sales-history', 'h.csv', ['date,sku,location,quantity', '2025-06-01,A,WH,5'])).ok).toBe(true);
    expect((await run('opening-stock', 'o.csv', ['sku,location,quantity,unit_cost', 'A,WH,10,2'])).ok).toBe(true);
    const r = await run('sales-history', 'h3.csv', ['date,sku,location,quantity', '2025-05-01,A,WH,1', '2025-05-01,B,WH,1']);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([[2, 'location']]);
    expect(r.errors[0].reason).toMatch(/already has stock \(on hand 10, reserved 0\): import its sales history before its opening stock/);
    expect((await getBalances(store, { skus: ['A'], locations: ['WH'] })).items[0].onHand).toBe(10);
  });

  it('rejects unsorted, duplicate and malformed rows, writing nothing', async () => {
    const r = await run('sales-history', 'bad.csv', [
      'date,sku,location,quantity,stockout',
      '2025-06-02,A,WH,1,',
      '2025-06-01,A,WH,1,', // 3: before the previous row of the pair
      '2025-06-02,A,WH,2,', // 4: duplicate day
      '2025-02-30,A,WH,1,', // 5: not a date
      '2025-06-03,A,WH,-1,', // 6: negative
      '2025-06-04,ZZZ,WH,1,', // 7: unknown SKU
      '2025-06-05,A,WH,1,perhaps', // 8: bad flag
    ]);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'date'],
      [4, 'date'],
      [5, 'date'],
      [6, 'quantity'],
      [7, 'sku'],
      [8, 'stockout'],
    ]);
    expect(await demandHistory(store, { from: '2025-01-01', to: '2025-12-31' })).toEqual([]);
  });
});
