/**
 * `stockloop simulate`: policy backtest of demand series from a CSV file (no database).
 *
 *   stockloop simulate --demand demand.csv --lead-time L [--lead-time-sd S] --review R
 *     --target-fill-rate F [--warmup W] [--season M] [--output results.csv]
 *
 * Input: CSV with header columns series_id,t,y (any order, extra columns ignored); t = 1, 2, ...
 * within each series (rows may come in any order; a gap in t is a missing period); y = demand,
 * a number >= 0, or NA / empty for a missing observation. Output: one row per series
 * `series_id,fill_rate,cycle_service,avg_on_hand,stockout_periods,orders` (to --output, else to
 * stdout) and a summary. Semantics: src/engine/simulate/simulate-series.ts and docs/replenishment.md.
 * Bad input exits with code 2 and a message naming the line.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../context.ts';
import {
  autoForecastModel,
  defaultWarmup,
  leverLabel,
  DEFAULT_CATCH_UP,
  FEEDBACK_BAND,
  FEEDBACK_MAX_SHIFT,
  sesCountModel,
  sesNormalModel,
  simulatePortfolio,
  simulationBucket,
  summarizeSimulations,
  type DemandModel,
  type SeriesSimulation,
} from '../../engine/simulate/index.ts';
import { effectiveLeadTimeVariance } from '../../engine/policy/order-crossover.ts';

export interface DemandSeries {
  id: string;
  /** Demand per period t = 1..n (index t-1); NaN = missing. */
  y: Float64Array;
}

const bad = (message: string) => new CliError(message, 2, 'INVALID_INPUT');

/** Splits one CSV line into cells (RFC 4180 quotes, "" escapes); cells are trimmed. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/**
 * Parses a long demand CSV (series_id,t,y) into series, in order of first appearance. Throws a
 * CliError (exit code 2) naming the file line of the first bad row.
 */
export function parseDemandCsv(text: string, fileName = 'demand file'): DemandSeries[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [iId, iT, iY] = [col('series_id'), col('t'), col('y')];
  if (iId < 0 || iT < 0 || iY < 0) {
    const missing = ['series_id', 't', 'y'].filter((c) => col(c) < 0).join(', ');
    throw bad(`${fileName} line 1: header must have columns series_id,t,y (missing: ${missing})`);
  }
  const data = new Map<string, Map<number, number>>();
  for (let li = 1; li < lines.length; li++) {
    const raw = lines[li];
    if (raw.trim() === '') continue;
    const lineNo = li + 1;
    const cells = splitCsvLine(raw);
    if (cells.length < header.length) throw bad(`${fileName} line ${lineNo}: expected ${header.length} columns, found ${cells.length}`);
    const id = cells[iId];
    if (id === '') throw bad(`${fileName} line ${lineNo}: series_id is empty`);
    const tText = cells[iT];
    const t = Number(tText);
    if (!/^\d+$/.test(tText) || !(t >= 1)) throw bad(`${fileName} line ${lineNo}: t must be a whole number >= 1 (got "${tText}")`);
    const yText = cells[iY];
    let y: number;
    if (yText === '' || yText.toUpperCase() === 'NA' || yText.toUpperCase() === 'NAN') y = NaN;
    else {
      y = Number(yText);
      if (!Number.isFinite(y) || y < 0) throw bad(`${fileName} line ${lineNo}: y must be a number >= 0, NA or empty (got "${yText}")`);
    }
    let s = data.get(id);
    if (!s) data.set(id, (s = new Map()));
    if (s.has(t)) throw bad(`${fileName} line ${lineNo}: duplicate t=${t} for series "${id}"`);
    s.set(t, y);
  }
  if (data.size === 0) throw bad(`${fileName}: no data rows`);
  const out: DemandSeries[] = [];
  for (const [id, s] of data) {
    const n = Math.max(...s.keys());
    const y = new Float64Array(n).fill(NaN);
    for (const [t, v] of s) y[t - 1] = v;
    out.push({ id, y });
  }
  return out;
}

interface SimulateOptions {
  demand?: string;
  leadTime?: string;
  leadTimeSd?: string;
  leadTimeIndependence?: string;
  review?: string;
  targetFillRate?: string;
  warmup?: string;
  season?: string;
  output?: string;
  model: string;
  backorders?: boolean;
  seed: string;
  /** false with --no-calibrate */
  calibrate?: boolean;
  /** false with --no-dormant-prior */
  dormantPrior?: boolean;
  /** false with --no-feedback */
  feedback?: boolean;
  catchUp?: string;
}

