/**
 * `stockloop import` / `stockloop export` as a user runs them (child processes), on SQLite and
 * PostgreSQL: exit code 2 and every bad row as FILE:LINE on stderr, progress lines with
 * --progress, --dry-run, --errors file, export to a file that re-imports.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvSource } from '../src/io/csv-source.ts';
import { runImport } from '../src/io/importer.ts';
import { IMPORT_KINDS } from '../src/io/kinds/index.ts';
import { getBalances } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { csvDir, type CsvDir } from './io-support.ts';

const BIN = path.resolve('bin/stockloop.js');

describe.each(testDatabases())('stockloop import/export CLI on $name', (target) => {
  let store: Store;
  let files: CsvDir;
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, '--database', store.url, ...args], { encoding: 'utf8', cwd: files.dir, env: { ...process.env, LOG_LEVEL: 'warn' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  beforeEach(async () => {
    store = await target.open({ file: true });
    files = csvDir();
    files.write('locations.csv', ['code,name', 'WH,Warehouse']);
    files.write('products.csv', ['sku,name,unit_cost', 'A,Alpha,1.5', 'B,Beta,2']);
  });
  afterEach(async () => {
    await store.close();
    files.remove();
  });

  it('imports with progress, rejects a bad file with exit 2 listing every bad row, exports a re-importable file', async () => {
    expect((await runImport(store, IMPORT_KINDS.locations, new CsvSource(path.join(files.dir, 'locations.csv')))).ok).toBe(true);
    const ok = cli('import', 'products', 'products.csv', '--progress');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^imported 2 rows of products from products\.csv in 1 batch/);
    expect(ok.stderr).toMatch(/^validating: 2 rows, [\d,]+ rows\/s, [\d.]+ s$/m);
    expect(ok.stderr).toMatch(/^checking: 2 rows \/ 2 \(100%\)/m);
    expect(ok.stderr).toMatch(/^applying: 2 rows \/ 2 \(100%\)/m);

    files.write('stock.csv', ['sku,location,quantity,unit_cost', 'A,WH,10,1.5', 'C,WH,5,1', 'B,XX,5,1', 'B,WH,-5,1', 'B,WH,5,abc']);
    const bad = cli('import', 'opening-stock', 'stock.csv', '--errors', 'errors.csv');
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n').filter((l) => l.startsWith('stock.csv:'))).toEqual([
      'stock.csv:3: column sku: unknown SKU "C"',
      'stock.csv:4: column location: unknown location "XX"',
      'stock.csv:5: column quantity: must be >= 1 (got -5)',
      'stock.csv:6: column unit_cost: must be an amount like 12.50 (got "abc")',
    ]);
    expect(bad.stderr).toMatch(/IMPORT_REJECTED: 4 bad lines \(4 errors\) in stock\.csv: nothing was imported/);
    expect(fs.readFileSync(path.join(files.dir, 'errors.csv'), 'utf8').split('\n')[1]).toBe('3,sku,"unknown SKU ""C""",');
    expect((await getBalances(store, {})).items).toEqual([]);

    files.write('stock2.csv', ['sku,location,quantity,unit_cost,received_at', 'A,WH,10,1.5,2026-01-02', 'B,WH,4,2,2026-01-03T08:00:00Z']);
    const dry = cli('import', 'opening-stock', 'stock2.csv', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^dry run: 2 rows of opening-stock in stock2\.csv valid; nothing was written/);
    expect((await getBalances(store, {})).items).toEqual([]);
    const json = cli('import', 'opening-stock', 'stock2.csv', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'opening-stock', ok: true, rows: 2, applied: 2, replayed: 0, batches: 1, errors: [] });

    const exp = cli('export', 'balances', '--output', 'balances.csv');
    expect(exp.code).toBe(0);
    expect(fs.readFileSync(path.join(files.dir, 'balances.csv'), 'utf8')).toBe('sku,location,on_hand,reserved,available,inbound\nA,WH,10,0,10,0\nB,WH,4,0,4,0\n');
    const movements = cli('export', 'movements');
    expect(movements.stdout.split('\n')[0]).toBe('id,kind,sku,location,quantity,unit_cost,occurred_at,reason,note,reference,to_location,from_location,idempotency_key,actor,created_at,value');
    fs.writeFileSync(path.join(files.dir, 'movements.csv'), movements.stdout);
    const replay = cli('import', 'movements', 'movements.csv');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/imported 0 rows of movements .*\(2 rows were already imported earlier/);
  }, 180_000);

  it('exports purchase orders as the PO import reads them: one PO to send its supplier, or one status', async () => {
    expect((await runImport(store, IMPORT_KINDS.locations, new CsvSource(path.join(files.dir, 'locations.csv')))).ok).toBe(true);
    expect((await runImport(store, IMPORT_KINDS.products, new CsvSource(path.join(files.dir, 'products.csv')))).ok).toBe(true);
    files.write('suppliers.csv', ['code,name', 'ACME,Acme']);
    expect(cli('import', 'suppliers', 'suppliers.csv').code).toBe(0);
    files.write('pos.csv', [
      'po_number,supplier,sku,location,quantity,unit_cost,expected_date,placed_day,received_day',
      'PO-1,ACME,A,WH,12,1.40,2026-05-01,,',
      'PO-2,ACME,B,WH,30,,,2026-01-10,2026-02-02',
      'PO-2,ACME,B,WH,20,,,2026-01-10,',
    ]);
    const imp = cli('po', 'import', 'pos.csv');
    expect(imp.code, imp.stderr).toBe(0);
    const one = cli('export', 'purchase-orders', '--po', 'PO-1', '--output', 'po-1.csv');
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toBe('exported 1 purchase-orders rows to po-1.csv\n');
    expect(fs.readFileSync(path.join(files.dir, 'po-1.csv'), 'utf8')).toBe(
      'po_number,supplier,sku,location,quantity,unit_cost,expected_date,placed_day,received_day\nPO-1,ACME,A,WH,12,1.40,2026-05-01,,\n',
    );
    const open = cli('export', 'purchase-orders', '--status', 'partially_received');
    expect(open.stdout.split('\n').slice(1)).toEqual(['PO-2,ACME,B,WH,30,2.00,,2026-01-10,2026-02-02', 'PO-2,ACME,B,WH,20,2.00,,2026-01-10,', '']);
    expect(cli('export', 'purchase-orders', '--status', 'lost').stderr).toMatch(/option '--status <status>' argument 'lost' is invalid. Allowed choices are draft, placed, partially_received/);
    const missing = cli('export', 'purchase-orders', '--po', 'PO-404');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/PO-404/);
  }, 180_000);

  it('explains kinds and columns in --help and refuses an unknown kind', () => {
    const help = cli('import', '--help');
    expect(help.stdout).toContain('sales-history');
    expect(help.stdout).toContain('date*, sku*, location*, quantity*, stockout');
    const unknown = cli('import', 'widgets', 'x.csv');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/'widgets' is invalid for argument 'kind'/);
  }, 60_000);
});
