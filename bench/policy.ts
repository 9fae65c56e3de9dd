/**
 * Policy benchmark: backtests the replenishment policy on public demand data and compares it with
 * the textbook baseline.
 *
 *   node --import tsx bench/policy.ts [--quick] [--limit N] [--datasets carparts,nn5,m3monthly,carparts-daily]
 *                                     [--targets 0.9,0.95,0.98] [--policies proposed,ets-count,auto,baseline]
 *                                     [--warmup W] [--data DIR] [--no-buckets]
 *
 * Policies (both periodic review (R, S), lost sales, re-planned at every review from the history
 * known then, fill-rate target converted to S through the loss function of protection demand):
 * - auto: autoForecast (src/engine/forecast) + the exact fill-rate formula
 *   (n_{L+R}(S) - n_L(S) = (1 - F) mu R) in the forecast's family (negative binomial / Poisson /
 *   gamma / normal) with the first-order lost-sales correction;
 * - ets-count: the same policy on the simulator's built-in SES + measured k-period error model
 *   (sesCountModel: independent periods for intermittent histories; negative binomial / gamma;
 *   fast), analytic level rounded up;
 * - proposed (the defaults of `stockloop simulate`): ets-count with nearest rounding (S - 1 when
 *   its expected fill rate is nearer the target), then one lever per demand segment (a safety
 *   shift, a demand scale for smooth demand, or a common cycle-service level), calibrated on the
 *   pooled warm-up history of the segment's items (established periods only)
 *   (segment-calibration.ts, simulate-portfolio.ts; the levers are printed under the row), and
 *   items with no demand yet stocked at the launch quantity of the warm-up's launches
 *   (dormant-prior.ts); the other policies hold nothing for such items;
 * - baseline: SES forecast + normal safety stock with the textbook formula
 *   (sigma_{L+R} G(k) = (1 - F) mu R, sigma from one-step errors, sigma^2 (L + R)).
 * Default policies: proposed, ets-count, baseline (auto only on request: ~0.3 s per re-plan).
 * --quick: carparts 60 series with lead time 2, NN5 8 series, carparts-daily 60 series.
 * Equal-fill comparison: for each lead time the baseline is also run at nominal targets
 * (BASELINE_GRID); each proposed row prints the baseline's total on hand interpolated at the same
 * achieved fill (series with warm-up demand), or that no nominal target reaches it, and a 'per
 * class' line: each class's fill +- its bootstrap spread over series, its stock, and the
 * baseline's stock at the same class fill.
 * Set-ups: carparts (monthly, R = 1, lead times 1, 2, 3 months), NN5 (daily, R = 7, lead time 21
 * days), m3monthly (R = 1, lead time 2). Warm-up = default (half the series, >= 2 seasons).
 * carparts-daily (R = 7, lead time 21 days): carparts' months spread over 30 days each as orders of
 * 1-3 units (bench/lib/daily-from-monthly.ts): daily intermittent demand, which the public sets
 * lack; the proposed and open-loop policies forecast its intermittent and lumpy items on review-period
 * buckets (simulationBucket, ses-count-model.ts); --no-buckets smooths every item per period, as
 * the simulator did before, for comparison.
 * After each dataset, a verdict line per policy counts the set-ups within +-1.5 points of the
 * target, overall (agg) and per class; a second line counts them per class of the whole series
 * (what the series' demand turned out to be: chosen by the outcome, so no policy can aim at it;
 * printed to show that, see docs/replenishment.md "Which class").
 * Reported per target: achieved fill rate (agg = units served / demanded; hist = the same over the
 * series with some demand in the warm-up, i.e. excluding class 'none'; mean = mean per series)
 * overall and per demand class of the warm-up history (Syntetos-Boylan: ADI 1.32, CV^2 0.49;
 * 'none' = no demand in the warm-up), total average on hand of each policy. Prints a table and one
 * JSON line per (dataset, lead time, target, policy).
 *
 * Forecasts do not depend on the policy (the simulated history is the true demand), so each
 * series' forecast at each review is computed once and shared by all targets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDemandCsv } from '../src/cli/commands/simulate.ts';
import { classifyDemand } from '../src/engine/forecast/index.ts';
import { dailyFromMonthly } from './lib/daily-from-monthly.ts';
import { evenlySpaced } from './lib/evenly-spaced.ts';
import { stdNormalCdf } from '../src/engine/stats/index.ts';
import {
  autoForecastModel,
  sesCountModel,
  defaultWarmup,
  leverLabel,
  sesNormalModel,
  simulatePortfolio,
  simulationBucket,
  type SegmentShift,
  type SegmentFeedback,
  summarizeSimulations,
  type DemandForecast,
  type DemandModel,
  type SeriesSimulation,
} from '../src/engine/simulate/index.ts';

interface Setup {
  dataset: string;
  file: string;
  /** Made from `file` by spreading each month over days (bench/lib/daily-from-monthly.ts). */
  daily?: boolean;
  season: number;
  review: number;
  leadTimes: number[];
}

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const quick = flag('--quick');
// per-period smoothing for every item (the simulator before forecast buckets), for comparison
const noBuckets = flag('--no-buckets');
const limitFlag = opt('--limit', '');
const policiesFlag = opt('--policies', '');
// one warm-up for every series instead of defaultWarmup (to check that results do not hinge on it)
const warmupFlag = opt('--warmup', '');
const fixedWarmup = warmupFlag ? Number(warmupFlag) : undefined;
if (fixedWarmup !== undefined && !(Number.isInteger(fixedWarmup) && fixedWarmup >= 2)) throw new Error(`--warmup must be an integer >= 2 (got ${warmupFlag})`);
// ../shared/data beside the repository (as in CI), unless --data names another folder.
const dataDir = opt('--data', path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'shared', 'data'));
const targets = opt('--targets', '0.9,0.95,0.98').split(',').map(Number);
const datasets = opt('--datasets', 'carparts,nn5,carparts-daily').split(',');

