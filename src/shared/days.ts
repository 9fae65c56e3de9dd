/**
 * Calendar arithmetic on business days ('YYYY-MM-DD', UTC), shared by the modules (planning,
 * purchasing, counting) that each had a copy.
 */

const DAY_MS = 86_400_000;

/** `day` plus `n` whole days (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + Math.trunc(n) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Today's UTC day of an instant (default: now). */
export function utcDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}
