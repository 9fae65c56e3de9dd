/**
 * Order days: a policy may allow orders only on some weekdays (a supplier taking orders on Mondays,
 * a weekly PO run). Between two order days the stock has to last, so a line's reorder point covers
 * the lead time plus the days until the next chance to order (suggestion.ts), and its order-by date
 * falls on an order day. Weekdays are ISO: 1 = Monday .. 7 = Sunday. Pure.
 */

/** ISO weekday (1 = Monday .. 7 = Sunday) of a day YYYY-MM-DD. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The ISO weekday `days` days after weekday `w` (negative days go back). */
export function addWeekdays(w: number, days: number): number {
  return ((((w - 1 + days) % 7) + 7) % 7) + 1;
}

/**
 * From a day of weekday `w`: `waitDays` until the next order day (0 when `w` is one) and `gapDays`
 * from that order day to the following one (1..7). No order days (null) = every day: 0 and 1.
 */
export function orderCalendar(w: number, orderWeekdays: readonly number[] | null | undefined): { waitDays: number; gapDays: number } {
  if (!orderWeekdays || orderWeekdays.length === 0) return { waitDays: 0, gapDays: 1 };
  let waitDays = 0;
  while (!orderWeekdays.includes(addWeekdays(w, waitDays))) waitDays++;
  let gapDays = 1;
  while (!orderWeekdays.includes(addWeekdays(w, waitDays + gapDays))) gapDays++;
  return { waitDays, gapDays };
}

const NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** "Mon, Thu". */
export const weekdayNames = (days: readonly number[]) => [...days].sort((a, b) => a - b).map((d) => NAMES[d - 1]).join(', ');
