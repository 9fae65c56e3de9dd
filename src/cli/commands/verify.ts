import type { Command } from 'commander';
import { verifyLedger, type LedgerDifference } from '../../ledger/index.ts';
import { openMigratedStore } from '../context.ts';

const show = (v: unknown) => (v === null || v === undefined ? 'none' : String(v));

/** One line per difference: where, which field, what the ledger implies and what is stored. */
export function formatDifference(d: LedgerDifference): string {
  return `${d.table} ${d.sku} @ ${d.location}: ${d.field} expected ${show(d.expected)} (from the ledger), found ${show(d.actual)}`;
}

/** `stockloop verify`: rebuild balances and lots from the ledger and compare. */
export function register(program: Command): void {
  program
    .command('verify')
    .description(
      'Rebuild every balance and FIFO lot from the movement ledger and compare with the stored ones; ' +
        'prints each difference and exits 1 if there is any, else prints a one-line summary and exits 0',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const store = await openMigratedStore(cmd);
      try {
        const result = await verifyLedger(store);
        const { differences, checked } = result;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ok: differences.length === 0, checked, differences }, null, 2)}\n`);
        } else {
          for (const d of differences) process.stdout.write(`${formatDifference(d)}\n`);
          const scope = checked ? `${checked.movements} movements, ${checked.balances} balances, ${checked.lots} lots checked` : 'ledger checked';
          process.stdout.write(
            differences.length === 0
              ? `ledger verified: ${scope}, no differences\n`
              : `ledger verification FAILED: ${differences.length} difference${differences.length === 1 ? '' : 's'} (${scope})\n`,
          );
        }
        if (differences.length > 0) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
