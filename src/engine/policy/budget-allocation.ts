/**
 * Budget allocation: which of a plan's order lines to fund, and how far, when the cash for them is
 * limited (a budget for the whole order, caps per supplier or per policy). Pure: no I/O, no clock.
 *
 * Every unit bought is cash committed to a demand bet. When the lines a plan asks for cost more
 * than the buyer may spend, something is not bought now; the question is what costs the least.
 * A line left out now can be ordered at the next review, so what deferring its units loses is the
 * sales they would have made in the **cycle** after the order arrives, before a later order could
 * arrive: R days (the review period) after the lead time L. Units beyond the cycle's demand (a lot
 * for several cycles, an MOQ's surplus) sell later whichever way, so they are worth the least now.
 *
 * Value of a line's first q units (`cycleSales`), with lost sales: the stock left when the order
 * arrives is a = (IP⁺ - D_L)⁺ (IP the inventory position, D_L the lead-time demand), units reserved
 * beyond the position (a backlog b = (-IP)⁺) are sold first and for sure, and the rest of the
 * order serves the cycle's demand D_C:
 *
 *   sales(q) = min(q, b) + E[ n_C(a) - n_C(a + (q - b)⁺) ],   n_C(x) = E[(D_C - x)⁺]
 *
 * (D_L and D_C independent; the expectation over D_L is exact for small count supports and on 32
 * equiprobable quantiles otherwise). sales(q) is concave in q: each further unit sells with a
 * lower probability. A unit's worth is its sale probability times the value of a sale (the gross
 * margin price - cost by default: return on the cash), so a line's benefit per money spent falls as
 * it grows.
 *
 * Allocation (marginal analysis, the Lagrangian of the multi-item budget problem: fund units in
 * decreasing benefit per money until the budget is spent; Hadley & Whitin 1963 ch. 6, Silver,
 * Pyke & Thomas 2017 §8.4 for the budget-constrained multi-item case):
 * 1. a line grows in increments of whole order steps (case pack x order multiple), at most
 *    `maxIncrements` per line (larger lines take several steps at once);
 * 2. lines that share a supplier minimum (one SKU's locations on one supplier's order: the MOQ)
 *    form a group whose total is 0 or at least the minimum; inside a group the next increment is
 *    always the one with the highest benefit per money, and the increments that leave the group
 *    below its minimum are bundled into the first step that reaches it;
 * 3. a group's path is replaced by its upper concave hull (benefit against cost), so a bundle whose
 *    average return is high is not rejected for its poor first units;
 * 4. every group's hull segments are funded in decreasing benefit per money while the budget and
 *    every cap the segment's lines draw on allow it. A segment that does not fit is taken as far
 *    as it fits (never below the group's minimum), and its group then stops: its later units are
 *    worth less than the ones refused.
 * With a concave benefit, whole-step costs and no minimums this is the optimum of the separable
 * knapsack up to the last step; with minimums it is the classic hull heuristic.
 *
 * The return of the first unit refused (`cutoff`, benefit per money) is the budget's shadow price:
 * what one more unit of cash would have earned.
 */
import type { Distribution } from '../stats/index.ts';

/** The demand a line's order meets: lead time before it arrives, the cycle after. */
export interface CycleDemand {
  /** Inventory position before the order (on hand + inbound - reserved; negative = a backlog). */
  position: number;
  /** Demand over the lead time (until the order arrives). */
  lead: Distribution;
  /** Demand over the cycle after it arrives (the review period). */
  cycle: Distribution;
}

/** Quantile points used for a continuous (or wide) lead-time distribution. */
const LEAD_POINTS = 32;
/** Widest count support summed exactly. */
const EXACT_SUPPORT = 200;

/** The lead-time demand as weighted points (exact mass for small count supports, else equiprobable quantiles). */
function leadPoints(lead: Distribution): { x: number[]; w: number[] } {
  if (lead.variance === 0 || lead.family === 'degenerate') return { x: [lead.mean], w: [1] };
  if (lead.discrete) {
    const hi = lead.quantile(1 - 1e-9);
    if (Number.isFinite(hi) && hi <= EXACT_SUPPORT) {
      const x: number[] = [];
      const w: number[] = [];
      let total = 0;
      for (let d = 0; d <= hi; d++) {
        const p = lead.pdf(d);
        if (p > 0) {
          x.push(d);
          w.push(p);
          total += p;
        }
      }
      return { x, w: w.map((p) => p / total) };
    }
  }
  const x: number[] = [];
  for (let i = 0; i < LEAD_POINTS; i++) x.push(lead.quantile((i + 0.5) / LEAD_POINTS));
  return { x, w: x.map(() => 1 / LEAD_POINTS) };
}

/**
 * Expected units of an order of q that sell before a later order could arrive (file header):
 * a function of q, non-decreasing and concave, 0 at q = 0.
 */
