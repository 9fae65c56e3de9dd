/** Daily units sold from ledger movements (the API has no demand-history endpoint). */
import { daysBefore } from './format.ts';
import type { Movement } from './types.ts';

/**
 * Units sold per UTC day (sales minus returns, floored at 0) for the `n` days ending the day
 * before `today` ('YYYY-MM-DD'), oldest first. Other movement kinds and days outside the window
 * are ignored.
 */
export function dailySales(movements: Pick<Movement, 'kind' | 'quantity' | 'occurred_at'>[], today: string, n: number): { days: string[]; values: number[] } {
  const days: string[] = [];
  for (let i = n; i >= 1; i--) days.push(daysBefore(today, i));
  const index = new Map(days.map((d, i) => [d, i]));
  const values = days.map(() => 0);
  for (const m of movements) {
    const i = index.get(m.occurred_at.slice(0, 10));
    if (i === undefined) continue;
    if (m.kind === 'sale') values[i] += m.quantity;
    else if (m.kind === 'return') values[i] -= m.quantity;
  }
  return { days, values: values.map((v) => Math.max(0, v)) };
}
