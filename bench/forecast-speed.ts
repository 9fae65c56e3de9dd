/**
 * Forecast speed benchmark: series per second for synthetic daily demand (seeded, reproducible),
 * in one thread and on all cores, with R's forecast::ets on a sample of the same series for
 * comparison (when Rscript is installed).
 *
 *   node --import tsx bench/forecast-speed.ts [--series 10000] [--days 730] [--horizon 28]
 *        [--threads N] [--r-series 10] [--no-r] [--skip-single]
 *
 * The synthetic series mix what an ecommerce catalogue holds: 60% smooth (Poisson around a
 * slowly drifting level with a weekly profile and a yearly swing), 25% slow movers and 15%
 * intermittent/lumpy items, plus a few stockout days. Output: a table, then JSON lines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BatchSeries } from '../src/engine/forecast/batch.ts';
import { forecastBatch } from '../src/engine/forecast/parallel.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const flag = (name: string) => argv.includes(`--${name}`);
const nSeries = Number(opt('series', '10000'));
const days = Number(opt('days', '730'));
const horizon = Number(opt('horizon', '28'));
const cores = Number(opt('threads', String(availableParallelism())));
const rSeries = Number(opt('r-series', '10'));
const useR = !flag('no-r') && rSeries > 0 && spawnSync('Rscript', ['--version']).status === 0;

/** mulberry32: small, fast, seeded PRNG. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poisson(r: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(r)));
  const L = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > L);
  return k - 1;
}
function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());
}

/** Synthetic daily series i (deterministic in i). */
export function syntheticSeries(i: number, n: number): { y: Float64Array; stockout: Float64Array } {
  const r = rng(1000003 * (i + 1));
  const kind = r();
  const y = new Float64Array(n);
  const stockout = new Float64Array(n);
  const week = Array.from({ length: 7 }, () => 0.7 + 0.6 * r());
  const yearAmp = 0.3 * r();
  const phase = 2 * Math.PI * r();
  let level = kind < 0.6 ? 5 + 60 * r() : kind < 0.85 ? 0.5 + 3 * r() : 0.05 + 0.3 * r();
  const size = 1 + Math.floor(6 * r());
  for (let t = 0; t < n; t++) {
    level *= Math.exp(0.01 * gauss(r));
    const season = week[t % 7] * (1 + yearAmp * Math.sin((2 * Math.PI * t) / 365.25 + phase));
    y[t] = kind < 0.85 ? poisson(r, level * season) : r() < level ? poisson(r, size) + 1 : 0;
    if (r() < 0.005) stockout[t] = 1;
  }
  return { y, stockout };
}

const series: BatchSeries[] = [];
for (let i = 0; i < nSeries; i++) series.push({ id: `S${i}`, ...syntheticSeries(i, days), season: 7, horizon });

interface Row {
  run: string;
  threads: number;
  series: number;
  seconds: number;
  seriesPerSecond: number;
}
const rows: Row[] = [];
async function timeRun(run: string, threads: number) {
  const t0 = performance.now();
  const res = await forecastBatch(series, { threads, chunkSize: 32 });
  const secs = (performance.now() - t0) / 1000;
  const failed = res.filter((r) => r.error).length;
  if (failed) throw new Error(`${failed} series failed`);
  rows.push({ run, threads, series: nSeries, seconds: secs, seriesPerSecond: nSeries / secs });
  process.stderr.write(`${run}: ${secs.toFixed(1)} s\n`);
  return res;
}
const modelCount = new Map<string, number>();
if (!flag('skip-single')) {
  const res = await timeRun('stockloop autoForecast, 1 thread', 0);
  for (const r of res) modelCount.set(r.model, (modelCount.get(r.model) ?? 0) + 1);
}
await timeRun(`stockloop autoForecast, ${cores} threads`, cores);

let rPerSeries = NaN;
if (useR) {
  const dir = mkdtempSync(join(tmpdir(), 'stockloop-rspeed-'));
  try {
    const k = Math.min(rSeries, nSeries);
    const lines = ['series_id,t,y'];
    for (let i = 0; i < k; i++) Array.from(series[i].y).forEach((v, t) => lines.push(`S${i},${t + 1},${v}`));
    writeFileSync(join(dir, 'in.csv'), lines.join('\n') + '\n');
    const r = spawnSync('Rscript', [join(root, 'bench/r/ets-speed.R'), join(dir, 'in.csv'), '7', String(horizon)], { encoding: 'utf8' });
    const mt = /series=(\d+) seconds=([\d.]+)/.exec(r.stdout);
    if (mt) {
      rPerSeries = Number(mt[2]) / Number(mt[1]);
      rows.push({ run: `R forecast::ets, 1 thread (${mt[1]} series sample)`, threads: 1, series: Number(mt[1]), seconds: Number(mt[2]), seriesPerSecond: 1 / rPerSeries });
    } else process.stderr.write(`R failed: ${r.stderr}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`${nSeries} synthetic daily series x ${days} days, horizon ${horizon}, ${availableParallelism()} cores available`);
console.log(['run'.padEnd(52), 'series'.padStart(7), 'seconds'.padStart(9), 'series/s'.padStart(10)].join('  '));
for (const r of rows) console.log([r.run.padEnd(52), String(r.series).padStart(7), r.seconds.toFixed(2).padStart(9), r.seriesPerSecond.toFixed(1).padStart(10)].join('  '));
const single = rows.find((r) => r.threads === 0);
const multi = rows.find((r) => r.threads === cores && r.run.startsWith('stockloop'));
if (single && Number.isFinite(rPerSeries)) console.log(`speed-up over R ets per series (1 thread): ${(single.seriesPerSecond * rPerSeries).toFixed(1)}x`);
if (multi) console.log(`projected 100,000 series on ${cores} threads: ${(100000 / multi.seriesPerSecond).toFixed(0)} s`);
if (modelCount.size) console.log(`models chosen: ${[...modelCount].map(([k, v]) => `${k} ${v}`).join(', ')}`);
for (const r of rows) console.log(JSON.stringify({ bench: 'forecast-speed', days, horizon, ...r }));
if (single && Number.isFinite(rPerSeries)) console.log(JSON.stringify({ bench: 'forecast-speed', metric: 'speedup_vs_r_ets', value: single.seriesPerSecond * rPerSeries }));
