/**
 * Undershoot of a reorder point when demand comes in transactions of several units.
 *
 * Under min/max (s, S) the position is checked after each transaction (for a nightly plan run, a
 * day's demand on a day with demand), and an order is placed once it is at or below s. A
 * transaction of X units rarely lands exactly on s: the position is then s - U, U >= 0, and the
 * order has to bridge its lead time from there. When X is large against the demand per day (a
 * slow mover that sells 1-3 units on a few days a month), U is a large share of s, and a reorder
 * point set from the lead-time demand alone runs short (Silver, Pyke & Thomas 2017, s. 7.7).
 *
 * With transactions i.i.d. and the position far enough above s after an order (S - s at least a
 * few transactions), U has the stationary distribution of the renewal process's excess over a
 * level (Hadley & Whitin 1963, s. 4-9; Karlin & Taylor 1975, ch. 5):
 *
 * - integer units, X >= 1:  P(U = u) = P(X > u) / E[X], u = 0, 1, ...
 *     E[U]   = (E[X^2] - E[X]) / (2 E[X])
 *     E[U^2] = (2 E[X^3] - 3 E[X^2] + E[X]) / (6 E[X])
 *   (unit demand never undershoots; X = 2 always undershoots by 0 or 1 with probability 1/2);
 * - continuous X > 0:  density P(X > u) / E[X]:
 *     E[U] = E[X^2] / (2 E[X]),  E[U^2] = E[X^3] / (3 E[X]).
 */

export interface Undershoot {
  /** E[U] and Var(U) (units). */
  mean: number;
  variance: number;
  /** Transactions the moments come from, and their mean size. */
  transactions: number;
  meanSize: number;
}

/**
 * The undershoot's moments from observed transaction sizes (values <= 0 or NaN are skipped: a day
 * without demand is not a transaction). Integer formulas when every size is a whole number.
 * All zero when there is no transaction.
 */
export function undershootMoments(sizes: ArrayLike<number>): Undershoot {
  let n = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let integer = true;
  for (let i = 0; i < sizes.length; i++) {
    const x = sizes[i];
    if (!(x > 0)) continue;
    n++;
    m1 += x;
    m2 += x * x;
    m3 += x * x * x;
    if (integer && x !== Math.round(x)) integer = false;
  }
  if (n === 0) return { mean: 0, variance: 0, transactions: 0, meanSize: 0 };
  m1 /= n;
  m2 /= n;
  m3 /= n;
  const mean = integer ? (m2 - m1) / (2 * m1) : m2 / (2 * m1);
  const second = integer ? (2 * m3 - 3 * m2 + m1) / (6 * m1) : m3 / (3 * m1);
  return { mean, variance: Math.max(0, second - mean * mean), transactions: n, meanSize: m1 };
}
