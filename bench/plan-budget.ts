/**
 * A buying budget, judged by the service it delivers: the demo catalogue's SKU x locations replayed
 * together with the plan's own policy (src/planning/budget-backtest.ts), ordering on Mondays, and
 * every Monday's lines funded within a weekly budget by four strategies: `none` (no budget, the
 * reference), `marginal` (the plan run's allocation, src/planning/budget.ts), `pro-rata` (every line
 * trimmed alike) and `urgency` (whole lines, emptiest shelves first).
 *
 *   node --import tsx bench/plan-budget.ts [--days 730] [--limit N] [--budgets 0.5,0.7,0.9] [--target 0.95]
 *        [--objective margin|revenue|units] [--seed 42] [--quick] [--min-order-values]
 *
 * The budget is a share of what the unconstrained plan spends on an average Monday of the replay
 * (the second half of `--days`; the first half is history only). Printed per budget and strategy:
 * fill rate (units served / demanded), gross margin served (price - cost), money spent, average
 * stock (units and value at cost) and orders; one JSON line each. `--quick` (CI): 60 pairs, 400
 * days. No MOQs or case packs: the strategies differ in allocation only.
 *
 * `--min-order-values`: the demo suppliers' minimum order values apply (a supplier refuses a
 * Monday's PO below its minimum, under every strategy), and the allocation is run twice: with the
 * run's repair (`marginal`: each supplier's order raised to its minimum or dropped, whichever funds
 * more) and without it (`marginal-no-repair`: the cuts may leave a PO the supplier refuses).
 */
import { parseArgs } from 'node:util';
import { backtestBudget, type BudgetStrategy } from '../src/planning/budget-backtest.ts';
import type { BudgetObjective } from '../src/planning/budget.ts';
import { demoSeries } from './lib/demo-series.ts';
import { DEMO_SUPPLIERS } from '../src/io/demo/catalogue.ts';
import { evenlySpaced } from './lib/evenly-spaced.ts';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '730' },
    limit: { type: 'string', default: '0' },
    budgets: { type: 'string', default: '0.5,0.7,0.9' },
    target: { type: 'string', default: '0.95' },
    objective: { type: 'string', default: 'margin' },
    seed: { type: 'string', default: '42' },
    quick: { type: 'boolean', default: false },
    'min-order-values': { type: 'boolean', default: false },
  },
});
const days = args.quick ? 400 : Number(args.days);
const limit = args.quick ? 60 : Number(args.limit);
const target = Number(args.target);
const fractions = args.budgets.split(',').map(Number);
const objective = args.objective as BudgetObjective;
if (!(Number.isInteger(days) && days >= 120)) throw new Error(`--days must be an integer >= 120 (got ${args.days})`);
if (!(target >= 0.5 && target < 1)) throw new Error(`--target must be in [0.5, 1) (got ${args.target})`);
if (!fractions.every((f) => f > 0 && f <= 2)) throw new Error(`--budgets must be shares in (0, 2] (got ${args.budgets})`);
if (!['margin', 'revenue', 'units'].includes(objective)) throw new Error(`--objective must be margin, revenue or units (got ${args.objective})`);

const series = evenlySpaced(
  demoSeries(days, Number(args.seed)).filter((s) => s.unitCost > 0),
  limit,
);
// Mondays: the series start on a Monday; the warm-up ends on one so that the weekly plans do too
const warmup = 7 * Math.floor(days / 14);
const mondays = Math.ceil((days - warmup) / 7);
const opts = {
  reviewPeriodDays: 7,
  refit: 7,
  warmup,
  firstWeekday: 1,
  season: 7,
  seed: Number(args.seed),
  template: { target: { kind: 'fill-rate' as const, level: target }, orderWeekdays: [1], leadTimeIndependence: 1 },
};
const seriesIn = series.map((s) => ({ y: s.y, leadTimeDays: s.leadTime, leadTimeSdDays: s.leadTimeSd, unitCost: s.unitCost, price: s.price, supplier: s.supplier }));
// the demo suppliers' minimum order values in currency units, with --min-order-values
const minOrderValues = args['min-order-values'] ? new Map(DEMO_SUPPLIERS.filter((s) => s.minOrderValue !== null).map((s) => [s.code, s.minOrderValue! / 1e6])) : undefined;
process.stdout.write(`plan-budget: demo, ${series.length} SKU x locations x ${days} days (last ${days - warmup} replayed, ${mondays} Mondays), fill-rate target ${target}, objective ${objective}${minOrderValues ? `; minimum order values ${[...minOrderValues].map(([c, v]) => `${c} ${v}`).join(', ')}` : ''}\n`);

const t0 = performance.now();
const [ref] = backtestBudget(seriesIn, { ...opts, budgetPerOrderDay: 0, strategies: ['none'], objective, minOrderValues });
const weekly = ref.spent / mondays;
const line = (label: string, o: { strategy: string; served: number; demanded: number; margin: number; spent: number; avgOnHand: number; avgStockValue: number; orders: number }, secs: number) =>
  `${label.padStart(7)} ${o.strategy.padEnd(18)} ${(100 * o.served / o.demanded).toFixed(1).padStart(6)} ${o.margin.toFixed(0).padStart(10)} ${o.spent.toFixed(0).padStart(10)} ${o.avgOnHand.toFixed(0).padStart(8)} ${o.avgStockValue.toFixed(0).padStart(10)} ${String(o.orders).padStart(7)} ${secs.toFixed(1).padStart(6)}\n`;
process.stdout.write(`${'budget'.padStart(7)} ${'strategy'.padEnd(18)} ${'fill%'.padStart(6)} ${'margin'.padStart(10)} ${'spent'.padStart(10)} ${'on hand'.padStart(8)} ${'stock val'.padStart(10)} ${'orders'.padStart(7)} ${'secs'.padStart(6)}\n`);
process.stdout.write(line('none', ref, (performance.now() - t0) / 1000));
process.stdout.write(`${JSON.stringify({ bench: 'plan-budget', pairs: series.length, days, target, objective, budgetShare: null, weeklyBudget: null, ...ref })}\n`);
for (const f of fractions) {
  const t1 = performance.now();
  const strategies: BudgetStrategy[] = minOrderValues ? ['marginal', 'marginal-no-repair', 'pro-rata', 'urgency'] : ['marginal', 'pro-rata', 'urgency'];
  const res = backtestBudget(seriesIn, { ...opts, budgetPerOrderDay: f * weekly, strategies, objective, minOrderValues });
  const secs = (performance.now() - t1) / 1000;
  for (const o of res) {
    process.stdout.write(line(`${Math.round(100 * f)}%`, o, secs / strategies.length));
    process.stdout.write(`${JSON.stringify({ bench: 'plan-budget', pairs: series.length, days, target, objective, budgetShare: f, weeklyBudget: f * weekly, ...o })}\n`);
  }
}
