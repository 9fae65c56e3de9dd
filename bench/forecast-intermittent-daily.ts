/**
 * Daily intermittent forecasts judged the way the plan uses them: on the total of a lead time.
 * The data are carparts' months spread over days (bench/lib/daily-from-monthly.ts: each month's
 * units as orders of 1-3 units on seeded days), the daily slow movers bench/policy.ts and
 * bench/plan-policy.ts replay. For every part with a sale in its training window (the `--history`
 * days before the last `--windows` x `--lead-time` days), each method forecasts the held-out days
 * and is scored on each held-out window's total (`--lead-time` days):
 * - RMSSE: the root mean squared error of the window totals, scaled by the in-sample error of the
 *   naive forecast of consecutive window totals (the previous window's total);
 * - scaled bias (forecast - actual, same scale);
 * - the pinball loss of the forecast's 0.9 quantile of the window total (same scale) and the share
 *   of windows at or below it (coverage; 0.90 is calibrated).
 * Averaged over parts. Methods are autoForecast model names: `tsb` fits TSB day by day, `auto`
 * (for daily intermittent data: TSB on weekly totals, engine/forecast/intermittent.ts
 * forecastIntermittentBuckets).
 *
 *   node --import tsx bench/forecast-intermittent-daily.ts [--methods tsb,auto,croston] [--lead-time 21]
 *        [--windows 2] [--history 365] [--limit N] [--data DIR (default ../shared/data)]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDemandCsv } from '../src/cli/commands/simulate.ts';
import { autoForecast } from '../src/engine/forecast/index.ts';
import { dailyFromMonthly } from './lib/daily-from-monthly.ts';
import { evenlySpaced } from './lib/evenly-spaced.ts';

const { values: args } = parseArgs({
  options: {
    methods: { type: 'string', default: 'tsb,auto,croston' },
    'lead-time': { type: 'string', default: '21' },
    windows: { type: 'string', default: '2' },
    history: { type: 'string', default: '365' },
    limit: { type: 'string', default: '0' },
    data: { type: 'string', default: path.join(import.meta.dirname, '..', '..', 'shared', 'data') },
  },
});
const K = Number(args['lead-time']);
const windows = Number(args.windows);
const history = Number(args.history);
const limit = Number(args.limit);
for (const [name, v] of [['--lead-time', K], ['--windows', windows], ['--history', history]] as const) {
  if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`${name} must be a positive integer (got ${v})`);
}
if (!(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`--limit must be a non-negative integer (got ${args.limit})`);

const file = path.join(args.data, 'carparts.csv');
const series = evenlySpaced(dailyFromMonthly(parseDemandCsv(fs.readFileSync(file, 'utf8'))), limit);
const H = K * windows;
console.log(`daily intermittent forecasts: carparts-daily, ${series.length} parts, ${windows} held-out windows of ${K} days, ${history} days of history`);
console.log('method      parts  RMSSE  bias  pinball90  cov90  seconds');
for (const method of args.methods.split(',')) {
  const t0 = performance.now();
  let parts = 0;
  let rmsse = 0;
  let bias = 0;
  let pin = 0;
  let cov = 0;
  const models = new Map<string, number>();
  for (const s of series) {
    const y = Float64Array.from(s.y, (v) => (v === v ? v : 0));
    const n = y.length;
    const train = y.slice(Math.max(0, n - H - history), n - H);
    if (!train.some((v) => v > 0)) continue;
    // the scale: squared error of the naive forecast of consecutive window totals in training
    let scale = 0;
    let pairs = 0;
    for (let t = train.length % K + K; t + K <= train.length; t += K) {
      let prev = 0;
      let next = 0;
      for (let j = 0; j < K; j++) {
        prev += train[t - K + j];
        next += train[t + j];
      }
      scale += (prev - next) ** 2;
      pairs++;
    }
    if (!(scale > 0)) continue;
    const rms = Math.sqrt(scale / pairs);
    const f = autoForecast({ y: train, season: 7, horizon: H, model: method });
    models.set(f.model, (models.get(f.model) ?? 0) + 1);
    let se = 0;
    let e = 0;
    let p = 0;
    let c = 0;
    for (let w = 0; w < windows; w++) {
      let actual = 0;
      for (let j = 0; j < K; j++) actual += y[n - H + w * K + j];
      const mean = f.horizonSum((w + 1) * K).mean - f.horizonSum(w * K).mean;
      // the window's spread: the forecast's over K days (its level uncertainty included)
      const q = f.horizonQuantile(K, 0.9) + (mean - f.horizonSum(K).mean);
      se += (actual - mean) ** 2;
      e += mean - actual;
      p += actual >= q ? 0.9 * (actual - q) : 0.1 * (q - actual);
      if (actual <= q) c++;
    }
    parts++;
    rmsse += Math.sqrt(se / windows) / rms;
    bias += e / windows / rms;
    pin += p / windows / rms;
    cov += c / windows;
  }
  const secs = (performance.now() - t0) / 1000;
  const used = [...models].map(([m, k]) => `${m} ${k}`).join(', ');
  console.log(`${method.padEnd(10)} ${String(parts).padStart(6)}  ${(rmsse / parts).toFixed(3)}  ${(bias / parts).toFixed(3)}  ${(pin / parts).toFixed(3).padStart(9)}  ${(cov / parts).toFixed(3)}  ${secs.toFixed(1).padStart(7)}   (${used})`);
  console.log(JSON.stringify({ bench: 'forecast-intermittent-daily', method, parts, leadTime: K, windows, history, rmsse: rmsse / parts, bias: bias / parts, pinball90: pin / parts, cov90: cov / parts, seconds: secs, models: Object.fromEntries(models) }));
}
