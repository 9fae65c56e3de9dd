/**
 * Backtest of the plan run's own policy: does `stockloop plan` deliver the service its policies
 * promise, and with how much stock? Replays daily demand with the suggestion a nightly plan run
 * makes (src/planning/suggestion.ts `computeSuggestion`: the forecast, reorder point s and
 * order-up-to S exactly as a run computes them), one SKU x location at a time.
 *
 *   node --import tsx bench/plan-policy.ts [--data demo|nn5|carparts-daily|FILE.csv|poisson:RATE[:N]] [--targets 0.9,0.95,0.98]
 *        [--days 730] [--refit 1] [--lead-time 21] [--lead-time-sd 0] [--review 7] [--limit N] [--seed 42] [--backorders]
 *        [--calibrate D] [--order-days 1,4] [--naive-order-days] [--group pattern|lead-time|class]
 *        [--independence 1] [--burn-in] [--history-days 365] [--model auto] [--order-cost K] [--holding-rate 0.25]
 *
 * Data:
 * - `demo` (default): the demo catalogue's demand model (src/io/demo: ~300 SKUs, smooth, erratic,
 *   intermittent and lumpy sellers over four locations, weekly and yearly seasonality, launches,
 *   dying products, Black Friday), `--days` days of true (uncensored) daily demand per SKU x
 *   location; each SKU's lead time is its supplier's (6 to 80 days, with its sd: every order's lead
 *   time is drawn from N(mean, sd), rounded, at least 1 day; the plan is told the mean and sd).
 * - `nn5` (../shared/data/nn5.csv, 111 daily series) or any `series_id,t,y` CSV: one lead time
 *   `--lead-time` for all, fixed unless `--lead-time-sd` is given (then drawn for every order).
 * - `carparts-daily`: carparts (../shared/data) with each month's units spread over its 30 days
 *   (bench/lib/daily-from-monthly.ts, as bench/policy.ts uses it): daily intermittent demand, one
 *   lead time `--lead-time` for all; `--limit N` takes N parts evenly spaced (the file's first parts
 *   are its slowest).
 * - `poisson:RATE[:N]`: N (default 12) stationary Poisson series of RATE units a day (the case the
 *   formulas are exact for), with `--lead-time` / `--lead-time-sd` as for a CSV.
 *
 * Replay: src/planning/plan-backtest.ts (the first half of each series is history only; every
 * night orders due arrive, s and S are recomputed every `--refit` days (default 1, as the nightly
 * run; 7 is 7x faster but holds the levels for a week, a different policy: on the demo data 94.8 %
 * fill with 22,626 units against 96.0 % with 28,586 nightly at 0.95, before the lost-sales
 * correction), the position at or below s orders up to S, the day's demand is served and what is
 * short is lost (the plan is told so: its lost-sales correction applies) or, with `--backorders`,
 * waits for the next receipt (no correction)).
 * Prints per target the aggregate fill rate (units served / demanded over the second half), per
 * demand pattern for the demo data (`--group lead-time`: per supplier lead time instead; `--group
 * class`: per Syntetos-Boylan class of the first half, 'none' = no demand in it), the
 * total average on hand and the orders placed, and one JSON line per target (with the on hand per
 * group).
 *
 * Lead times: every order's lead time is drawn independently, so orders overtake each other. A
 * plan run measures that from its receipts (engine/policy/order-crossover.ts) and plans with the
 * order crossover term; the bench tells the plans `--independence` (default 1, as a run would
 * learn it; 0 = the textbook one-order term mu^2 sL^2).
 *
 * `--history-days N`: the longest history a plan reads (default 365, as `stockloop plan`);
 * `--model NAME`: the plan's forecast model (default auto, as `stockloop plan --model`).
 *
 * `--order-cost K`: economic lots (a policy's `order_cost`): every line's lot is the EOQ with an
 * order line costing K times its unit cost and `--holding-rate` a year (default 0.25), instead of
 * `--review` days of demand.
 *
 * `--burn-in`: measure each series after its first lead time + review period, as the policy review
 * does, instead of from the first plan's stock on (that start-up stock raises the fill of short
 * series).
 *
 * `--order-days 1,4`: orders only on those ISO weekdays (1 = Monday; day 0 of every series is
 * taken as a Monday: the demo series start on Monday 2024-01-01, NN5 on Monday 1996-03-18), the
 * plans told so (a policy's order days); with `--naive-order-days` the plans are not told (they
 * plan as if ordering nightly), which is what the plan did before order days existed.
 *
 * `--calibrate D`: the policy review's calibration, tested out of sample. Per target, every series
 * is first replayed over the D days before the second half (measured after a lead time + review
 * period, as the review does) at every safety shift of the calibration grid (shift-grid.ts), the
 * pooled fill picks one shift for all series (one policy; none when the formula's fill there is
 * within the review's 1-point tolerance), and the second half is then replayed with that shift: a
 * second row per target, `cal`, beside the formula's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDemandCsv } from '../src/cli/commands/simulate.ts';
import { classifyDemand } from '../src/engine/forecast/index.ts';
import { dailyFromMonthly } from './lib/daily-from-monthly.ts';
import { evenlySpaced } from './lib/evenly-spaced.ts';
import { demoSeries, type DemoSeries } from './lib/demo-series.ts';
import { backtestPlanPolicy, backtestPlanShifts } from '../src/planning/plan-backtest.ts';
import { nbSeries } from '../test/helpers/nb-series.ts';
import { CALIBRATION_GRID, CALIBRATION_TOLERANCE, smallestMeetingShift } from '../src/planning/shift-grid.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: 'demo' },
    targets: { type: 'string', default: '0.9,0.95,0.98' },
    days: { type: 'string', default: '730' },
    refit: { type: 'string', default: '1' },
    'lead-time': { type: 'string', default: '21' },
    'lead-time-sd': { type: 'string', default: '0' },
    review: { type: 'string', default: '7' },
    limit: { type: 'string', default: '0' },
    seed: { type: 'string', default: '42' },
    backorders: { type: 'boolean', default: false },
    calibrate: { type: 'string', default: '0' },
    'order-days': { type: 'string', default: '' },
    'naive-order-days': { type: 'boolean', default: false },
    group: { type: 'string', default: 'pattern' },
    independence: { type: 'string', default: '1' },
    'burn-in': { type: 'boolean', default: false },
    'history-days': { type: 'string', default: '365' },
    model: { type: 'string', default: 'auto' },
    'order-cost': { type: 'string', default: '' },
    'holding-rate': { type: 'string', default: '0.25' },
  },
});
const orderDays = args['order-days'] ? args['order-days'].split(',').map(Number) : null;
if (orderDays && !orderDays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) throw new Error(`--order-days must be ISO weekdays 1-7 (got ${args['order-days']})`);
// what the plans are told, and the days the replay orders on
// economic lots (a policy's order_cost): the order cost in multiples of the unit cost (EOQ
// depends on K / c only), the holding rate per year
const orderCost = args['order-cost'] ? Number(args['order-cost']) : null;
const holdingRate = Number(args['holding-rate']);
if (orderCost !== null && !(orderCost > 0)) throw new Error(`--order-cost must be > 0 unit costs (got ${args['order-cost']})`);
if (!(holdingRate >= 0.01 && holdingRate <= 5)) throw new Error(`--holding-rate must be in [0.01, 5] (got ${args['holding-rate']})`);
const economicLot = orderCost !== null ? { economicLot: { orderCost, holdingRate, unitCost: 1 } } : {};
const planDays = { template: { orderWeekdays: args['naive-order-days'] ? null : orderDays, ...economicLot }, replayOrderWeekdays: orderDays, firstWeekday: 1 };
// the replay draws every order's lead time independently: a plan run learns that from the
// receipts (order crossings, engine/policy/order-crossover.ts) and plans with independence 1;
// `--independence 0` plans with the textbook one-order term instead
const calibrateDays = Number(args.calibrate);
if (!(Number.isInteger(calibrateDays) && calibrateDays >= 0)) throw new Error(`--calibrate must be a number of days >= 0 (got ${args.calibrate})`);
const independence = Number(args.independence);
if (!(independence >= 0 && independence <= 1)) throw new Error(`--independence must be in [0, 1] (got ${args.independence})`);
if (args.group !== 'pattern' && args.group !== 'lead-time' && args.group !== 'class') throw new Error(`--group must be pattern, lead-time or class (got ${args.group})`);
const targets = args.targets.split(',').map(Number);
const refit = Number(args.refit);
const review = Number(args.review);
const limit = Number(args.limit);
const historyDays = Number(args['history-days']);
if (!(Number.isInteger(historyDays) && historyDays >= 28)) throw new Error(`--history-days must be an integer >= 28 (got ${args['history-days']})`);
for (const [k, v] of [['refit', refit], ['review', review]] as const) if (!(Number.isInteger(v) && v >= 1)) throw new Error(`--${k} must be an integer >= 1 (got ${v})`);

/** A series to replay; `group` is its demand pattern (demo data) or 'all'. */
type Series = Omit<DemoSeries, 'unitCost' | 'price' | 'supplier'>;

