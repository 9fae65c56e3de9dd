/**
 * Exact profiling of the initial states for the linear ETS models (additive error, trend N/A/Ad,
 * season N/A). For fixed smoothing parameters the one-step errors are affine in the initial state
 * vector x0 (innovations form: e_t = y_t - w'x_{t-1}, x_t = F x_{t-1} + g e_t, missing periods
 * have e_t = 0), so
 *   e(x0) = e⁽⁰⁾ + E x0,   E = [e⁽ʲ⁾] the responses to unit initial states with y ≡ 0,
 * and the x0 minimising Σe² is the least-squares solution x0* = -(EᵀE)⁻¹ Eᵀ e⁽⁰⁾. The
 * likelihood is then minimised by Nelder-Mead over the 1-4 smoothing parameters only. This finds
 * the same maximum-likelihood estimate R's ets searches for with a 17-dimensional Nelder-Mead
 * (monthly data), faster and more reliably. The seasonal basis respects Σ s = 0.
 */
import { etsFilter, type EtsFilterOutput, type EtsParams, type EtsSpec } from './ets-core.ts';
import { etsParamCount, evaluateEts, unpackSmoothing, type EtsFit, type EtsFitOptions } from './ets-fit.ts';
import { nelderMead } from './nelder-mead.ts';

/** Series at least this long are fitted by alternating profiling (see fitEtsLinear). */
export const ALTERNATING_MIN_N = 200;

/** Solves the symmetric positive (semi-)definite system A x = b in place by Cholesky with a tiny ridge. Returns false if singular. */
function choleskySolve(A: Float64Array, b: Float64Array, k: number): boolean {
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, A[i * k + i]);
  const ridge = maxDiag * 1e-12 + 1e-300;
  for (let i = 0; i < k; i++) A[i * k + i] += ridge;
  for (let j = 0; j < k; j++) {
    let d = A[j * k + j];
    for (let p = 0; p < j; p++) d -= A[j * k + p] * A[j * k + p];
    if (!(d > 0)) return false;
    d = Math.sqrt(d);
    A[j * k + j] = d;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * k + j];
      for (let p = 0; p < j; p++) s -= A[i * k + p] * A[j * k + p];
      A[i * k + j] = s / d;
    }
  }
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= A[i * k + p] * b[p];
    b[i] = s / A[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let p = i + 1; p < k; p++) s -= A[p * k + i] * b[p];
    b[i] = s / A[i * k + i];
  }
  return true;
}

/** True when `fitEtsLinear` applies to the model. */
export function isLinearEts(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season !== 'M';
}

/**
 * Maximum-likelihood fit of a linear ETS model with profiled initial states (see file comment).
 * Returns null when the model has too many parameters for the data or cannot be fitted.
 */