function num(value: string | undefined, flag: string, check: (x: number) => boolean, rule: string): number {
  const x = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(x) || !check(x)) throw bad(`${flag} must be ${rule} (got ${value === undefined ? 'nothing' : `"${value}"`})`);
  return x;
}

/**
 * Builds the demand model named by --model; `bucket` = periods per bucket on which ets-count
 * forecasts intermittent and lumpy items (simulationBucket).
 */
export function modelByName(name: string, season: number, bucket = 1): DemandModel {
  switch (name) {
    case 'auto':
      return autoForecastModel({ season });
    case 'ets-count':
      return sesCountModel({ bucket });
    case 'ses-normal':
      return sesNormalModel();
    default:
      throw bad(`--model must be auto, ets-count or ses-normal (got "${name}")`);
  }
}

const fmt = (x: number) => String(Number(x.toFixed(6)));

/** Runs the command: returns the per-series CSV text and the summary text. */
export function runSimulate(opts: SimulateOptions): { csv: string; summary: string; results: { id: string; r: SeriesSimulation }[] } {
  if (!opts.demand) throw bad('--demand <file> is required');
  const leadTimeSd = opts.leadTimeSd === undefined ? 0 : num(opts.leadTimeSd, '--lead-time-sd', (x) => x >= 0, 'a number >= 0');
  const leadTime = num(opts.leadTime, '--lead-time', (x) => x >= 0 && (leadTimeSd > 0 || Number.isInteger(x)), leadTimeSd > 0 ? 'a number >= 0' : 'a whole number of periods >= 0');
  const leadTimeIndependence =
    opts.leadTimeIndependence === undefined ? 1 : num(opts.leadTimeIndependence, '--lead-time-independence', (x) => x >= 0 && x <= 1, 'a number from 0 to 1');
  const review = num(opts.review, '--review', (x) => Number.isInteger(x) && x >= 1, 'a whole number of periods >= 1');
  const rate = num(opts.targetFillRate, '--target-fill-rate', (x) => x > 0 && x < 1, 'a fraction strictly between 0 and 1, e.g. 0.95');
  const season = opts.season === undefined ? 1 : num(opts.season, '--season', (x) => Number.isInteger(x) && x >= 1, 'a whole number >= 1');
  const warmup = opts.warmup === undefined ? undefined : num(opts.warmup, '--warmup', (x) => Number.isInteger(x) && x >= 1, 'a whole number >= 1');
  const seed = num(opts.seed, '--seed', (x) => Number.isInteger(x), 'an integer');
  const catchUp = opts.catchUp === undefined ? undefined : num(opts.catchUp, '--catch-up', (x) => x > 0, 'a number of protection intervals > 0');
  const bucket = simulationBucket(review, leadTime, season);
  const model = modelByName(opts.model, season, bucket);
  let text: string;
  try {
    text = fs.readFileSync(opts.demand, 'utf8');
  } catch (e) {
    throw bad(`cannot read ${opts.demand}: ${(e as Error).message}`);
  }
  const series = parseDemandCsv(text, opts.demand);
  for (const s of series) {
    const n = s.y.length;
    const W = warmup ?? defaultWarmup(n, season);
    if (n < 2 || W >= n) throw bad(`series "${s.id}" has ${n} periods: warm-up ${W} leaves nothing to simulate`);
  }
  const sim = simulatePortfolio(series, {
    leadTime,
    leadTimeSd,
    leadTimeIndependence,
    reviewPeriod: review,
    target: { kind: 'fill-rate', rate },
    warmup,
    season,
    model,
    backorders: !!opts.backorders,
    seed,
    calibrate: opts.calibrate !== false,
    dormantPrior: opts.dormantPrior !== false,
    feedback: opts.feedback !== false,
    catchUp,
  });
  const results: { id: string; r: SeriesSimulation }[] = sim.results.map((x) => ({ id: x.id, r: x.r }));
  const rows = ['series_id,fill_rate,cycle_service,avg_on_hand,stockout_periods,orders'];
  for (const { id, r } of results) {
    const safeId = /[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id;
    rows.push([safeId, fmt(r.fillRate), fmt(r.cycleService), fmt(r.avgOnHand), r.stockoutPeriods, r.orders].join(','));
  }
  const sum = summarizeSimulations(results.map((x) => x.r));
  const summary = [
    `series: ${sum.series}`,
    `target fill rate: ${rate}`,
    `aggregate fill rate: ${sum.aggregateFillRate.toFixed(4)} (served ${fmt(sum.served)} of ${fmt(sum.demanded)} units demanded)`,
    `mean per-series fill rate: ${sum.meanFillRate.toFixed(4)}`,
    `mean cycle service: ${sum.meanCycleService.toFixed(4)}`,
    `total average on hand: ${sum.totalAvgOnHand.toFixed(2)}`,
    `stockout periods: ${sum.stockoutPeriods}`,
    `orders: ${sum.orders}`,
    ...(leadTimeSd > 0
      ? [
          `lead times: sampled per order around ${fmt(leadTime)} periods, sd ${fmt(leadTimeSd)}; planned with independence ${fmt(leadTimeIndependence)} (lead-time variance ${fmt(effectiveLeadTimeVariance(leadTimeSd, review, leadTimeIndependence))} against ${fmt(leadTimeSd * leadTimeSd)} for one order: order crossover)`,
        ]
      : []),
    ...(opts.model === 'ets-count' && bucket > 1
      ? [`forecast buckets: intermittent and lumpy items are forecast on their demand summed over ${bucket} periods (${bucket === review ? 'the review period' : 'the season'}), read back per period`]
      : []),
    ...(sim.calibration.length === 0
      ? ['safety shift per demand segment: none (not calibrated)']
      : [
          'safety shift per demand segment (calibrated on the warm-up history; z in sd of protection demand, a scale on the forecast demand, or one cycle-service level for the whole segment):',
          ...sim.calibration.map(
            (c) =>
              `  ${c.segment.padEnd(12)} items ${String(c.series).padStart(6)}  ${leverLabel(c).padEnd(20)}  replayed fill ${c.analyticFill.toFixed(4)} -> ${c.replayedFill.toFixed(4)}${c.lever === 'cycle-service' ? `  (replayed stock ${c.replayedOnHand.cycleService!.toFixed(2)} vs ${c.replayedOnHand.perItem.toFixed(2)} per item-period with ${c.replayedOnHand.perItemLever === 'scale' ? 'a demand scale' : 'a shift'})` : ''}${c.pooledWith ? `  (few items: shift of all ${c.pooledSeries} pooled)` : ''}`,
          ),
        ]),
    sim.dormant
      ? `never-sold items: order-up-to ${sim.dormant.orderUpTo} while an item has no demand in its history (launch quantity: ${sim.dormant.launches} launches in the warm-up, ${sim.dormant.launchMean.toFixed(2)} units on average in the R periods from the first sale, share served ${sim.dormant.expectedFillRate.toFixed(4)}; ${sim.dormant.wokenItems} of the ${sim.dormant.silentItems} items silent through the first half of their warm-up sold in the second)`
      : 'never-sold items: hold nothing until they sell',
    ...(sim.feedback.length === 0
      ? ['service feedback: off']
      : [
          `service feedback per segment (its shortfall against the target so far, recovered over ${catchUp ?? DEFAULT_CATCH_UP} protection intervals; extra shift in sd of protection demand, at most ${FEEDBACK_MAX_SHIFT} either way):`,
          ...sim.feedback.map((f) => `  ${f.segment.padEnd(12)} shift min ${f.minShift.toFixed(3)}  max ${f.maxShift.toFixed(3)}  last ${f.lastShift.toFixed(3)}`),
        ]),
  ].join('\n');
  return { csv: rows.join('\n') + '\n', summary: summary + '\n', results };
}

/** Registers `stockloop simulate`. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('Backtest a periodic-review (R, S) replenishment policy on demand history (CSV series_id,t,y); no database')
    .option('--demand <file>', 'demand CSV with columns series_id,t,y (y: number >= 0, NA or empty = missing)')
    .option('--lead-time <L>', 'lead time in periods (whole number unless --lead-time-sd is given)')
    .option('--lead-time-sd <S>', 'lead-time standard deviation in periods: each order lead time is sampled as round(L + S*Z), seeded')
    .option(
      '--lead-time-independence <X>',
      'what the policy assumes of sampled lead times, 0 to 1: 1 (default) independent from order to order, as they are drawn, so orders overtake each other and the lead-time term is the pipeline\'s (order crossover); 0 the textbook term mu^2 S^2 of one order',
    )
    .option('--review <R>', 'review period in periods (reviews at W+1, W+1+R, ...)')
    .option('--target-fill-rate <F>', 'fill-rate target, e.g. 0.95 (share of demand served from stock)')
    .option('--warmup <W>', 'periods 1..W only build history (default: half the series, at least two seasons, leaving one period)')
    .option('--season <M>', 'seasonal period given to the forecaster (1 = none, 7 daily data, 12 monthly)', undefined)
    .option('--output <file>', 'write per-series results CSV here (default: stdout, summary as # lines)')
    .option('--model <name>', 'demand model: ets-count (built-in SES + measured k-period errors, independent periods for intermittent histories, negative binomial / gamma; fast), auto (autoForecast; ~0.3 s per re-plan on long daily series), ses-normal (textbook SES + normal baseline)', 'ets-count')
    .option('--backorders', 'backorder unmet demand instead of losing it')
    .option('--seed <n>', 'seed for sampled lead times', '1')
    .option('--no-calibrate', 'keep the analytic (loss-function) levels: no safety shift, demand scale or common cycle-service level per demand segment')
    .option('--no-dormant-prior', 'hold nothing for an item until it sells (default: the launch quantity learnt from the warm-up)')
    .option('--no-feedback', 'open loop: keep the warm-up calibration for the whole simulation (default: each segment\'s levels follow its shortfall against the target so far)')
    .option('--catch-up <C>', `protection intervals over which the service feedback recovers a segment's shortfall (default ${DEFAULT_CATCH_UP})`)
    .addHelpText(
      'after',
      `
Output columns: series_id,fill_rate,cycle_service,avg_on_hand,stockout_periods,orders
  fill_rate      units served from stock / units demanded over periods W+1..n
  cycle_service  share of review cycles without a stockout
  avg_on_hand    mean end-of-period on hand
The simulation starts at W+1 with on hand = the order-up-to level and nothing on order; an order
placed in period t arrives at the start of period t+L. Unmet demand is lost unless --backorders.
Policy at each review: forecast from the history known then (--model; ets-count forecasts an
intermittent or lumpy item on its demand summed over buckets of R periods, or of the season M when
M > R and the protection interval L+R spans it, so a slow mover's level does not decay between
sales; items never sold in the warm-up keep per-period smoothing), order-up-to level S from the
exact loss functions of the forecast's distribution for the fill-rate target (lost-sales adjusted,
whole units rounded to the level whose expected fill rate is nearest the target). Unless
--no-calibrate, each demand segment (smooth / erratic / intermittent / lumpy, Syntetos-Boylan on the
warm-up) then gets one correction: the policy is replayed on the second half of every item's
warm-up history and S is moved by z standard deviations (erratic, intermittent, lumpy) or the
forecast's demand is scaled by a factor (smooth: smoothing lags a trend, a bias of the mean; fitted
on the items smooth both when their replay starts and at the end of the warm-up) until the pooled
replayed fill rate meets the target (printed in the summary); a replayed period counts once the
item has sold for a quarter of its warm-up, so launch periods do not set it. A segment whose
membership is stable instead plans every item for one cycle-service level when that replays to the
target with less stock (equal stockout risk per item is the cheapest way to a pooled fill rate). Unless
--no-dormant-prior, an item with no demand in its history holds a launch quantity: the level that
serves the target share of what the warm-up's launches (items whose first sale came after L+R
silent periods) sold in the R periods from their first sale (0 when fewer than 1-F of the items
silent through the first half of their warm-up sold in its second half: a catalogue of dead
listings). Unless --no-feedback (or --no-calibrate), the policy also reviews its
own outcome: at every review each segment's levels are shifted by its shortfall against the target
since the simulation started (units the segment should have served minus units served, known at
that review; the first ${100 * FEEDBACK_BAND} point of it tolerated), enough to recover it over the next C protection
intervals (--catch-up C, default ${DEFAULT_CATCH_UP}) by the segment's replayed fill curve, at most ${FEEDBACK_MAX_SHIFT} sd either
way; a segment that over-delivers is lowered the same way.
Exit code 2 on bad input (the message names the file line). See docs/replenishment.md.`,
    )
    .action((opts: SimulateOptions) => {
      const { csv, summary } = runSimulate(opts);
      if (opts.output) {
        try {
          fs.writeFileSync(opts.output, csv);
        } catch (e) {
          throw new CliError(`cannot write ${opts.output}: ${(e as Error).message}`, 1, 'OUTPUT_FAILED');
        }
        process.stdout.write(summary + `results: ${opts.output}\n`);
      } else {
        process.stdout.write(csv + summary.replace(/^/gm, '# ').replace(/# $/, ''));
      }
    });
}
