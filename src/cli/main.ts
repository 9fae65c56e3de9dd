/**
 * The `stockloop` command. Each sub-command lives in ./commands/<name>.ts and exports
 * `register(program)`; this file only assembles them.
 */
import { Command } from 'commander';
import { register as registerServe } from './commands/serve.ts';
import { register as registerToken } from './commands/token.ts';
import { register as registerInit } from './commands/init.ts';
import { register as registerVerify } from './commands/verify.ts';
import { register as registerImport } from './commands/import.ts';
import { register as registerExport } from './commands/export.ts';
import { register as registerSimulate } from './commands/simulate.ts';
import { register as registerPurchaseOrder } from './commands/purchase-order.ts';
import { register as registerReceive } from './commands/receive.ts';
import { register as registerTransfer } from './commands/transfer.ts';
import { register as registerCount } from './commands/count.ts';
import { register as registerForecast } from './commands/forecast.ts';
import { register as registerPlan } from './commands/plan.ts';
import { register as registerBacktest } from './commands/backtest.ts';
import { register as registerLaunch } from './commands/launch.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('stockloop')
    .description('Open-source stock management: ledger, forecasting, replenishment, purchasing and counting.')
    .version('0.1.0')
    .showHelpAfterError()
    .option('--database <url>', 'SQLite file path or postgres:// URL (default: $DATABASE_URL or ./data/stockloop.db)');
  registerServe(program);
  registerToken(program);
  registerInit(program);
  registerVerify(program);
  registerImport(program);
  registerExport(program);
  registerSimulate(program);
  registerPurchaseOrder(program);
  registerReceive(program);
  registerTransfer(program);
  registerCount(program);
  registerForecast(program);
  registerPlan(program);
  registerBacktest(program);
  registerLaunch(program);
  return program;
}

const isMain = process.argv[1] && /[\\/](main\.ts|stockloop(\.js)?)$/.test(process.argv[1]);
if (isMain) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      const err = e as { code?: string; message?: string; exitCode?: number };
      process.stderr.write(`stockloop: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}\n`);
      process.exit(typeof err.exitCode === 'number' ? err.exitCode : 1);
    });
}
