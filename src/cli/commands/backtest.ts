import type { Command } from 'commander';
import type { PolicyOutcome } from '../../planning/index.ts';
import { formatMoney } from '../../shared/money.ts';
import { runPolicyReview } from '../../planning/index.ts';
import { intOpt, openMigratedStore } from '../context.ts';
import { actorOpt } from './purchase-order.ts';

const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
const shiftText = (z: number | null) => (z === null ? '-' : `${z > 0 ? '+' : ''}${z.toFixed(2)}`);

/** Table lines (header first), columns padded to their widest cell: text columns (`left`) left-aligned, figures right-aligned. */
function aligned(head: string[], rows: string[][], left: (column: number) => boolean): string[] {
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  return [head, ...rows].map((cells) => cells.map((x, c) => (left(c) ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ').trimEnd());
}

/** The calibration table of a review (one row per policy), then each proposal's reason. */
function calibrationTable(policies: PolicyOutcome[]): string {
  const rows = policies.map((p) => {
    const c = p.calibration!;
    return [
      p.policy === null ? '(default)' : `${p.policy} v${p.version}`,
      `${(100 * p.target.level).toFixed(1)}%`,
      shiftText(c.currentShift),
      pct(p.achieved),
      p.avgOnHand.toFixed(0),
      shiftText(c.shift),
      pct(p.target.kind === 'fill-rate' ? c.fillRate : c.cycleService),
      c.avgOnHand === null ? '-' : c.avgOnHand.toFixed(0),
      c.status,
    ];
  });
  // "now" / "then": the target's own measure (fill rate, or cycle service)
  const head = ['policy', 'target', 'shift now', 'now', 'on hand now', 'proposed shift', 'then', 'on hand then', 'status'];
  const reasons = policies.map((p) => `  ${p.policy ?? '(default)'}: ${p.calibration!.reason}`);
  // per demand class inside each policy: its measure now, its whole shift proposed and the class shift written
  const classRows = policies.flatMap((p) =>
    (p.calibration!.classes ?? []).map((x) => [
      p.policy ?? '(default)',
      x.demandClass,
      String(x.pairs),
      pct(x.achieved),
      shiftText(x.shift),
      x.offset === 0 ? '0' : shiftText(x.offset),
      pct(x.proposedAchieved),
      x.status,
    ]),
  );
  const classHead = ['policy', 'demand class', 'pairs', 'now', 'whole shift', 'class shift', 'then', 'status'];
  const classTable = classRows.length ? `per demand class (whole shift = the policy's proposed shift + the class shift):\n${aligned(classHead, classRows, (c) => c < 2 || c === 7).join('\n')}\n` : '';
  return `calibration (safety shift = reorder point moved by z sd of lead-time demand):\n${aligned(head, rows, (c) => c < 2 || c === 8).join('\n')}\n${classTable}${reasons.join('\n')}\n`;
}

/** `stockloop backtest`: each policy replayed on the ledger's recent demand (planning/policy-review.ts). */
export function register(program: Command): void {
  program
    .command('backtest')
    .description(
      "Review every replenishment policy against the ledger's own recent demand: replay the last --days days of each " +
        "SKU x location with the plan's own suggestion (re-planned every --refit days from the history known then, lost " +
        'sales for SKUs without backorders) and print per policy the fill rate and cycle service achieved, the points against ' +
        "its target (in the target's own measure), the stock held and the orders placed. Stores nothing unless --save or " +
        '--apply. With --calibrate, also proposes per policy the ' +
        'safety shift (reorder point moved by z sd of lead-time demand) whose replay meets the target with the least stock; ' +
        '--apply writes the proposals as new policy versions (see docs/planning.md, "Policy review")',
    )
    .option('--days <n>', 'days replayed, ending the day before --as-of; each pair is measured after its lead time + review period (28-730)', intOpt('days'), 180)
    .option('--as-of <day>', 'planning day YYYY-MM-DD (default: today, UTC)')
    .option('--location <code>', 'only this location')
    .option('--refit <n>', 'days between re-plans in the replay (1 = every night as the plan runs, 7x slower; 1-28)', intOpt('refit'), 7)
    .option('--history-days <n>', "history the replay's plans read, as `stockloop plan --history-days` (28-1095; default 365, the plan's)", intOpt('history-days'))
    .option('--threads <n>', 'worker threads (default: available cores, at most 8; 0 = no workers)', intOpt('threads'))
    .option('--calibrate', 'also replay every safety shift from -3 to +3 sd (step 0.05) and propose one per policy')
    .option('--save', 'keep the review (GET /policy-reviews lists saved reviews; the web Policies page shows them)')
    .option('--apply', 'write the proposed shifts as new policy versions (implies --calibrate and --save; owner unchanged, rationale = the replay)')
    .option('--only <codes>', 'with --apply: only these policies (comma-separated codes)')
    .option('--actor <name>', 'who is recorded on the new versions (default cli:<user>)')
    .option('--json', 'print the review as JSON')
    .option('--quiet', 'no progress lines')
    .action(async (opts: { days: number; asOf?: string; location?: string; refit: number; historyDays?: number; threads?: number; calibrate?: boolean; save?: boolean; apply?: boolean; only?: string; actor?: string; json?: boolean; quiet?: boolean }, cmd: Command) => {
      if (opts.only !== undefined && !opts.apply) cmd.error('error: --only needs --apply');
      const store = await openMigratedStore(cmd);
      const started = performance.now();
      let last = 0;
      const onProgress = (done: number, total: number) => {
        if (opts.quiet || opts.json || (done < total && performance.now() - last < 1000)) return;
        last = performance.now();
        process.stderr.write(`[${((last - started) / 1000).toFixed(1).padStart(6)}s] replayed ${done}/${total} SKU x locations\n`);
      };
      try {
        const calibrate = !!(opts.calibrate || opts.apply);
        const only = opts.only?.split(',').map((x) => x.trim()).filter(Boolean);
        const { review: r, id, applied } = await runPolicyReview(
          store,
          { days: opts.days, asOf: opts.asOf, location: opts.location, refit: opts.refit, historyDays: opts.historyDays, threads: opts.threads, calibrate, save: opts.save, apply: opts.apply, only, onProgress },
          { ...actorOpt(opts), trigger: 'cli' },
        );
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ...r, ...(id !== null ? { id } : {}), ...(applied ? { applied } : {}) }, null, 2)}\n`);
          return;
        }
        const rows = r.policies.map((p) => [
          p.policy === null ? '(default)' : `${p.policy} v${p.version}`,
          `${(100 * p.target.level).toFixed(1)}% ${p.target.kind}`,
          pct(p.fillRate),
          pct(p.cycleService),
          p.achieved === null ? '-' : `${p.achieved - p.target.level >= 0 ? '+' : ''}${(100 * (p.achieved - p.target.level)).toFixed(1)}`,
          String(p.pairs),
          p.avgOnHand.toFixed(0),
          formatMoney(p.avgOnHandValue),
          pct(p.stockoutDayShare),
          String(p.stockoutEpisodes),
          p.meanRecoveryDays === null ? '-' : `${p.meanRecoveryDays.toFixed(1)} d (max ${p.longestStockoutDays})`,
          String(p.orders),
        ]);
        // "vs target": points of the target's own measure (fill rate, or cycle service); recovery:
        // the mean (and longest) days a stockout lasted, until a day closed with stock again
        const head = ['policy', 'target', 'fill', 'cycle service', 'vs target', 'pairs', 'avg on hand', 'value', 'stockout days', 'stockouts', 'recovery', 'orders'];
        const [header, ...lines] = aligned(head, rows, (c) => c < 2);
        process.stdout.write(`policy backtest: ${r.from} .. the day before ${r.asOf} (${r.days} days), re-planned every ${r.refit} day(s) from up to ${r.historyDays} days of history\n`);
        process.stdout.write(`${header}\n${lines.length ? lines.join('\n') : '(no SKU x location with enough history)'}\n`);
        process.stdout.write(`skipped (under the history needed): ${r.skipped}\nassumptions: ${r.assumptions.join('; ')}\n`);
        if (calibrate) process.stdout.write(`\n${calibrationTable(r.policies)}`);
        if (id !== null) process.stdout.write(`review #${id} saved\n`);
        if (applied) {
          process.stdout.write(applied.length ? applied.map((a) => `policy ${a.policy}: version ${a.version} written (safety shift ${a.safetyShift}${a.classShifts ? `, class shifts ${Object.entries(a.classShifts).map(([k, v]) => `${k} ${shiftText(v)}`).join(', ')}` : ''}; was version ${a.fromVersion})`).join('\n') + '\n' : 'no policy version written: nothing to apply\n');
        } else if (r.policies.some((p) => p.calibration?.status === 'calibrated' || (p.calibration?.status === 'at-limit' && p.policy !== null))) {
          process.stdout.write('nothing written: --apply writes the proposed shifts as new policy versions\n');
        }
      } finally {
        await store.close();
      }
    });
}
