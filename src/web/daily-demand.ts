/**
 * The SKU page's demand chart: the ledger's daily demand history (GET /skus/:code/demand, the
 * series the plan forecasts from) summed over locations, with the days on which some location was
 * out of stock (censored: the demand recorded is a lower bound).
 */
import { daysBefore } from './format.ts';
import type { DemandDay } from './types.ts';

/**
 * Demand per UTC day (units sold minus returned, all locations, floored at 0) for the `n` days
 * ending the day before `today` ('YYYY-MM-DD'), oldest first, and per day the locations that were
 * out of stock. Rows outside the window are ignored; a day without a row had no demand and stock.
 */
export function dailyDemand(rows: readonly DemandDay[], today: string, n: number): { days: string[]; values: number[]; stockouts: string[][] } {
  const days: string[] = [];
  for (let i = n; i >= 1; i--) days.push(daysBefore(today, i));
  const index = new Map(days.map((d, i) => [d, i]));
  const values = days.map(() => 0);
  const stockouts: string[][] = days.map(() => []);
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    values[i] += r.demand;
    if (r.stockout) stockouts[i].push(r.location);
  }
  return { days, values: values.map((v) => Math.max(0, v)), stockouts };
}
