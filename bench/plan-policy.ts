/**
 * Backtest of the plan run's own policy: does `stockloop plan` deliver the service its policies
 * promise, and with how much stock? Replays daily demand with the suggestion a nightly plan run
 * makes (src/planning/suggestion.ts `computeSuggestion`: the forecast, reorder point s and
 * order-up-to S exactly as a run computes them), one SKU x location at a time.
 *
 *   node --import tsx bench/plan-policy.ts [--data demo|nn5|FILE.csv] [--targets 0.9,0.95,0.98]
 *        [--days 730] [--refit 1] [--lead-time 21] [--review 7] [--limit N] [--seed 42] [--backorders]
 *
 * Data:
 * - `demo` (default): the demo catalogue's demand model (src/io/demo: ~300 SKUs, smooth, erratic,
 *   intermittent and lumpy sellers over four locations, weekly and yearly seasonality, launches,
 *   dying products, Black Friday), `--days` days of true (uncensored) daily demand per SKU x
 *   location; each SKU's lead time is its supplier's (6 to 80 days, with its sd: every order's lead
 *   time is drawn from N(mean, sd), rounded, at least 1 day; the plan is told the mean and sd).
 * - `nn5` (../shared/data/nn5.csv, 111 daily series) or any `series_id,t,y` CSV: one lead time
 *   `--lead-time` for all, fixed.
 *
 * Replay (per series of n days; the first half is history only):
 * - every day: orders due arrive, then the plan: when the inventory position (on hand + on order)
 *   is at or below s, order S - position (the plan's suggestion before pack and MOQ rounding, which
 *   are order rules, not the policy), arriving after the lead time; then the day's demand is served
 *   from on hand and what is short is lost (the plan is told so: its lost-sales correction applies),
 *   or with `--backorders` waits for the next receipt (not counted as served; no correction);
 * - s and S are recomputed every `--refit` days (default 1: every night, as the nightly run does;
 *   7 is 7x faster but not the same policy: levels held for a week trigger fewer early orders, on
 *   the demo data 94.8 % fill with 22,626 units against 96.0 % with 28,586 nightly, at 0.95) from
 *   the history up to the day before, with the policy's review period `--review` and a fill-rate
 *   target;
 * - it starts with on hand = S of the first plan and nothing on order.
 * Prints per target the aggregate fill rate (units served / demanded over the second half), per
 * demand pattern for the demo data, the total average on hand and the orders placed, and one JSON
 * line per target.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDemandCsv } from '../src/cli/commands/simulate.ts';
import { DEMO_LOCATIONS, DEMO_SUPPLIERS, generateSkus } from '../src/io/demo/catalogue.ts';
import { drawDemand, meanDemand } from '../src/io/demo/demand.ts';
import { Rng } from '../src/io/demo/prng.ts';
import { computeSuggestion, type PlanItem } from '../src/planning/suggestion.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: 'demo' },
    targets: { type: 'string', default: '0.9,0.95,0.98' },
    days: { type: 'string', default: '730' },
    refit: { type: 'string', default: '1' },
    'lead-time': { type: 'string', default: '21' },
    review: { type: 'string', default: '7' },
    limit: { type: 'string', default: '0' },
    seed: { type: 'string', default: '42' },
    backorders: { type: 'boolean', default: false },
  },
});
const targets = args.targets.split(',').map(Number);
const refit = Number(args.refit);
const review = Number(args.review);
const limit = Number(args.limit);
for (const [k, v] of [['refit', refit], ['review', review]] as const) if (!(Number.isInteger(v) && v >= 1)) throw new Error(`--${k} must be an integer >= 1 (got ${v})`);

interface Series {
  id: string;
  /** Demand pattern (demo data) or 'all'. */
  group: string;
  y: Float64Array;
  leadTime: number;
  leadTimeSd: number;
  season: number;
}

/** The demo catalogue's true daily demand per SKU x location (see the file comment). */
function demoSeries(days: number, seed: number): Series[] {
  const rng = new Rng(seed);
  const skus = generateSkus(rng.fork('catalogue'), days);
  const draw = rng.fork('demand');
  const start = Date.UTC(2024, 0, 1);
  const out: Series[] = [];
  for (const sku of skus) {
    const supplier = DEMO_SUPPLIERS.find((s) => s.code === sku.supplier)!;
    for (const loc of DEMO_LOCATIONS) {
      if (!sku.channels[loc.code]) continue;
      const y = new Float64Array(days);
      for (let d = 0; d < days; d++) y[d] = drawDemand(draw, sku.pattern, meanDemand(sku, loc.code, new Date(start + d * 86_400_000), d));
      out.push({ id: `${sku.code}@${loc.code}`, group: sku.pattern, y, leadTime: supplier.leadTimeDays, leadTimeSd: supplier.leadTimeSdDays, season: 7 });
    }
  }
  return out;
}

function csvSeries(file: string): Series[] {
  const L = Number(args['lead-time']);
  return parseDemandCsv(fs.readFileSync(file, 'utf8'), file).map((s) => ({ id: s.id, group: 'all', y: s.y, leadTime: L, leadTimeSd: 0, season: 7 }));
}

const dataDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'shared', 'data');
let series = args.data === 'demo' ? demoSeries(Number(args.days), Number(args.seed)) : csvSeries(args.data === 'nn5' ? path.join(dataDir, 'nn5.csv') : args.data);
if (limit > 0) series = series.slice(0, limit);

interface Outcome {
  served: number;
  demanded: number;
  onHandSum: number;
  days: number;
  orders: number;
}

function replay(s: Series, target: number, rng: Rng): Outcome {
  const n = s.y.length;
  const W = Math.floor(n / 2);
  const arriving = new Float64Array(n + 1);
  let onHand = NaN;
  let onOrder = 0;
  let levels = { s: 0, S: 0 };
  const o: Outcome = { served: 0, demanded: 0, onHandSum: 0, days: n - W, orders: 0 };
  for (let t = W; t < n; t++) {
    if (arriving[t] > 0) {
      onHand += arriving[t];
      onOrder -= arriving[t];
    }
    if ((t - W) % refit === 0) {
      const hist = s.y.subarray(Math.max(0, t - 365), t);
      const item: PlanItem = {
        key: 0,
        y: Float64Array.from(hist, (v) => (v === v ? v : 0)),
        stockout: Uint8Array.from(hist, (v) => (v === v ? 0 : 1)),
        season: s.season,
        model: 'auto',
        onHand: 0,
        reserved: 0,
        inbound: 0,
        arrivalDays: [],
        arrivalQty: [],
        leadTimeDays: s.leadTime,
        leadTimeSdDays: s.leadTimeSd,
        target: { kind: 'fill-rate', level: target },
        reviewPeriodDays: review,
        moq: 0,
        casePack: 1,
        orderMultiple: null,
        maxOrderUnits: null,
        maxCoverDays: null,
        lostSales: !args.backorders,
      };
      const r = computeSuggestion(item);
      levels = { s: r.reorderPoint, S: r.orderUpTo };
      if (onHand !== onHand) onHand = levels.S;
    }
    const position = onHand + onOrder;
    if (position <= levels.s && levels.S > position) {
      const q = Math.ceil(levels.S - position);
      const lt = s.leadTimeSd > 0 ? Math.max(1, Math.round(s.leadTime + s.leadTimeSd * rng.normal())) : s.leadTime;
      if (t + lt < n) arriving[t + lt] += q;
      onOrder += q;
      o.orders++;
    }
    const d = s.y[t] === s.y[t] ? s.y[t] : 0;
    const sv = Math.min(d, Math.max(0, onHand));
    o.served += sv;
    o.demanded += d;
    // lost sales, or (--backorders) the shortfall waits for the next receipt (not counted as served)
    onHand -= args.backorders ? d : sv;
    o.onHandSum += Math.max(0, onHand);
  }
  return o;
}

const groups = [...new Set(series.map((s) => s.group))].sort();
process.stdout.write(`plan-policy backtest: ${args.data}, ${series.length} series x ${series[0]?.y.length ?? 0} days (second half replayed), review ${review} d, refit every ${refit} d, groups ${groups.map((g) => `${g} ${series.filter((s) => s.group === g).length}`).join(', ')}\n`);
process.stdout.write(`${'target'.padStart(6)} ${'fill%'.padStart(6)} ${groups.map((g) => g.slice(0, 6).padStart(7)).join(' ')} ${'on hand'.padStart(9)} ${'orders'.padStart(7)} ${'secs'.padStart(5)}\n`);
for (const target of targets) {
  const t0 = performance.now();
  const rng = new Rng(Number(args.seed) + 1);
  const byGroup = new Map<string, { served: number; demanded: number }>();
  let served = 0;
  let demanded = 0;
  let onHand = 0;
  let orders = 0;
  for (const s of series) {
    const o = replay(s, target, rng);
    served += o.served;
    demanded += o.demanded;
    onHand += o.onHandSum / o.days;
    orders += o.orders;
    const g = byGroup.get(s.group) ?? { served: 0, demanded: 0 };
    g.served += o.served;
    g.demanded += o.demanded;
    byGroup.set(s.group, g);
  }
  const secs = (performance.now() - t0) / 1000;
  const fill = served / demanded;
  const perGroup = Object.fromEntries(groups.map((g) => [g, byGroup.get(g)!.served / byGroup.get(g)!.demanded]));
  process.stdout.write(
    `${target.toFixed(2).padStart(6)} ${(100 * fill).toFixed(1).padStart(6)} ${groups.map((g) => (100 * perGroup[g]).toFixed(1).padStart(7)).join(' ')} ${onHand.toFixed(0).padStart(9)} ${String(orders).padStart(7)} ${secs.toFixed(1).padStart(5)}\n`,
  );
  process.stdout.write(`${JSON.stringify({ bench: 'plan-policy', data: args.data, series: series.length, target, review, refit, fillRate: fill, byGroup: perGroup, totalAvgOnHand: onHand, orders, seconds: secs })}\n`);
}
