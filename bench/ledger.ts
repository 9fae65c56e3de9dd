/**
 * Ledger throughput and latency, on SQLite and PostgreSQL.
 *
 *   node --import tsx bench/ledger.ts [--size 200000] [--posts 2000] [--db sqlite,postgres] [--skus N]
 *
 * Cases (each on a fresh database):
 * - batch:       `--size` movements through postMovements in batches of 10,000 (each batch its own
 *                transaction; mix of sales 75%, receipts, returns, adjustments over SKUs x 4 locations);
 * - batch+keys:  the same with an idempotency key on every movement (what `stockloop import` does);
 * - service:     `--posts` single-movement postMovements calls, one after another (latency);
 * - http:        `--posts` single POST /api/v1/movements over HTTP (real server on 127.0.0.1, random
 *                port, bearer token of an operator), one after another (p50/p99 latency);
 * - http x8:     the same with 8 concurrent clients (throughput).
 * Prints a table and one JSON line per case (`{"bench":"ledger",...}`); batch and service cases
 * also report movements (posts) per CPU-second of this process (on SQLite all the work is
 * in-process, so this is the figure to compare on a busy machine). On PostgreSQL the JSON line
 * adds `serverCpuSeconds`: CPU time of the server backend that ran the case, read from
 * /proc/<pid>/stat when the server is local and readable (else null), and `perCpuSecondTotal`
 * (client + that backend). Targets (not assertions):
 * batch >= 100k movements/s on SQLite and >= 50k/s on PostgreSQL, single POST p99 <= 10 ms.
 * PostgreSQL: DATABASE_URL or TEST_DATABASE_URL (postgres://...), default
 * postgres://postgres@127.0.0.1:5432/postgres, in a throw-away schema; skipped if unreachable.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createToken } from '../src/auth/index.ts';
import { buildServer } from '../src/api/server.ts';
import { upsertLocations, upsertSkus } from '../src/catalog/index.ts';
import { postMovements, type MovementInput } from '../src/ledger/index.ts';
import { openPostgres, openSqlite, percentile, printTable, type BenchTarget } from './lib/targets.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '200000' },
    posts: { type: 'string', default: '2000' },
    db: { type: 'string', default: 'sqlite,postgres' },
    skus: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
  },
});
const SIZE = Number(args.size);
const POSTS = Number(args.posts);
const CONC = Number(args.concurrency);
const SKUS = Number(args.skus ?? Math.max(200, Math.min(5000, Math.round(SIZE / 100))));
const LOCATIONS = ['WH-1', 'WH-2', 'FBA', '3PL'];
const BATCH = 10_000;

/** Deterministic workload: a small LCG so runs are comparable. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Generates movements that never take stock that is not there. */
function workload(seed: number, withKeys: string | null) {
  const rnd = lcg(seed);
  const onHand = new Map<number, number>();
  let n = 0;
  return (count: number): MovementInput[] => {
    const out: MovementInput[] = [];
    for (let i = 0; i < count; i++) {
      // Skewed popularity: squaring the uniform puts more traffic on low SKU numbers.
      const s = Math.floor(rnd() * rnd() * SKUS);
      const l = Math.floor(rnd() * LOCATIONS.length);
      const pair = s * 8 + l;
      const have = onHand.get(pair) ?? 0;
      const sku = `SKU-${String(s).padStart(6, '0')}`;
      const location = LOCATIONS[l];
      const r = rnd();
      let m: MovementInput;
      if (have < 5 || r < 0.1) {
        const q = 50 + Math.floor(rnd() * 150);
        m = { kind: 'receipt', sku, location, quantity: q, unitCost: 1_000_000 + Math.floor(rnd() * 9_000_000), reference: `PO-${n}` };
        onHand.set(pair, have + q);
      } else if (r < 0.85) {
        const q = 1 + Math.floor(rnd() * 3);
        m = { kind: 'sale', sku, location, quantity: q };
        onHand.set(pair, have - q);
      } else if (r < 0.95) {
        m = { kind: 'return', sku, location, quantity: 1 };
        onHand.set(pair, have + 1);
      } else {
        m = { kind: 'adjustment', sku, location, quantity: -1, reason: 'damaged' };
        onHand.set(pair, have - 1);
      }
      if (withKeys) m.idempotencyKey = `${withKeys}:${n}`;
      n++;
      out.push(m);
    }
    return out;
  };
}

