/**
 * Plan-run benchmark: seeds N SKUs x 1 location with a year of daily demand history through the
 * ledger's batch path (postMovements, 10,000 movements per transaction), then runs a full plan
 * (load, segment, forecast + policy in worker threads, write) and prints the time per phase.
 *
 *   node --import tsx bench/plan.ts [--skus 10000] [--days 365] [--db sqlite|postgres] [--threads N] [--model auto] [--review-days D] [--calibrate] [--budget MONEY] [--fed]
 *
 * `--fed` adds a location FBA-1 replenished from WH-1 by transfer (7-day lane): every other SKU
 * sells 40 % of its daily units there, so the run plans those pairs as fed lines (sent from WH-1)
 * and WH-1's with the fed demand flowing through, computed after them (planning/replenishment-transfers.ts).
 *
 * `--budget MONEY` runs the plan within that budget (planning/budget.ts: the allocation, and the
 * repair of the suppliers' orders it leaves below their minimum order value: SUP-2 and SUP-6 have
 * one of 3,000.00).
 *
 * `--review-days D` then also times the policy review (`stockloop backtest --days D`, planning/policy-review.ts),
 * with its calibration (every safety shift of the grid replayed) under `--calibrate`.
 *
 * Demand: deterministic (seeded LCG); per-SKU mean demand is log-normal (a long tail: most SKUs
 * sell < 1/day, a few sell hundreds), about 30% of SKUs intermittent, a weekly pattern, and 10%
 * of SKUs run out of stock in the last weeks (censored days). Prints a table and one JSON line
 * `{"bench":"plan",...}`; exits 1 if the run did not succeed or did not plan every SKU that has
 * history or stock (a SKU that never sold and holds nothing has nothing to plan).
 * PostgreSQL: DATABASE_URL / TEST_DATABASE_URL, in a throw-away schema (see bench/lib/targets.ts).
 */
import { parseArgs } from 'node:util';
import { upsertLocations, upsertSkus, upsertSuppliers } from '../src/catalog/index.ts';
import { postMovements, type MovementInput } from '../src/ledger/index.ts';
import { reviewPolicies, runPlan } from '../src/planning/index.ts';
import { openPostgres, openSqlite, printTable, type BenchTarget } from './lib/targets.ts';

