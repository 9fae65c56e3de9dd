/** `stockloop receive <po>`: receive a supplier delivery against a purchase order. */
import type { Command } from 'commander';
import { formatMoney, parseMoney } from '../../shared/money.ts';
import * as purchasing from '../../purchasing/index.ts';
import { CliError } from '../context.ts';
import { actorOpt, table, withStore } from './purchase-order.ts';

const collect = (v: string, acc: string[]) => [...acc, v];

/** Parses `SKU[@LOCATION]:QTY[:DAMAGED]`. */
function parseLine(spec: string, accept: boolean, unitCost?: number): purchasing.ReceiptLineInput {
  const m = /^([^@:]+)(?:@([^:]+))?:(\d+)(?::(\d+))?$/.exec(spec);
  if (!m) throw new CliError(`--line ${JSON.stringify(spec)}: expected SKU[@LOCATION]:QTY[:DAMAGED]`, 2, 'VALIDATION_FAILED');
  return { sku: m[1], location: m[2], quantity: Number(m[3]), damaged: m[4] ? Number(m[4]) : undefined, accept: accept || undefined, unitCost };
}

/** Registers `stockloop receive`. */
export function register(program: Command): void {
  program
    .command('receive')
    .description('Receive a delivery against a purchase order (good units to stock, damaged recorded apart)')
    .argument('<po>', 'PO number')
    .requiredOption('--delivery-ref <ref>', "the supplier's delivery reference (receiving the same one twice is refused)")
    .requiredOption('--line <SKU[@LOCATION]:QTY[:DAMAGED]>', 'delivered units (repeat); LOCATION when the SKU is on the PO at several locations or not at all', collect, [])
    .option('--accept-unexpected', 'take lines the PO does not hold into stock (default: record them only)')
    .option('--unexpected-cost <amount>', "unit cost for accepted unexpected lines (default: the SKU's)")
    .option('--close', 'close the PO after this delivery, giving up what is still open')
    .option('--received-at <instant>', 'when it arrived (ISO instant; default now)')
    .option('--note <text>')
    .option('--actor <name>', 'who is recorded (default cli:<user>)')
    .option('--json', 'print JSON')
    .addHelpText('after', "\nA delivery beyond the supplier's receipt tolerance is refused as a whole (OVER_RECEIPT). See docs/purchasing.md.")
    .action(
      async (
        po: string,
        opts: { deliveryRef: string; line: string[]; acceptUnexpected?: boolean; unexpectedCost?: string; close?: boolean; receivedAt?: string; note?: string; actor?: string; json?: boolean },
        cmd: Command,
      ) => {
        const cost = opts.unexpectedCost ? parseMoney(opts.unexpectedCost, '--unexpected-cost') : undefined;
        const lines = opts.line.map((l) => parseLine(l, !!opts.acceptUnexpected, undefined));
        const r = await withStore(cmd, async (s) => {
          // Cost and accept apply to lines the PO does not hold only: find them first.
          const order = await purchasing.getPurchaseOrder(s, po);
          const onPo = new Set(order.lines.map((l) => l.sku));
          const withCost = lines.map((l) => (onPo.has(l.sku) ? { ...l, accept: undefined } : { ...l, unitCost: l.accept ? cost : undefined }));
          return purchasing.receivePurchaseOrder(s, { po, deliveryRef: opts.deliveryRef, lines: withCost, close: opts.close, receivedAt: opts.receivedAt, note: opts.note }, actorOpt(opts));
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        process.stdout.write(`receipt ${r.id}: ${r.po} delivery ${r.deliveryRef}, PO now ${r.poStatus}; lead time ${r.leadTimeDays ?? '-'} days\n`);
        process.stdout.write(
          table(
            ['sku', 'location', 'kind', 'good', 'damaged', 'posted', 'over', 'unit_cost'],
            r.lines.map((l) => [l.sku, l.location, l.kind === 'unexpected' ? (l.accepted ? 'UNEXPECTED (accepted)' : 'UNEXPECTED (not posted)') : 'matched', l.quantity, l.damagedQty, l.postedQty, l.overQty, formatMoney(l.unitCost)]),
          ),
        );
      },
    );
}
