/**
 * The ETS (exponential smoothing state space) recursions of Hyndman, Koehler, Ord & Snyder,
 * "Forecasting with Exponential Smoothing: The State Space Approach" (Springer 2008), written to
 * match R's forecast::ets C code (etscalc/update/forecast) in the parameterisation R uses:
 *
 *   one-step forecast   f_t = (l + φ_b b) ∘ s_{t-m}        (∘ is + or × per seasonal type)
 *   level               l_t = q + α (p - q)     q = l + φb (additive trend), p = y / or - s_{t-m}
 *   trend               b_t = φb + (β/α) (r - φb),  r = l_t - l_{t-1}
 *   season              s_t = s_{t-m} + γ (y/q or y-q  -  s_{t-m})
 *   residual            e_t = y_t - f_t (additive error) or (y_t - f_t)/f_t (multiplicative error)
 *   -2 log-likelihood   (up to a constant)  n log Σ e_t² [+ 2 Σ log |f_t| for multiplicative error]
 *
 * A NaN observation (missing or censored) contributes no residual: the states are propagated with
 * the forecast in place of the observation, and n counts only observed periods (the Kalman-filter
 * treatment of a missing value in an innovations state space model).
 *
 * Seasonal states are kept in a circular buffer: `season[i mod m]` is the seasonal index used for
 * observation i (0-based) and is overwritten by its update. R's initial state vector
 * (s1 = most recent ... sm = oldest) is `season` reversed.
 */
import { psiVariances } from './linear-variance.ts';

export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'Ad';
export type SeasonType = 'N' | 'A' | 'M';

/** One member of the ETS family. */
export interface EtsSpec {
  error: ErrorType;
  trend: TrendType;
  season: SeasonType;
  /** Seasonal period (1 when season is 'N'). */
  m: number;
}

/** Smoothing parameters and initial states of an ETS model (R's parameterisation). */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  l0: number;
  b0: number;
  /** Initial seasonal indices in observation order (length m; empty when no season). */
  season0: Float64Array;
}

/** Model name as R prints it, e.g. "ETS(M,Ad,M)". */
export function etsName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/** Output of a filtering pass. */
export interface EtsFilterOutput {
  /** R's `lik`: n log Σe² (+ 2 Σ log|f| for multiplicative error); Infinity when undefined. */
  lik: number;
  /** Σ e² over observed periods. */
  sse: number;
  /** Number of observed (non-NaN) periods. */
  nObs: number;
  /** Final level and trend. */
  l: number;
  b: number;
}

const TOL = 1e-10;

/**
 * Runs the ETS recursion over y (NaN = missing) from the given parameters. `season` is a work
 * buffer of length max(m,1): it is overwritten with a copy of `p.season0` and ends holding the
 * final seasonal states (buffer index i mod m = season for the observation at i after the end,
 * i.e. index n mod m is the next one used). `resid`, when given, receives e_t (NaN when missing).
 */
