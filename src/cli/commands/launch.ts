/**
 * `stockloop launch set|list|remove|review`: launch forecasts of new SKU x locations
 * (planning/launch-forecasts.ts) and how they did (planning/launch-review.ts). In bulk:
 * `stockloop import launch-forecasts file.csv`.
 */
import type { Command } from 'commander';
import { DEFAULT_HAND_OVER_DAYS, DEFAULT_LAUNCH_CV, listLaunchForecasts, removeLaunchForecast, reviewLaunches, setLaunchForecast, type LaunchFigures, type LaunchForecast, type LaunchReview } from '../../planning/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { CliError, openMigratedStore } from '../context.ts';

/** Columns padded to their widest cell. */
function columns(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

function table(items: LaunchForecast[]): string {
  return columns(
    ['sku', 'location', 'rate/day', 'cv', 'launch_day', 'hand_over_days', 'owner', 'rationale'],
    items.map((l) => [l.sku, l.location, String(l.ratePerDay), String(l.cv), l.launchDay, String(l.handOverDays), l.owner, l.rationale]),
  );
}

const fixed = (x: number | null, digits = 2) => (x === null ? '-' : x.toFixed(digits));
const figuresText = (f: LaunchFigures) =>
  `${f.launches} reviewed; actual / stated ${fixed(f.bias)}; error ${fixed(f.error)}; inside the 80 % band ${f.coverage === null ? '-' : `${(100 * f.coverage).toFixed(0)} %`}; mean stated cv ${fixed(f.statedCv)}`;

/** The launch review as text: one line per launch, the figures, per owner, the proposal. */
function reviewText(r: LaunchReview): string {
  if (!r.launches.length) return `no launch forecasts to review (as of ${r.asOf})\n`;
  const rows = r.launches.map((o) => [
    o.sku,
    o.location,
    o.owner,
    o.launchDay,
    String(o.ratePerDay),
    String(o.cv),
    o.status,
    `${o.observedDays}/${o.days}`,
    String(o.sold),
    fixed(o.actualRate),
    fixed(o.ratio),
    o.band ? `${o.band.low}-${o.band.high}` : '-',
    o.inBand === null ? '-' : o.inBand ? 'yes' : 'no',
  ]);
  const out = [`launch review as of ${r.asOf} (hand-over days so far; stockout days left out)\n`, columns(['sku', 'location', 'owner', 'launch_day', 'rate/day', 'cv', 'status', 'observed/days', 'sold', 'actual/day', 'ratio', '80% band', 'in band'], rows)];
  out.push(`overall: ${figuresText(r.overall)}\n`);
  for (const o of r.byOwner) out.push(`  ${o.owner}: ${figuresText(o)}\n`);
  out.push(r.proposedCv === null ? `no cv proposed: ${r.reason}\n` : `proposed cv ${r.proposedCv.toFixed(2)} for new launch forecasts: ${r.reason}\n`);
  return out.join('');
}

/** A number option, or exit 2 naming it. */
const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name} must be a number (got ${JSON.stringify(v)})`, 2);
  return n;
};

/** Bad input (400) exits 2, as every command's bad input does. */
async function run<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isAppError(e) && e.status === 400) throw new CliError(e.message, 2, e.code);
    throw e;
  }
}

export function register(program: Command): void {
  const launch = program
    .command('launch')
    .description('Launch forecasts: the demand a new SKU x location is planned on until its own history takes over (docs/planning.md "Launch forecasts"; in bulk: `stockloop import launch-forecasts FILE`)');

  launch
    .command('set')
    .description('Set (or replace) the launch forecast of a SKU at a location')
    .argument('<sku>', 'SKU code')
    .argument('<location>', 'location code')
    .requiredOption('--rate-per-day <n>', 'expected demand per day from the launch day on', num('rate-per-day'))
    .option('--cv <n>', `coefficient of variation of that rate (default ${DEFAULT_LAUNCH_CV}; higher protects each launch more)`, num('cv'))
    .option('--launch-day <YYYY-MM-DD>', 'the day demand starts (default: today, UTC)')
    .option('--hand-over-days <n>', `days of own history after which the launch forecast no longer counts (default ${DEFAULT_HAND_OVER_DAYS})`, num('hand-over-days'))
    .requiredOption('--owner <name>', 'who answers for the forecast')
    .requiredOption('--rationale <text>', 'why this rate (e.g. the analogue product it is based on)')
    .action(async (sku: string, location: string, opts: { ratePerDay: number; cv?: number; launchDay?: string; handOverDays?: number; owner: string; rationale: string }, cmd: Command) => {
      const store = await openMigratedStore(cmd);
      try {
        const l = await run(() => setLaunchForecast(store, sku, location, opts, { actor: process.env.USER ? `cli:${process.env.USER}` : 'cli', today: new Date().toISOString().slice(0, 10) }));
        process.stdout.write(`launch forecast ${l.sku} @ ${l.location}: ${l.ratePerDay}/day from ${l.launchDay} (cv ${l.cv}, hand-over ${l.handOverDays} days), owner ${l.owner}\n`);
      } finally {
        await store.close();
      }
    });

  launch
    .command('list')
    .description('List launch forecasts')
    .option('--sku <code>', 'only this SKU')
    .option('--location <code>', 'only this location')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { sku?: string; location?: string; json?: boolean }, cmd: Command) => {
      const store = await openMigratedStore(cmd);
      try {
        const items = await listLaunchForecasts(store, { sku: opts.sku, location: opts.location });
        process.stdout.write(opts.json ? `${JSON.stringify(items, null, 2)}\n` : items.length ? table(items) : 'no launch forecasts\n');
      } finally {
        await store.close();
      }
    });

  launch
    .command('review')
    .description(
      'How the launch forecasts did: per launch past its launch day, units sold over its hand-over days so far (stockout days left out) against the stated rate and its 80 % band; over the launches with 14 observed days, the bias, error and band coverage (overall and per owner) and, from 5 launches, the cv their estimates warrant (half the error; docs/planning.md "Launch review"). Reads only',
    )
    .option('--as-of <day>', 'review as of this day (default today, UTC); reads up to the day before')
    .option('--json', 'print JSON instead of tables')
    .action(async (opts: { asOf?: string; json?: boolean }, cmd: Command) => {
      const store = await openMigratedStore(cmd);
      try {
        const r = await run(() => reviewLaunches(store, { asOf: opts.asOf }));
        process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : reviewText(r));
      } finally {
        await store.close();
      }
    });

  launch
    .command('remove')
    .description('Remove the launch forecast of a SKU at a location (the plan then uses its history alone)')
    .argument('<sku>', 'SKU code')
    .argument('<location>', 'location code')
    .action(async (sku: string, location: string, _opts: unknown, cmd: Command) => {
      const store = await openMigratedStore(cmd);
      try {
        await removeLaunchForecast(store, sku, location);
        process.stdout.write(`removed the launch forecast of ${sku} @ ${location}\n`);
      } finally {
        await store.close();
      }
    });
}
