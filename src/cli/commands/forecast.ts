/**
 * `stockloop forecast`: demand forecasts from a CSV of history, no database needed.
 *
 *   stockloop forecast --input series.csv --horizon H --season M [--output out.csv]
 *
 * Input columns `series_id,t,y` and an optional `stockout` (0/1), any order, header on line 1.
 * `t` is an integer period or an ISO date (YYYY-MM-DD); a `y` that is empty or `NA` is a missing
 * observation, and periods absent between a series' first and last `t` are missing too (not
 * zero). Output columns `series_id,step,mean,p50,p90,p95,p99,model` (stdout without --output).
 * Any input problem is reported with its line number, exit code 2, and no output file is written.
 */
import { renameSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { forecastBatch } from '../../engine/forecast/parallel.ts';
import { CliError } from '../context.ts';

/** A user input error in the CSV (the CLI maps it to exit code 2). */
export class ForecastInputError extends Error {
  readonly code = 'INVALID_INPUT';
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
  }
}


/** One parsed series, values in period order. */
export interface ParsedSeries {
  id: string;
  y: Float64Array;
  stockout: Float64Array | undefined;
  /** The label of the first period (as written) and how periods step, for messages. */
  firstT: string;
}

function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',').map((c) => c.trim());
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"', i++);
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') (out.push(cur.trim()), (cur = ''));
    else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(s: string): number | null {
  const mt = ISO_DATE.exec(s);
  if (!mt) return null;
  const ms = Date.UTC(Number(mt[1]), Number(mt[2]) - 1, Number(mt[3]));
  const d = new Date(ms);
  if (d.getUTCFullYear() !== Number(mt[1]) || d.getUTCMonth() !== Number(mt[2]) - 1 || d.getUTCDate() !== Number(mt[3])) return null;
  return Math.round(ms / 86_400_000);
}

interface Obs {
  key: number;
  y: number;
  stockout: number;
  line: number;
  t: string;
}

/**
 * Parses the CSV text. `source` names the file in messages. Dates are turned into period
 * indexes: monthly when every date of the series is on the same day of month and steps are at
 * least 28 days, weekly when all steps are multiples of 7 days, daily otherwise.
 */
export function parseForecastCsv(text: string, source: string): ParsedSeries[] {
  const lines = text.split('\n');
  const header = splitLine((lines[0] ?? '').replace(/\r$/, '').replace(/^\uFEFF/, '')).map((c) => c.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const iId = col('series_id');
  const iT = col('t');
  const iY = col('y');
  const iS = col('stockout');
  const missing = ['series_id', 't', 'y'].filter((c) => col(c) < 0);
  if (missing.length) throw new ForecastInputError(`${source} line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header must contain series_id,t,y and optionally stockout)`);
  const bySeries = new Map<string, { obs: Obs[]; dates: boolean | null }>();
  for (let li = 1; li < lines.length; li++) {
    const raw = lines[li].replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const lineNo = li + 1;
    const cells = splitLine(raw);
    if (cells.length < header.length) throw new ForecastInputError(`${source} line ${lineNo}: expected ${header.length} columns, found ${cells.length}`);
    const id = cells[iId];
    if (!id) throw new ForecastInputError(`${source} line ${lineNo}: series_id is empty`);
    const t = cells[iT];
    let key: number;
    let isDate: boolean;
    if (/^-?\d+$/.test(t)) {
      key = Number(t);
      isDate = false;
    } else {
      const d = dayNumber(t);
      if (d === null) throw new ForecastInputError(`${source} line ${lineNo}: t "${t}" is neither an integer period nor an ISO date (YYYY-MM-DD)`);
      key = d;
      isDate = true;
    }
    const ys = cells[iY];
    let y: number;
    if (ys === '' || ys.toUpperCase() === 'NA') y = NaN;
    else {
      y = Number(ys);
      if (!Number.isFinite(y)) throw new ForecastInputError(`${source} line ${lineNo}: y "${ys}" is not a number`);
      if (y < 0) throw new ForecastInputError(`${source} line ${lineNo}: y ${ys} is negative (demand cannot be negative)`);
    }
    let so = 0;
    if (iS >= 0) {
      const v = cells[iS];
      if (v === '1') so = 1;
      else if (v !== '0' && v !== '') throw new ForecastInputError(`${source} line ${lineNo}: stockout "${v}" must be 0 or 1`);
    }
    let s = bySeries.get(id);
    if (!s) bySeries.set(id, (s = { obs: [], dates: isDate }));
    if (s.dates !== isDate) throw new ForecastInputError(`${source} line ${lineNo}: series "${id}" mixes integer periods and dates in t`);
    s.obs.push({ key, y, stockout: so, line: lineNo, t });
  }
  const out: ParsedSeries[] = [];
  for (const [id, s] of bySeries) {
    const obs = s.obs.sort((a, b) => a.key - b.key || a.line - b.line);
    for (let i = 1; i < obs.length; i++)
      if (obs[i].key === obs[i - 1].key) throw new ForecastInputError(`${source} line ${obs[i].line}: duplicate t "${obs[i].t}" for series "${id}" (first on line ${obs[i - 1].line})`);
    const idx = s.dates ? periodIndexes(obs) : obs.map((o) => o.key);
    const n = idx[idx.length - 1] - idx[0] + 1;
    if (n > 50_000_000) throw new ForecastInputError(`${source} line ${obs[obs.length - 1].line}: series "${id}" spans ${n} periods (too many)`);
    const y = new Float64Array(n).fill(NaN);
    const so = iS >= 0 ? new Float64Array(n) : undefined;
    for (let i = 0; i < obs.length; i++) {
      const p = idx[i] - idx[0];
      y[p] = obs[i].y;
      if (so) so[p] = obs[i].stockout;
    }
    out.push({ id, y, stockout: so, firstT: obs[0].t });
  }
  return out;
}

/** Period indexes of sorted date observations (monthly, weekly or daily, see parseForecastCsv). */
function periodIndexes(obs: Obs[]): number[] {
  const dates = obs.map((o) => new Date(o.key * 86_400_000));
  const sameDay = dates.every((d) => d.getUTCDate() === dates[0].getUTCDate());
  let minStep = Infinity;
  let all7 = true;
  for (let i = 1; i < obs.length; i++) {
    const step = obs[i].key - obs[i - 1].key;
    minStep = Math.min(minStep, step);
    if (step % 7 !== 0) all7 = false;
  }
  if (obs.length > 1 && sameDay && minStep >= 28) return dates.map((d) => d.getUTCFullYear() * 12 + d.getUTCMonth());
  if (obs.length > 1 && all7) return obs.map((o) => Math.round((o.key - obs[0].key) / 7));
  return obs.map((o) => o.key);
}

const LEVELS = [0.5, 0.9, 0.95, 0.99];

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !(n >= 1)) throw new CliError(`${flag} must be a positive integer, got "${value}"`, 2, 'INVALID_ARGUMENT');
  return n;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Registers `stockloop forecast`. */