export function cycleSales(d: CycleDemand): (q: number) => number {
  const backlog = Math.max(0, -d.position);
  const ip = Math.max(0, d.position);
  const { x, w } = leadPoints(d.lead);
  const a = x.map((dl) => Math.max(0, ip - dl));
  const base = a.map((ai) => d.cycle.loss(ai));
  return (q: number) => {
    if (!(q > 0)) return 0;
    const rest = Math.max(0, q - backlog);
    let s = Math.min(q, backlog);
    if (rest > 0) for (let j = 0; j < a.length; j++) s += w[j] * Math.max(0, base[j] - d.cycle.loss(a[j] + rest));
    return s;
  };
}

/** One order line as the allocation sees it. */
export interface AllocationLine {
  /** Units the plan asks for (the most the line can get). */
  quantity: number;
  /** Order step in units (the line grows in whole steps; the last may be partial when `quantity` is not a multiple). */
  step: number;
  /** Cost of a unit (money). A line that costs nothing is always funded. */
  unitCost: number;
  /** Value of a unit sold in the cycle (money, or 1 to count units). */
  unitValue: number;
  /** Expected units of q sold in the cycle (cycleSales). */
  sales: (q: number) => number;
  /** The caps the line's cost draws on (keys of AllocationInput.caps), besides the budget. */
  caps: readonly string[];
}

/** Lines whose total is 0 or at least `minTotal` units (a supplier's MOQ for one SKU). */
export interface AllocationGroup {
  lines: AllocationLine[];
  minTotal: number;
}

export interface AllocationInput {
  groups: AllocationGroup[];
  /** Money for all lines together; null = no overall budget. */
  budget: number | null;
  /** Money left under each cap (a supplier's exposure, a policy's budget); a key missing = no cap. */
  caps?: ReadonlyMap<string, number>;
  /** Most increments per line (default 24). */
  maxIncrements?: number;
}

export interface GroupAllocation {
  /** Funded units per line, in input order. */
  quantities: number[];
  /** What stopped the group short of its asked quantities: 'budget', a cap key, or null (fully funded). */
  limitedBy: string | null;
  /** Expected cycle sales value of the asked and of the funded quantities. */
  askedValue: number;
  fundedValue: number;
  /** Expected cycle sales (units) of each line's asked and funded quantity, in input order. */
  askedSales: number[];
  fundedSales: number[];
}

export interface AllocationResult {
  groups: GroupAllocation[];
  /** Money asked for and spent. */
  asked: number;
  spent: number;
  /** Money spent per cap key. */
  capSpent: Map<string, number>;
  /** Benefit per money of the first increment refused (the budget's shadow price), null when nothing was cut. */
  cutoff: number | null;
  /** Expected cycle sales value (and units) of the asked and funded quantities. */
  askedValue: number;
  fundedValue: number;
  askedUnits: number;
  fundedUnits: number;
}

/** A point on a group's path: cumulative cost and benefit after `k` increments. */
interface PathPoint {
  cost: number;
  benefit: number;
  /** The line the increment grew (-1 at the origin) and by how many units. */
  line: number;
  units: number;
  total: number;
}

/** The group's increments in the order it would take them (file header, steps 1-2). */
function groupPath(g: AllocationGroup, maxIncrements: number): PathPoint[] {
  const n = g.lines.length;
  const q = new Array<number>(n).fill(0);
  const chunk = g.lines.map((l) => Math.max(1, l.step) * Math.max(1, Math.ceil(l.quantity / Math.max(1, l.step) / maxIncrements)));
  const salesAt = g.lines.map(() => 0);
  const next = (i: number): { units: number; rate: number; gain: number } | null => {
    const l = g.lines[i];
    const units = Math.min(chunk[i], l.quantity - q[i]);
    if (!(units > 0)) return null;
    const gain = (l.sales(q[i] + units) - salesAt[i]) * l.unitValue;
    return { units, gain, rate: gain / (units * l.unitCost) };
  };
  const cand = g.lines.map((_, i) => next(i));
  const path: PathPoint[] = [{ cost: 0, benefit: 0, line: -1, units: 0, total: 0 }];
  for (;;) {
    let best = -1;
    for (let i = 0; i < n; i++) if (cand[i] && (best < 0 || cand[i]!.rate > cand[best]!.rate)) best = i;
    if (best < 0) break;
    const c = cand[best]!;
    const last = path[path.length - 1];
    q[best] += c.units;
    salesAt[best] = g.lines[best].sales(q[best]);
    path.push({ cost: last.cost + c.units * g.lines[best].unitCost, benefit: last.benefit + c.gain, line: best, units: c.units, total: last.total + c.units });
    cand[best] = next(best);
  }
  return path;
}

/** Indices of the upper concave hull of the feasible path points, from the origin (file header, step 3). */
function hull(path: PathPoint[], minTotal: number): number[] {
  const h = [0];
  for (let k = 1; k < path.length; k++) {
    if (path[k].total < minTotal) continue;
    const p = path[k];
    while (h.length >= 2) {
      const a = path[h[h.length - 2]];
      const b = path[h[h.length - 1]];
      // drop b when it lies on or under the chord a -> p
      if ((b.benefit - a.benefit) * (p.cost - a.cost) <= (p.benefit - a.benefit) * (b.cost - a.cost)) h.pop();
      else break;
    }
    h.push(k);
  }
  return h;
}

