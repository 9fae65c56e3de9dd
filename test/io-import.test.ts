/**
 * CSV import of every kind, on SQLite and PostgreSQL: a good file is applied; a file with several
 * bad rows changes nothing and reports every bad row with line, column and reason; dry runs write
 * nothing; progress is reported; several batches (and the re-streaming path for big files) still
 * form one transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSkus, listSuppliers, getSku, getLocation } from '../src/catalog/index.ts';
import { runImport, type ImportOptions } from '../src/io/importer.ts';
import { IMPORT_KINDS } from '../src/io/kinds/index.ts';
import type { ProgressSink } from '../src/io/progress.ts';
import { getBalances, listLots, listMovements, verifyLedger } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { csvDir, type CsvDir } from './io-support.ts';

const SUPPLIERS = ['code,name,lead_time_days,lead_time_sd_days,moq,min_order_value,currency,receipt_tolerance_pct', 'SUP-A,Alpha Textiles,42,7,300,,usd,5', 'SUP-B,Beta Cups,60,,1000,5000.00,EUR,0'];
const LOCATIONS = ['code,name,kind,negative_stock_allowed', 'WH,Main warehouse,warehouse,false', 'FBA,Amazon FBA,fba,no', 'NEG,Consignment,store,yes'];
const PRODUCTS = ['sku,name,unit_cost,price,pack_size,default_supplier,tags', 'TEE-M,"Tee, black, M",5.5,24.9,10,SUP-A,apparel|tees', 'CUP-1,Camp cup,2.25,9,24,SUP-B,', 'STK-1,Sticker,0.3,3,50,,'];

async function seedMasterData(store: Store, files: CsvDir) {
  for (const [kind, lines] of [['suppliers', SUPPLIERS], ['locations', LOCATIONS], ['products', PRODUCTS]] as const) {
    const r = await runImport(store, IMPORT_KINDS[kind], files.source(`${kind}.csv`, lines));
    expect(r.errors).toEqual([]);
  }
}

const onHand = async (store: Store) => Object.fromEntries((await getBalances(store, { limit: 1000 })).items.filter((b) => b.onHand !== 0).map((b) => [`${b.sku}@${b.location}`, b.onHand]));
const imp = (store: Store, kind: string, files: CsvDir, lines: string[], options: ImportOptions = {}) => runImport(store, IMPORT_KINDS[kind], files.source(`${kind}-${Math.random().toString(36).slice(2)}.csv`, lines), options);

describe.each(testDatabases())('CSV import on $name', (target) => {
  let store: Store;
  let files: CsvDir;
  beforeEach(async () => {
    store = await target.open();
    files = csvDir();
  });
  afterEach(async () => {
    await store.close();
    files.remove();
  });

  it('imports suppliers, locations and products, and updates only the given cells on re-import', async () => {
    await seedMasterData(store, files);
    const sup = (await listSuppliers(store, {})).items;
    expect(sup.map((s) => [s.code, s.defaultLeadTimeDays, s.leadTimeSdDays, s.moq, s.minOrderValue, s.currency, s.receiptTolerancePct])).toEqual([
      ['SUP-A', 42, 7, 300, null, 'USD', 5],
      ['SUP-B', 60, null, 1000, 5_000_000_000, 'EUR', 0],
    ]);
    expect((await getLocation(store, 'NEG')).negativeStockAllowed).toBe(true);
    const tee = await getSku(store, 'TEE-M');
    expect([tee.name, tee.unitCost, tee.price, tee.packSize, tee.defaultSupplier, tee.tags]).toEqual(['Tee, black, M', 5_500_000, 24_900_000, 10, 'SUP-A', ['apparel', 'tees']]);
    // Partial update: only the price column; the name stays.
    const r = await imp(store, 'products', files, ['sku,price', 'TEE-M,19.99']);
    expect(r).toMatchObject({ ok: true, applied: 1 });
    const after = await getSku(store, 'TEE-M');
    expect([after.name, after.price, after.unitCost]).toEqual(['Tee, black, M', 19_990_000, 5_500_000]);
  });

  it('rejects a products file with several bad rows, listing every one, and changes nothing', async () => {
    await seedMasterData(store, files);
    const r = await imp(store, 'products', files, [
      'sku,name,unit_cost,price,pack_size,default_supplier,active',
      'NEW-1,Good new product,1,2,1,SUP-A,true', // line 2: fine
      'NEW-2,Bad supplier,1,2,1,SUP-NOPE,true', // line 3
      'NEW-3,,1,2,1,,true', // line 4: new code without name
      'NEW-4,Bad numbers,-1,1.2345678,0,,maybe', // line 5: four problems
      'NEW-1,Duplicate,1,2,1,,', // line 6
      ',No code,1,2,1,,', // line 7
    ]);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'default_supplier'],
      [4, 'name'],
      [5, 'unit_cost'],
      [5, 'price'],
      [5, 'pack_size'],
      [5, 'active'],
      [6, 'sku'],
      [7, 'sku'],
    ]);
    expect(r.errors.find((e) => e.line === 3)!.reason).toBe('unknown supplier "SUP-NOPE"');
    expect(r.errors.find((e) => e.line === 6)!.reason).toBe('duplicate sku "NEW-1": already on line 2');
    expect(r.errors.find((e) => e.column === 'pack_size')!.reason).toBe('must be >= 1 (got 0)');
    expect((await listSkus(store, {})).items.map((s) => s.code)).toEqual(['CUP-1', 'STK-1', 'TEE-M']);
  });

  it('rejects a bad header: unknown, duplicate and missing required columns', async () => {
    const r = await imp(store, 'movements', files, ['kind,sku,sku,qty', 'sale,A,A,1']);
    expect(r.errors.map((e) => [e.line, e.column, e.reason.split(' (')[0]])).toEqual([
      [1, 'sku', 'column appears twice in the header'],
      [1, 'qty', 'unknown column for movements'],
      [1, 'location', 'required column is missing from the header'],
      [1, 'quantity', 'required column is missing from the header'],
    ]);
    const empty = await imp(store, 'movements', files, []);
    expect(empty.errors[0].reason).toMatch(/empty/);
  });

  it('reports a malformed CSV (bad quoting) and rows with extra cells by line, writing nothing', async () => {
    await seedMasterData(store, files);
    const quoted = await imp(store, 'opening-stock', files, ['sku,location,quantity', 'TEE-M,WH,1', 'TEE-M,"WH"x,1', 'TEE-M,WH,1']);
    expect(quoted.errors).toHaveLength(1);
    expect(quoted.errors[0]).toMatchObject({ line: 3, column: null, code: 'CSV_MALFORMED' });
    const extra = await imp(store, 'opening-stock', files, ['sku,location,quantity', 'TEE-M,WH,1,surprise', 'TEE-M,WH,2,,']);
    expect(extra.errors).toEqual([{ line: 2, column: null, reason: 'has 4 cells but the header has 3 columns' }]);
    expect(await onHand(store)).toEqual({});
  });

  it('imports opening stock as FIFO lots with their cost; the same file again applies nothing twice', async () => {
    await seedMasterData(store, files);
    const lines = ['sku,location,quantity,unit_cost,received_at', 'TEE-M,WH,100,5.10,2026-01-15', 'TEE-M,WH,40,5.60,2026-03-01T10:00:00Z', 'CUP-1,FBA,240,,'];
    const r = await imp(store, 'opening-stock', files, lines);
    expect(r).toMatchObject({ ok: true, applied: 3, replayed: 0 });
    expect(await onHand(store)).toEqual({ 'TEE-M@WH': 140, 'CUP-1@FBA': 240 });
    const lots = (await listLots(store, { sku: 'TEE-M' })).items.map((l) => [l.qtyRemaining, l.unitCost, l.receivedAt]);
    expect(lots).toEqual([
      [100, 5_100_000, '2026-01-15T12:00:00.000Z'],
      [40, 5_600_000, '2026-03-01T10:00:00.000Z'],
    ]);
    // Re-importing the identical file: derived idempotency keys make every row a replay.
    const again = await runImport(store, IMPORT_KINDS['opening-stock'], files.source('same.csv', lines));
    expect(again).toMatchObject({ ok: true, applied: 0, replayed: 3 });
    expect(await onHand(store)).toEqual({ 'TEE-M@WH': 140, 'CUP-1@FBA': 240 });
  });

  it('rejects opening stock with unknown codes and bad numbers, changing nothing', async () => {
    await seedMasterData(store, files);
    const r = await imp(store, 'opening-stock', files, ['sku,location,quantity,unit_cost', 'TEE-M,WH,10,1', 'NOPE,WH,10,1', 'TEE-M,MARS,10,1', 'TEE-M,WH,0,1', 'TEE-M,WH,5,1.5.0']);
    expect(r.errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [3, 'sku', 'unknown SKU "NOPE"'],
      [4, 'location', 'unknown location "MARS"'],
      [5, 'quantity', 'must be >= 1 (got 0)'],
      [6, 'unit_cost', 'must be an amount like 12.50 (got "1.5.0")'],
    ]);
    expect(await onHand(store)).toEqual({});
  });

  it('imports movements of every kind in order; the ledger verifies', async () => {
    await seedMasterData(store, files);
    const r = await imp(store, 'movements', files, [
      'kind,sku,location,quantity,unit_cost,occurred_at,reason,reference,to_location,from_location,idempotency_key',
      'receipt,TEE-M,WH,50,5,2026-02-01,,PO-1,,,k1',
      'sale,TEE-M,WH,8,,2026-02-02,,ORD-1,,,k2',
      'transfer_out,TEE-M,WH,20,,2026-02-03,,TR-1,FBA,,k3',
      'transfer_in,TEE-M,FBA,20,,2026-02-09,,TR-1,,WH,k4',
      'return,TEE-M,FBA,1,5,2026-02-10,,,,,k5',
      'adjustment,TEE-M,WH,-2,,2026-02-11,damaged,,,,k6',
      'count_correction,TEE-M,WH,1,5,2026-02-12,cycle count,,,,k7',
      'inbound,CUP-1,WH,500,,,,PO-2,,,k8',
      'sale,CUP-1,NEG,3,,2026-02-13,,,,,k9', // negative stock allowed at NEG
    ]);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, applied: 9, rows: 9 });
    expect(await onHand(store)).toEqual({ 'TEE-M@WH': 21, 'TEE-M@FBA': 21, 'CUP-1@NEG': -3 });
    const inbound = (await getBalances(store, { skus: ['CUP-1'], locations: ['WH'] })).items[0].inbound;
    expect(inbound).toBe(500);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('finds EVERY movement row that would take stock that is not there, and all field problems, before writing', async () => {
    await seedMasterData(store, files);
    await imp(store, 'opening-stock', files, ['sku,location,quantity,unit_cost', 'TEE-M,WH,10,5']);
    const before = await onHand(store);
    const r = await imp(store, 'movements', files, [
      'kind,sku,location,quantity,unit_cost,reason,to_location,idempotency_key',
      'sale,TEE-M,WH,6,,,,a', // 2: ok (10 -> 4)
      'sale,TEE-M,WH,5,,,,b', // 3: 4 -> -1 refused
      'sale,TEE-M,WH,4,,,,c', // 4: ok again (the refused row is not counted)
      'sale,TEE-M,WH,1,,,,d', // 5: 0 -> -1 refused
      'adjustment,TEE-M,WH,-1,,,,e', // 6: reason missing
      'sale,TEE-M,FBA,1,2,,,f', // 7: unit_cost on a sale; also no stock at FBA
      'transfer_out,TEE-M,WH,1,,,,g', // 8: to_location missing
      'receipt,TEE-M,WH,0,1,,,h', // 9: quantity must be > 0
      'receipt,TEE-M,WH,1,1,,,a', // 10: duplicate key
      'sale,CUP-1,NEG,1000,,,,i', // 11: fine, negative allowed
    ]);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'quantity'],
      [5, 'quantity'],
      [6, 'reason'],
      [7, 'unit_cost'],
      [8, 'to_location'],
      [9, 'quantity'],
      [10, 'idempotency_key'],
    ]);
    expect(r.errors[0].reason).toMatch(/insufficient stock: TEE-M at WH would go from 4 to -1/);
    expect(await onHand(store)).toEqual(before);
  });

  it('rolls back earlier batches when the ledger refuses a later row, naming its line', async () => {
    await seedMasterData(store, files);
    // transfer_in beyond what is in transit is only known to the ledger (not pre-simulated).
    const lines = ['kind,sku,location,quantity,unit_cost,to_location,from_location'];
    for (let i = 0; i < 7; i++) lines.push('receipt,TEE-M,WH,10,5,,');
    lines.push('transfer_out,TEE-M,WH,5,,FBA,');
    lines.push('transfer_in,TEE-M,FBA,6,,,WH'); // line 10
    const r = await imp(store, 'movements', files, lines, { batchSize: 3, maxCachedRows: 2 });
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 10, code: 'INSUFFICIENT_IN_TRANSIT' });
    expect(r.applied).toBe(0);
    expect(await onHand(store)).toEqual({});
    expect((await listMovements(store, {})).items).toEqual([]);
  });

  it('validates only on --dry-run, and reports progress through every phase', async () => {
    await seedMasterData(store, files);
    const events: string[] = [];
    const progress: ProgressSink = { phase: (n) => events.push(`phase:${n}`), update: () => {}, end: (d) => events.push(`end:${d}`) };
    const lines = ['sku,location,quantity,unit_cost'];
    for (let i = 0; i < 2500; i++) lines.push(`TEE-M,WH,1,${(5 + (i % 7) / 10).toFixed(1)}`);
    const dry = await imp(store, 'opening-stock', files, lines, { dryRun: true, progress });
    expect(dry).toMatchObject({ ok: true, dryRun: true, rows: 2500, applied: 0 });
    expect(await onHand(store)).toEqual({});
    expect(events).toEqual(['phase:validating', 'end:2500', 'phase:checking', 'end:2500']);
    events.length = 0;
    const real = await imp(store, 'opening-stock', files, lines, { progress, batchSize: 1000 });
    expect(real).toMatchObject({ ok: true, applied: 2500, batches: 3 });
    expect(events).toEqual(['phase:validating', 'end:2500', 'phase:checking', 'end:2500', 'phase:applying', 'end:2500']);
    expect(await onHand(store)).toEqual({ 'TEE-M@WH': 2500 });
  });

  it('refuses --batch-commit for kinds that are not safe to apply twice', async () => {
    const r = await imp(store, 'sales-history', files, ['date,sku,location,quantity'], { batchCommit: true });
    expect(r.errors[0].reason).toMatch(/--batch-commit is not available for sales-history/);
  });
});