async function seedCatalog(t: BenchTarget): Promise<void> {
  await upsertLocations(t.store, LOCATIONS.map((code) => ({ code, name: code, kind: code === 'FBA' ? 'fba' : code === '3PL' ? '3pl' : 'warehouse' })));
  const skus = Array.from({ length: SKUS }, (_, i) => ({ code: `SKU-${String(i).padStart(6, '0')}`, name: `Bench SKU ${i}`, unitCost: 5_000_000, price: 12_000_000 }));
  for (let i = 0; i < skus.length; i += 5000) await upsertSkus(t.store, skus.slice(i, i + 5000));
}

type Row = Record<string, string | number | null>;

/** CPU seconds used so far by a local process (utime + stime of /proc/<pid>/stat), or null if unreadable. */
function procCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null;
  }
}

/**
 * Measures the CPU of the PostgreSQL backend serving this store's sequential work: node-postgres'
 * pool hands the most recently released idle client out again, so one-after-another calls run on
 * the backend whose pid is read here. Returns a function giving the CPU seconds since, or null.
 */
async function serverCpu(t: BenchTarget): Promise<() => number | null> {
  if (t.name !== 'postgres') return () => null;
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.store.db);
  const pid = Number(rows[0]?.pid);
  const start = procCpuSeconds(pid);
  return () => {
    const end = procCpuSeconds(pid);
    return start === null || end === null ? null : +(end - start).toFixed(2);
  };
}

async function batchCase(t: BenchTarget, keys: boolean): Promise<Row> {
  const gen = workload(1, keys ? `bench-${t.name}` : null);
  let genMs = 0;
  const server = await serverCpu(t);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let done = 0; done < SIZE; done += BATCH) {
    const g0 = performance.now();
    const batch = gen(Math.min(BATCH, SIZE - done));
    genMs += performance.now() - g0;
    await postMovements(t.store, batch, { actor: 'bench' });
  }
  // Time spent generating the workload is not the ledger's.
  const secs = (performance.now() - t0 - genMs) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6 - genMs / 1000;
  return { db: t.name, case: keys ? 'batch+keys' : 'batch', n: SIZE, seconds: +secs.toFixed(2), 'per second': Math.round(SIZE / secs), 'per cpu-second': Math.round(SIZE / cpuSecs), 'p50 ms': '', 'p99 ms': '', server: server(), cpu: cpuSecs };
}

/** A latency row; `cpuSecs` (this process) and `server` (backend CPU) when the case measured them. */
function latencyRow(db: string, name: string, lat: number[], wall: number, cpuSecs?: number, server: number | null = null): Row {
  lat.sort((a, b) => a - b);
  return {
    db, case: name, n: lat.length, seconds: +(wall / 1000).toFixed(2), 'per second': Math.round(lat.length / (wall / 1000)),
    'per cpu-second': cpuSecs === undefined ? '' : Math.round(lat.length / cpuSecs), 'p50 ms': +percentile(lat, 50).toFixed(2), 'p99 ms': +percentile(lat, 99).toFixed(2),
    server, cpu: cpuSecs ?? null,
  };
}

async function serviceCase(t: BenchTarget): Promise<Row> {
  const gen = workload(2, `svc-${t.name}`);
  for (let i = 0; i < 100; i++) await postMovements(t.store, gen(1), { actor: 'bench' });
  const lat: number[] = [];
  const inputs = Array.from({ length: POSTS }, () => gen(1));
  const server = await serverCpu(t);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const m of inputs) {
    const s = performance.now();
    await postMovements(t.store, m, { actor: 'bench' });
    lat.push(performance.now() - s);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return latencyRow(t.name, 'service', lat, wall, (cpu.user + cpu.system) / 1e6, server());
}

