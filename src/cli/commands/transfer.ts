/** `stockloop transfer`: move stock between locations (draft -> shipped -> received). */
import type { Command } from 'commander';
import { createTransfersFromRun } from '../../planning/index.ts';
import * as purchasing from '../../purchasing/index.ts';
import type { Transfer } from '../../purchasing/index.ts';
import { CliError } from '../context.ts';
import { actorOpt, table, utcToday, withStore } from './purchase-order.ts';

const collect = (v: string, acc: string[]) => [...acc, v];

function parseLines(specs: string[]): { sku: string; quantity: number }[] {
  return specs.map((spec) => {
    const m = /^([^:]+):(\d+)$/.exec(spec);
    if (!m) throw new CliError(`--line ${JSON.stringify(spec)}: expected SKU:QTY`, 2, 'VALIDATION_FAILED');
    return { sku: m[1], quantity: Number(m[2]) };
  });
}

function print(t: Transfer, json?: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(t, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${t.number}  ${t.fromLocation} -> ${t.toLocation}  ${t.status}  shipped ${t.shippedAt ?? '-'}  received ${t.receivedAt ?? '-'}\n`);
  process.stdout.write(table(['sku', 'planned', 'shipped', 'received', 'lost'], t.lines.map((l) => [l.sku, l.quantity, l.shippedQty, l.receivedQty, l.discrepancyQty || ''])));
}

/** Registers `stockloop transfer`. */
export function register(program: Command): void {
  const tr = program.command('transfer').description('Transfers between locations: in transit counts as inbound at the destination; shortfalls are written off as transfer_loss');

  tr.command('create')
    .description('Create a draft transfer')
    .requiredOption('--from <location>')
    .requiredOption('--to <location>')
    .requiredOption('--line <SKU:QTY>', 'a line (repeat)', collect, [])
    .option('--number <number>', 'transfer number (default TR-000123)')
    .option('--note <text>')
    .option('--ship', 'ship it at once')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (opts: { from: string; to: string; line: string[]; number?: string; note?: string; ship?: boolean; actor?: string; json?: boolean }, cmd: Command) => {
      const t = await withStore(cmd, async (s) => {
        const created = await purchasing.createTransfer(s, { number: opts.number, from: opts.from, to: opts.to, note: opts.note, lines: parseLines(opts.line) }, actorOpt(opts));
        return opts.ship ? purchasing.shipTransfer(s, created.number, actorOpt(opts)) : created;
      });
      print(t, opts.json);
    });

  tr.command('from-plan')
    .description("Create the draft transfers a plan run proposes (from its locations' excess, and to the locations replenished from another), one per origin and destination (PLAN-<run>-<FROM>-<TO>; asking again creates nothing twice)")
    .argument('<run>', 'plan run id (stockloop plan prints it)')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (run: string, opts: { actor?: string; json?: boolean }, cmd: Command) => {
      const id = Number(run);
      if (!Number.isSafeInteger(id) || id < 1) throw new CliError(`run ${JSON.stringify(run)}: expected a plan run id`, 2, 'VALIDATION_FAILED');
      const r = await withStore(cmd, (s) => createTransfersFromRun(s, id, actorOpt(opts)));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        r.transfers.length
          ? table(['number', 'from', 'to', 'lines', 'units', ''], r.transfers.map((t) => [t.number, t.from, t.to, t.lines, t.quantity, t.created ? 'created' : 'already there']))
          : `plan run ${id} proposes no transfers\n`,
      );
    });

  for (const step of ['ship', 'receive'] as const) {
    tr.command(step)
      .description(step === 'ship' ? 'Ship a draft transfer (stock leaves the origin)' : 'Receive a shipped transfer (a shortfall is recorded and written off as transfer_loss)')
      .argument('<number>')
      .option('--line <SKU:QTY>', `${step === 'ship' ? 'shipped' : 'received'} quantity of a SKU (repeat; omitted SKUs: the full quantity)`, collect, [])
      .option('--at <instant>', 'when (ISO instant; default now)')
      .option('--actor <name>', 'who is recorded (default cli:<user>)')
      .option('--json', 'print JSON')
      .action(async (number: string, opts: { line: string[]; at?: string; actor?: string; json?: boolean }, cmd: Command) => {
        const lines = opts.line.length ? parseLines(opts.line) : undefined;
        const t = await withStore(cmd, (s) =>
          step === 'ship'
            ? purchasing.shipTransfer(s, number, actorOpt(opts), { lines, shippedAt: opts.at })
            : purchasing.receiveTransfer(s, number, actorOpt(opts), { lines, receivedAt: opts.at }),
        );
        print(t, opts.json);
      });
  }

  tr.command('cancel')
    .description('Cancel a draft transfer')
    .argument('<number>')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { actor?: string; json?: boolean }, cmd: Command) => print(await withStore(cmd, (s) => purchasing.cancelTransfer(s, number, actorOpt(opts))), opts.json));

  tr.command('show')
    .description('Show one transfer')
    .argument('<number>')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { json?: boolean }, cmd: Command) => print(await withStore(cmd, (s) => purchasing.getTransfer(s, number)), opts.json));

  tr.command('list')
    .description(`List transfers (oldest first) with the drafts' age: a draft not shipped ${purchasing.DRAFT_STALE_DAYS} days after its creation is STALE (plan runs count it, so it hides its need)`)
    .option('--status <status>', 'draft, shipped, received or cancelled')
    .option('--from <location>')
    .option('--to <location>')
    .option('--newest', 'newest first')
    .option('--today <YYYY-MM-DD>', 'day the drafts\' age is counted to (default: today, UTC)')
    .option('--limit <n>', 'page size (1-1000)', (v) => Number(v), 100)
    .option('--json', 'print JSON')
    .action(async (opts: { status?: any; from?: string; to?: string; newest?: boolean; today?: string; limit: number; json?: boolean }, cmd: Command) => {
      const page = await withStore(cmd, (s) =>
        purchasing.listTransfers(s, { limit: opts.limit, order: opts.newest ? 'newest' : 'oldest', filters: { status: opts.status, from: opts.from, to: opts.to, today: opts.today ?? utcToday() } }),
      );
      if (opts.json) return void process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      process.stdout.write(
        page.items.length === 0
          ? 'no transfers\n'
          : table(['number', 'from', 'to', 'status', 'lines', 'shipped', 'received', 'lost'], page.items.map((t) => [
              t.number,
              t.fromLocation,
              t.toLocation,
              t.stale ? `${t.status} STALE (${t.draftDays} d > ${purchasing.DRAFT_STALE_DAYS})` : t.status,
              t.lines.length,
              t.lines.reduce((a, l) => a + l.shippedQty, 0),
              t.lines.reduce((a, l) => a + l.receivedQty, 0),
              t.lines.reduce((a, l) => a + l.discrepancyQty, 0),
            ])),
      );
    });
}