function csvSeries(file: string): Series[] {
  const L = Number(args['lead-time']);
  const sL = Number(args['lead-time-sd']);
  return parseDemandCsv(fs.readFileSync(file, 'utf8'), file).map((s) => ({ id: s.id, group: 'all', y: s.y, leadTime: L, leadTimeSd: sL, season: 7 }));
}

/** `carparts-daily`: carparts spread over days (see the file comment), `limit` parts evenly spaced (0 = all). */
function carpartsDailySeries(limit: number): Series[] {
  const L = Number(args['lead-time']);
  const sL = Number(args['lead-time-sd']);
  const all = dailyFromMonthly(parseDemandCsv(fs.readFileSync(path.join(dataDir, 'carparts.csv'), 'utf8'), 'carparts.csv'));
  return evenlySpaced(all, limit).map((s) => ({ id: s.id, group: 'all', y: s.y, leadTime: L, leadTimeSd: sL, season: 7 }));
}

/** `poisson:RATE[:N]`: N (default 12) stationary Poisson series of RATE a day, `--days` long, one lead time for all. */
function poissonSeries(spec: string): Series[] {
  const [, rate, n] = spec.split(':').map(Number);
  if (!(rate > 0)) throw new Error(`--data poisson:RATE[:N] needs a rate > 0 (got ${spec})`);
  const L = Number(args['lead-time']);
  const sL = Number(args['lead-time-sd']);
  return Array.from({ length: n > 0 ? n : 12 }, (_, i) => ({ id: `P${i}`, group: 'all', y: nbSeries(Number(args.days), rate, 1, 100 + i), leadTime: L, leadTimeSd: sL, season: 1 }));
}

const dataDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'shared', 'data');
let series =
  args.data === 'demo'
    ? demoSeries(Number(args.days), Number(args.seed))
    : args.data.startsWith('poisson:')
      ? poissonSeries(args.data)
      : args.data === 'carparts-daily'
        ? carpartsDailySeries(limit)
        : csvSeries(args.data === 'nn5' ? path.join(dataDir, 'nn5.csv') : args.data);
if (limit > 0) series = series.slice(0, limit);
// `--group class`: the Syntetos-Boylan class of the history the replay starts from (its first half)
if (args.group === 'class')
  series = series.map((s) => {
    const first = s.y.subarray(0, Math.floor(s.y.length / 2));
    return { ...s, group: first.some((v) => v > 0) ? classifyDemand(first).demandClass : 'none' };
  });
// `--group lead-time`: the columns are the series' mean lead times instead of their patterns
if (args.group === 'lead-time') series = series.map((s) => ({ ...s, group: `L${String(s.leadTime).padStart(2, '0')}` }));

const groups = [...new Set(series.map((s) => s.group))].sort();
process.stdout.write(`plan-policy backtest: ${args.data}, ${series.length} series x ${series[0]?.y.length ?? 0} days (second half replayed), review ${review} d, refit every ${refit} d, lead-time independence ${independence}${orderDays ? `, orders on weekdays ${orderDays.join(',')}${args['naive-order-days'] ? ' (plans not told)' : ''}` : ''}${orderCost !== null ? `, economic lots (order cost ${orderCost} unit costs, holding ${holdingRate}/year)` : ''}, groups ${groups.map((g) => `${g} ${series.filter((s) => s.group === g).length}`).join(', ')}\n`);
process.stdout.write(`${'target'.padStart(6)} ${'fill%'.padStart(6)} ${groups.map((g) => g.slice(0, 6).padStart(7)).join(' ')} ${'on hand'.padStart(9)} ${'orders'.padStart(7)} ${'secs'.padStart(5)}\n`);
/**
 * The shift one policy calibration picks for all series: replays the `days` days before the second
 * half at every grid shift and takes the smallest from which every higher one meets the target.
 */
