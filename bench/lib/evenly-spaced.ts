/** An evenly spaced, deterministic subset of n items (all of them when n <= 0 or n >= their number). */
export function evenlySpaced<T>(items: readonly T[], n: number): T[] {
  if (!(n > 0) || n >= items.length) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}
