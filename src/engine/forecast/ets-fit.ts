/**
 * Maximum-likelihood fitting of one ETS model, as R's forecast::ets does (opt.crit = "lik"):
 * smoothing parameters and initial states are estimated together by Nelder-Mead on the
 * concentrated -2 log-likelihood `n log Σe² (+ 2 Σ log|f|)`, within R's "usual" bounds
 *   1e-4 <= α <= 0.9999,  1e-4 <= β <= α,  1e-4 <= γ <= 1 - α,  0.8 <= φ <= 0.98,
 * with the last initial seasonal index fixed by the normalisation (Σ s = 0 or Σ s = m).
 * AICc = lik + 2k + 2k(k+1)/(n-k-1) with k = number of estimated parameters + 1 (for σ), exactly
 * R's definition, so values are comparable with R's `fit$aicc`.
 */
import { etsFilter, etsName, etsPointForecast, etsVariances, type EtsFilterOutput, type EtsParams, type EtsSpec } from './ets-core.ts';
import { initialStates } from './ets-init.ts';
import { nelderMead } from './nelder-mead.ts';

/** A fitted ETS model. */
export interface EtsFit {
  spec: EtsSpec;
  name: string;
  params: EtsParams;
  /** R's `lik` (-2 log-likelihood up to a constant). */
  lik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Innovation variance Σe²/(n - k) (relative errors for multiplicative error). */
  sigma2: number;
  nObs: number;
  /** Number of estimated parameters (smoothing + free initial states). */
  nParams: number;
  /** Series length (used to align the seasonal buffer). */
  n: number;
  /** Final states. */
  l: number;
  b: number;
  season: Float64Array;
}

export interface EtsFitOptions {
  /** Maximum likelihood evaluations per Nelder-Mead run (default 2000, as R). */
  maxEval?: number;
  /** Nelder-Mead relative tolerance on the -2 log-likelihood (default 1e-8, as R). */
  reltol?: number;
  /** Extra Nelder-Mead restarts from the previous optimum while it improves (default 2). */
  restarts?: number;
}

const LOWER = [1e-4, 1e-4, 1e-4, 0.8];
const UPPER = [0.9999, 0.9999, 0.9999, 0.98];

/**
 * Reads the smoothing parameters (alpha, then beta if trended, gamma if seasonal, phi if damped)
 * from the front of an optimizer vector `x` into `params` and checks Hyndman et al.'s "usual"
 * region: each within [LOWER, UPPER], beta <= alpha, gamma <= 1 - alpha (phi = 1 when undamped).
 * Returns the index of the first unread element, or -1 when a parameter is out of bounds.
 */
export function unpackSmoothing(x: ArrayLike<number>, params: EtsParams, hasB: boolean, hasS: boolean, hasPhi: boolean): number {
  let i = 0;
  const a = x[i++];
  if (!(a >= LOWER[0] && a <= UPPER[0])) return -1;
  params.alpha = a;
  if (hasB) {
    const bb = x[i++];
    if (!(bb >= LOWER[1] && bb <= UPPER[1] && bb <= a)) return -1;
    params.beta = bb;
  }
  if (hasS) {
    const g = x[i++];
    if (!(g >= LOWER[2] && g <= UPPER[2] && g <= 1 - a)) return -1;
    params.gamma = g;
  }
  if (hasPhi) {
    const p = x[i++];
    if (!(p >= LOWER[3] && p <= UPPER[3])) return -1;
    params.phi = p;
  } else params.phi = 1;
  return i;
}

/** Number of parameters estimated for a model (smoothing + initial states). */
export function etsParamCount(spec: EtsSpec): number {
  let k = 2; // alpha, l0
  if (spec.trend !== 'N') k += 2;
  if (spec.trend === 'Ad') k += 1;
  if (spec.season !== 'N') k += spec.m; // gamma + m-1 seasonal states
  return k;
}

/** Evaluates an ETS model at given parameters (no optimisation). */
export function evaluateEts(y: ArrayLike<number>, spec: EtsSpec, params: EtsParams): EtsFit {
  const season = new Float64Array(Math.max(spec.m, 1));
  const out: EtsFilterOutput = { lik: 0, sse: 0, nObs: 0, l: 0, b: 0 };
  etsFilter(y, spec, params, season, null, out);
  return buildFit(y, spec, params, out, season);
}

function buildFit(y: ArrayLike<number>, spec: EtsSpec, params: EtsParams, out: EtsFilterOutput, season: Float64Array): EtsFit {
  const np = etsParamCount(spec);
  const k = np + 1;
  const n = out.nObs;
  const lik = out.lik;
  const aic = lik + 2 * k;
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  const bic = lik + Math.log(n) * k;
  const sigma2 = out.sse / Math.max(1, n - np);
  return { spec, name: etsName(spec), params, lik, aic, aicc, bic, sigma2, nObs: n, nParams: np, n: y.length, l: out.l, b: out.b, season };
}

