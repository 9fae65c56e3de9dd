import type { Command } from 'commander';
import { formatMoney, parseMoney } from '../../shared/money.ts';
import { budgetMessage, excessMessage, listRecommendations, replenishmentMessage, runPlan, type PlanParameters, type PlanProgress } from '../../planning/index.ts';
import { CliError, intOpt, openMigratedStore } from '../context.ts';

/** `stockloop plan`: computes and stores replenishment suggestions for every SKU x location. */
export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'Run a replenishment plan: forecast every SKU x location from its daily demand history (stockout days censored), ' +
        'apply its policy (segment ABC/XYZ or per-SKU), compute reorder point, order-up-to level and the suggested quantity, ' +
        'and store the suggestions with their explanations as a plan run (see docs/planning.md). Prints progress and a summary; ' +
        'exits 1 if the run failed, 3 if another run is in progress',
    )
    .option('--as-of <day>', 'planning day YYYY-MM-DD (default: today, UTC); history is read up to the day before')
    .option('--location <code>', 'plan only this location')
    .option('--history-days <n>', 'days of demand history the forecast reads (28-1095, default 365)', intOpt('history-days'))
    .option('--model <name>', 'forecast model: auto (default), ets, ses, holt, theta, combo, sba, tsb, croston, mean, ma, naive, snaive')
    .option('--season <n>', 'seasonal period of the daily series (default 7, 1 = none)', intOpt('season'))
    .option('--threads <n>', 'worker threads (default: available cores, at most 8; 0 = no workers)', intOpt('threads'))
    .option('--budget <amount>', "money the run's new order lines may cost together, in currency units (e.g. 25000): lines are funded by their expected sales per money spent, the rest cut (see docs/planning.md, Budget)")
    .option('--budget-objective <name>', 'what a unit sold is worth when the budget or an exposure cap cuts: margin (default), revenue or units')
    .option('--excess-days <n>', 'days of forecast demand a location keeps (plus safety stock, at least its order-up-to level); stock beyond is excess, moved to the same SKU\'s orders within a transfer region (30-1095, default 180)', intOpt('excess-days'))
    .option('--top <n>', 'print the n most urgent lines to order (0 = none)', intOpt('top'), 10)
    .option('--json', 'print the finished run as JSON instead of the summary')
    .option('--quiet', 'no progress lines')
    .action(async (opts: { asOf?: string; location?: string; historyDays?: number; model?: string; season?: number; threads?: number; budget?: string; budgetObjective?: string; excessDays?: number; top: number; json?: boolean; quiet?: boolean }, cmd: Command) => {
      const params: PlanParameters = {};
      if (opts.asOf !== undefined) params.asOf = opts.asOf;
      if (opts.location !== undefined) params.location = opts.location;
      if (opts.historyDays !== undefined) params.historyDays = opts.historyDays;
      if (opts.model !== undefined) params.forecastModel = opts.model;
      if (opts.season !== undefined) params.season = opts.season;
      if (opts.threads !== undefined) params.threads = opts.threads;
      if (opts.budget !== undefined) {
        try {
          params.budget = parseMoney(opts.budget, 'budget');
        } catch (e) {
          throw new CliError(`--budget: ${(e as Error).message}`, 2);
        }
      }
      if (opts.excessDays !== undefined) params.excessDays = opts.excessDays;
      if (opts.budgetObjective !== undefined) params.budgetObjective = opts.budgetObjective as PlanParameters['budgetObjective'];
      const store = await openMigratedStore(cmd);
      const started = performance.now();
      const onProgress = (p: PlanProgress) => {
        if (opts.quiet || opts.json) return;
        const t = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
        process.stderr.write(`[${t}s] ${p.phase}: ${p.message}\n`);
      };
      try {
        let run;
        try {
          run = await runPlan(store, params, { actor: process.env.USER ? `cli:${process.env.USER}` : 'cli', trigger: 'cli', onProgress });
        } catch (e) {
          const err = e as { code?: string; message?: string };
          if (err.code === 'PLAN_RUN_IN_PROGRESS') throw new CliError(err.message ?? 'a plan run is in progress', 3, err.code);
          throw e;
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
        } else {
          const ph = run.phases;
          const lines = [
            `plan run ${run.id} ${run.status} (as of ${run.asOf})`,
            `  SKU x location pairs planned: ${run.plannedCount}${run.inputs ? ` (${run.inputs.skus} SKUs)` : ''}`,
            `  to order:                     ${run.toOrderCount} lines, value ${formatMoney(run.totalValue)}`,
            run.inputs?.excess?.lines ? `  excess:                       ${excessMessage(run.inputs.excess, run.inputs.transfers ?? [])}` : null,
            run.inputs?.replenishment ? `  transfers to fed locations:   ${replenishmentMessage(run.inputs.replenishment)}` : null,
            run.inputs?.budget ? `  budget:                       ${budgetMessage(run.inputs.budget)}` : null,
            run.errorCount ? `  lines without a suggestion:   ${run.errorCount} (see their explanation)` : null,
            `  time:                         ${((run.durationMs ?? 0) / 1000).toFixed(2)} s${ph ? ` (load ${ph.loadMs} ms, segment ${ph.segmentMs} ms, compute ${ph.computeMs} ms, write ${ph.writeMs} ms)` : ''}`,
            run.error ? `  error: ${run.error}` : null,
          ].filter((l): l is string => l !== null);
          process.stdout.write(`${lines.join('\n')}\n`);
          if (run.status === 'succeeded' && opts.top > 0 && run.toOrderCount > 0) {
            const all = [];
            let cursor: string | null = null;
            do {
              const page = await listRecommendations(store, { cursor, limit: 1000, filters: { run: run.id, onlyToOrder: true } });
              all.push(...page.items);
              cursor = page.nextCursor;
            } while (cursor);
            all.sort((a, b) => (a.orderByDate ?? '9999') .localeCompare(b.orderByDate ?? '9999') || b.finalValue - a.finalValue);
            process.stdout.write(`\nmost urgent (order by, sku @ location, supplier, qty, value):\n`);
            for (const r of all.slice(0, opts.top)) {
              process.stdout.write(`  ${r.orderByDate ?? '-'}  ${r.sku} @ ${r.location}  ${r.supplier ?? '(no supplier)'}  ${r.finalQty}  ${formatMoney(r.finalValue)}\n`);
            }
          }
        }
        if (run.status !== 'succeeded') process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
