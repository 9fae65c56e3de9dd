/**
 * Stock for items that have never sold (new or dormant SKUs): a pooled empirical prior.
 *
 * An item with no demand in its history gives a forecaster nothing: any model says 0, the first
 * sales are lost, and a catalogue with many late starters misses its fill-rate target by the
 * whole of their first orders. What is known is how the catalogue's other items behaved while
 * they had not sold yet: for every item and every past period j at which it still had no demand
 * and had been silent for at least L + R periods (the first periods of a data set say nothing about
 * dormancy: every item "has not sold yet" there, and a best seller's opening weeks would become the
 * prior), with at least L + R periods of history after j, the demand it then saw over the lead time
 * (D_L) and over the protection interval (D_{L+R}). Pooled, those samples are the empirical
 * distribution of demand for "an item that has not sold yet" (empirical Bayes; cf. Robbins 1956).
 *
 * The level is the smallest S whose fill rate on that pooled distribution meets the target, with
 * the exact periodic-review shortage per cycle E[(D_{L+R} - S)^+] - E[(D_L - S)^+] over the
 * expected demand per review period E[D_{L+R}] - E[D_L] (Hadley & Whitin 1963), evaluated on the
 * samples themselves (no distribution assumed).
 *
 * Guard: a fill rate counts only the units demanded, however rarely demand comes, so on a catalogue
 * of dead listings the same rule would stock every one of them for the rare one that wakes. The
 * prior is therefore used only when at least 1 - beta of the never-sold item-intervals saw demand
 * within L + R periods (the catalogue's never-sold items do start selling); otherwise, and with
 * fewer than MIN_SAMPLES samples, S = 0.
 */

/** Fewest (item, period) samples to trust the prior. */
export const MIN_SAMPLES = 50;

export interface DormantPrior {
  /** Order-up-to level for an item with no demand in its history. */
  orderUpTo: number;
  /** Samples pooled, and how many of them saw demand within the protection interval. */
  samples: number;
  withDemand: number;
  /** Mean demand per period of a not-yet-selling item. */
  ratePerPeriod: number;
  /** Fill rate the level gives on the pooled samples (1 when no demand; the level is 0 when the guard holds it back). */
  expectedFillRate: number;
}

/**
 * Pooled prior over histories (each oldest first, NaN = missing) for lead time L and review
 * period R (whole periods) and fill-rate target beta (see the file header).
 */
export function dormantPrior(histories: Float64Array[], L: number, R: number, beta: number): DormantPrior {
  const k = Math.max(1, Math.round(L) + R);
  const l = Math.round(L);
  const protection: number[] = [];
  const leadOnly: number[] = [];
  let withDemand = 0;
  for (const y of histories) {
    for (let j = 1; j + k <= y.length; j++) {
      // still no demand before j (a positive value ends the item's dormant periods)
      if (y[j - 1] > 0) break;
      // silent for at least one protection interval: the first periods of every series (where any
      // item "has not sold yet") would otherwise make the busiest items' opening demand the prior
      if (j < k) continue;
      let dk = 0;
      let dl = 0;
      for (let i = 0; i < k; i++) {
        const v = y[j + i];
        const x = v === v ? v : 0;
        dk += x;
        if (i < l) dl += x;
      }
      protection.push(dk);
      leadOnly.push(dl);
      if (dk > 0) withDemand++;
    }
  }
  const n = protection.length;
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
  const perCycle = mean(protection) - mean(leadOnly);
  const loss = (a: number[], S: number) => a.reduce((s, x) => s + (x > S ? x - S : 0), 0) / a.length;
  const fill = (S: number) => (perCycle > 0 ? 1 - Math.max(0, loss(protection, S) - loss(leadOnly, S)) / perCycle : 1);
  const empty = { orderUpTo: 0, samples: n, withDemand, ratePerPeriod: n > 0 ? mean(protection) / k : 0, expectedFillRate: n > 0 ? fill(0) : 1 };
  if (n < MIN_SAMPLES || !(perCycle > 0) || withDemand / n < 1 - beta) return empty;
  const max = Math.max(...protection);
  let S = 0;
  while (S < max && fill(S) < beta) S++;
  return { orderUpTo: S, samples: n, withDemand, ratePerPeriod: mean(protection) / k, expectedFillRate: fill(S) };
}
