/**
 * How well the forecast's spread of a K-day total holds up: the plan sets its levels from the
 * total demand over a lead time, so a too-narrow spread there under-protects however good the
 * point forecast is. For each NN5 series (../shared/data/nn5.csv) and each origin, autoForecast is
 * fitted on the `--history` days before the origin and scored on the next `--days` days' total:
 *   coverage of the 0.9 quantile (calibrated: 0.90), the mean forecast sd of the total against the
 *   RMSE of its mean, and the mean squared standardised error (actual - mean)^2 / variance
 *   (calibrated: 1).
 * With 365 days of history the forecast has no yearly profile; with 730 it has one
 * (engine/forecast/yearly.ts), and its spread includes how far the years stray from it
 * (profileSpread).
 *
 *   node --import tsx bench/forecast-sum-coverage.ts [--history 365,730] [--days 21] [--origins 730,750,769] [--limit N] [--data DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDemandCsv } from '../src/cli/commands/simulate.ts';
import { autoForecast } from '../src/engine/forecast/index.ts';
import { evenlySpaced } from './lib/evenly-spaced.ts';

const { values: args } = parseArgs({
  options: {
    history: { type: 'string', default: '365,730' },
    days: { type: 'string', default: '21' },
    origins: { type: 'string', default: '730,750,769' },
    limit: { type: 'string', default: '0' },
    data: { type: 'string', default: path.join(import.meta.dirname, '..', '..', 'shared', 'data') },
  },
});
const K = Number(args.days);
const histories = args.history.split(',').map(Number);
const origins = args.origins.split(',').map(Number);
const limit = Number(args.limit);
for (const [name, v] of [['--days', K], ...histories.map((h) => ['--history', h] as const), ...origins.map((o) => ['--origins', o] as const)] as const) {
  if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`${name} must be positive integers (got ${v})`);
}
if (!(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`--limit must be a non-negative integer (got ${args.limit})`);
const series = evenlySpaced(parseDemandCsv(fs.readFileSync(path.join(args.data, 'nn5.csv'), 'utf8')), limit);
console.log(`forecast sum coverage: nn5, ${series.length} series, ${K}-day totals from origins ${origins.join(', ')}`);
console.log('history  totals  cov90  mean sd   rmse  mean z^2  seconds  models');
for (const history of histories) {
  const t0 = performance.now();
  let n = 0;
  let covered = 0;
  let sd = 0;
  let sq = 0;
  let z2 = 0;
  const models = new Map<string, number>();
  for (const s of series) {
    for (const origin of origins) {
      if (origin + K > s.y.length) continue;
      const f = autoForecast({ y: s.y.slice(Math.max(0, origin - history), origin), season: 7, horizon: K });
      models.set(f.model, (models.get(f.model) ?? 0) + 1);
      const total = f.horizonSum(K);
      let actual = 0;
      for (let j = 0; j < K; j++) actual += s.y[origin + j] === s.y[origin + j] ? s.y[origin + j] : 0;
      n++;
      if (actual <= f.horizonQuantile(K, 0.9)) covered++;
      sd += Math.sqrt(total.variance);
      sq += (actual - total.mean) ** 2;
      z2 += (actual - total.mean) ** 2 / total.variance;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const used = [...models].map(([m, k]) => `${m} ${k}`).join(', ');
  console.log(`${String(history).padStart(7)}  ${String(n).padStart(6)}  ${(covered / n).toFixed(3)}  ${(sd / n).toFixed(1).padStart(7)}  ${Math.sqrt(sq / n).toFixed(1).padStart(5)}  ${(z2 / n).toFixed(2).padStart(8)}  ${secs.toFixed(1).padStart(7)}  ${used}`);
  console.log(JSON.stringify({ bench: 'forecast-sum-coverage', history, days: K, totals: n, cov90: covered / n, meanSd: sd / n, rmse: Math.sqrt(sq / n), meanZ2: z2 / n, seconds: secs, models: Object.fromEntries(models) }));
}