/** Funds the groups' lines within the budget and caps (see the file header). */
export function allocateBudget(input: AllocationInput): AllocationResult {
  const maxIncrements = input.maxIncrements ?? 24;
  if (input.budget !== null && !(input.budget >= 0)) throw new RangeError(`budget must be >= 0 (got ${input.budget})`);
  for (const g of input.groups) {
    for (const l of g.lines) {
      if (!(Number.isInteger(l.quantity) && l.quantity >= 0)) throw new RangeError(`line quantity must be a whole number >= 0 (got ${l.quantity})`);
      if (!(l.unitCost >= 0) || !(l.unitValue >= 0)) throw new RangeError(`unit cost and value must be >= 0 (got ${l.unitCost}, ${l.unitValue})`);
    }
  }
  const remaining = new Map(input.caps ?? []);
  let budget = input.budget ?? Infinity;
  const capSpent = new Map<string, number>();
  let spent = 0;
  let asked = 0;
  // free lines are funded whole; the others go through their path
  const paths = input.groups.map((g) => {
    const paid: AllocationGroup = { minTotal: g.minTotal, lines: g.lines.map((l) => (l.unitCost > 0 ? l : { ...l, quantity: 0 })) };
    for (const l of g.lines) asked += l.quantity * l.unitCost;
    return groupPath(paid, maxIncrements);
  });
  type Segment = { g: number; from: number; to: number; rate: number; order: number };
  const segments: Segment[] = [];
  paths.forEach((path, g) => {
    const h = hull(path, input.groups[g].minTotal);
    for (let k = 1; k < h.length; k++) {
      const a = path[h[k - 1]];
      const b = path[h[k]];
      segments.push({ g, from: h[k - 1], to: h[k], rate: b.cost > a.cost ? (b.benefit - a.benefit) / (b.cost - a.cost) : Infinity, order: k });
    }
  });
  segments.sort((x, y) => y.rate - x.rate || x.g - y.g || x.order - y.order);

  const at = paths.map(() => 0);
  const limitedBy: (string | null)[] = paths.map(() => null);
  let cutoff: number | null = null;
  // the cost a step from path point k - 1 to k puts on each cap, and whether it fits what is left
  const capsOf = (g: number, k: number) => input.groups[g].lines[paths[g][k].line].caps;
  for (const s of segments) {
    if (limitedBy[s.g] !== null || at[s.g] !== s.from) continue;
    const path = paths[s.g];
    let k = s.from;
    let failed: string | null = null;
    const use = new Map<string, number>();
    let cost = 0;
    while (k < s.to) {
      const step = path[k + 1].cost - path[k].cost;
      if (cost + step > budget + 1e-9) {
        failed = 'budget';
        break;
      }
      const keys = capsOf(s.g, k + 1);
      const over = keys.find((key) => remaining.has(key) && (use.get(key) ?? 0) + step > remaining.get(key)! + 1e-9);
      if (over !== undefined) {
        failed = over;
        break;
      }
      cost += step;
      for (const key of keys) use.set(key, (use.get(key) ?? 0) + step);
      k++;
    }
    if (failed !== null) {
      // as far as it fits, never below the group's minimum
      if (path[k].total < input.groups[s.g].minTotal) k = s.from;
      if (cutoff === null) cutoff = s.rate;
      limitedBy[s.g] = failed;
    }
    if (k > s.from) {
      let c = 0;
      const used = new Map<string, number>();
      for (let j = s.from + 1; j <= k; j++) {
        const step = path[j].cost - path[j - 1].cost;
        c += step;
        for (const key of capsOf(s.g, j)) used.set(key, (used.get(key) ?? 0) + step);
      }
      budget -= c;
      spent += c;
      for (const [key, v] of used) {
        capSpent.set(key, (capSpent.get(key) ?? 0) + v);
        if (remaining.has(key)) remaining.set(key, remaining.get(key)! - v);
      }
      at[s.g] = k;
    }
  }

  let askedValue = 0;
  let fundedValue = 0;
  let askedUnits = 0;
  let fundedUnits = 0;
  const groups = input.groups.map((g, gi) => {
    const quantities = g.lines.map((l) => (l.unitCost > 0 ? 0 : l.quantity));
    const path = paths[gi];
    for (let j = 1; j <= at[gi]; j++) quantities[path[j].line] += path[j].units;
    let a = 0;
    let f = 0;
    const askedSales = g.lines.map((l) => l.sales(l.quantity));
    const fundedSales = g.lines.map((l, i) => l.sales(quantities[i]));
    g.lines.forEach((l, i) => {
      const sa = askedSales[i];
      const sf = fundedSales[i];
      a += sa * l.unitValue;
      f += sf * l.unitValue;
      askedUnits += sa;
      fundedUnits += sf;
    });
    askedValue += a;
    fundedValue += f;
    const short = quantities.some((x, i) => x < g.lines[i].quantity);
    return { quantities, limitedBy: short ? (limitedBy[gi] ?? 'budget') : null, askedValue: a, fundedValue: f, askedSales, fundedSales };
  });
  return { groups, asked, spent, capSpent, cutoff, askedValue, fundedValue, askedUnits, fundedUnits };
}
