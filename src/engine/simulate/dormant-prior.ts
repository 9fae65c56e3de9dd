/**
 * Stock for items that have never sold (new or dormant SKUs): a pooled empirical prior.
 *
 * An item with no demand in its history gives a forecaster nothing: any model says 0, the first
 * sales are lost, and a catalogue with many late starters misses its fill-rate target by the
 * whole of their first orders. What is known is how the catalogue's other items behaved when they
 * started selling (empirical Bayes; cf. Robbins 1956).
 *
 * The level is the **launch quantity**: the smallest S that serves the target share of the demand
 * in the catalogue's *launch windows* -- for every item whose first demand came after it had been
 * silent for at least L + R periods (the first periods of a data set say nothing about dormancy:
 * every item "has not sold yet" there, and a best seller's opening weeks would become the prior),
 * its demand over the R periods from that first sale, i.e. until the first review that sees the
 * sale: sum_i min(w_i, S) / sum_i w_i >= beta. From that review on the item has a history and the
 * regular policy plans it (its order arrives L periods later; meanwhile what is left of S serves).
 * The level covers the first order, not the protection interval after it: an earlier version took
 * the fill rate of the L + R periods after every not-yet-selling period (the exact periodic
 * shortage E[(D_{L+R} - S)^+] - E[(D_L - S)^+] on those samples), which counted the follow-up
 * demand that the regular policy and the leftover serve, and grew with the lead time where the
 * need does not. On carparts (156 parts that never sold in the 25-month warm-up), simulating the
 * class alone at fixed levels, the level that meets the target is about 9 / 10 / 11 units at 0.90
 * (L = 1 / 2 / 3), 13 / 14 / 14 at 0.95, 20 / 19 / 17 at 0.98; the interval rule asked 9 / 14 / 17,
 * 15 / 20 / 24, 24 / 27 / 31 (the class 2.4-4.8 points over the target at L = 2 / 3), the launch
 * quantity asks 9 / 9 / 10, 16 / 16 / 17, 24 / 23 / 24 (within 1.5 points in 8 of 9 set-ups).
 *
 * Guard: a fill rate counts only the units demanded, however rarely demand comes, so on a catalogue
 * of dead listings the same rule would stock every one of them for the rare one that wakes. The
 * prior is therefore used only when at least 1 - beta of the never-sold item-intervals saw demand
 * within L + R periods (the catalogue's never-sold items do start selling); otherwise, and with
 * fewer than MIN_SAMPLES samples, S = 0.
 */

/** Fewest (item, period) samples (for the guard) to trust the prior. */
export const MIN_SAMPLES = 50;

export interface DormantPrior {
  /** Order-up-to level for an item with no demand in its history. */
  orderUpTo: number;
  /** Launches seen (items whose first demand came after a silent protection interval) and their mean demand over the launch window (R periods from the first sale). */
  launches: number;
  launchMean: number;
  /** Not-yet-selling (item, period) samples of the guard, and how many saw demand within the protection interval. */
  samples: number;
  withDemand: number;
  /** Mean demand per period of a not-yet-selling item. */
  ratePerPeriod: number;
  /** Share of the launch windows' demand the level serves (1 when none; the level is 0 when the guard holds it back). */
  expectedFillRate: number;
}

/**
 * Pooled prior over histories (each oldest first, NaN = missing) for lead time L and review
 * period R (whole periods) and fill-rate target beta (see the file header).
 */
export function dormantPrior(histories: Float64Array[], L: number, R: number, beta: number): DormantPrior {
  const k = Math.max(1, Math.round(L) + R);
  const protection: number[] = [];
  const launches: number[] = [];
  let withDemand = 0;
  for (const y of histories) {
    // the launch window: R periods from the first demand, when that came after a silent protection
    // interval (and the history shows the whole window)
    let first = 0;
    while (first < y.length && !(y[first] > 0)) first++;
    if (first >= k && first + R <= y.length) {
      let w = 0;
      for (let i = first; i < first + R; i++) w += y[i] === y[i] ? y[i] : 0;
      launches.push(w);
    }
    for (let j = 1; j + k <= y.length; j++) {
      // still no demand before j (a positive value ends the item's dormant periods)
      if (y[j - 1] > 0) break;
      // silent for at least one protection interval: the first periods of every series (where any
      // item "has not sold yet") would otherwise make the busiest items' opening demand the prior
      if (j < k) continue;
      let dk = 0;
      for (let i = 0; i < k; i++) {
        const v = y[j + i];
        dk += v === v ? v : 0;
      }
      protection.push(dk);
      if (dk > 0) withDemand++;
    }
  }
  const n = protection.length;
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
  const launched = launches.reduce((s, x) => s + x, 0);
  const launchFill = (S: number) => (launched > 0 ? launches.reduce((s, x) => s + Math.min(x, S), 0) / launched : 1);
  const common = { samples: n, withDemand, ratePerPeriod: n > 0 ? mean(protection) / k : 0, launches: launches.length, launchMean: launches.length > 0 ? launched / launches.length : 0 };
  if (n < MIN_SAMPLES || withDemand / n < 1 - beta || !(launched > 0)) return { orderUpTo: 0, ...common, expectedFillRate: launchFill(0) };
  let S = 0;
  const max = Math.max(...launches);
  while (S < max && launchFill(S) < beta) S++;
  return { orderUpTo: S, ...common, expectedFillRate: launchFill(S) };
}
