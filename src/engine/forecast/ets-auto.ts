/**
 * Automatic ETS model selection by AICc over the admissible family, as R's forecast::ets with
 * its defaults (restrict = TRUE, allow.multiplicative.trend = FALSE):
 *   error ∈ {A, M}, trend ∈ {N, A, Ad}, season ∈ {N, A, M}, excluding additive error with
 *   multiplicative season; multiplicative components only for strictly positive data; no season
 *   when m = 1, m > 24 or fewer than 2m observations.
 * `set: 'fast'` is the restricted set used for daily series (m = 7), see docs/forecasting.md:
 * {A,N,N} and {A,N,A} when seasonal, else {A,N,N} and {A,Ad,N}. Both are linear models fitted
 * with profiled initial states; on NN5 ETS(A,N,A) alone was as accurate as the six-model set
 * {ANN, AAdN, ANA, AAdA, MNM, MAdM} (MASE 0.877 vs 0.881 on 30 series) at a fraction of the cost.
 */
import type { EtsSpec, SeasonType, TrendType, ErrorType } from './ets-core.ts';
import { fitEts, type EtsFit, type EtsFitOptions } from './ets-fit.ts';
import { fitEtsLinear, isLinearEts } from './ets-fit-linear.ts';

export interface EtsAutoOptions extends EtsFitOptions {
  /** Model set: 'full' (R's default set) or 'fast' (restricted, for daily data). */
  set?: 'full' | 'fast';
  /** Only consider models with these (non-seasonal) components, e.g. to force SES or Holt. */
  candidates?: EtsSpec[];
}

/** The candidate specifications for a series with the given properties. */
export function etsCandidates(m: number, nObs: number, positive: boolean, set: 'full' | 'fast' = 'full'): EtsSpec[] {
  const seasonal = m > 1 && m <= 24 && nObs >= 2 * m;
  const errors: ErrorType[] = positive ? ['A', 'M'] : ['A'];
  const trends: TrendType[] = ['N', 'A', 'Ad'];
  const seasons: SeasonType[] = seasonal ? (positive ? ['N', 'A', 'M'] : ['N', 'A']) : ['N'];
  const out: EtsSpec[] = [];
  if (set === 'fast') {
    const pick: [ErrorType, TrendType, SeasonType][] = seasonal ? [['A', 'N', 'N'], ['A', 'N', 'A']] : [['A', 'N', 'N'], ['A', 'Ad', 'N']];
    for (const [error, trend, season] of pick) out.push({ error, trend, season, m: season === 'N' ? 1 : m });
    return out;
  }
  for (const error of errors)
    for (const trend of trends)
      for (const season of seasons) {
        if (error === 'A' && season === 'M') continue;
        out.push({ error, trend, season, m: season === 'N' ? 1 : m });
      }
  return out;
}

/**
 * Fits every candidate and returns the one with the smallest AICc (null if none could be
 * fitted, e.g. fewer than 6 observations), plus all fits for inspection.
 */
export function autoEts(y: ArrayLike<number>, m: number, options: EtsAutoOptions = {}): { best: EtsFit | null; fits: EtsFit[] } {
  let nObs = 0;
  let positive = true;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== v) continue;
    nObs++;
    if (v <= 0) positive = false;
  }
  const cands = options.candidates ?? etsCandidates(m, nObs, positive, options.set);
  const fits: EtsFit[] = [];
  let best: EtsFit | null = null;
  for (const spec of cands) {
    const fit = isLinearEts(spec) ? fitEtsLinear(y, spec, options) : fitEts(y, spec, options);
    if (!fit || !Number.isFinite(fit.aicc)) continue;
    fits.push(fit);
    if (!best || fit.aicc < best.aicc) best = fit;
  }
  return { best, fits };
}
