/**
 * Order crossover: the lead-time term of the safety stock when orders can overtake each other.
 *
 * The textbook protection variance, E[L] sigma_D^2 + mu^2 Var(L) (lead-time-demand.ts), treats the
 * stock as exposed to one order's lead time: it holds when at most one order is in the pipeline,
 * or when a supplier's lead times move together so that orders arrive in the sequence they were
 * placed. When a line orders every T days and the lead time varies independently from order to
 * order, with a spread wider than T, several orders are in the pipeline at once and a late order
 * is often overtaken by the next one. What the stock then depends on is how much of the pipeline
 * has arrived, not when one order arrives, and that varies far less.
 *
 * Derivation (Hayya, Bagchi, Kim & Sun 2008, "On static stochastic order crossover", IJPE 114;
 * Disney, Maltz, Wang & Warburton 2016, "Inventory management for stochastic lead times with order
 * crossovers", EJOR 248): orders of about Q = mu T units are placed every T days, lead times are
 * i.i.d. with distribution function F. At a random moment the pipeline holds the orders placed
 * a, a + T, a + 2T, ... days ago, each still outstanding with probability 1 - F(age),
 * independently, so the arrival timing adds
 *   Var = sum_j Q^2 F(a_j) (1 - F(a_j))  ~  (Q^2 / T) int F (1 - F) dx  =  mu^2 T G,
 *   G = int F (1 - F) dx = E|L - L'| / 2 (half Gini's mean difference) = sigma_L / sqrt(pi) for a
 *   normal lead time,
 * against mu^2 sigma_L^2 without crossover. With T >= sqrt(pi) sigma_L (orders rarely overlap by
 * more than the lead time's spread) the one-order formula is the smaller and is used:
 *   sigma_eff^2 = min(sigma_L^2, T sigma_L / sqrt(pi)).
 * Whether a supplier's lead times are independent is measured from its receipts
 * (`orderCrossingEvidence`): the share rho in [0, 1] of the crossings independence would have
 * produced that did happen. The variance used mixes the two cases,
 *   Var_L,eff = rho min(sigma_L^2, T sigma_L / sqrt(pi)) + (1 - rho) sigma_L^2,
 * so a supplier whose orders never overtook each other (rho = 0, or no evidence) keeps the
 * textbook term.
 *
 * Backtested (bench/plan-policy --data poisson:4 --burn-in, nightly plans, lead times N(80, 15)
 * drawn per order, lost sales): the textbook term delivered 96.3 / 99.6 % at targets 0.90 / 0.95
 * holding 740 / 1,158 units over 12 series; with rho = 1, 89.9 / 95.5 % with 553 / 726 units.
 */
import { stdNormalSf } from '../stats/index.ts';

const SQRT_PI = Math.sqrt(Math.PI);

/**
 * The lead-time variance (days^2) to use in mu^2 Var(L) for a line ordering about every
 * `orderIntervalDays` days from a supplier whose lead times have sd `sdDays` and independence
 * `independence` (0 = orders arrive in sequence, 1 = independent lead times; formula above).
 */
export function effectiveLeadTimeVariance(sdDays: number, orderIntervalDays: number, independence: number): number {
  if (!(sdDays >= 0) || !Number.isFinite(sdDays)) throw new RangeError(`lead time sd must be a finite number >= 0 (got ${sdDays})`);
  if (!(orderIntervalDays > 0)) throw new RangeError(`order interval must be > 0 days (got ${orderIntervalDays})`);
  if (!(independence >= 0 && independence <= 1)) throw new RangeError(`independence must be in [0, 1] (got ${independence})`);
  const classic = sdDays * sdDays;
  const crossing = Math.min(classic, (orderIntervalDays * sdDays) / SQRT_PI);
  return independence * crossing + (1 - independence) * classic;
}

/** One delivered order: the days (any common origin) it was placed and first received. */
export interface DeliveredOrder {
  placedDay: number;
  receivedDay: number;
}

/** What a supplier's receipts say about order crossover (see `orderCrossingEvidence`). */
export interface CrossingEvidence {
  /** Pairs of orders placed on different days that were in the pipeline together (the later one placed before the earlier one arrived). */
  overlapping: number;
  /** Of those, pairs where the later order arrived strictly first. */
  crossed: number;
  /** Crossings independent normal lead times of the measured sd would have produced over all pairs. */
  expected: number;
  /** crossed / expected capped at 1, or null when fewer than `MIN_EXPECTED_CROSSINGS` were expected (too little evidence either way). */
  independence: number | null;
}

/** Crossings a supplier's history must be expected to show before its independence is judged. */
export const MIN_EXPECTED_CROSSINGS = 5;

/**
 * Counts how often a supplier's orders overtook each other against how often they would have with
 * independent normal lead times of sd `sdDays`: for orders placed d > 0 days apart the later one
 * arrives strictly first (whole days) with probability P(L1 - L2 >= d + 1) ~ 1 - Phi((d + 0.5) /
 * (sdDays sqrt 2)). The ratio is the `independence` effectiveLeadTimeVariance takes: lead times
 * that move together (a production queue, a shared vessel) cross less than independence predicts,
 * a FIFO supplier never. O(n x orders within 8 sd of each other).
 */
export function orderCrossingEvidence(orders: readonly DeliveredOrder[], sdDays: number): CrossingEvidence {
  const o = [...orders].sort((a, b) => a.placedDay - b.placedDay);
  let overlapping = 0;
  let crossed = 0;
  let expected = 0;
  const scale = sdDays * Math.SQRT2;
  let maxLead = 0;
  for (const x of o) maxLead = Math.max(maxLead, x.receivedDay - x.placedDay);
  for (let i = 0; i < o.length; i++) {
    for (let j = i + 1; j < o.length; j++) {
      const d = o[j].placedDay - o[i].placedDay;
      if (d <= 0) continue;
      const beyondSpread = scale <= 0 || d + 0.5 > 8 * scale;
      if (beyondSpread && d >= maxLead) break;
      if (!beyondSpread) expected += stdNormalSf((d + 0.5) / scale);
      if (o[j].placedDay < o[i].receivedDay) {
        overlapping++;
        if (o[j].receivedDay < o[i].receivedDay) crossed++;
      }
    }
  }
  return { overlapping, crossed, expected, independence: expected >= MIN_EXPECTED_CROSSINGS ? Math.min(1, crossed / expected) : null };
}