const toBody = (m: MovementInput) => ({
  kind: m.kind,
  sku: m.sku,
  location: m.location,
  quantity: m.quantity,
  ...(m.unitCost !== undefined ? { unit_cost: (m.unitCost / 1e6).toFixed(6) } : {}),
  ...(m.reason ? { reason: m.reason } : {}),
  ...(m.reference ? { reference: m.reference } : {}),
  idempotency_key: m.idempotencyKey,
});

async function httpCases(t: BenchTarget): Promise<Row[]> {
  const app = await buildServer({ store: t.store, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const { token } = await createToken(t.store, { role: 'operator', name: 'bench' });
  const url = `http://127.0.0.1:${port}/api/v1/movements`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (m: MovementInput) => {
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(toBody(m)) });
    if (res.status >= 300) throw new Error(`POST /movements -> ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  const rows: Row[] = [];
  try {
    const gen = workload(3, `http-${t.name}`);
    for (let i = 0; i < 100; i++) await post(gen(1)[0]);
    let lat: number[] = [];
    let t0 = performance.now();
    for (let i = 0; i < POSTS; i++) {
      const m = gen(1)[0];
      const s = performance.now();
      await post(m);
      lat.push(performance.now() - s);
    }
    rows.push(latencyRow(t.name, 'http', lat, performance.now() - t0));

    // Concurrent clients: each has its own workload over its own SKU range, so they never conflict on stock.
    lat = [];
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONC }, async (_, c) => {
        const g = workload(100 + c, `http${CONC}-${t.name}-${c}`);
        for (let i = 0; i < Math.ceil(POSTS / CONC); i++) {
          const m = g(1)[0];
          const s = performance.now();
          await post(m);
          lat.push(performance.now() - s);
        }
      }),
    );
    rows.push(latencyRow(t.name, `http x${CONC}`, lat, performance.now() - t0));
  } finally {
    await app.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const dbs = args.db.split(',').map((s) => s.trim());
  const rows: Row[] = [];
  process.stderr.write(`ledger bench: ${SIZE.toLocaleString('en-US')} movements per batch case, ${POSTS} single posts, ${SKUS} SKUs x ${LOCATIONS.length} locations\n`);
  for (const db of dbs) {
    for (const c of ['batch', 'batch+keys', 'single'] as const) {
      const t = db === 'postgres' ? await openPostgres() : await openSqlite();
      if ('error' in t) {
        process.stderr.write(`postgres: skipped (${t.error})\n`);
        break;
      }
      try {
        await seedCatalog(t);
        const out = c === 'single' ? [await serviceCase(t), ...(await httpCases(t))] : [await batchCase(t, c === 'batch+keys')];
        for (const r of out) {
          rows.push(r);
          const cpuNote = r.cpu ? `, ${((Number(r.cpu) * 1000) / Number(r.n)).toFixed(3)} ms CPU each${r.server !== null ? ` (+ ${((Number(r.server) * 1000) / Number(r.n)).toFixed(3)} ms server backend)` : ''}` : '';
          process.stderr.write(`${r.db} ${r.case}: ${r['per second']}/s${r['p99 ms'] !== '' ? `, p50 ${r['p50 ms']} ms, p99 ${r['p99 ms']} ms` : ''}${cpuNote}\n`);
        }
      } finally {
        await t.close();
      }
    }
  }
  // The table keeps its columns; CPU seconds (this process, server backend) are in the JSON lines.
  printTable(rows.map(({ server: _s, cpu: _c, ...r }) => r as Record<string, string | number>));
  for (const r of rows) {
    process.stdout.write(
      `${JSON.stringify({ bench: 'ledger', db: r.db, case: r.case, n: r.n, seconds: r.seconds, perSecond: r['per second'], perCpuSecond: r['per cpu-second'] === '' ? null : r['per cpu-second'], p50ms: r['p50 ms'] === '' ? null : r['p50 ms'], p99ms: r['p99 ms'] === '' ? null : r['p99 ms'], ...(r.db === 'postgres' && r.cpu ? { serverCpuSeconds: r.server, perCpuSecondTotal: r.server === null ? null : Math.round(Number(r.n) / (Number(r.cpu) + Number(r.server))) } : {}) })}\n`,
    );
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
