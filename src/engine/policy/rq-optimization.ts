/**
 * Cost-optimal (r, Q) policies with backorders (Snyder & Shen, "Fundamentals of Supply Chain
 * Theory", 2nd ed. 2019, ch. 5). Notation: h holding cost / unit / time, p stockout (backorder)
 * cost / unit / time, K fixed cost per order, lambda mean demand per time unit, tau its standard
 * deviation, L lead time (time units). Lead-time demand: mean lambda L, sd tau sqrt(L).
 *
 * Exact cost (eq. 5.7): g(r, Q) = (K lambda + integral_r^{r+Q} g(y) dy) / Q with the newsvendor
 * cost g(y) = h (y - mu) + (h + p) n(y), hence for continuous demand
 *   integral_r^{r+Q} g = h [((r+Q-mu)^2 - (r-mu)^2) / 2] + (h + p)(n2(r) - n2(r+Q)).
 * For discrete demand the integral is the sum over y = r+1 .. r+Q (eq. 5.48).
 */
import { economicOrderQuantity } from './eoq.ts';
import type { PolicyExplanation } from './explanation.ts';
import { fromMoments, poissonDistribution, type Distribution } from '../stats/index.ts';

export interface RqCostInputs {
  holdingCost: number;
  stockoutCost: number;
  fixedCost: number;
  /** Mean demand per time unit (lambda). */
  demandMean: number;
  /** Standard deviation of demand per time unit (tau); ignored for Poisson. */
  demandSd?: number;
  /** Lead time in time units (L). */
  leadTime: number;
}

export interface RqResult {
  reorderPoint: number;
  orderQuantity: number;
  /** Expected cost per time unit. */
  cost: number;
  iterations: number;
  explanation: PolicyExplanation;
}

function rqExplanation(policy: 'rq-eil' | 'rq-poisson-exact', i: RqCostInputs, d: Distribution, r: number, q: number, note: string): PolicyExplanation {
  const sd = Math.sqrt(d.variance);
  return {
    policy,
    demandPerPeriod: { mean: i.demandMean, sd: policy === 'rq-poisson-exact' ? Math.sqrt(i.demandMean) : (i.demandSd ?? 0) },
    leadTime: { mean: i.leadTime, sd: 0 },
    reviewPeriod: 0,
    protectionPeriods: i.leadTime,
    protectionDemand: { mean: d.mean, sd, family: d.family },
    safetyStock: r - d.mean,
    safetyFactor: sd > 0 ? (r - d.mean) / sd : 0,
    reorderPoint: r,
    orderQuantity: q,
    expected: { cycleService: d.cdf(r), fillRate: 1 - (d.loss(r) - d.loss(r + q)) / q, shortagePerCycle: d.loss(r) - d.loss(r + q) },
    assumptions: [`backorders; costs h = ${i.holdingCost}, p = ${i.stockoutCost}, K = ${i.fixedCost}`, note],
  };
}

function check(i: RqCostInputs): void {
  if (!(i.holdingCost > 0) || !(i.stockoutCost > 0) || !(i.fixedCost > 0)) throw new RangeError('holding, stockout and fixed costs must be > 0');
  if (!(i.demandMean >= 0) || !(i.leadTime >= 0) || !((i.demandSd ?? 0) >= 0)) throw new RangeError('demand mean, demand sd and lead time must be >= 0');
}

/** Normal lead-time demand N(lambda L, tau^2 L). */
function normalLtd(i: RqCostInputs): Distribution {
  return fromMoments(i.demandMean * i.leadTime, (i.demandSd ?? 0) ** 2 * i.leadTime, 'normal');
}

/** Exact expected cost per time unit of (r, Q) with normal demand (eq. 5.7, closed form above). */
export function rqCostNormal(r: number, q: number, i: RqCostInputs): number {
  check(i);
  if (!(q > 0)) throw new RangeError(`order quantity must be > 0 (got ${q})`);
  const d = normalLtd(i);
  const mu = d.mean;
  const integral = (i.holdingCost * ((r + q - mu) ** 2 - (r - mu) ** 2)) / 2 + (i.holdingCost + i.stockoutCost) * (d.loss2(r) - d.loss2(r + q));
  return (i.fixedCost * i.demandMean + integral) / q;
}