export function etsFilter(
  y: ArrayLike<number>,
  spec: EtsSpec,
  p: EtsParams,
  season: Float64Array,
  resid: Float64Array | null,
  out: EtsFilterOutput,
): EtsFilterOutput {
  const n = y.length;
  const m = spec.m;
  const trend = spec.trend === 'N' ? 0 : 1;
  const seas = spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2;
  const multErr = spec.error === 'M';
  const alpha = p.alpha;
  const beta = trend ? p.beta : 0;
  const gamma = seas ? p.gamma : 0;
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const betaOverAlpha = beta / alpha;
  if (seas) for (let j = 0; j < m; j++) season[j] = p.season0[j];
  let l = p.l0;
  let b = trend ? p.b0 : 0;
  let sse = 0;
  let sumLogF = 0;
  let nObs = 0;
  let si = 0;
  let bad = false;
  for (let i = 0; i < n; i++) {
    const phib = phi * b;
    const q = l + phib;
    const s = seas ? season[si] : seas === 0 ? 0 : 0;
    let f: number;
    if (seas === 0) f = q;
    else if (seas === 1) f = q + s;
    else f = q * s;
    let yi = y[i];
    if (yi !== yi) {
      // missing: propagate with the forecast
      yi = f;
      if (resid) resid[i] = NaN;
    } else {
      let e: number;
      if (multErr) {
        if (Math.abs(f) < TOL) f += TOL;
        e = (yi - f) / f;
        sumLogF += Math.log(Math.abs(f));
      } else e = yi - f;
      if (resid) resid[i] = e;
      sse += e * e;
      nObs++;
    }
    // level
    const pp = seas === 0 ? yi : seas === 1 ? yi - s : yi / s;
    const lNew = q + alpha * (pp - q);
    if (trend) b = phib + betaOverAlpha * (lNew - l - phib);
    if (seas) {
      const t = seas === 1 ? yi - q : yi / q;
      season[si] = s + gamma * (t - s);
      si++;
      if (si === m) si = 0;
    }
    l = lNew;
    if (!(Math.abs(l) < 1e300)) bad = true;
  }
  out.sse = sse;
  out.nObs = nObs;
  out.l = l;
  out.b = b;
  let lik = nObs * Math.log(sse) + (multErr ? 2 * sumLogF : 0);
  if (bad || Number.isNaN(lik)) lik = Infinity;
  if (lik < -1e10) lik = -1e10;
  out.lik = lik;
  return out;
}

/**
 * Point forecasts for steps 1..h from the final states (R's forecast() in etscalc.c). `season`
 * is the final seasonal buffer from etsFilter and `n` the series length (so index (n+j-1) mod m
 * is the season for step j).
 */
export function etsPointForecast(spec: EtsSpec, phi: number, l: number, b: number, season: Float64Array, n: number, h: number): Float64Array {
  const out = new Float64Array(h);
  const m = spec.m;
  const damped = spec.trend === 'Ad';
  let phistar = damped ? phi : 1;
  for (let j = 0; j < h; j++) {
    let f = spec.trend === 'N' ? l : l + phistar * b;
    if (spec.season === 'A') f += season[(n + j) % m];
    else if (spec.season === 'M') f *= season[(n + j) % m];
    out[j] = f;
    phistar += damped ? Math.pow(phi, j + 2) : 1;
  }
  return out;
}

/**
 * The ψ-weights c_j (j = 1..h-1) of a linear ETS model: the effect of today's innovation on the
 * forecast j steps ahead (Hyndman et al. 2008, Table 6.1, in R's parameterisation):
 *   c_j = α + β (φ + … + φ^j) + γ·1{j mod m = 0}.
 * Returned with c_0 = 1 at index 0.
 */
export function etsPsiWeights(spec: EtsSpec, p: EtsParams, h: number): Float64Array {
  const c = new Float64Array(Math.max(h, 1));
  c[0] = 1;
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  let phiSum = 0;
  let phiPow = 1;
  for (let j = 1; j < h; j++) {
    phiPow *= phi;
    phiSum += phiPow;
    let v = p.alpha;
    if (spec.trend !== 'N') v += p.beta * phiSum;
    if (spec.season !== 'N' && j % spec.m === 0) v += p.gamma;
    c[j] = v;
  }
  return c;
}

/**
 * Forecast-error variances per step and of the cumulative sum over steps 1..k (see
 * psiVariances), with a_j = 1 for additive errors (exact for the linear models, Hyndman et al.
 * 2008 §6.3) and a_j = ŷ_{n+j} for multiplicative errors (a first-order approximation of their
 * §6.4 results that avoids simulation).
 */
export function etsVariances(spec: EtsSpec, p: EtsParams, sigma2: number, mean: Float64Array): { variance: Float64Array; cumVariance: Float64Array } {
  const c = etsPsiWeights(spec, p, mean.length);
  return psiVariances(sigma2, c, spec.error === 'M' ? mean : null, mean.length);
}