const SETUPS: Record<string, Setup> = {
  carparts: { dataset: 'carparts', file: 'carparts.csv', season: 12, review: 1, leadTimes: quick ? [2] : [1, 2, 3] },
  nn5: { dataset: 'nn5', file: 'nn5.csv', season: 7, review: 7, leadTimes: [21] },
  m3monthly: { dataset: 'm3monthly', file: 'm3monthly.csv', season: 12, review: 1, leadTimes: [2] },
  'carparts-daily': { dataset: 'carparts-daily', file: 'carparts.csv', daily: true, season: 1, review: 7, leadTimes: [21] },
};

/** Caches a model's forecasts per series and history length (the history is policy-independent). */
function cached(model: DemandModel): { model: DemandModel; use(id: string): DemandModel } {
  const cache = new Map<string, DemandForecast>();
  let current = '';
  const m: DemandModel = {
    name: model.name,
    forecast(history, horizon, stockout, context) {
      const key = `${current}\u0000${history.length}\u0000${context?.segment ?? ''}`;
      let f = cache.get(key);
      if (!f) {
        f = model.forecast(history, horizon, stockout, context);
        cache.set(key, f);
      }
      return f;
    },
  };
  return {
    model: m,
    use(id: string) {
      current = id;
      return m;
    },
  };
}

/** Raised nominal targets of the baseline for the equal-fill comparison. */
const BASELINE_GRID = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];

/**
 * Baseline on hand at a given achieved fill (series with warm-up demand), by linear interpolation on
 * its curve over raised nominal targets; onHand null when no nominal target reaches that fill.
 */
function atEqualFill(curve: { nominal: number; fill: number; onHand: number }[], fill: number): { nominal: number; onHand: number | null; atMost?: boolean } {
  for (let i = 0; i < curve.length; i++) {
    if (curve[i].fill >= fill) {
      // below the lowest nominal target's fill: the baseline needs at most that stock
      if (i === 0) return { nominal: curve[0].nominal, onHand: curve[0].onHand, atMost: curve[0].fill > fill };
      const a = curve[i - 1];
      const b = curve[i];
      const w = b.fill > a.fill ? (fill - a.fill) / (b.fill - a.fill) : 1;
      return { nominal: a.nominal + w * (b.nominal - a.nominal), onHand: a.onHand + w * (b.onHand - a.onHand) };
    }
  }
  return { nominal: curve[curve.length - 1].nominal, onHand: null };
}

/**
 * Sampling spread of a class's aggregate fill rate: the standard deviation of sum(served) /
 * sum(demanded) over 1000 bootstrap resamples of the class's series (deterministic LCG). A class of
 * 14 series cannot pin its fill rate down to +-1.5 points whatever the policy; this says how far
 * it can.
 */
