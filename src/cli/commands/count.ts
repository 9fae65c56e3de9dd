/**
 * `stockloop count`: cycle counts. start (snapshot) -> sheet (blind) -> enter -> show -> approve
 * (second person) -> post; plus the ABC count plan (due, classify, frequencies) and inventory
 * record accuracy.
 */
import type { Command } from 'commander';
import { formatMoney, formatMoneyOrNull, parseMoney } from '../../shared/money.ts';
import * as counting from '../../counting/index.ts';
import type { CountSession } from '../../counting/index.ts';
import { CliError } from '../context.ts';
import { actorOpt, table, utcToday, withStore } from './purchase-order.ts';

const collect = (v: string, acc: string[]) => [...acc, v];
const json = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);

function printSheet(v: counting.CounterView | CountSession): void {
  process.stdout.write(`count ${v.number} at ${v.location}: ${v.status}\n`);
  process.stdout.write(table(['sku', 'status', 'counted', 'counted_at'], v.lines.map((l) => [l.sku, l.status, l.countedQty, l.countedAt])));
}

function printFull(s: CountSession): void {
  const m = s.summary;
  process.stdout.write(
    `count ${s.number} at ${s.location}: ${s.status}; snapshot ${s.snapshotAt}; ${m.counted}/${m.lines} counted, ${m.withinTolerance} within tolerance, ` +
      `${m.needsApproval} need approval (${m.approved} approved); variance ${m.varianceQty} units, ${formatMoney(m.varianceValue)}\n`,
  );
  process.stdout.write(
    table(
      ['sku', 'status', 'snapshot', 'net_moves', 'expected', 'counted', 'variance', 'value', 'ok', 'approval'],
      s.lines.map((l) => [
        l.sku,
        l.status,
        l.snapshotQty,
        l.netMovements,
        l.expectedQty,
        l.countedQty,
        l.varianceQty,
        formatMoneyOrNull(l.varianceValue),
        l.withinTolerance === null ? null : l.withinTolerance ? 'yes' : 'NO',
        l.needsApproval ? (l.approvedBy ? `approved by ${l.approvedBy}` : 'NEEDED') : '',
      ]),
    ),
  );
}

