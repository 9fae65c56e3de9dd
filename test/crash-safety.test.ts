/**
 * Crash safety of bulk imports, on SQLite (a file, WAL) and PostgreSQL: a `stockloop import`
 * process (or a `stockloop serve` process receiving batches over HTTP) is killed with SIGKILL in
 * the middle of applying a large movements file; afterwards the
 * ledger is consistent (verifyLedger finds no difference, on hand = sum of the movements, only
 * whole batches were committed), and running the same import again completes it without applying
 * any movement twice (idempotency keys).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createToken } from '../src/auth/index.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvSource } from '../src/io/csv-source.ts';
import { runImport } from '../src/io/importer.ts';
import { IMPORT_KINDS } from '../src/io/kinds/index.ts';
import { getBalances, listMovements, verifyLedger, type Movement } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { csvDir, type CsvDir } from './io-support.ts';

const ROWS = 30_000;
const BATCH = 1_000;
const PAIRS = 40;

/** A movements file that never takes stock that is not there; returns the expected on hand. */
function writeMovements(files: CsvDir, count = ROWS): { file: string; expected: Map<string, number> } {
  const lines = ['kind,sku,location,quantity,unit_cost,idempotency_key'];
  const expected = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const p = i % PAIRS;
    const sku = `S${p % 20}`;
    const loc = p < 20 ? 'WH' : 'FBA';
    const key = `${sku}@${loc}`;
    if (i < PAIRS) {
      lines.push(`receipt,${sku},${loc},1000,2.5,crash-${i}`);
      expected.set(key, 1000);
    } else if (i % 3 === 0) {
      lines.push(`receipt,${sku},${loc},2,2.75,crash-${i}`);
      expected.set(key, expected.get(key)! + 2);
    } else {
      lines.push(`sale,${sku},${loc},1,,crash-${i}`);
      expected.set(key, expected.get(key)! - 1);
    }
  }
  return { file: files.write('movements.csv', lines), expected };
}