export function register(program: Command): void {
  program
    .command('forecast')
    .description('Forecast demand per series from a CSV (series_id,t,y[,stockout]); no database needed')
    .requiredOption('--input <file>', 'CSV with columns series_id,t,y and optional stockout (0/1); t = integer period or ISO date; y empty/NA = missing')
    .requiredOption('--horizon <H>', 'number of periods to forecast')
    .requiredOption('--season <M>', 'seasonal period: 7 daily (weekly season), 52 weekly, 12 monthly; 1 = no seasonality')
    .option('--output <file>', 'write the forecast CSV here (default: stdout)')
    .option('--model <name>', 'force a model: auto, naive, snaive, mean, ma, ses, holt, ets, theta, combo, croston, sba, tsb, or an ETS code such as ANA / MAdM', 'auto')
    .option('--threads <n>', 'worker threads (default: all cores for large inputs; 0 = none)')
    .addHelpText(
      'after',
      `
Output columns: series_id,step,mean,p50,p90,p95,p99,model
  mean = expected demand in that period; pNN = NN% quantile of demand in that period.
Stockout periods (stockout=1) are treated as missing: their sales are not read as demand.
Exit codes: 0 ok, 2 invalid input (message names the line; no output file is written).
See docs/forecasting.md for the models and the automatic choice.`,
    )
    .action(async (opts: { input: string; horizon: string; season: string; output?: string; model: string; threads?: string }) => {
      const horizon = positiveInt(opts.horizon, '--horizon');
      const season = positiveInt(opts.season, '--season');
      let text: string;
      try {
        text = readFileSync(opts.input, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read --input ${opts.input}: ${(e as Error).message}`, 2, 'INVALID_INPUT');
      }
      const series = parseForecastCsv(text, opts.input);
      const threads = opts.threads !== undefined ? Number(opts.threads) : series.length >= 200 ? undefined : 0;
      const results = await forecastBatch(
        series.map((s) => ({ id: s.id, y: s.y, stockout: s.stockout, season, horizon, model: opts.model })),
        { threads, levels: LEVELS },
      );
      const bad = results.find((r) => r.error);
      if (bad) throw new CliError(`series "${bad.id}": ${bad.error}`, 2, 'INVALID_INPUT');
      const out: string[] = ['series_id,step,mean,p50,p90,p95,p99,model'];
      for (const r of results) {
        const id = csvCell(r.id);
        const model = csvCell(r.model);
        for (let j = 0; j < horizon; j++) {
          out.push(`${id},${j + 1},${fmt(r.mean[j])},${fmt(r.quantiles['0.5'][j])},${fmt(r.quantiles['0.9'][j])},${fmt(r.quantiles['0.95'][j])},${fmt(r.quantiles['0.99'][j])},${model}`);
        }
      }
      const csv = out.join('\n') + '\n';
      if (!opts.output) {
        process.stdout.write(csv);
        return;
      }
      // write to a temporary file and rename: a failure never leaves a partial output file
      const tmp = `${opts.output}.tmp-${process.pid}`;
      try {
        writeFileSync(tmp, csv);
        renameSync(tmp, opts.output);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw new CliError(`cannot write --output ${opts.output}: ${(e as Error).message}`, 1, 'OUTPUT_FAILED');
      }
    });
}
