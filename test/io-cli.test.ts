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

  it('explains kinds and columns in --help and refuses an unknown kind', () => {
    const help = cli('import', '--help');
    expect(help.stdout).toContain('sales-history');
    expect(help.stdout).toContain('date*, sku*, location*, quantity*, stockout');
    const unknown = cli('import', 'widgets', 'x.csv');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/'widgets' is invalid for argument 'kind'/);
  }, 60_000);
});
