/**
 * `stockloop purchase-order` (alias `po`): list, show, create, import (CSV), place, cancel, close
 * purchase orders, and a supplier's lead-time statistics. Receiving is `stockloop receive`.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { formatMoney, parseMoney } from '../../shared/money.ts';
import { createPurchaseOrdersFromRun } from '../../planning/index.ts';
import * as purchasing from '../../purchasing/index.ts';
import type { PurchaseOrder } from '../../purchasing/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { CliError, openMigratedStore } from '../context.ts';

/** A plain-text table: header row, then rows; columns padded to their widest cell. */
export function table(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  return [header, ...cells].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

/** The actor recorded for CLI actions: --actor, else cli:<os user>. */
export const actorOpt = (opts: { actor?: string }) => ({ actor: opts.actor ?? `cli:${os.userInfo().username}` });

/** Today's UTC business day (the CLI is a shell: it may read the clock). */
export const utcToday = () => new Date().toISOString().slice(0, 10);

/** Runs `fn` on the migrated store and closes it. */
export async function withStore<T>(cmd: Command, fn: (store: Awaited<ReturnType<typeof openMigratedStore>>) => Promise<T>): Promise<T> {
  const store = await openMigratedStore(cmd);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const collect = (v: string, acc: string[]) => [...acc, v];

/** Parses `SKU:LOCATION:QTY[:UNIT_COST[:EXPECTED_DATE]]`. */
function parseLine(spec: string, i: number): purchasing.PurchaseOrderLineInput {
  const [sku, location, qty, cost, expected] = spec.split(':');
  if (!sku || !location || !qty || !/^\d+$/.test(qty)) throw new CliError(`--line ${JSON.stringify(spec)}: expected SKU:LOCATION:QTY[:UNIT_COST[:YYYY-MM-DD]]`, 2, 'VALIDATION_FAILED');
  return { sku, location, quantity: Number(qty), unitCost: cost ? parseMoney(cost, `--line ${i + 1} unit cost`) : undefined, expectedDate: expected || null };
}

function printPo(p: PurchaseOrder): void {
  process.stdout.write(
    `${p.number}  supplier ${p.supplier}  ${p.status}${p.late ? '  LATE' : ''}${p.stale ? (p.draftDays !== null ? `  STALE (draft for ${p.draftDays} days, not placed; stale after ${p.staleAfterDays}: plan runs count it as inbound, so place it or cancel it)` : `  STALE (open ${p.openDays} days; stale after ${p.staleAfterDays}: close it or chase the supplier)`) : ''}  source ${p.source}\n` +
      `  placed ${p.placedAt ?? '-'}  total ${p.totalQuantity} units, ${formatMoney(p.totalValue)}; open ${p.openQuantity}${p.endReason ? `; ${p.endReason}` : ''}\n`,
  );
  process.stdout.write(
    table(
      ['line', 'sku', 'location', 'ordered', 'unit_cost', 'expected', 'received', 'damaged', 'open', 'late', 'suggested', 'override'],
      p.lines.map((l) => [
        l.lineNo,
        l.sku,
        l.location,
        l.quantity,
        formatMoney(l.unitCost),
        l.expectedDate,
        l.receivedQty,
        l.damagedQty,
        l.openQty,
        l.late ? 'yes' : '',
        l.suggestedQty,
        l.overrideReason ? `${l.overrideReason} (${l.overrideBy})` : null,
      ]),
    ),
  );
}

const out = (json: boolean | undefined, value: unknown, human: () => void) => (json ? process.stdout.write(`${JSON.stringify(value, null, 2)}\n`) : human());

/** Registers `stockloop purchase-order`. */
export function register(program: Command): void {
  const po = program.command('purchase-order').alias('po').description('Purchase orders: create, import, place, cancel, close, list; supplier lead times');

  po.command('list')
    .description('List purchase orders (oldest first) with late and stale flags')
    .option('--status <status>', `one of ${purchasing.PO_STATUSES.join(', ')}`)
    .option('--supplier <code>')
    .option('--sku <code>', 'POs holding this SKU')
    .option('--late', 'only open POs with a line past its expected date')
    .option('--stale', "only open POs older than twice their supplier's longest lead time (or default): records to close or suppliers to chase; and drafts not placed 7 days after their creation, which plan runs count as inbound")
    .option('--placed-from <YYYY-MM-DD>', 'only POs placed on or after this day')
    .option('--placed-to <YYYY-MM-DD>', 'only POs placed on or before this day')
    .option('--today <YYYY-MM-DD>', 'day the late and stale flags are computed against (default: today, UTC)')
    .option('--limit <n>', 'page size (1-1000)', (v) => Number(v), 100)
    .option('--json', 'print JSON')
    .action(async (opts: { status?: any; supplier?: string; sku?: string; late?: boolean; stale?: boolean; placedFrom?: string; placedTo?: string; today?: string; limit: number; json?: boolean }, cmd: Command) => {
      const page = await withStore(cmd, (s) =>
        purchasing.listPurchaseOrders(s, {
          limit: opts.limit,
          filters: { status: opts.status, supplier: opts.supplier, sku: opts.sku, late: opts.late ? true : undefined, stale: opts.stale ? true : undefined, placedFrom: opts.placedFrom, placedTo: opts.placedTo, today: opts.today ?? utcToday() },
        }),
      );
      out(opts.json, page, () =>
        process.stdout.write(
          page.items.length === 0
            ? 'no purchase orders\n'
            : table(
                ['number', 'supplier', 'status', 'late', 'stale', 'lines', 'quantity', 'open', 'value', 'placed'],
                page.items.map((p) => [p.number, p.supplier, p.status, p.late ? 'LATE' : '', p.stale ? `STALE (${p.draftDays !== null ? 'draft ' : ''}${p.openDays ?? p.draftDays} d > ${p.staleAfterDays})` : '', p.lines.length, p.totalQuantity, p.openQuantity, formatMoney(p.totalValue), p.placedAt]),
              ),
        ),
      );
    });

  po.command('show')
    .description('Show one purchase order with its lines')
    .argument('<number>')
    .option('--today <YYYY-MM-DD>', 'day the late and stale flags are computed against (default: today, UTC)')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { today?: string; json?: boolean }, cmd: Command) => {
      const p = await withStore(cmd, (s) => purchasing.getPurchaseOrder(s, number, { today: opts.today ?? utcToday() }));
      out(opts.json, p, () => printPo(p));
    });

  po.command('create')
    .description('Create a purchase order by hand (a draft unless --place)')
    .requiredOption('--supplier <code>')
    .requiredOption('--line <SKU:LOCATION:QTY[:UNIT_COST[:YYYY-MM-DD]]>', 'a line (repeat); unit cost in currency units, default the SKU cost', collect, [])
    .option('--number <number>', 'PO number (default PO-000123)')
    .option('--note <text>')
    .option('--place', 'place it at once (its quantities become inbound)')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (opts: { supplier: string; line: string[]; number?: string; note?: string; place?: boolean; actor?: string; json?: boolean }, cmd: Command) => {
      const lines = opts.line.map(parseLine);
      const p = await withStore(cmd, async (s) => {
        const created = await purchasing.createPurchaseOrder(s, { number: opts.number, supplier: opts.supplier, note: opts.note, lines }, actorOpt(opts));
        return opts.place ? purchasing.placePurchaseOrder(s, created.number, actorOpt(opts)) : created;
      });
      out(opts.json, p, () => printPo(p));
    });

  po.command('from-plan')
    .description("Create draft purchase orders from a plan run's suggestions, one per supplier (final quantities, overrides included; lines already on a PO, without a supplier or at 0 skipped), as the web page's Create draft POs")
    .argument('<run>', 'plan run id (stockloop plan prints it)')
    .option('--supplier <code>', 'only this supplier (repeat)', collect, [])
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (run: string, opts: { supplier: string[]; actor?: string; json?: boolean }, cmd: Command) => {
      const id = Number(run);
      if (!Number.isSafeInteger(id) || id < 1) throw new CliError(`run ${JSON.stringify(run)}: expected a plan run id`, 2, 'VALIDATION_FAILED');
      const r = await withStore(cmd, (s) => createPurchaseOrdersFromRun(s, id, opts.supplier.length ? { suppliers: opts.supplier } : {}, actorOpt(opts)));
      out(opts.json, r, () => {
        const lines = r.purchaseOrders.map((p) =>
          [p.number, p.supplier, p.lines, p.totalQuantity, formatMoney(p.totalValue), p.belowMinimumOrderValue ? 'below minimum order value' : '', p.skusBelowMoq.length ? `${p.skusBelowMoq.length} SKUs below MOQ ${p.moq}` : ''],
        );
        process.stdout.write(`${r.purchaseOrders.length ? table(['number', 'supplier', 'lines', 'quantity', 'value', '', ''], lines) : 'no purchase orders to create\n'}skipped: ${r.skipped.noSupplier} without supplier, ${r.skipped.alreadyOrdered} already on a PO\n`);
      });
    });

  po.command('edit')
    .description('Edit a draft purchase order: its note and/or all its lines (--line replaces every line)')
    .argument('<number>')
    .option('--line <SKU:LOCATION:QTY[:UNIT_COST[:YYYY-MM-DD]]>', 'a line of the new set (repeat)', collect, [])
    .option('--reason <text>', 'why quantities differ from a plan\'s suggestions (applies to every changed line)')
    .option('--note <text>')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .action(async (number: string, opts: { line: string[]; reason?: string; note?: string; actor?: string; json?: boolean }, cmd: Command) => {
      if (opts.line.length === 0 && opts.note === undefined) throw new CliError('give --line (repeat) and/or --note', 2, 'VALIDATION_FAILED');
      const lines = opts.line.length ? opts.line.map((l, i) => ({ ...parseLine(l, i), reason: opts.reason })) : undefined;
      const p = await withStore(cmd, (s) => purchasing.updatePurchaseOrder(s, number, { note: opts.note, lines }, actorOpt(opts)));
      out(opts.json, p, () => printPo(p));
    });

  po.command('import')
    .description('Import purchase orders from CSV, all or nothing')
    .argument('<file>', 'CSV with header po_number,supplier,sku,location,quantity,unit_cost,expected_date[,placed_day,received_day]')
    .option('--place', 'place the imported POs (default: drafts)')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nOne row per PO line; rows sharing po_number form one PO (one supplier). unit_cost in currency units\n' +
        '(empty = the SKU cost), expected_date YYYY-MM-DD or empty. A bad file changes nothing: every bad row\n' +
        'is listed as FILE:LINE: column NAME: reason, and the exit code is 2. See docs/purchasing.md.\n' +
        'PO history: placed_day = the day the PO was placed (without received_day: placed as of that day, in\n' +
        'transit, its lines inbound); received_day = the day the row was delivered (recorded with its receipts\n' +
        'and lead times, nothing posted to stock, which the opening stock already holds). One row per delivery\n' +
        'day; a partly delivered PO adds rows without received_day for what is still in transit (inbound).\n' +
        'The plan learns lead times from it at once. `stockloop export purchase-orders` writes this format.',
    )
    .action(async (file: string, opts: { place?: boolean; actor?: string; json?: boolean }, cmd: Command) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`no such file: ${file}`, 2, 'FILE_NOT_FOUND');
      const text = fs.readFileSync(file, 'utf8');
      let created: PurchaseOrder[];
      try {
        created = await withStore(cmd, (s) => purchasing.importPurchaseOrdersCsv(s, text, actorOpt(opts), { place: opts.place }));
      } catch (e) {
        const errors = isAppError(e) ? (e.details?.errors as purchasing.CsvRowError[] | undefined) : undefined;
        if (!errors) throw e;
        for (const r of errors) process.stderr.write(`${file}:${r.line}: ${r.column ? `column ${r.column}: ` : ''}${r.reason}\n`);
        throw new CliError(`${new Set(errors.map((r) => r.line)).size} bad line(s) in ${file}: nothing was imported`, 2, 'IMPORT_REJECTED');
      }
      out(opts.json, created, () => process.stdout.write(`imported ${created.length} purchase order(s) from ${file}: ${created.map((p) => `${p.number} (${p.lines.length} lines, ${p.status})`).join(', ')}\n`));
    });

  for (const [name, what] of [
    ['place', 'Place a draft PO: its quantities become inbound'],
    ['cancel', 'Cancel a draft or placed PO (nothing received yet)'],
    ['close', 'Close a placed or partially received PO, giving up what is still open'],
  ] as const) {
    const c = po.command(name).description(what).argument('<number>').option('--actor <name>', 'who is recorded (default cli:<user>)').option('--json', 'print JSON');
    if (name === 'place') c.option('--placed-at <instant>', 'when it was placed (ISO instant; default now): the lead time starts here');
    else c.option('--reason <text>', 'why');
    c.action(async (number: string, opts: { actor?: string; json?: boolean; placedAt?: string; reason?: string }, cmd: Command) => {
      const p = await withStore(cmd, (s) =>
        name === 'place'
          ? purchasing.placePurchaseOrder(s, number, actorOpt(opts), { placedAt: opts.placedAt })
          : name === 'cancel'
            ? purchasing.cancelPurchaseOrder(s, number, actorOpt(opts), { reason: opts.reason })
            : purchasing.closePurchaseOrder(s, number, actorOpt(opts), { reason: opts.reason }),
      );
      out(opts.json, p, () => printPo(p));
    });
  }

  po.command('lead-time')
    .description("A supplier's observed lead times (placed -> received): mean, sd, n overall and per SKU, its open POs counted as lasting at least their age (the plan's estimate), and how often its POs overtook each other (order crossover)")
    .argument('<supplier>')
    .option('--sku <code>', 'only this SKU in the per-SKU table')
    .option('--from <YYYY-MM-DD>')
    .option('--to <YYYY-MM-DD>', 'last receipt day, and the day open POs are aged to (default today)')
    .option('--json', 'print JSON')
    .action(async (supplier: string, opts: { sku?: string; from?: string; to?: string; json?: boolean }, cmd: Command) => {
      const st = await withStore(cmd, (s) => purchasing.leadTimeStats(s, supplier, opts));
      const f = (v: number | null) => (v === null ? null : v.toFixed(2));
      out(opts.json, st, () =>
        process.stdout.write(
          `supplier ${st.supplier}: configured lead time ${st.defaultLeadTimeDays} days\n` +
            table(
              ['scope', 'n', 'mean_days', 'sd_days', 'min', 'max', 'last_received'],
              [
                ['all receipts', st.overall.n, f(st.overall.meanDays), f(st.overall.sdDays), st.overall.minDays, st.overall.maxDays, st.overall.lastReceivedDay],
                ...st.bySku.map((x) => [x.sku, x.n, f(x.meanDays), f(x.sdDays), x.minDays, x.maxDays, x.lastReceivedDay]),
              ],
            ) +
            openOrdersLine(st.openOrders) +
            `order crossover: the later PO arrived first in ${st.crossing.crossed} of ${st.crossing.overlapping} pairs of POs in transit together; independent lead times would give ${st.crossing.expected.toFixed(1)}: ` +
            (st.crossing.independence === null
              ? 'too little evidence (fewer than 5 expected), the plan assumes POs arrive in sequence\n'
              : `independence ${st.crossing.independence.toFixed(2)} (the plan's lead-time term shrinks with it)\n`),
        ),
      );
    });

  po.command('commitments')
    .description('The money on order by week: open POs and drafts by week of expected arrival, or by week of payment under the suppliers\' payment terms (deposit on placing, the rest net days after delivery, with the received units not due yet)')
    .option('--basis <arrival|payment>', 'bucket by expected arrival (default) or by when the money is paid', 'arrival')
    .option('--weeks <n>', 'weeks shown (1-104, default 13)', (v) => Number(v))
    .option('--today <YYYY-MM-DD>', 'the day counted from (default today, UTC)')
    .option('--json', 'print JSON')
    .action(async (opts: { basis: string; weeks?: number; today?: string; json?: boolean }, cmd: Command) => {
      const c = await withStore(cmd, (s) => purchasing.commitments(s, { basis: opts.basis as purchasing.CommitmentBasis, weeks: opts.weeks, today: opts.today ?? utcToday() }));
      const m = (b: purchasing.CommitmentBucket) => (b.value ? formatMoney(b.value) : '-');
      const row = (label: string, k: Record<purchasing.CommitmentKind, purchasing.CommitmentBucket>) => [label, m(k.open), m(k.draft), ...(c.basis === 'payment' ? [m(k.payable)] : []), formatMoney(k.open.value + k.draft.value + k.payable.value), k.open.units + k.draft.units + k.payable.units];
      out(opts.json, c, () =>
        process.stdout.write(
          `money on order by week of ${c.basis} from ${c.today}` +
            (c.basis === 'payment' ? ' (deposits on placing, the rest net days after delivery; received units until due)\n' : ` (overdue: ${formatMoney(c.overdue.value)} on ${c.overdue.pos} PO(s) past their expected day)\n`) +
            table(
              ['week', 'open POs', 'drafts', ...(c.basis === 'payment' ? ['received'] : []), 'total', 'units'],
              [...c.weeks.map((w) => row(w.weekStart, w)), row('later', c.later), row('all', c.total)],
            ),
        ),
      );
    });
}

/** The open-orders line of `po lead-time`. */
function openOrdersLine(o: purchasing.LeadTimeStats['openOrders']): string {
  const stale = o.stale > 0 ? `; ${o.stale} open longer than ${o.staleAfterDays} days left out as stale (close or cancel them)` : '';
  if (o.count === 0) return `open POs: none with nothing received${stale}\n`;
  if (o.meanDays === null || o.sdDays === null) return `open POs: ${o.count} (oldest ${o.oldestDays} days), too few receipts to fit${stale}\n`;
  return `open POs: ${o.count} with nothing received yet (oldest ${o.oldestDays} days), each lasting at least its age: with them the lead time is ${o.meanDays.toFixed(2)} ± ${o.sdDays.toFixed(2)} days (what the plan uses)${stale}\n`;
}
