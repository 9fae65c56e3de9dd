/** Summary statistics of observed lead times (pure). */

export interface LeadTimeSummary {
  /** Number of observations. */
  n: number;
  /** Mean lead time in days (null when n = 0). */
  meanDays: number | null;
  /** Sample standard deviation in days, divisor n - 1 (null when n < 2). */
  sdDays: number | null;
  minDays: number | null;
  maxDays: number | null;
}

/**
 * Mean and sample standard deviation (Bessel-corrected, divisor n−1) of lead times in days,
 * computed with Welford's one-pass algorithm.
 */
export function summarizeLeadTimes(days: readonly number[]): LeadTimeSummary {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of days) {
    n += 1;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return {
    n,
    meanDays: n > 0 ? mean : null,
    sdDays: n > 1 ? Math.sqrt(m2 / (n - 1)) : null,
    minDays: n > 0 ? min : null,
    maxDays: n > 0 ? max : null,
  };
}
