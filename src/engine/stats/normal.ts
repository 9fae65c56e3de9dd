/**
 * The normal distribution: density, distribution function, quantile and the standard normal
 * loss functions used by safety-stock formulas.
 *
 * Accuracy: `normalCdf` uses W. J. Cody's rational Chebyshev approximations of erf/erfc
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969), relative
 * error below 1e-15 over the whole range including the far tails; `normalQuantile` uses Wichura's
 * algorithm AS 241 (PPND16, Applied Statistics 37, 1988), relative accuracy about 1e-16.
 */

const SQRT_2PI = 2.5066282746310002; // sqrt(2*pi)
const LN_SQRT_2PI = 0.9189385332046728; // ln(sqrt(2*pi))
const SQRT_32 = 5.656854249492380195206754896838; // sqrt(32)

/** Standard normal density phi(z) = exp(-z^2/2) / sqrt(2 pi). */
export function stdNormalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_2PI;
}

/** Natural log of the standard normal density. */
export function stdNormalLogPdf(z: number): number {
  return -0.5 * z * z - LN_SQRT_2PI;
}

// Cody's coefficients (as in his CALERF/ANORM routines).
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const M_1_SQRT_2PI = 0.398942280401432677939946059934;

/**
 * Both tails of the standard normal: returns [Phi(z), 1 - Phi(z)], each computed without
 * cancellation (Cody 1969). Used so that upper-tail probabilities stay accurate far out.
 */
export function stdNormalCdfBoth(z: number): [number, number] {
  if (Number.isNaN(z)) return [NaN, NaN];
  const y = Math.abs(z);
  let lower: number;
  let upper: number;
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    const ysq = y > 1.11e-16 ? z * z : 0;
    xnum = A[4] * ysq;
    xden = ysq;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]) * ysq;
      xden = (xden + B[i]) * ysq;
    }
    const t = (z * (xnum + A[3])) / (xden + B[3]);
    return [0.5 + t, 0.5 - t];
  } else if (y <= SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    const tail = (xnum + C[7]) / (xden + D[7]);
    // exp(-y^2/2) split to keep precision: y = ysq + del.
    const ysq = Math.trunc(y * 16) / 16;
    const del = (y - ysq) * (y + ysq);
    const small = Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5) * tail;
    lower = small;
    upper = 1 - small;
  } else {
    if (y > 40) {
      lower = 0;
      upper = 1;
    } else {
      const ysq = 1 / (z * z);
      let xnum = P[5] * ysq;
      let xden = ysq;
      for (let i = 0; i < 4; i++) {
        xnum = (xnum + P[i]) * ysq;
        xden = (xden + Q[i]) * ysq;
      }
      let tail = (ysq * (xnum + P[4])) / (xden + Q[4]);
      tail = (M_1_SQRT_2PI - tail) / y;
      const ys = Math.trunc(z * 16) / 16;
      const del = (z - ys) * (z + ys);
      const small = Math.exp(-ys * ys * 0.5) * Math.exp(-del * 0.5) * tail;
      lower = small;
      upper = 1 - small;
    }
  }
  // `lower` holds the tail beyond |z|; orient it.
  return z > 0 ? [upper, lower] : [lower, upper];
}

/** Standard normal distribution function Phi(z) (Cody 1969, relative error < 1e-15). */
export function stdNormalCdf(z: number): number {
  return stdNormalCdfBoth(z)[0];
}

/** Standard normal survival function 1 - Phi(z), accurate in the upper tail. */
export function stdNormalSf(z: number): number {
  return stdNormalCdfBoth(z)[1];
}

/**
 * Standard normal quantile Phi^-1(p) by Wichura's AS 241 (PPND16), accurate to about 1e-16.
 * Returns -Infinity for p = 0, +Infinity for p = 1, NaN outside [0, 1].
 */
export function stdNormalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852545561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}

/**
 * Standard normal first-order loss function L(z) = E[(Z - z)^+] = phi(z) - z (1 - Phi(z)).
 * Multiply by sigma for a N(mu, sigma^2) variable: E[(X - x)^+] = sigma * L((x - mu) / sigma).
 */
export function stdNormalLoss(z: number): number {
  if (z < -38) return -z; // phi and Phi underflow; L(z) -> -z
  return Math.max(0, stdNormalPdf(z) - z * stdNormalSf(z));
}

/**
 * Standard normal second-order loss function
 * L2(z) = 1/2 E[((Z - z)^+)^2] = 1/2 [ (z^2 + 1)(1 - Phi(z)) - z phi(z) ].
 * For N(mu, sigma^2): 1/2 E[((X - x)^+)^2] = sigma^2 * L2((x - mu) / sigma).
 */
export function stdNormalLoss2(z: number): number {
  if (z < -38) return 0.5 * (z * z + 1);
  return Math.max(0, 0.5 * ((z * z + 1) * stdNormalSf(z) - z * stdNormalPdf(z)));
}

/**
 * Inverse of the standard normal loss function: the z with L(z) = target (target > 0).
 * L is strictly decreasing with L'(z) = -(1 - Phi(z)); solved by safeguarded Newton steps.
 * Used for fill-rate safety factors: k = L^-1((1 - fillRate) * Q / sigma).
 */
export function stdNormalLossInverse(target: number): number {
  if (!(target > 0)) return target === 0 ? Infinity : NaN;
  // Bracket: L(z) ~ -z for z << 0, L(z) tiny for z >> 0.
  let lo = -Math.max(1, target) - 1;
  let hi = 40;
  let z = target >= 0.3989 ? -target : 0; // rough start (L(0) = 0.3989)
  for (let i = 0; i < 200; i++) {
    const f = stdNormalLoss(z) - target;
    if (f > 0) lo = z;
    else hi = z;
    const slope = -stdNormalSf(z);
    let next = slope !== 0 ? z - f / slope : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - z) <= 1e-14 * Math.max(1, Math.abs(z))) return next;
    z = next;
  }
  return z;
}

/** Normal density with mean mu and standard deviation sigma (> 0). */
export function normalPdf(x: number, mu: number, sigma: number): number {
  return stdNormalPdf((x - mu) / sigma) / sigma;
}

/** Normal distribution function with mean mu and standard deviation sigma (> 0). */
export function normalCdf(x: number, mu: number, sigma: number): number {
  return stdNormalCdf((x - mu) / sigma);
}

/** Normal quantile: mu + sigma * Phi^-1(p). */
export function normalQuantile(p: number, mu: number, sigma: number): number {
  return mu + sigma * stdNormalQuantile(p);
}