/**
 * Fits `spec` to y (NaN = missing) by maximum likelihood. Returns null when the model cannot be
 * fitted (too few observations for its parameters, or no finite likelihood).
 */
export function fitEts(y: ArrayLike<number>, spec: EtsSpec, options: EtsFitOptions = {}): EtsFit | null {
  const m = spec.season === 'N' ? 1 : spec.m;
  const s: EtsSpec = { ...spec, m };
  const init = initialStates(y, s);
  const hasB = s.trend !== 'N';
  const hasPhi = s.trend === 'Ad';
  const hasS = s.season !== 'N';
  const multS = s.season === 'M';
  const positive = s.error === 'M' || multS;
  // starting smoothing parameters (R's initparam)
  let alpha = LOWER[0] + (0.2 * (UPPER[0] - LOWER[0])) / m;
  if (alpha > 1 || alpha < 0) alpha = LOWER[0] + 2e-3;
  let beta = LOWER[1] + 0.1 * (UPPER[1] - LOWER[1]);
  if (beta > alpha) beta = alpha - 1e-3;
  let gamma = LOWER[2] + 0.05 * (UPPER[2] - LOWER[2]);
  if (gamma > 1 - alpha) gamma = 1 - alpha - 1e-3;
  const phi = LOWER[3] + 0.99 * (UPPER[3] - LOWER[3]);
  // pack θ = [α, β?, γ?, φ?, l0, b0?, s_1..s_{m-1}]
  const x0: number[] = [alpha];
  const step: number[] = [0.1];
  if (hasB) (x0.push(beta), step.push(0.05));
  if (hasS) (x0.push(gamma), step.push(0.05));
  if (hasPhi) (x0.push(phi), step.push(0.05));
  let scale = 0;
  let cnt = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) (scale += Math.abs(y[i]), cnt++);
  scale = cnt > 0 ? scale / cnt : 1;
  if (!(scale > 0)) scale = 1;
  x0.push(init.l0);
  step.push(Math.max(Math.abs(init.l0) * 0.1, scale * 0.05));
  if (hasB) (x0.push(init.b0), step.push(Math.max(Math.abs(init.b0) * 0.1, scale * 0.01)));
  if (hasS) for (let j = 1; j < m; j++) (x0.push(init.season0[j]), step.push(multS ? 0.05 : scale * 0.05));
  const np = x0.length;
  if (np !== etsParamCount(s)) throw new Error('internal: ETS parameter count mismatch');
  if (cnt <= np + 4) return null; // as R: skip models with too many parameters for the data

  const params: EtsParams = { alpha, beta, gamma, phi, l0: init.l0, b0: init.b0, season0: new Float64Array(m) };
  const work = new Float64Array(m);
  const out: EtsFilterOutput = { lik: 0, sse: 0, nObs: 0, l: 0, b: 0 };
  const unpack = (x: ArrayLike<number>): boolean => {
    let i = unpackSmoothing(x, params, hasB, hasS, hasPhi);
    if (i < 0) return false;
    params.l0 = x[i++];
    if (positive && !(params.l0 > 0)) return false;
    params.b0 = hasB ? x[i++] : 0;
    if (hasS) {
      let sum = 0;
      for (let j = 1; j < m; j++) {
        const v = x[i++];
        if (multS && !(v > 0)) return false;
        params.season0[j] = v;
        sum += v;
      }
      params.season0[0] = (multS ? m : 0) - sum;
      if (multS && !(params.season0[0] > 0)) return false;
    }
    return true;
  };
  const objective = (x: Float64Array): number => {
    if (!unpack(x)) return Infinity;
    return etsFilter(y, s, params, work, null, out).lik;
  };
  const maxEval = options.maxEval ?? 2000;
  let best = nelderMead(objective, x0, { step, maxEval });
  // Restart from the optimum with a fresh full-size simplex: Nelder-Mead often stalls on these
  // ridged likelihoods, and a restart is the standard remedy (Press et al., NR §10.5).
  const restarts = options.restarts ?? 2;
  for (let r = 0; r < restarts && Number.isFinite(best.value); r++) {
    const again = nelderMead(objective, best.x, { step, maxEval });
    const improved = again.value < best.value - 1e-6 * Math.max(1, Math.abs(best.value));
    if (again.value < best.value) best = again;
    if (!improved) break;
  }
  if (!Number.isFinite(best.value) || !unpack(best.x)) return null;
  const final: EtsParams = { ...params, season0: params.season0.slice() };
  const season = new Float64Array(m);
  etsFilter(y, s, final, season, null, out);
  return buildFit(y, s, final, out, season);
}

/** Point forecasts and variances (per step and cumulative) of a fitted ETS model. */
export function forecastEts(fit: EtsFit, h: number): { mean: Float64Array; variance: Float64Array; cumVariance: Float64Array } {
  const mean = etsPointForecast(fit.spec, fit.params.phi, fit.l, fit.b, fit.season, fit.n, h);
  const { variance, cumVariance } = etsVariances(fit.spec, fit.params, fit.sigma2, mean);
  return { mean, variance, cumVariance };
}
