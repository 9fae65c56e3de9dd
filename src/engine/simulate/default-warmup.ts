/**
 * Default warm-up for a simulation: half the series (rounded down), but at least two seasons of
 * history when the series is long enough, and always leaving at least one simulated period.
 * W = min(n - 1, max(floor(n / 2), 2 * season, 1)).
 */
export function defaultWarmup(n: number, season = 1): number {
  return Math.min(n - 1, Math.max(Math.floor(n / 2), 2 * Math.max(1, season), 1));
}
