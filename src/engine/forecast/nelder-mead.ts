/**
 * Nelder-Mead simplex minimiser (Nelder & Mead 1965), in the variant of R's `optim` (nmmin:
 * reflection 1, contraction 0.5, expansion 2, shrink towards the best vertex) but with a
 * per-coordinate initial step so that smoothing parameters (order 0.1) and state values (order of
 * the data) each get a sensible simplex. Allocation-free inside the iteration loop.
 */

export interface NelderMeadOptions {
  /** Initial step for each coordinate (same length as x0). */
  step: ArrayLike<number>;
  /** Stop when (fmax - fmin) <= reltol * (|fmin| + reltol). Default 1e-8 (as R's optim). */
  reltol?: number;
  /** Maximum number of objective evaluations. Default 2000. */
  maxEval?: number;
}

export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  evaluations: number;
}

/**
 * Minimises `f` from `x0`. `f` may return Infinity for points outside the feasible region
 * (a barrier, as R's ets does with its 1e12 penalty). `f` must not keep a reference to its argument.
 */
export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: NelderMeadOptions): NelderMeadResult {
  const n = x0.length;
  const reltol = options.reltol ?? 1e-8;
  const maxEval = options.maxEval ?? 2000;
  const np1 = n + 1;
  const simplex = new Float64Array(np1 * n);
  const fv = new Float64Array(np1);
  const centroid = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const tmp = new Float64Array(n);
  let evals = 0;
  const evalAt = (x: Float64Array): number => {
    evals++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  for (let j = 0; j < n; j++) simplex[j] = x0[j];
  for (let j = 0; j < n; j++) tmp[j] = x0[j];
  fv[0] = evalAt(tmp);
  for (let i = 1; i < np1; i++) {
    const off = i * n;
    for (let j = 0; j < n; j++) simplex[off + j] = x0[j];
    const s = options.step[i - 1] || 0.1;
    simplex[off + i - 1] += s;
    for (let j = 0; j < n; j++) tmp[j] = simplex[off + j];
    fv[i] = evalAt(tmp);
    if (!Number.isFinite(fv[i])) {
      // try the other direction before giving up on this vertex
      simplex[off + i - 1] = x0[i - 1] - s;
      tmp[i - 1] = simplex[off + i - 1];
      fv[i] = evalAt(tmp);
    }
  }
  while (evals < maxEval) {
    // find best (lo), worst (hi) and second worst (nh)
    let lo = 0;
    let hi = 0;
    for (let i = 1; i < np1; i++) {
      if (fv[i] < fv[lo]) lo = i;
      if (fv[i] > fv[hi]) hi = i;
    }
    let nh = lo;
    for (let i = 0; i < np1; i++) if (i !== hi && fv[i] > fv[nh]) nh = i;
    const fLo = fv[lo];
    const fHi = fv[hi];
    if (Number.isFinite(fHi) && fHi - fLo <= reltol * (Math.abs(fLo) + reltol)) break;
    // centroid of all but the worst
    centroid.fill(0);
    for (let i = 0; i < np1; i++) {
      if (i === hi) continue;
      const off = i * n;
      for (let j = 0; j < n; j++) centroid[j] += simplex[off + j];
    }
    for (let j = 0; j < n; j++) centroid[j] /= n;
    const hOff = hi * n;
    for (let j = 0; j < n; j++) xr[j] = 2 * centroid[j] - simplex[hOff + j];
    const fr = evalAt(xr);
    if (fr < fLo) {
      for (let j = 0; j < n; j++) xe[j] = 3 * centroid[j] - 2 * simplex[hOff + j];
      const fe = evalAt(xe);
      const src = fe < fr ? xe : xr;
      for (let j = 0; j < n; j++) simplex[hOff + j] = src[j];
      fv[hi] = fe < fr ? fe : fr;
      continue;
    }
    if (fr < fv[nh]) {
      for (let j = 0; j < n; j++) simplex[hOff + j] = xr[j];
      fv[hi] = fr;
      continue;
    }
    // contraction (outside if the reflection improved on the worst, else inside)
    const outside = fr < fHi;
    for (let j = 0; j < n; j++) {
      const base = outside ? xr[j] : simplex[hOff + j];
      xe[j] = 0.5 * (centroid[j] + base);
    }
    const fc = evalAt(xe);
    if (fc < (outside ? fr : fHi)) {
      for (let j = 0; j < n; j++) simplex[hOff + j] = xe[j];
      fv[hi] = fc;
      continue;
    }
    // shrink towards the best vertex
    const lOff = lo * n;
    for (let i = 0; i < np1; i++) {
      if (i === lo) continue;
      const off = i * n;
      for (let j = 0; j < n; j++) {
        simplex[off + j] = 0.5 * (simplex[off + j] + simplex[lOff + j]);
        tmp[j] = simplex[off + j];
      }
      fv[i] = evalAt(tmp);
    }
  }
  let best = 0;
  for (let i = 1; i < np1; i++) if (fv[i] < fv[best]) best = i;
  return { x: simplex.slice(best * n, best * n + n), value: fv[best], evaluations: evals };
}
