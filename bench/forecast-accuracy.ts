/**
 * Forecast accuracy benchmark on the public data in ../shared/data (see its README):
 *   m3       M3 monthly, 1428 series, test = the published 18 periods (m3monthly_test.csv), m = 12
 *   carparts 1255 intermittent monthly series, hold out the last 6, m = 12 (MASE scaled by lag 1)
 *   nn5      111 daily series with missing days, hold out the last 56, m = 7
 * For every method (and our automatic choice) it prints MASE, RMSSE, scaled bias, scaled pinball
 * loss at 0.9 and coverage of the 0.9/0.95 quantiles, averaged over series, side by side with
 * R's forecast::ets and croston/SBA (run through Rscript bench/r/accuracy.R when R is installed).
 *
 *   node --import tsx bench/forecast-accuracy.ts [--limit N | --quick] [--datasets m3,carparts,nn5]
 *        [--methods a,b] [--threads N] [--no-r] [--data DIR]
 * --methods takes any model name autoForecast accepts (e.g. ets,"ETS(A,N,A)",tsb); add R to
 * also run the R columns.
 * Output: a table, then one JSON object per line ({"bench":"forecast-accuracy",...}).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { naiveScale, pinball, coverage } from '../src/engine/forecast/accuracy.ts';
import { forecastBatch } from '../src/engine/forecast/parallel.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, def?: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const limit = flag('quick') ? 60 : opt('limit') ? Number(opt('limit')) : Infinity;
const dataDir = resolve(opt('data', join(root, '..', 'shared', 'data'))!);
const threads = opt('threads') !== undefined ? Number(opt('threads')) : undefined;
const datasets = (opt('datasets', 'm3,carparts,nn5') ?? '').split(',');
const methodFilter = opt('methods')?.split(',');
const useR = !flag('no-r') && spawnSync('Rscript', ['--version']).status === 0;

interface Dataset {
  name: string;
  file: string;
  testFile?: string;
  holdout: number;
  h: number;
  m: number;
  scaleLag: number;
  methods: string[];
  rMethods: string[];
}
const DATASETS: Dataset[] = [
  { name: 'm3', file: 'm3monthly.csv', testFile: 'm3monthly_test.csv', holdout: 0, h: 18, m: 12, scaleLag: 12, methods: ['naive', 'snaive', 'ses', 'holt', 'ets', 'theta', 'combo', 'auto'], rMethods: ['ets'] },
  { name: 'carparts', file: 'carparts.csv', holdout: 6, h: 6, m: 12, scaleLag: 1, methods: ['naive', 'mean', 'ma', 'ses', 'ets', 'croston', 'sba', 'tsb', 'auto'], rMethods: ['ets', 'croston', 'sba'] },
  { name: 'nn5', file: 'nn5.csv', holdout: 56, h: 56, m: 7, scaleLag: 7, methods: ['snaive', 'ma', 'ses', 'ets', 'theta', 'combo', 'auto'], rMethods: ['ets'] },
];

function load(file: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const [id, , y] = lines[i].split(',');
    let arr = out.get(id);
    if (!arr) out.set(id, (arr = []));
    arr.push(y === 'NA' || y === '' ? NaN : Number(y));
  }
  return out;
}

interface Row {
  dataset: string;
  method: string;
  mase: number;
  rmsse: number;
  bias: number;
  pinball90: number;
  cov90: number;
  cov95: number;
  series: number;
  seconds: number;
}
const rows: Row[] = [];

function score(name: string, method: string, ids: string[], train: Map<string, Float64Array>, test: Map<string, Float64Array>, lag: number, fc: Map<string, { mean: ArrayLike<number>; q90?: ArrayLike<number>; q95?: ArrayLike<number> }>, seconds: number): void {
  let mase = 0, rmsse = 0, bias = 0, pin = 0, c90 = 0, c95 = 0, k = 0, kq = 0;
  for (const id of ids) {
    const f = fc.get(id);
    const y = test.get(id)!;
    const sc = naiveScale(train.get(id)!, lag);
    if (!f || f.mean.length === 0 || !(sc.mae > 0)) continue;
    let ae = 0, se = 0, e = 0, n = 0;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== y[j]) continue;
      const v = Number.isFinite(f.mean[j]) ? f.mean[j] : 0;
      ae += Math.abs(y[j] - v);
      se += (y[j] - v) ** 2;
      e += v - y[j];
      n++;
    }
    if (n === 0) continue;
    mase += ae / n / sc.mae;
    rmsse += Math.sqrt(se / n / sc.mse);
    bias += e / n / sc.mae;
    k++;
    if (f.q90 && f.q95) {
      pin += pinball(y, f.q90, 0.9) / sc.mae;
      c90 += coverage(y, f.q90);
      c95 += coverage(y, f.q95);
      kq++;
    }
  }
  rows.push({ dataset: name, method, mase: mase / k, rmsse: rmsse / k, bias: bias / k, pinball90: kq ? pin / kq : NaN, cov90: kq ? c90 / kq : NaN, cov95: kq ? c95 / kq : NaN, series: k, seconds });
}

for (const ds of DATASETS.filter((d) => datasets.includes(d.name))) {
  const all = load(join(dataDir, ds.file));
  const testAll = ds.testFile ? load(join(dataDir, ds.testFile)) : null;
  let ids = [...all.keys()];
  if (ids.length > limit) {
    const step = ids.length / limit;
    ids = Array.from({ length: limit }, (_, i) => ids[Math.floor(i * step)]);
  }
  const train = new Map<string, Float64Array>();
  const test = new Map<string, Float64Array>();
  for (const id of ids) {
    const y = all.get(id)!;
    if (testAll) {
      train.set(id, Float64Array.from(y));
      test.set(id, Float64Array.from(testAll.get(id)!.slice(0, ds.h)));
    } else {
      train.set(id, Float64Array.from(y.slice(0, y.length - ds.holdout)));
      test.set(id, Float64Array.from(y.slice(y.length - ds.holdout, y.length - ds.holdout + ds.h)));
    }
  }
  for (const method of methodFilter ? methodFilter.filter((mm) => !mm.startsWith('R')) : ds.methods) {
    const t0 = performance.now();
    const res = await forecastBatch(ids.map((id) => ({ id, y: train.get(id)!, season: ds.m, horizon: ds.h, model: method })), { threads, levels: [0.9, 0.95], chunkSize: 8 });
    const secs = (performance.now() - t0) / 1000;
    const fc = new Map(res.map((r) => [r.id, { mean: r.mean, q90: r.quantiles['0.9'], q95: r.quantiles['0.95'] }]));
    score(ds.name, method, ids, train, test, ds.scaleLag, fc, secs);
    process.stderr.write(`${ds.name} ${method}: ${secs.toFixed(1)} s\n`);
  }
  if (useR && (!methodFilter || methodFilter.some((mm) => mm.startsWith('R')))) {
    const dir = mkdtempSync(join(tmpdir(), 'stockloop-racc-'));
    try {
      const inFile = join(dir, 'in.csv');
      const outFile = join(dir, 'out.csv');
      const lines = ['series_id,t,y'];
      for (const id of ids) train.get(id)!.forEach((v, t) => lines.push(`${id},${t + 1},${Number.isNaN(v) ? 'NA' : v}`));
      writeFileSync(inFile, lines.join('\n') + '\n');
      const t0 = performance.now();
      const r = spawnSync('Rscript', [join(root, 'bench/r/accuracy.R'), inFile, String(ds.h), String(ds.m), '0', ds.rMethods.join(','), outFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0 || !existsSync(outFile)) {
        process.stderr.write(`R failed for ${ds.name}: ${r.stderr}\n`);
      } else {
        const byMethod = new Map<string, Map<string, { mean: number[] }>>();
        const secs = new Map<string, number>();
        const seen = new Set<string>();
        for (const line of readFileSync(outFile, 'utf8').trim().split('\n').slice(1)) {
          const [id, method, step, mean, s] = line.split(',');
          let mm = byMethod.get(method);
          if (!mm) byMethod.set(method, (mm = new Map()));
          let f = mm.get(id);
          if (!f) mm.set(id, (f = { mean: [] }));
          f.mean[Number(step) - 1] = mean === 'NA' ? NaN : Number(mean);
          if (!seen.has(id + method)) (seen.add(id + method), secs.set(method, (secs.get(method) ?? 0) + Number(s)));
        }
        for (const [method, fc] of byMethod) score(ds.name, method, ids, train, test, ds.scaleLag, fc, secs.get(method) ?? NaN);
      }
      process.stderr.write(`${ds.name} R: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const header = ['dataset', 'method', 'MASE', 'RMSSE', 'bias', 'pinball90', 'cov90', 'cov95', 'series', 'seconds'];
const table = rows.map((r) => [r.dataset, r.method, fmt(r.mase), fmt(r.rmsse), fmt(r.bias), fmt(r.pinball90), fmt(r.cov90, 2), fmt(r.cov95, 2), String(r.series), fmt(r.seconds, 1)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
for (const t of table) console.log(line(t));
if (!useR) console.log('(R columns skipped: Rscript not found or --no-r given)');
for (const r of rows) console.log(JSON.stringify({ bench: 'forecast-accuracy', ...r }));
