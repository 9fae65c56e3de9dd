/**
 * A forecast's demand over k periods scaled by a factor m: the segment calibration's `scale` lever
 * (segment-calibration.ts), which corrects a bias of the forecast's *mean* -- exponential smoothing
 * lagging a range whose demand keeps falling (or rising) -- instead of shifting the safety stock by
 * standard deviations.
 *
 * Counts (Poisson, negative binomial): binomial thinning of the demand units with retention m
 * (each unit of the forecast happens with probability m), for which
 *
 *   E[mD] = m mu,    Var[mD] = m^2 (sigma^2 - mu) + m mu = m^2 sigma^2 + m (1 - m) mu,
 *
 * so a thinned count keeps its over-dispersion structure (variance >= mean whenever sigma^2 >= mu,
 * for any m > 0; m > 1 extends the same formula). Continuous demand (gamma, normal): a change of
 * scale, mean m mu, variance m^2 sigma^2.
 */
export interface DemandSum {
  mean: number;
  variance: number;
}

/** Demand sum scaled by `factor` (> 0); `discrete` = a count family (see the file header). */
export function scaleDemandSum(sum: DemandSum, factor: number, discrete: boolean): DemandSum {
  if (!(factor > 0)) throw new RangeError(`demand scale must be > 0 (got ${factor})`);
  const mean = factor * sum.mean;
  const variance = discrete ? factor * factor * sum.variance + factor * (1 - factor) * sum.mean : factor * factor * sum.variance;
  return { mean, variance: Math.max(0, variance) };
}
