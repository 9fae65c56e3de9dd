/**
 * Launch benchmark: do launch forecasts (docs/planning.md "Launch forecasts") serve new products
 * at their target, and at what stock, beside what a planner does without them?
 *
 *   node --import tsx bench/launch.ts [--launches 200] [--lead-time 21] [--targets 0.9,0.95]
 *                                     [--estimate-error 0.5] [--days 84] [--seed 1]
 *                                     [--cvs 0.5,0.25,0] [--policies launch,first-buy,history]
 *
 * Each launch: a product with true demand rate lambda (log-uniform in 0.5 .. 20 a day; daily
 * counts negative binomial, variance 1.5 x mean) from its launch day on, nothing before. The
 * planner's estimate is lambda x exp(sigma Z) (sigma = --estimate-error: 0.5 means "could be half or
 * double"). The plan runs nightly as the plan run does (backtestPlanPolicy with refit 1: the same
 * forecast, policy and pack-free order sizing), 7-day order cycle, fixed lead time, lost sales,
 * starting a week before the first order could reach the launch with nothing on hand, and is
 * measured over the first --days days after the launch:
 * - launch cv 0.5: a launch forecast at the estimate with cv 0.5 (negative binomial), handed over
 *   to the product's own sales over 56 days;
 * - launch cv 0.25, launch cv 0: the same estimate held surer, down to a known rate (Poisson);
 * - first buy + history: what stockloop did before launch forecasts, with the planner's usual
 *   workaround: a first buy of estimate x (lead time + order cycle) on hand at the start, then the
 *   plan from the sales since the launch;
 * - history only: no first buy (the plan sees the product's true demand even on days it had no
 *   stock: the replay does not censor it, which flatters this policy).
 * Prints, per target and policy, the aggregate fill rate over the launches and their total average
 * on hand, plus the fill of the launches whose estimate was at least 1.5x too low; one JSON line
 * each.
 */
import { backtestPlanPolicy, type BacktestOptions } from '../src/planning/index.ts';
import { createRng } from '../src/engine/stats/index.ts';
import { nbSeries } from '../test/helpers/nb-series.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const count = Number(opt('--launches', '200'));
const L = Number(opt('--lead-time', '21'));
const targets = opt('--targets', '0.9,0.95').split(',').map(Number);
const sigma = Number(opt('--estimate-error', '0.5'));
const days = Number(opt('--days', '84'));
const seed = Number(opt('--seed', '1'));
// the launch cvs replayed, and which kinds of policy (launch forecasts, the first buy, history only)
const cvs = opt('--cvs', '0.5,0.25,0').split(',').map(Number);
const kinds = new Set(opt('--policies', 'launch,first-buy,history').split(','));
if (cvs.some((c) => !(c >= 0))) throw new Error(`bad --cvs: ${opt('--cvs', '')}`);
for (const [k, v] of Object.entries({ count, L, sigma, days, seed })) if (!Number.isFinite(v) || v < 0) throw new Error(`bad --${k}: ${v}`);
const R = 7;

// the launches: true rate, the planner's estimate, the demand after the launch
const rng = createRng(seed);
const launchIndex = L + R + 7; // the replay starts a week before a first order could still arrive in time
const launches = Array.from({ length: count }, (_, i) => {
  const lambda = Math.exp(Math.log(0.5) + rng.next() * (Math.log(20) - Math.log(0.5)));
  const estimate = lambda * Math.exp(sigma * rng.normal());
  const y = new Float64Array(launchIndex + days);
  y.set(nbSeries(days, lambda, 1.5, seed * 1000 + i), launchIndex);
  return { lambda, estimate, y };
});

type Policy = { name: string; opts: (l: (typeof launches)[number]) => Partial<BacktestOptions> };
const policies: Policy[] = [
  ...(kinds.has('launch') ? cvs.map((cv): Policy => ({ name: `launch cv ${cv}`, opts: (l) => ({ launch: { ratePerDay: l.estimate, cv, launchIndex, handOverDays: 56 }, startOnHand: 0 }) })) : []),
  ...(kinds.has('first-buy') ? [{ name: 'first buy + history', opts: (l: (typeof launches)[number]) => ({ launch: { launchIndex }, startOnHand: Math.ceil(l.estimate * (L + R)) }) }] : []),
  ...(kinds.has('history') ? [{ name: 'history only', opts: () => ({ launch: { launchIndex }, startOnHand: 0 }) }] : []),
];

process.stdout.write(`launches: ${count}, rate 0.5..20/day (log-uniform), estimate error sigma ${sigma}, lead time ${L} days, order cycle ${R}, measured ${days} days from the launch\n`);
process.stdout.write(`${'target'.padStart(6)}  ${'policy'.padEnd(20)} ${'fill%'.padStart(6)} ${'under-est. fill%'.padStart(16)} ${'on hand'.padStart(9)} ${'secs'.padStart(5)}\n`);
for (const target of targets) {
  for (const p of policies) {
    const t0 = performance.now();
    let served = 0;
    let demanded = 0;
    let onHand = 0;
    let lowServed = 0;
    let lowDemanded = 0;
    launches.forEach((l, i) => {
      const o = backtestPlanPolicy(
        { y: l.y, leadTimeDays: L },
        { fillRate: target, reviewPeriodDays: R, refit: 1, warmup: launchIndex - L - 7, burnIn: L + 7, model: 'auto', season: 7, seed: i + 1, ...p.opts(l) },
      );
      served += o.served;
      demanded += o.demanded;
      onHand += o.avgOnHand;
      if (l.estimate * 1.5 <= l.lambda) {
        lowServed += o.served;
        lowDemanded += o.demanded;
      }
    });
    const secs = (performance.now() - t0) / 1000;
    const fill = served / demanded;
    const low = lowDemanded > 0 ? lowServed / lowDemanded : null;
    process.stdout.write(`${target.toFixed(2).padStart(6)}  ${p.name.padEnd(20)} ${(100 * fill).toFixed(1).padStart(6)} ${(low === null ? '-' : (100 * low).toFixed(1)).padStart(16)} ${onHand.toFixed(0).padStart(9)} ${secs.toFixed(1).padStart(5)}\n`);
    process.stdout.write(`${JSON.stringify({ bench: 'launch', target, policy: p.name, launches: count, leadTime: L, estimateError: sigma, days, fillRate: fill, underEstimatedFillRate: low, totalAvgOnHand: onHand, seconds: secs })}\n`);
  }
}
