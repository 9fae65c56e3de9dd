/**
 * Forecast-error variances of a model in innovations (ψ-weight) form:
 *   y_{n+j} - ŷ_{n+j} = a_j Σ_{i=1}^{j} c_{j-i} ε_{n+i},  c_0 = 1,  Var ε = σ².
 * Per step:      Var_j = σ² a_j² Σ_{i=0}^{j-1} c_i²
 * Sum of 1..k:   Var(Σ_{j<=k}) = σ² Σ_{i=1}^{k} (Σ_{j=i}^{k} a_j c_{j-i})²
 * (Hyndman et al. 2008 §6.3 for the linear ETS models, where a_j = 1.) O(h²) for all k.
 */
export function psiVariances(sigma2: number, c: ArrayLike<number>, a: ArrayLike<number> | null, h: number): { variance: Float64Array; cumVariance: Float64Array } {
  const variance = new Float64Array(h);
  const cumVariance = new Float64Array(h);
  const partial = new Float64Array(h);
  let sumC2 = 0;
  for (let k = 0; k < h; k++) {
    const ak = a ? a[k] : 1;
    sumC2 += c[k] * c[k];
    variance[k] = sigma2 * ak * ak * sumC2;
    let tot = 0;
    for (let i = 0; i <= k; i++) {
      partial[i] += ak * c[k - i];
      tot += partial[i] * partial[i];
    }
    cumVariance[k] = sigma2 * tot;
  }
  return { variance, cumVariance };
}
