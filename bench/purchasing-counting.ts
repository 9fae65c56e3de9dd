/**
 * Purchasing and counting throughput, on SQLite and PostgreSQL.
 *
 *   node --import tsx bench/purchasing-counting.ts [--pos 500] [--lines 10] [--count-skus 5000] [--sales 2000] [--db sqlite,postgres]
 *
 * Cases (each on a fresh database with `--pos x --lines` SKUs):
 * - po import:    one CSV of `--pos` POs x `--lines` lines, imported and placed (inbound posted);
 * - receive:      one receipt per PO (all lines, 2% over, 1 damaged per line), one after another;
 * - count start:  a session of `--count-skus` SKUs at one location (snapshot);
 * - count enter:  every line counted (one request), after `--sales` sales posted during the count;
 * - count post:   recompute the netted expectation and post the corrections.
 * Prints a table and one JSON line per case (`{"bench":"purchasing-counting",...}`), with units per
 * wall-clock second and per CPU-second of this process (on SQLite all the work is in-process, so the
 * CPU figure is the one to compare on a busy machine).
 */
import { parseArgs } from 'node:util';
import { upsertLocations, upsertSkus, upsertSuppliers } from '../src/catalog/index.ts';
import { postCount, recordCounts, startCount } from '../src/counting/index.ts';
import { postMovements, verifyLedger, type MovementInput } from '../src/ledger/index.ts';
import { importPurchaseOrdersCsv, receivePurchaseOrder } from '../src/purchasing/index.ts';
import { openPostgres, openSqlite, printTable, type BenchTarget } from './lib/targets.ts';

const { values: args } = parseArgs({
  options: {
    pos: { type: 'string', default: '500' },
    lines: { type: 'string', default: '10' },
    'count-skus': { type: 'string', default: '5000' },
    sales: { type: 'string', default: '2000' },
    db: { type: 'string', default: 'sqlite,postgres' },
  },
});
const POS = Number(args.pos);
const LINES = Number(args.lines);
const SKUS = POS * LINES;
const COUNT_SKUS = Math.min(Number(args['count-skus']), SKUS, 10_000);
const SALES = Number(args.sales);
const ctx = { actor: 'bench' };
const sku = (i: number) => `SKU-${String(i).padStart(6, '0')}`;

async function run(t: BenchTarget): Promise<Record<string, string | number>[]> {
  const s = t.store;
  const rows: Record<string, string | number>[] = [];
  const time = async <T>(name: string, units: number, unit: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const out = await fn();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    const row = {
      db: t.name,
      case: name,
      [unit]: units,
      seconds: +(ms / 1000).toFixed(3),
      [`${unit}_per_s`]: Math.round((units * 1000) / ms),
      per_cpu_s: Math.round((units * 1000) / Math.max(cpuMs, 1)),
    };
    rows.push(row);
    process.stdout.write(
      `${JSON.stringify({ bench: 'purchasing-counting', db: t.name, case: name, units, unit, ms: Math.round(ms), cpuMs: Math.round(cpuMs), perSecond: row[`${unit}_per_s`], perCpuSecond: row.per_cpu_s })}\n`,
    );
    return out;
  };

  await upsertSuppliers(s, [{ code: 'SUP', name: 'Supplier', receiptTolerancePct: 5 }]);
  await upsertLocations(s, [{ code: 'WH', name: 'Warehouse' }]);
  for (let i = 0; i < SKUS; i += 5000) {
    await upsertSkus(s, Array.from({ length: Math.min(5000, SKUS - i) }, (_, j) => ({ code: sku(i + j), name: `Item ${i + j}`, unitCost: 1_000_000 + ((i + j) % 997) * 1000 })));
  }

  const csv = ['po_number,supplier,sku,location,quantity,unit_cost,expected_date'];
  for (let p = 0; p < POS; p++) for (let l = 0; l < LINES; l++) csv.push(`PO-${p},SUP,${sku(p * LINES + l)},WH,100,1.25,2026-01-15`);
  await time('po import+place', SKUS, 'lines', () => importPurchaseOrdersCsv(s, csv.join('\n'), ctx, { place: true }));

  await time('receive', POS, 'receipts', async () => {
    for (let p = 0; p < POS; p++) {
      const lines = Array.from({ length: LINES }, (_, l) => ({ sku: sku(p * LINES + l), quantity: 101, damaged: 1 }));
      await receivePurchaseOrder(s, { po: `PO-${p}`, deliveryRef: `DN-${p}`, lines }, ctx);
    }
  });

  const skus = Array.from({ length: COUNT_SKUS }, (_, i) => sku(i));
  const session = await time('count start', COUNT_SKUS, 'lines', () => startCount(s, { location: 'WH', skus }, ctx));
  const sales: MovementInput[] = Array.from({ length: SALES }, (_, i) => ({ kind: 'sale', sku: sku((i * 7919) % COUNT_SKUS), location: 'WH', quantity: 1 }));
  for (let i = 0; i < sales.length; i += 10_000) await postMovements(s, sales.slice(i, i + 10_000), ctx);
  const sold = new Map<string, number>();
  for (const m of sales) sold.set(m.sku, (sold.get(m.sku) ?? 0) + 1);
  // Every 10th SKU is one unit short on the shelf.
  const entries = skus.map((k, i) => ({ sku: k, countedQty: 101 - (sold.get(k) ?? 0) - (i % 10 === 0 ? 1 : 0) }));
  await time('count enter', COUNT_SKUS, 'lines', () => recordCounts(s, session.number, entries, { actor: 'counter' }));
  const posted = await time('count post', COUNT_SKUS, 'lines', () => postCount(s, session.number, ctx));
  const corrections = posted.lines.filter((l) => l.varianceQty !== 0).length;
  const expected = Math.ceil(COUNT_SKUS / 10);
  if (corrections !== expected) throw new Error(`count post: ${corrections} corrections, expected ${expected}`);
  const v = await verifyLedger(s);
  if (v.differences.length) throw new Error(`ledger differs from its projections: ${JSON.stringify(v.differences.slice(0, 3))}`);
  return rows;
}

const all: Record<string, string | number>[] = [];
for (const name of String(args.db).split(',')) {
  const t = name === 'postgres' ? await openPostgres() : await openSqlite();
  if ('error' in t) {
    process.stderr.write(`skipping postgres: ${t.error}\n`);
    continue;
  }
  try {
    all.push(...(await run(t)));
  } finally {
    await t.close();
  }
}
printTable(all.map((r) => ({ db: r.db, case: r.case, units: r.lines ?? r.receipts, seconds: r.seconds, per_s: r.lines_per_s ?? r.receipts_per_s, per_cpu_s: r.per_cpu_s })));