/** Registers `stockloop count`. */
export function register(program: Command): void {
  const count = program.command('count').description('Cycle counts: blind counting, variances, approval, posting; ABC count plan; record accuracy');

  count
    .command('start')
    .description('Start a count session at a location (snapshots on hand); prints the count sheet')
    .requiredOption('--location <code>')
    .option('--sku <code>', 'a SKU to count (repeat)', collect, [])
    .option('--due', 'count the SKUs due by the ABC count plan')
    .option('--today <YYYY-MM-DD>', 'day for --due (default: today, UTC)')
    .option('--number <number>', 'count number (default CC-000123)')
    .option('--no-blind', 'show expected quantities to counters')
    .option('--tolerance-units <n>', 'IRA tolerance in units', (v) => Number(v))
    .option('--tolerance-pct <pct>', 'IRA tolerance in % of expected', (v) => Number(v))
    .option('--approval-units <n>', 'variances above this many units need a second person', (v) => Number(v))
    .option('--approval-value <amount>', 'variances worth more than this need a second person (currency units)')
    .option('--note <text>')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (opts: { location: string; sku: string[]; due?: boolean; today?: string; number?: string; blind: boolean; toleranceUnits?: number; tolerancePct?: number; approvalUnits?: number; approvalValue?: string; note?: string; actor?: string; json?: boolean }, cmd: Command) => {
      if (!opts.due && opts.sku.length === 0) throw new CliError('give --sku (repeat) or --due', 2, 'VALIDATION_FAILED');
      const s = await withStore(cmd, (st) =>
        counting.startCount(
          st,
          {
            location: opts.location,
            skus: opts.sku.length ? opts.sku : undefined,
            due: opts.due,
            today: opts.due ? (opts.today ?? utcToday()) : undefined,
            number: opts.number,
            blind: opts.blind,
            toleranceUnits: opts.toleranceUnits,
            tolerancePct: opts.tolerancePct,
            approvalUnits: opts.approvalUnits,
            approvalValue: opts.approvalValue ? parseMoney(opts.approvalValue, '--approval-value') : undefined,
            note: opts.note,
          },
          actorOpt(opts),
        ),
      );
      if (opts.json) json(await withStore(cmd, (st) => counting.getCounterView(st, s.number)));
      else printSheet(s);
    });

  count
    .command('sheet')
    .description("The counter's sheet: what to count (never the expected quantity)")
    .argument('<number>')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { json?: boolean }, cmd: Command) => {
      const s = await withStore(cmd, (st) => counting.getCount(st, number));
      const sheet = { number: s.number, location: s.location, status: s.status, lines: s.lines.map((l) => ({ sku: l.sku, status: l.status, countedQty: l.countedQty, countedAt: l.countedAt })) };
      if (opts.json) json(sheet);
      else printSheet(sheet);
    });

  count
    .command('enter')
    .description('Record physical counts (counting a SKU again replaces its count)')
    .argument('<number>')
    .requiredOption('--line <SKU:QTY>', 'counted quantity (repeat)', collect, [])
    .option('--counted-at <instant>', 'when the shelf was counted (ISO instant; default now)')
    .option('--actor <name>', 'who counted (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { line: string[]; countedAt?: string; actor?: string; json?: boolean }, cmd: Command) => {
      const entries = opts.line.map((spec) => {
        const m = /^([^:]+):(\d+)$/.exec(spec);
        if (!m) throw new CliError(`--line ${JSON.stringify(spec)}: expected SKU:QTY`, 2, 'VALIDATION_FAILED');
        return { sku: m[1], countedQty: Number(m[2]), countedAt: opts.countedAt };
      });
      const v = await withStore(cmd, (st) => counting.recordCounts(st, number, entries, actorOpt(opts)));
      if (opts.json) json(v);
      else printSheet(v);
    });

  count
    .command('show')
    .description('Supervisor view: expected quantities, variances in units and value, approvals')
    .argument('<number>')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { json?: boolean }, cmd: Command) => {
      const s = await withStore(cmd, (st) => counting.getCount(st, number));
      if (opts.json) json(s);
      else printFull(s);
    });

  count
    .command('approve')
    .description('Approve variances above the threshold, as a second person (not the counter)')
    .argument('<number>')
    .option('--sku <code>', 'only this SKU (repeat; default: every line needing approval)', collect, [])
    .option('--actor <name>', 'who approves (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { sku: string[]; actor?: string; json?: boolean }, cmd: Command) => {
      const s = await withStore(cmd, (st) => counting.approveCount(st, number, actorOpt(opts), { skus: opts.sku.length ? opts.sku : undefined }));
      if (opts.json) json(s);
      else printFull(s);
    });

  count
    .command('post')
    .description('Post the count: variances become count_correction movements')
    .argument('<number>')
    .option('--reason <text>', "reason on the movements (default 'cycle_count')")
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { reason?: string; actor?: string; json?: boolean }, cmd: Command) => {
      const s = await withStore(cmd, (st) => counting.postCount(st, number, actorOpt(opts), { reason: opts.reason }));
      if (opts.json) json(s);
      else printFull(s);
    });

  count
    .command('cancel')
    .description('Cancel an open count (nothing is posted)')
    .argument('<number>')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .action(async (number: string, opts: { actor?: string }, cmd: Command) => {
      const s = await withStore(cmd, (st) => counting.cancelCount(st, number, actorOpt(opts)));
      process.stdout.write(`count ${s.number}: ${s.status}\n`);
    });

  count
    .command('list')
    .description('List count sessions')
    .option('--location <code>')
    .option('--status <status>', 'open, posted or cancelled')
    .option('--limit <n>', 'page size (1-1000)', (v) => Number(v), 100)
    .option('--json', 'print JSON')
    .action(async (opts: { location?: string; status?: any; limit: number; json?: boolean }, cmd: Command) => {
      const page = await withStore(cmd, (st) => counting.listCounts(st, { limit: opts.limit, filters: { location: opts.location, status: opts.status } }));
      if (opts.json) return json(page);
      process.stdout.write(
        page.items.length === 0
          ? 'no counts\n'
          : table(
              ['number', 'location', 'status', 'snapshot', 'lines', 'counted', 'within_tol', 'variance', 'value'],
              page.items.map((s) => [s.number, s.location, s.status, s.snapshotAt, s.summary.lines, s.summary.counted, s.summary.withinTolerance, s.summary.varianceQty, formatMoney(s.summary.varianceValue)]),
            ),
      );
    });

  count
    .command('due')
    .description('SKUs due for a count at a location by ABC class frequency')
    .requiredOption('--location <code>')
    .option('--today <YYYY-MM-DD>', 'default: today, UTC')
    .option('--json', 'print JSON')
    .action(async (opts: { location: string; today?: string; json?: boolean }, cmd: Command) => {
      const due = await withStore(cmd, (st) => counting.dueForCount(st, { location: opts.location, today: opts.today ?? utcToday() }));
      if (opts.json) return json(due);
      process.stdout.write(due.length === 0 ? 'nothing due\n' : table(['sku', 'class', 'every_days', 'last_counted'], due.map((d) => [d.sku, d.abcClass, d.intervalDays, d.lastCountedDay])));
    });

  count
    .command('classify')
    .description('Recompute ABC classes from demand history x unit cost (drives the count plan)')
    .option('--today <YYYY-MM-DD>', 'end of the history window (default: today, UTC)')
    .option('--days <n>', 'history window in days (default 365)', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(async (opts: { today?: string; days?: number; json?: boolean }, cmd: Command) => {
      const r = await withStore(cmd, (st) => counting.computeAbcClasses(st, { today: opts.today ?? utcToday(), days: opts.days }));
      if (opts.json) return json(r);
      const n = (c: string) => r.filter((x) => x.abcClass === c).length;
      process.stdout.write(`classified ${r.length} SKUs with demand: A ${n('A')}, B ${n('B')}, C ${n('C')} (SKUs without demand count as C)\n`);
    });

  count
    .command('frequencies')
    .description('Show or set how often each ABC class is counted (days)')
    .option('--set <CLASS=DAYS>', 'e.g. --set A=30 (repeat)', collect, [])
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .action(async (opts: { set: string[]; actor?: string }, cmd: Command) => {
      const f = await withStore(cmd, (st) => {
        if (opts.set.length === 0) return counting.getCountFrequencies(st);
        const entries = opts.set.map((x) => {
          const m = /^([A-Z])=(\d+)$/.exec(x);
          if (!m) throw new CliError(`--set ${JSON.stringify(x)}: expected CLASS=DAYS, e.g. A=30`, 2, 'VALIDATION_FAILED');
          return [m[1], Number(m[2])] as const;
        });
        return counting.setCountFrequencies(st, Object.fromEntries(entries), actorOpt(opts));
      });
      process.stdout.write(table(['class', 'every_days'], Object.entries(f)));
    });

  count
    .command('accuracy')
    .description('Inventory record accuracy: share of counted lines within tolerance, per location (and month)')
    .option('--location <code>')
    .option('--from <YYYY-MM-DD>')
    .option('--to <YYYY-MM-DD>')
    .option('--by-month', 'one row per month')
    .option('--json', 'print JSON')
    .action(async (opts: { location?: string; from?: string; to?: string; byMonth?: boolean; json?: boolean }, cmd: Command) => {
      const rows = await withStore(cmd, (st) => counting.inventoryRecordAccuracy(st, opts));
      if (opts.json) return json(rows);
      process.stdout.write(
        rows.length === 0
          ? 'no posted counts\n'
          : table(['location', 'period', 'counted', 'within_tol', 'ira'], rows.map((r) => [r.location, r.period ?? 'all', r.counted, r.withinTolerance, r.ira === null ? null : `${(r.ira * 100).toFixed(1)}%`])),
      );
    });
}
