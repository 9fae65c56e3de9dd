/**
 * Mean and standard deviation of a normal sample some of whose values are only known to exceed a
 * bound (right-censored): the maximum-likelihood fit by the EM algorithm (Dempster, Laird & Rubin
 * 1977; the censored-normal case is Tobin's 1958 "tobit" likelihood).
 *
 * Why: a supplier's lead time is learned from receipts, and a purchase order still open when the
 * plan runs has no receipt yet. Dropping it biases the learned lead time low exactly when it
 * matters -- a supplier running late has its late orders still open, and the receipts say nothing
 * until they arrive. An open order placed c days ago says: its lead time is more than c days.
 *
 * Likelihood: prod_i phi((x_i - mu) / sigma) / sigma  *  prod_j (1 - Phi((c_j - mu) / sigma)).
 * EM: for a censored value at c, with a = (c - mu) / sigma and the inverse Mills ratio
 * lambda = phi(a) / (1 - Phi(a)),
 *   E[X | X > c]   = mu + sigma lambda
 *   E[X^2 | X > c] = mu^2 + sigma^2 + sigma lambda (mu + c)
 * and the M-step takes the mean and (divisor n) variance of the observed values plus those
 * expectations. Each step raises the likelihood; it stops when mu and sigma move less than 1e-9.
 * The variance is reported with the divisor n - 1 (the sample sd the uncensored summary gives), so
 * without censored values the result is exactly the sample mean and sd. An open order much younger
 * than the lead times seen (a << 0) adds about the current mean and variance: no information.
 */
import { stdNormalPdf, stdNormalSf } from './normal.ts';

export interface CensoredNormalFit {
  mean: number;
  /** Standard deviation, divisor n - 1 (n = observed + censored). */
  sd: number;
  /** EM iterations used. */
  iterations: number;
}

/** phi(a) / (1 - Phi(a)), with its asymptote a + 1/a where the survival function underflows. */
function inverseMills(a: number): number {
  if (a > 30) return a + 1 / a;
  return stdNormalPdf(a) / stdNormalSf(a);
}

/**
 * ML fit of a normal to `observed` values and values known only to exceed `censoredAbove`
 * (see the file header). Needs at least 2 observed values; null otherwise. `minSd` keeps the
 * start (and the fit) away from a zero spread when every observed value is equal (default 0.5).
 */
export function censoredNormalFit(observed: readonly number[], censoredAbove: readonly number[], minSd = 0.5): CensoredNormalFit | null {
  const m = observed.length;
  if (m < 2) return null;
  const n = m + censoredAbove.length;
  let sx = 0;
  let sxx = 0;
  for (const x of observed) {
    sx += x;
    sxx += x * x;
  }
  let mu = sx / m;
  let sigma = Math.sqrt(Math.max(0, sxx / m - mu * mu));
  if (censoredAbove.length === 0) return { mean: mu, sd: Math.sqrt(Math.max(0, sxx - m * mu * mu) / (m - 1)), iterations: 0 };
  sigma = Math.max(sigma, minSd);
  let iterations = 0;
  for (; iterations < 500; iterations++) {
    let s1 = sx;
    let s2 = sxx;
    for (const c of censoredAbove) {
      const lambda = inverseMills((c - mu) / sigma);
      s1 += mu + sigma * lambda;
      s2 += mu * mu + sigma * sigma + sigma * lambda * (mu + c);
    }
    const nextMu = s1 / n;
    const nextSigma = Math.max(minSd, Math.sqrt(Math.max(0, s2 / n - nextMu * nextMu)));
    const moved = Math.abs(nextMu - mu) + Math.abs(nextSigma - sigma);
    mu = nextMu;
    sigma = nextSigma;
    if (moved < 1e-9) break;
  }
  return { mean: mu, sd: sigma * Math.sqrt(n / (n - 1)), iterations };
}