function calibrateShift(target: number, days: number): { shift: number; fitFill: number; formulaFill: number } {
  const served = new Float64Array(CALIBRATION_GRID.length);
  let demanded = 0;
  for (const [k, s] of series.entries()) {
    const half = Math.floor(s.y.length / 2);
    const burnIn = Math.ceil(s.leadTime + review);
    if (half - days < 28 || days - burnIn < 28) throw new Error(`--calibrate ${days}: series ${s.id} needs ${days + 28} days before its second half and a window longer than ${burnIn + 28} days`);
    const out = backtestPlanShifts(
      { y: s.y.subarray(0, half), leadTimeDays: s.leadTime, leadTimeSdDays: s.leadTimeSd },
      { fillRate: target, reviewPeriodDays: review, refit, backorders: args.backorders, season: s.season, seed: Number(args.seed) + k, historyDays, model: args.model, warmup: half - days, burnIn, ...planDays, template: { ...planDays.template, leadTimeIndependence: independence } },
      CALIBRATION_GRID,
    );
    out.forEach((o, j) => (served[j] += o.served));
    demanded += out[0].demanded;
  }
  const fills = Array.from(served, (x) => x / demanded);
  const zero = CALIBRATION_GRID.indexOf(0);
  // as the review: a fill within the tolerance of the target keeps the formula's levels
  const { index } = Math.abs(fills[zero] - target) <= CALIBRATION_TOLERANCE ? { index: zero } : smallestMeetingShift(fills, target);
  return { shift: CALIBRATION_GRID[index], fitFill: fills[index], formulaFill: fills[zero] };
}

for (const target of targets) {
  const rows: { label: string; shift: number; fit?: { fitFill: number; formulaFill: number } }[] = [{ label: target.toFixed(2), shift: 0 }];
  if (calibrateDays > 0) {
    const c = calibrateShift(target, calibrateDays);
    rows.push({ label: 'cal', shift: c.shift, fit: c });
  }
  for (const row of rows) {
    const t0 = performance.now();
    const byGroup = new Map<string, { served: number; demanded: number; onHand: number }>();
    let served = 0;
    let demanded = 0;
    let onHand = 0;
    let orders = 0;
    for (const [k, s] of series.entries()) {
      const o = backtestPlanPolicy(
        { y: s.y, leadTimeDays: s.leadTime, leadTimeSdDays: s.leadTimeSd },
        { fillRate: target, reviewPeriodDays: review, refit, backorders: args.backorders, season: s.season, seed: Number(args.seed) + k, historyDays, model: args.model, ...planDays, template: { ...planDays.template, safetyShift: row.shift, leadTimeIndependence: independence }, ...(args['burn-in'] ? { burnIn: Math.ceil(s.leadTime + review) } : {}) },
      );
      served += o.served;
      demanded += o.demanded;
      onHand += o.avgOnHand;
      orders += o.orders;
      const g = byGroup.get(s.group) ?? { served: 0, demanded: 0, onHand: 0 };
      g.served += o.served;
      g.demanded += o.demanded;
      g.onHand += o.avgOnHand;
      byGroup.set(s.group, g);
    }
    const secs = (performance.now() - t0) / 1000;
    const fill = served / demanded;
    const perGroup = Object.fromEntries(groups.map((g) => [g, byGroup.get(g)!.served / byGroup.get(g)!.demanded]));
    const fit = row.fit ? `  shift ${row.shift >= 0 ? '+' : ''}${row.shift.toFixed(2)} (fitted on ${calibrateDays} days: ${(100 * row.fit.formulaFill).toFixed(1)} -> ${(100 * row.fit.fitFill).toFixed(1)})` : '';
    process.stdout.write(
      `${row.label.padStart(6)} ${(100 * fill).toFixed(1).padStart(6)} ${groups.map((g) => (100 * perGroup[g]).toFixed(1).padStart(7)).join(' ')} ${onHand.toFixed(0).padStart(9)} ${String(orders).padStart(7)} ${secs.toFixed(1).padStart(5)}${fit}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ bench: 'plan-policy', data: args.data, series: series.length, target, review, refit, leadTimeIndependence: independence, orderDays, naiveOrderDays: args['naive-order-days'], ...(orderCost !== null ? { orderCost, holdingRate } : {}), safetyShift: row.shift, ...(row.fit ? { calibrationDays: calibrateDays, fitFill: row.fit.fitFill, fitFormulaFill: row.fit.formulaFill } : {}), fillRate: fill, byGroup: perGroup, onHandByGroup: Object.fromEntries(groups.map((g) => [g, Math.round(byGroup.get(g)!.onHand)])), totalAvgOnHand: onHand, orders, seconds: secs })}\n`,
    );
  }
}