/**
 * Expected-inventory-level (EIL) approximation, Snyder & Shen Algorithm 5.1 (eqs. 5.16-5.18):
 * iterate r = F^-1(1 - Q h / (p lambda)) and Q = sqrt(2 lambda (K + p n(r)) / h) from Q = EOQ until
 * both change by less than `tol`; cost = h (r - lambda L + Q/2) + K lambda / Q + p lambda n(r) / Q.
 * Normal lead-time demand.
 */
export function rqEilApproximation(i: RqCostInputs, tol = 1e-10): RqResult {
  check(i);
  const d = normalLtd(i);
  const { holdingCost: h, stockoutCost: p, fixedCost: K, demandMean: lambda } = i;
  let q = economicOrderQuantity(K, h, lambda).orderQuantity;
  let r = 0;
  let it = 0;
  for (; it < 10_000; it++) {
    const ratio = 1 - (q * h) / (p * lambda);
    if (!(ratio > 0)) throw new RangeError('EIL approximation has no solution: Q h / (p lambda) >= 1 (stockout cost too low)');
    const rNext = d.quantile(ratio);
    const qNext = Math.sqrt((2 * lambda * (K + p * d.loss(rNext))) / h);
    const done = Math.abs(rNext - r) <= tol && Math.abs(qNext - q) <= tol;
    r = rNext;
    q = qNext;
    if (done) break;
  }
  const cost = h * (r - d.mean + q / 2) + (K * lambda) / q + (p * lambda * d.loss(r)) / q;
  return { reorderPoint: r, orderQuantity: q, cost, iterations: it + 1, explanation: rqExplanation('rq-eil', i, d, r, q, 'expected-inventory-level approximation (Snyder & Shen Algorithm 5.1), normal lead-time demand') };
}

/** Exact cost per time unit of integer (r, Q) with Poisson demand (eq. 5.48). */
export function rqCostPoisson(r: number, q: number, i: RqCostInputs): number {
  check(i);
  if (!(Number.isInteger(r) && Number.isInteger(q) && q >= 1)) throw new RangeError('r must be an integer and Q a positive integer');
  const d = poissonOrPointMass(i.demandMean * i.leadTime);
  let sum = 0;
  for (let y = r + 1; y <= r + q; y++) sum += newsvendorG(y, i, d);
  return (i.fixedCost * i.demandMean + sum) / q;
}

/**
 * Optimal integer (r, Q) for Poisson demand by Federgruen & Zheng (1992): start from the
 * newsvendor base stock S* (smallest S with F(S) >= p/(p+h)), Q = 1, r = S* - 1; grow Q by one,
 * extending the window {r+1, .., r+Q} of y values to the side with smaller g(y) (g convex),
 * until the average cost (K lambda + sum g) / Q stops decreasing.
 */
export function rqPoissonExact(i: RqCostInputs): RqResult {
  check(i);
  const d = poissonOrPointMass(i.demandMean * i.leadTime);
  const alpha = i.stockoutCost / (i.stockoutCost + i.holdingCost);
  const s = d.quantile(alpha);
  let q = 1;
  let r = s - 1;
  let sum = newsvendorG(s, i, d);
  let cost = (i.fixedCost * i.demandMean + sum) / q;
  let it = 0;
  for (; it < 1_000_000; it++) {
    const left = newsvendorG(r, i, d);
    const right = newsvendorG(r + q + 1, i, d);
    const nextR = left < right ? r - 1 : r;
    const nextSum = sum + Math.min(left, right);
    const nextCost = (i.fixedCost * i.demandMean + nextSum) / (q + 1);
    if (nextCost > cost) break;
    r = nextR;
    sum = nextSum;
    q += 1;
    cost = nextCost;
  }
  return { reorderPoint: r, orderQuantity: q, cost, iterations: it + 1, explanation: rqExplanation('rq-poisson-exact', i, d, r, q, 'exact optimum for Poisson demand (Federgruen & Zheng 1992)') };
}

function newsvendorG(y: number, i: RqCostInputs, d: Distribution): number {
  return i.holdingCost * (y - d.mean) + (i.holdingCost + i.stockoutCost) * d.loss(y);
}

function poissonOrPointMass(mu: number): Distribution {
  return mu > 0 ? poissonDistribution(mu) : fromMoments(0, 0, 'poisson');
}