export function fitEtsLinear(y: ArrayLike<number>, spec: EtsSpec, options: EtsFitOptions & { alternating?: boolean } = {}): EtsFit | null {
  const m = spec.season === 'N' ? 1 : spec.m;
  const s: EtsSpec = { ...spec, m };
  const n = y.length;
  const hasB = s.trend !== 'N';
  const hasPhi = s.trend === 'Ad';
  const hasS = s.season !== 'N';
  let nObs = 0;
  for (let i = 0; i < n; i++) if (y[i] === y[i]) nObs++;
  if (nObs <= etsParamCount(s) + 4) return null;
  const complete = nObs === n;
  const k0 = 1 + (hasB ? 1 : 0) + (hasS ? m - 1 : 0);
  const yz = new Float64Array(n);
  for (let i = 0; i < n; i++) yz[i] = y[i] === y[i] ? 0 : NaN;
  const e0 = new Float64Array(n);
  const E = new Float64Array(k0 * n);
  const col = new Float64Array(n);
  const A = new Float64Array(k0 * k0);
  const c = new Float64Array(k0);
  const rhs = new Float64Array(k0);
  const work = new Float64Array(m);
  const out: EtsFilterOutput = { lik: 0, sse: 0, nObs: 0, l: 0, b: 0 };
  const params: EtsParams = { alpha: 0.5, beta: 0.1, gamma: 0.1, phi: 0.97, l0: 0, b0: 0, season0: new Float64Array(m) };

  const setBasis = (j: number) => {
    params.l0 = 0;
    params.b0 = 0;
    params.season0.fill(0);
    if (j < 0) return;
    if (j === 0) params.l0 = 1;
    else if (hasB && j === 1) params.b0 = 1;
    else {
      const sj = j - (hasB ? 2 : 1) + 1; // buffer index 1..m-1
      params.season0[sj] = 1;
      params.season0[0] = -1;
    }
  };
  /** Profiles x0 for the current smoothing parameters; leaves the solution in c, returns min SSE. */
  const profile = (): number => {
    setBasis(-1);
    etsFilter(y, s, params, work, e0, out);
    if (!Number.isFinite(out.lik) && out.sse !== 0) return Infinity;
    const firstSeason = hasB ? 2 : 1;
    if (complete && hasS) {
      // Time invariance: a unit seasonal state used first at observation j responds like the one
      // at 0 delayed by j periods, so r(t) (unit at buffer 0, no constraint) gives every column:
      // E_j(t) = r(t - j) - r(t).
      for (let j = 0; j < firstSeason; j++) {
        setBasis(j);
        etsFilter(yz, s, params, work, col, out);
        E.set(col, j * n);
      }
      setBasis(-1);
      params.season0[0] = 1;
      etsFilter(yz, s, params, work, col, out);
      for (let j = 1; j < m; j++) {
        const off = (firstSeason + j - 1) * n;
        for (let t = 0; t < n; t++) E[off + t] = (t >= j ? col[t - j] : 0) - col[t];
      }
    } else {
      for (let j = 0; j < k0; j++) {
        setBasis(j);
        etsFilter(yz, s, params, work, col, out);
        E.set(col, j * n);
      }
    }
    A.fill(0);
    c.fill(0);
    let sse0 = 0;
    for (let t = 0; t < n; t++) {
      const et = e0[t];
      if (et !== et) continue;
      sse0 += et * et;
      for (let a = 0; a < k0; a++) {
        const ea = E[a * n + t];
        c[a] -= ea * et;
        for (let b = 0; b <= a; b++) A[a * k0 + b] += ea * E[b * n + t];
      }
    }
    for (let a = 0; a < k0; a++) for (let b = 0; b < a; b++) A[b * k0 + a] = A[a * k0 + b];
    rhs.set(c);
    if (!choleskySolve(A, c, k0)) return Infinity;
    // min SSE = Σe0² - rhsᵀ x*  (rhs = -Eᵀe0)
    let red = 0;
    for (let a = 0; a < k0; a++) red += rhs[a] * c[a];
    return Math.max(sse0 - red, 1e-300);
  };
  const unpack = (x: ArrayLike<number>): boolean => {
    if (unpackSmoothing(x, params, hasB, hasS, hasPhi) < 0) return false;
    return true;
  };
  const objective = (x: Float64Array): number => {
    if (!unpack(x)) return Infinity;
    const sse = profile();
    return nObs * Math.log(sse);
  };
  // a few starting points: R's (small α) and a responsive one
  const starts: number[][] = [];
  for (const a0 of [0.1, 0.5]) {
    const x: number[] = [a0];
    if (hasB) x.push(Math.min(0.05, a0 / 2));
    if (hasS) x.push(Math.min(0.1, (1 - a0) / 2));
    if (hasPhi) x.push(0.95);
    starts.push(x);
  }
  const step = starts[0].map((_, i) => (hasPhi && i === starts[0].length - 1 ? 0.05 : 0.08));
  const maxEval = Math.min(options.maxEval ?? 2000, 400);
  const reltol = options.reltol ?? 1e-8;
  let best: { x: Float64Array; value: number } | null = null;
  const alternating = options.alternating ?? n >= ALTERNATING_MIN_N;
  if (alternating) {
    // Long series: profile x0 at the start, optimise the smoothing parameters with x0 held
    // fixed (one filter pass per evaluation), re-profile x0 at that optimum and repeat once.
    // The initial states of a long series barely move the likelihood, so this reaches the
    // joint optimum closely at a fraction of the cost (docs/forecasting.md, "Speed").
    const fixed = { l0: 0, b0: 0, season0: new Float64Array(m) };
    const storeStates = () => {
      let i = 0;
      fixed.l0 = c[i++];
      fixed.b0 = hasB ? c[i++] : 0;
      if (hasS) {
        let sum = 0;
        for (let j = 1; j < m; j++) (fixed.season0[j] = c[i++]), (sum += fixed.season0[j]);
        fixed.season0[0] = -sum;
      }
    };
    const objFixed = (x: Float64Array): number => {
      if (!unpack(x)) return Infinity;
      params.l0 = fixed.l0;
      params.b0 = fixed.b0;
      params.season0.set(fixed.season0);
      return etsFilter(y, s, params, work, null, out).lik;
    };
    let x: ArrayLike<number> = starts[0];
    for (let round = 0; round < 2; round++) {
      if (!unpack(x)) return null;
      const sse = profile();
      if (!Number.isFinite(sse)) return null;
      // stop when re-profiling the states no longer moves the likelihood (< 0.5)
      if (best && best.value - nObs * Math.log(sse) < 0.5) break;
      storeStates();
      const r = nelderMead(objFixed, x, { step: round === 0 ? step : step.map((v) => v / 2), maxEval, reltol: 1e-6 });
      if (!Number.isFinite(r.value)) return null;
      x = r.x;
      best = r;
    }
  } else {
    for (const x0 of starts) {
      const r = nelderMead(objective, x0, { step, maxEval, reltol });
      if (!best || r.value < best.value) best = r;
    }
    if (best && Number.isFinite(best.value)) {
      // one restart from the best point with a smaller simplex (guards against a stalled simplex)
      const again = nelderMead(objective, best.x, { step: step.map((v) => v / 2), maxEval, reltol });
      if (again.value < best.value) best = again;
    }
  }
  if (!best || !Number.isFinite(best.value) || !unpack(best.x)) return null;
  if (!Number.isFinite(profile())) return null;
  let i = 0;
  const final: EtsParams = { ...params, season0: new Float64Array(m) };
  final.l0 = c[i++];
  if (hasB) final.b0 = c[i++];
  if (hasS) {
    let sum = 0;
    for (let j = 1; j < m; j++) {
      final.season0[j] = c[i++];
      sum += final.season0[j];
    }
    final.season0[0] = -sum;
  }
  return evaluateEts(y, s, final);
}