async function allMovements(store: Store): Promise<Movement[]> {
  const out: Movement[] = [];
  let cursor: string | null = null;
  do {
    const page = await listMovements(store, { cursor, limit: 10_000 });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** verifyLedger is clean and every balance's on hand is the sum of its movements. */
async function expectConsistent(store: Store): Promise<Movement[]> {
  expect((await verifyLedger(store)).differences).toEqual([]);
  const movements = await allMovements(store);
  const sum = new Map<string, number>();
  for (const m of movements) sum.set(`${m.sku}@${m.location}`, (sum.get(`${m.sku}@${m.location}`) ?? 0) + (m.kind === 'sale' ? -m.quantity : m.quantity));
  for (const b of (await getBalances(store, { limit: 1000 })).items) expect(b.onHand).toBe(sum.get(`${b.sku}@${b.location}`) ?? 0);
  return movements;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port that was free a moment ago. */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe.each(testDatabases())('crash safety of bulk imports on $name', (target) => {
  let store: Store;
  let files: CsvDir;
  let child: ChildProcess | null = null;
  const importArgs = (file: string, ...extra: string[]) => ['--import', 'tsx', 'src/cli/main.ts', '--database', store.url, 'import', 'movements', file, '--progress', ...extra];

  beforeEach(async () => {
    store = await target.open({ file: true });
    files = csvDir();
    const skus = ['sku,name,unit_cost', ...Array.from({ length: 20 }, (_, i) => `S${i},Product ${i},2.5`)];
    expect((await runImport(store, IMPORT_KINDS.products, new CsvSource(files.write('p.csv', skus)))).ok).toBe(true);
    expect((await runImport(store, IMPORT_KINDS.locations, new CsvSource(files.write('l.csv', ['code,name', 'WH,Warehouse', 'FBA,Amazon'])))).ok).toBe(true);
  });
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await store.close();
    files.remove();
  });

  /** Starts the import; resolves once `ready()` is true, then SIGKILLs it (fails if it finished first). */
  async function killDuring(args: string[], ready: (stderr: string) => Promise<boolean>): Promise<string> {
    let stderr = '';
    child = spawn(process.execPath, args, { cwd: path.resolve('.'), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child!.on('exit', (code) => r(code)));
    const deadline = Date.now() + 150_000;
    while (!(await ready(stderr))) {
      if (child.exitCode !== null) throw new Error(`import finished before it could be killed (exit ${child.exitCode}): ${stderr}`);
      if (Date.now() > deadline) throw new Error(`import never became ready: ${stderr}`);
      await sleep(25);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe(null); // killed by the signal, not exited
    return stderr;
  }

  it('--batch-commit: a SIGKILL leaves whole batches; re-running the same file completes it, nothing twice', async () => {
    const { file, expected } = writeMovements(files);
    await killDuring(importArgs(file, '--batch-commit', '--batch-size', String(BATCH)), async () => (await listMovements(store, { limit: 1 })).items.length > 0);
    const partial = await expectConsistent(store);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(ROWS);
    expect(partial.length % BATCH).toBe(0); // batches are atomic

    const rerun = spawnSync(process.execPath, importArgs(file, '--batch-commit', '--batch-size', String(BATCH), '--json'), { cwd: path.resolve('.'), encoding: 'utf8' });
    expect(rerun.status).toBe(0);
    const result = JSON.parse(rerun.stdout);
    expect(result).toMatchObject({ ok: true, rows: ROWS, replayed: partial.length, applied: ROWS - partial.length });
    const all = await expectConsistent(store);
    expect(all.length).toBe(ROWS);
    expect(new Set(all.map((m) => m.idempotencyKey)).size).toBe(ROWS);
    for (const b of (await getBalances(store, { limit: 1000 })).items) expect(b.onHand).toBe(expected.get(`${b.sku}@${b.location}`));
  }, 300_000);

  it('one transaction (default): a SIGKILL while applying leaves nothing; re-running imports everything once', async () => {
    const { file, expected } = writeMovements(files);
    // The checking phase ends before the apply transaction starts; give it a moment to write.
    let seenApply = 0;
    await killDuring(importArgs(file, '--batch-size', String(BATCH)), async (stderr) => {
      if (!/^checking: .* s$/m.test(stderr)) return false;
      seenApply ||= Date.now();
      return Date.now() - seenApply > 100; // the apply transaction is open by then (short, so fast machines do not finish first)
    });
    expect(await expectConsistent(store)).toEqual([]);
    const rerun = spawnSync(process.execPath, importArgs(file, '--json'), { cwd: path.resolve('.'), encoding: 'utf8' });
    expect(rerun.status).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ ok: true, applied: ROWS, replayed: 0 });
    expect((await expectConsistent(store)).length).toBe(ROWS);
    for (const b of (await getBalances(store, { limit: 1000 })).items) expect(b.onHand).toBe(expected.get(`${b.sku}@${b.location}`));
  }, 300_000);

  it('server: SIGKILL of `stockloop serve` during a batch POST; after a restart, re-posting every batch completes it once', async () => {
    const total = 8 * BATCH; // 8 batches over HTTP (each POST is one transaction)
    const { file, expected } = writeMovements(files, total);
    const rows = (parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => ({
      kind: r.kind,
      sku: r.sku,
      location: r.location,
      quantity: Number(r.quantity),
      ...(r.unit_cost ? { unit_cost: r.unit_cost } : {}),
      idempotency_key: r.idempotency_key,
    }));
    const batches: (typeof rows)[] = [];
    for (let i = 0; i < rows.length; i += BATCH) batches.push(rows.slice(i, i + BATCH));
    const { token } = await createToken(store, { role: 'operator', name: 'crash-test' });
    const port = await freePort();
    const start = async () => {
      let out = '';
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--database', store.url, 'serve', '--port', String(port), '--no-demo'], {
        cwd: path.resolve('.'),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LOG_LEVEL: 'warn' },
      });
      proc.stdout!.on('data', (d) => (out += d));
      proc.stderr!.on('data', (d) => (out += d));
      const deadline = Date.now() + 60_000;
      while (!out.includes('listening on')) {
        if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${out}`);
        await sleep(25);
      }
      return proc;
    };
    const post = (batch: typeof rows) =>
      fetch(`http://127.0.0.1:${port}/api/v1/movements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ movements: batch }),
      });

    child = await start();
    for (let i = 0; i < 3; i++) expect((await post(batches[i])).status).toBe(201);
    // Kill while the 4th batch is in flight.
    const inFlight = post(batches[3]).then((r) => r.status, () => 'connection lost');
    await sleep(15);
    const exited = new Promise((r) => child!.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    await inFlight;
    const partial = await expectConsistent(store);
    expect([3 * BATCH, 4 * BATCH]).toContain(partial.length); // the in-flight batch is all or nothing

    child = await start();
    let replayed = 0;
    for (const batch of batches) {
      const res = await post(batch);
      expect([200, 201]).toContain(res.status);
      replayed += ((await res.json()) as { replayed: boolean[] }).replayed.filter(Boolean).length;
    }
    expect(replayed).toBe(partial.length);
    const exitedAgain = new Promise((r) => child!.on('exit', r));
    child.kill('SIGTERM');
    await exitedAgain;
    const all = await expectConsistent(store);
    expect(all.length).toBe(total);
    for (const b of (await getBalances(store, { limit: 1000 })).items) expect(b.onHand).toBe(expected.get(`${b.sku}@${b.location}`));
  }, 300_000);
});