function bootstrapFillSd(rs: SeriesSimulation[]): number {
  if (rs.length < 2) return 0;
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const fills: number[] = [];
  for (let b = 0; b < 1000; b++) {
    let s = 0;
    let d = 0;
    for (let i = 0; i < rs.length; i++) {
      const r = rs[Math.floor(next() * rs.length)];
      s += r.served;
      d += r.demanded;
    }
    fills.push(d > 0 ? s / d : 1);
  }
  const m = fills.reduce((a, x) => a + x, 0) / fills.length;
  return Math.sqrt(fills.reduce((a, x) => a + (x - m) * (x - m), 0) / (fills.length - 1));
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
const CLASSES = ['smooth', 'erratic', 'intermittent', 'lumpy', 'none'];
let lastCalibration: SegmentShift[] = [];
let lastFeedback: SegmentFeedback[] = [];

for (const name of datasets) {
  const setup = SETUPS[name];
  if (!setup) throw new Error(`unknown dataset ${name}`);
  const parsed = parseDemandCsv(fs.readFileSync(path.join(dataDir, setup.file), 'utf8'), setup.file);
  const all = setup.daily ? dailyFromMonthly(parsed) : parsed;
  const limit = Number(limitFlag || (quick ? (name === 'nn5' ? '8' : '60') : '0'));
  const series = evenlySpaced(all, limit);
  const policyNames = (policiesFlag || 'proposed,open-loop,ets-count,baseline').split(',');
  const classes = new Map<string, string>();
  // the class of the whole series (what its demand turned out to be), for the second verdict
  const fullClasses = new Map<string, string>();
  for (const s of series) {
    const W = fixedWarmup ?? defaultWarmup(s.y.length, setup.season);
    const c = classifyDemand(s.y.subarray(0, W));
    const hasDemand = s.y.subarray(0, W).some((v) => v > 0);
    classes.set(s.id, hasDemand ? c.demandClass : 'none');
    fullClasses.set(s.id, s.y.some((v) => v > 0) ? classifyDemand(s.y).demandClass : 'none');
  }
  const horizon = Math.max(...setup.leadTimes) + setup.review;
  // the proposed policy's model per forecast bucket (simulationBucket: 1 unless R > 1 or the season fits in L + R)
  const bucketModels = new Map<number, ReturnType<typeof cached>>();
  const proposedFor = (L: number) => {
    const b = noBuckets ? 1 : simulationBucket(setup.review, L, setup.season);
    if (!bucketModels.has(b)) bucketModels.set(b, cached(sesCountModel({ bucket: b })));
    return bucketModels.get(b)!;
  };
  const models = {
    auto: { c: cached(autoForecastModel({ season: setup.season })), method: 'exact' as const, lostSales: true, calibrate: false, rounding: 'up' as const },
    'ets-count': { c: cached(sesCountModel()), method: 'exact' as const, lostSales: true, calibrate: false, rounding: 'up' as const },
    proposed: { c: null, method: 'exact' as const, lostSales: true, calibrate: true, rounding: 'nearest' as const, feedback: true },
    'open-loop': { c: null, method: 'exact' as const, lostSales: true, calibrate: true, rounding: 'nearest' as const, feedback: false },
    baseline: { c: cached(sesNormalModel()), method: 'textbook' as const, lostSales: false, calibrate: false, rounding: 'up' as const },
  };
  const classCounts = (m: Map<string, string>) => CLASSES.map((c) => [c, [...m.values()].filter((v) => v === c).length] as const).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ');
  process.stdout.write(`\n== ${name}: ${series.length} series, review ${setup.review}, season ${setup.season}, warm-up ${fixedWarmup ?? "default"}, classes of the warm-up ${classCounts(classes)}; of the whole series ${classCounts(fullClasses)}\n`);
  process.stdout.write(`${'L'.padStart(3)} ${'target'.padStart(6)} ${'policy'.padEnd(10)} ${'agg%'.padStart(5)} ${'hist%'.padStart(5)} ${'mean%'.padStart(5)} ${CLASSES.map((c) => c.slice(0, 5).padStart(5)).join(' ')} ${'on hand'.padStart(10)} ${'secs'.padStart(5)}\n`);
  const runAll = (c: ReturnType<typeof cached>, L: number, F: number, method: 'exact' | 'textbook', lostSales: boolean, calibrate: boolean, rounding: 'up' | 'nearest', feedback = false) => {
    const modelFor = (id: string): DemandModel => {
      const model = c.model;
      return { name: model.name, forecast: (h, _k, so, ctx) => c.use(id).forecast(h, horizon, so, ctx) };
    };
    const sim = simulatePortfolio(series, { model: modelFor, season: setup.season, warmup: fixedWarmup, leadTime: L, reviewPeriod: setup.review, target: { kind: 'fill-rate', rate: F }, fillRateMethod: method, lostSalesCorrection: lostSales, calibrate, dormantPrior: calibrate, rounding, feedback });
    lastCalibration = sim.calibration;
    lastFeedback = sim.feedback;
    return sim.results.map((x) => ({ id: x.id, r: x.r }));
  };
  // within +-1.5 points of the target, per policy: [hits, set-ups, expected hits] overall ('agg')
  // and per class; expected hits = what a policy exactly on target would score given the sampling
  // spread sd of the class's fill over its series: sum of P(|N(0, sd)| <= 1.5 points)
  const verdict = new Map<string, Map<string, [number, number, number]>>();
  const verdictFull = new Map<string, Map<string, [number, number, number]>>();
  const tally = (policy: string, key: string, fill: number, target: number, sd: number, into = verdict) => {
    const m = into.get(policy) ?? new Map<string, [number, number, number]>();
    into.set(policy, m);
    const v = m.get(key) ?? [0, 0, 0];
    v[1]++;
    if (Math.abs(fill - target) <= 0.015 + 1e-12) v[0]++;
    v[2] += sd > 0 ? 2 * stdNormalCdf(0.015 / sd) - 1 : 1;
    m.set(key, v);
  };
  for (const L of setup.leadTimes) {
    // Baseline curve (achieved fill of the series with warm-up demand -> total on hand) over raised
    // nominal targets, for the equal-fill stock comparison.
    const curveByClass = new Map<string, { nominal: number; fill: number; onHand: number }[]>();
    const curve = BASELINE_GRID.map((G) => {
      const rs = runAll(models.baseline.c, L, G, 'textbook', false, false, 'up');
      const known = summarizeSimulations(rs.filter((x) => classes.get(x.id) !== 'none').map((x) => x.r));
      for (const cl of CLASSES) {
        const sub = rs.filter((x) => classes.get(x.id) === cl).map((x) => x.r);
        if (sub.length === 0) continue;
        const s2 = summarizeSimulations(sub);
        const list = curveByClass.get(cl) ?? [];
        list.push({ nominal: G, fill: s2.aggregateFillRate, onHand: s2.totalAvgOnHand });
        curveByClass.set(cl, list);
      }
      return { nominal: G, fill: known.aggregateFillRate, onHand: known.totalAvgOnHand };
    });
    for (const F of targets) {
      for (const policyName of policyNames) {
        const spec = models[policyName as keyof typeof models];
        if (!spec) throw new Error(`unknown policy ${policyName}`);
        const { method, lostSales } = spec;
        const c = spec.c ?? proposedFor(L);
        const t0 = performance.now();
        const results = runAll(c, L, F, method, lostSales, spec.calibrate, spec.rounding, 'feedback' in spec && spec.feedback);
        const secs = (performance.now() - t0) / 1000;
        const sum = summarizeSimulations(results.map((x) => x.r));
        // series with demand during the warm-up (a policy has something to plan from)
        const known = summarizeSimulations(results.filter((x) => classes.get(x.id) !== 'none').map((x) => x.r));
        const byClass: Record<string, { series: number; fillRate: number; fillRateSd: number; meanFillRate: number; avgOnHand: number; baselineAtEqualFill: { nominal: number; onHand: number | null; atMost?: boolean } | null }> = {};
        for (const cl of CLASSES) {
          const rs = results.filter((x) => classes.get(x.id) === cl).map((x) => x.r);
          if (rs.length === 0) continue;
          const s2 = summarizeSimulations(rs);
          const eqc = policyName === 'baseline' || !curveByClass.has(cl) ? null : atEqualFill(curveByClass.get(cl)!, s2.aggregateFillRate);
          byClass[cl] = { series: rs.length, fillRate: s2.aggregateFillRate, fillRateSd: bootstrapFillSd(rs), meanFillRate: s2.meanFillRate, avgOnHand: s2.totalAvgOnHand, baselineAtEqualFill: eqc };
        }
        const byFullClass: Record<string, { series: number; fillRate: number; fillRateSd: number; avgOnHand: number }> = {};
        for (const cl of CLASSES) {
          const rs = results.filter((x) => fullClasses.get(x.id) === cl).map((x) => x.r);
          if (rs.length === 0) continue;
          const s2 = summarizeSimulations(rs);
          byFullClass[cl] = { series: rs.length, fillRate: s2.aggregateFillRate, fillRateSd: bootstrapFillSd(rs), avgOnHand: s2.totalAvgOnHand };
          tally(policyName, cl, s2.aggregateFillRate, F, byFullClass[cl].fillRateSd, verdictFull);
        }
        const eq = policyName === 'baseline' ? null : atEqualFill(curve, known.aggregateFillRate);
        tally(policyName, 'agg', sum.aggregateFillRate, F, bootstrapFillSd(results.map((x) => x.r)));
        for (const cl of CLASSES) if (byClass[cl]) tally(policyName, cl, byClass[cl].fillRate, F, byClass[cl].fillRateSd);
        if (policyName !== 'baseline') {
          const parts = CLASSES.filter((cl) => byClass[cl]).map((cl) => {
            const b = byClass[cl];
            const e = b.baselineAtEqualFill;
            const base = !e ? '' : e.onHand === null ? ', baseline never reaches it' : `, baseline ${e.atMost ? '<= ' : ''}${e.onHand.toFixed(0)} at nominal ${e.nominal.toFixed(3)}`;
            return `${cl} ${pct(b.fillRate).trim()} +-${(100 * b.fillRateSd).toFixed(1)} (${b.avgOnHand.toFixed(0)} on hand${base})`;
          });
          process.stdout.write(`      per class (fill +- bootstrap sd over series; baseline stock at the same class fill): ${parts.join('; ')}\n`);
          process.stdout.write(`      per class of the whole series: ${Object.entries(byFullClass).map(([cl, b]) => `${cl} ${pct(b.fillRate).trim()} +-${(100 * b.fillRateSd).toFixed(1)} (${b.series} series, ${b.avgOnHand.toFixed(0)} on hand)`).join('; ')}\n`);
        }
        if (spec.calibrate) process.stdout.write(`      levers: ${lastCalibration.map((x) => `${x.segment} ${leverLabel(x)} (${x.analyticFill.toFixed(3)}->${x.replayedFill.toFixed(3)}, ${x.series} items)`).join('; ')}\n`);
        if (lastFeedback.length > 0) process.stdout.write(`      service feedback (shift min / max / last): ${lastFeedback.map((x) => `${x.segment} ${x.minShift.toFixed(2)} / ${x.maxShift.toFixed(2)} / ${x.lastShift.toFixed(2)}`).join('; ')}\n`);
        process.stdout.write(
          `${String(L).padStart(3)} ${F.toFixed(2).padStart(6)} ${policyName.padEnd(10)} ${pct(sum.aggregateFillRate)} ${pct(known.aggregateFillRate)} ${pct(sum.meanFillRate)} ${CLASSES.map((cl) => (byClass[cl] ? pct(byClass[cl].fillRate) : '    -')).join(' ')} ${sum.totalAvgOnHand.toFixed(0).padStart(10)} ${secs.toFixed(1).padStart(5)} ${eq === null ? '' : eq.onHand === null ? `baseline never reaches ${pct(known.aggregateFillRate)}` : `hist on hand ${known.totalAvgOnHand.toFixed(0)}, baseline at equal hist fill: nominal ${eq.nominal.toFixed(4)} on hand ${eq.atMost ? "<= " : ""}${eq.onHand.toFixed(0)}`}\n`,
        );
        process.stdout.write(
          JSON.stringify({
            bench: 'policy',
            dataset: name,
            series: series.length,
            leadTime: L,
            review: setup.review,
            warmup: fixedWarmup ?? 'default',
            target: F,
            policy: policyName,
            fillRate: sum.aggregateFillRate,
            fillRateWithHistory: known.aggregateFillRate,
            meanFillRate: sum.meanFillRate,
            meanCycleService: sum.meanCycleService,
            totalAvgOnHand: sum.totalAvgOnHand,
            orders: sum.orders,
            byClass,
            byFullClass,
            onHandWithHistory: known.totalAvgOnHand,
            baselineAtEqualFill: eq,
            calibration: spec.calibrate ? lastCalibration : undefined,
            feedback: spec.calibrate ? lastFeedback : undefined,
            seconds: secs,
          }) + '\n',
        );
      }
    }
  }
  for (const [policy, m] of verdict) {
    const full = verdictFull.get(policy)!;
    process.stdout.write(`  within +-1.5 points of the target (${policy}): ${[...m].map(([k, [hit, n]]) => `${k} ${hit}/${n}`).join(', ')}${limit > 0 ? ` (a ${series.length}-series subset: a smoke test, not the measurement)` : ''}\n`);
    process.stdout.write(`    a policy exactly on target would score, given each class's sampling spread: ${[...m].map(([k, [, n, e]]) => `${k} ${e.toFixed(1)}/${n}`).join(', ')}\n`);
    process.stdout.write(`    per class of the whole series: ${[...full].map(([k, [hit, n]]) => `${k} ${hit}/${n}`).join(', ')} (on target would score ${[...full].map(([k, [, n, e]]) => `${k} ${e.toFixed(1)}/${n}`).join(', ')})\n`);
  }
}