const { values: args } = parseArgs({
  options: {
    skus: { type: 'string', default: '10000' },
    days: { type: 'string', default: '365' },
    db: { type: 'string', default: 'sqlite' },
    threads: { type: 'string' },
    model: { type: 'string', default: 'auto' },
    // also time the policy review (stockloop backtest) over this many days (0 = skip)
    'review-days': { type: 'string', default: '0' },
    calibrate: { type: 'boolean', default: false },
    budget: { type: 'string' },
    fed: { type: 'boolean', default: false },
  },
});
const N = Number(args.skus);
const DAYS = Number(args.days);
if (!(Number.isInteger(N) && N > 0) || !(Number.isInteger(DAYS) && DAYS >= 28)) {
  process.stderr.write('usage: bench/plan.ts [--skus N>0] [--days D>=28] [--db sqlite|postgres] [--threads N] [--model NAME]\n');
  process.exit(2);
}
const AS_OF = '2026-11-01';
const FIRST = Date.parse(`${AS_OF}T00:00:00Z`) - DAYS * 86_400_000;
const dayIso = (i: number, hour: number) => new Date(FIRST + i * 86_400_000 + hour * 3_600_000).toISOString();
const WEEKLY = [1.1, 1.1, 1.0, 1.0, 0.95, 0.9, 0.95];

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const rnd = lcg(20261101);
const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
function poisson(mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

async function seed(t: BenchTarget): Promise<{ movements: number; withHistory: number; ms: number }> {
  const t0 = performance.now();
  const suppliers = Array.from({ length: 8 }, (_, i) => ({ code: `SUP-${i + 1}`, name: `Supplier ${i + 1}`, defaultLeadTimeDays: 7 + i * 6, leadTimeSdDays: 1 + i, moq: i % 3 === 0 ? 50 : 0, ...(i % 4 === 1 ? { minOrderValue: 3_000_000_000 } : {}) }));
  await upsertSuppliers(t.store, suppliers);
  await upsertLocations(t.store, [{ code: 'WH-1', name: 'Main warehouse' }, ...(args.fed ? [{ code: 'FBA-1', name: 'Amazon', kind: 'fba' as const, replenishFrom: 'WH-1', transferLeadTimeDays: 7 }] : [])]);
  const skus = Array.from({ length: N }, (_, i) => ({
    code: `SKU-${String(i + 1).padStart(6, '0')}`,
    name: `Item ${i + 1}`,
    unitCost: Math.round(Math.exp(1.5 + normal() * 0.8) * 1_000_000),
    packSize: [1, 1, 1, 6, 12, 24][i % 6],
    defaultSupplier: suppliers[i % suppliers.length].code,
  }));
  for (let i = 0; i < skus.length; i += 5000) await upsertSkus(t.store, skus.slice(i, i + 5000));
  let batch: MovementInput[] = [];
  let movements = 0;
  let withHistory = 0;
  const flush = async () => {
    if (!batch.length) return;
    await postMovements(t.store, batch, { actor: 'bench' });
    movements += batch.length;
    batch = [];
  };
  for (const sku of skus) {
    const mean = Math.min(300, Math.exp(-0.5 + 1.4 * normal()));
    const intermittent = rnd() < 0.3;
    const sales: number[] = [];
    for (let d = 0; d < DAYS; d++) {
      const m = mean * WEEKLY[d % 7];
      sales.push(intermittent ? (rnd() < 0.15 ? 1 + poisson(m * 3) : 0) : poisson(m));
    }
    const total = sales.reduce((a, b) => a + b, 0);
    const runsOut = rnd() < 0.1;
    const cutoff = runsOut ? DAYS - 1 - Math.floor(rnd() * 21) : DAYS; // days from here sell nothing (out of stock)
    const sold = sales.slice(0, cutoff).reduce((a, b) => a + b, 0);
    const closing = runsOut ? 0 : Math.round(mean * rnd() * 60);
    if (batch.length + 2 * DAYS + 2 > 10_000) await flush();
    if (sold + closing > 0) withHistory++;
    // --fed: every other SKU sells 40 % of its units at FBA-1 (each day, rounded)
    const fed = args.fed && Number(sku.code.slice(4)) % 2 === 0 ? sales.slice(0, cutoff).map((q) => Math.round(q * 0.4)) : null;
    const fedSold = fed ? fed.reduce((a, b) => a + b, 0) : 0;
    if (fedSold > 0) withHistory++;
    if (sold + closing - fedSold > 0) batch.push({ kind: 'receipt', sku: sku.code, location: 'WH-1', quantity: sold + closing - fedSold, unitCost: sku.unitCost, occurredAt: dayIso(0, 0) });
    if (fedSold > 0) batch.push({ kind: 'receipt', sku: sku.code, location: 'FBA-1', quantity: fedSold, unitCost: sku.unitCost, occurredAt: dayIso(0, 0) });
    for (let d = 0; d < cutoff; d++) {
      const there = fed ? fed[d] : 0;
      if (sales[d] - there > 0) batch.push({ kind: 'sale', sku: sku.code, location: 'WH-1', quantity: sales[d] - there, occurredAt: dayIso(d, 12) });
      if (there > 0) batch.push({ kind: 'sale', sku: sku.code, location: 'FBA-1', quantity: there, occurredAt: dayIso(d, 12) });
    }
    void total;
  }
  await flush();
  return { movements, withHistory, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const target = args.db === 'postgres' ? await openPostgres() : await openSqlite();
  if ('error' in target) {
    process.stderr.write(`${target.error}\n`);
    process.exit(1);
  }
  try {
    process.stderr.write(`seeding ${N} SKUs x ${DAYS} days on ${target.name}...\n`);
    const s = await seed(target);
    process.stderr.write(`seeded ${s.movements} movements in ${(s.ms / 1000).toFixed(1)} s\n`);
    const t0 = performance.now();
    const run = await runPlan(
      target.store,
      { asOf: AS_OF, historyDays: DAYS, forecastModel: args.model, ...(args.threads !== undefined ? { threads: Number(args.threads) } : {}), ...(args.budget !== undefined ? { budget: Math.round(Number(args.budget) * 1_000_000) } : {}) },
      {
        actor: 'bench',
        trigger: 'bench',
        onProgress: (p) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${p.phase}: ${p.message}\n`),
      },
    );
    const total = performance.now() - t0;
    const ph = run.phases ?? { loadMs: 0, segmentMs: 0, computeMs: 0, writeMs: 0 };
    printTable([
      { phase: 'load', ms: ph.loadMs },
      { phase: 'segment', ms: ph.segmentMs },
      { phase: 'forecast+policy', ms: ph.computeMs },
      { phase: 'write', ms: ph.writeMs },
      { phase: 'total', ms: Math.round(total) },
    ]);
    const result = {
      bench: 'plan',
      db: target.name,
      skus: N,
      days: DAYS,
      threads: (run.parameters as { threads?: number }).threads,
      model: args.model,
      status: run.status,
      planned: run.plannedCount,
      to_order: run.toOrderCount,
      errors: run.errorCount,
      skus_with_history: s.withHistory,
      seed_movements: s.movements,
      seed_ms: Math.round(s.ms),
      load_ms: ph.loadMs,
      segment_ms: ph.segmentMs,
      compute_ms: ph.computeMs,
      write_ms: ph.writeMs,
      total_ms: Math.round(total),
      ms_per_sku: Number((total / N).toFixed(2)),
      ...(run.inputs?.replenishment ? { fed_lines_asking: run.inputs.replenishment.lines, fed_sent: run.inputs.replenishment.sent, fed_short: run.inputs.replenishment.short } : {}),
      ...(run.inputs?.budget ? { budget_spent: run.inputs.budget.spent / 1e6, budget_lines_cut: run.inputs.budget.linesCut, minimum_order_repairs: run.inputs.budget.minimumOrderRepairs.map((x) => `${x.supplier} ${x.decision}`) } : {}),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    const reviewDays = Number(args['review-days']);
    if (reviewDays > 0) {
      const r0 = performance.now();
      let last = 0;
      const review = await reviewPolicies(target.store, {
        asOf: AS_OF,
        days: reviewDays,
        calibrate: args.calibrate,
        onProgress: (done, total) => {
          if (done < total && performance.now() - last < 5000) return;
          last = performance.now();
          process.stderr.write(`[${((last - r0) / 1000).toFixed(1).padStart(6)}s] review: replayed ${done}/${total}\n`);
        },
      });
      const ms = Math.round(performance.now() - r0);
      const pairs = review.policies.reduce((t, p) => t + p.pairs, 0);
      printTable(
        review.policies.map((p) => ({
          policy: p.policy ?? '(default)',
          target: p.target.level,
          fill: p.fillRate === null ? '-' : (100 * p.fillRate).toFixed(1),
          pairs: p.pairs,
          'avg on hand': Math.round(p.avgOnHand),
          ...(p.calibration ? { 'proposed shift': p.calibration.shift ?? '-', 'fill then': p.calibration.fillRate === null ? '-' : (100 * p.calibration.fillRate).toFixed(1), status: p.calibration.status } : {}),
        })),
      );
      process.stdout.write(`${JSON.stringify({ bench: 'plan-review', db: target.name, skus: N, days: reviewDays, calibrate: args.calibrate, pairs, skipped: review.skipped, ms, ms_per_pair: Number((ms / Math.max(1, pairs)).toFixed(2)) })}\n`);
    }
    if (run.status !== 'succeeded' || run.plannedCount !== s.withHistory) {
      process.stderr.write(`plan run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''} (planned ${run.plannedCount} of the ${s.withHistory} SKU x locations with history or stock)\n`);
      process.exitCode = 1;
    }
  } finally {
    await target.close();
  }
}

await main();
