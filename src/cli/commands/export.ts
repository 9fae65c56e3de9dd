import fs from 'node:fs';
import { once } from 'node:events';
import { Argument, Command, Option } from 'commander';
import { MOVEMENT_KINDS } from '../../ledger/index.ts';
import { EXPORT_KINDS, runExport, type ExportKind } from '../../io/exporter.ts';
import { PO_STATUSES, type PurchaseOrderStatus } from '../../purchasing/index.ts';
import { openMigratedStore } from '../context.ts';

/** `stockloop export <kind> [--output file]`. */
export function register(program: Command): void {
  program
    .command('export')
    .description('Export as CSV (streamed; the columns of the matching import, so the file re-imports)')
    .addArgument(new Argument('<kind>', 'what to export').choices([...EXPORT_KINDS]))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--sku <code>', 'movements, balances, valuation, launch-forecasts: only this SKU')
    .option('--location <code>', 'movements, balances, valuation, launch-forecasts: only this location')
    .addOption(new Option('--kind <kind>', 'movements: only this movement kind').choices([...MOVEMENT_KINDS]))
    .option('--from <date>', 'movements: occurred at or after (YYYY-MM-DD or ISO instant)')
    .option('--to <date>', 'movements: occurred before (exclusive)')
    .option('--all', 'balances: include all-zero rows')
    .addOption(new Option('--status <status>', 'purchase-orders: only POs in this status').choices([...PO_STATUSES]))
    .option('--supplier <code>', 'purchase-orders: only this supplier\'s POs')
    .option('--po <number>', 'purchase-orders: only this PO (e.g. to send it to its supplier)')
    .addHelpText(
      'after',
      [
        '',
        'Re-importing: products, locations, suppliers, movements and launch-forecasts import back with `stockloop import <same kind>`',
        '(movements keep their idempotency keys, so re-importing into the same database adds nothing);',
        'valuation (FIFO lots on hand: quantity, unit_cost, received_at) imports as `opening-stock`;',
        'purchase-orders writes the columns of `stockloop po import` (drafts; placed POs with placed_day; deliveries with',
        'received_day, one row per line and day, and a partly received line\'s open rest without; cancelled POs left out),',
        'so `stockloop po import` re-creates the POs, their receipts and lead times in another database;',
        'balances is a report (on hand, reserved, available, inbound per SKU x location).',
      ].join('\n'),
    )
    .action(async (kind: ExportKind, opts: { output?: string; sku?: string; location?: string; kind?: (typeof MOVEMENT_KINDS)[number]; from?: string; to?: string; all?: boolean; status?: PurchaseOrderStatus; supplier?: string; po?: string }, cmd: Command) => {
      const store = await openMigratedStore(cmd);
      const out = opts.output ? fs.createWriteStream(opts.output) : process.stdout;
      // `stockloop export movements | head`: the reader went away; that is not an error.
      if (!opts.output) process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : undefined));
      try {
        const r = await runExport(store, kind, out, { sku: opts.sku, location: opts.location, kind: opts.kind, from: opts.from, to: opts.to, onlyNonZero: !opts.all, status: opts.status, supplier: opts.supplier, po: opts.po });
        if (opts.output) {
          out.end();
          await once(out, 'finish');
          process.stderr.write(`exported ${r.rows.toLocaleString('en-US')} ${kind} rows to ${opts.output}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
