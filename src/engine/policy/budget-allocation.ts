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
 * Value of a line's first q units (`cycleSales`, cycle-sales.ts), with lost sales: the stock left when the order
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
 * 5. **order minimums** (a supplier's minimum order value: the money of all its groups together is 0
 *    or at least `minCost`, since a supplier refuses a smaller PO): an order the funding leaves
 *    strictly between the two is repaired, one at a time (the largest shortfall first), by the better
 *    of two funded plans, each re-run through step 4 with the order's choice fixed:
 *    - **drop** it: its groups get nothing and the money goes to the other lines;
 *    - **raise** it: its groups grow along their hulls, best return first, until the order reaches
 *      its minimum (within the caps; infeasible when the caps or the budget cannot hold it), pinned
 *      there as a floor, and the rest of the budget funds everything else, the raised groups too.
 *    The plan with the higher funded benefit is kept and the order's choice is final; an order that
 *    asked for less than its minimum is left as it is. Each order is decided once, so the repair
 *    ends after at most as many re-runs as there are orders. (A fixed-charge knapsack is NP-hard;
 *    this is the greedy repair that compares, per order, the two sides of its on/off choice.)
 *
 * The return of the first unit refused (`cutoff`, benefit per money) is the budget's shadow price:
 * what one more unit of cash would have earned.
 */

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

/** Groups whose funded money together is 0 or at least `minCost` (a supplier's minimum order value; file header, step 5). */
export interface AllocationOrder {
  /** Names the order in the result (e.g. 'supplier:CODE'). */
  key: string;
  /** Indices into AllocationInput.groups. */
  groups: number[];
  minCost: number;
}

export interface AllocationInput {
  groups: AllocationGroup[];
  /** Money for all lines together; null = no overall budget. */
  budget: number | null;
  /** Money left under each cap (a supplier's exposure, a policy's budget); a key missing = no cap. */
  caps?: ReadonlyMap<string, number>;
  /** Order minimums (money) over sets of groups; a group in none has no order minimum. */
  orders?: AllocationOrder[];
  /** Most increments per line (default 24). */
  maxIncrements?: number;
}

/** What the repair did to an order the funding left below its minimum (file header, step 5). */
export interface OrderRepair {
  key: string;
  /** Its money as first funded (below the minimum) and as finally funded. */
  before: number;
  after: number;
  minCost: number;
  decision: 'raised' | 'dropped';
  /** Funded benefit of the plan with the order raised (null: could not be raised) and dropped. */
  raisedBenefit: number | null;
  droppedBenefit: number;
}

export interface GroupAllocation {
  /** Funded units per line, in input order. */
  quantities: number[];
  /**
   * What stopped the group short of its asked quantities: 'budget', a cap key, `minimum:KEY` (its
   * order was dropped for its minimum), or null (fully funded).
   */
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
  /** The orders repaired for their minimum, in the order decided. */
  repairs: OrderRepair[];
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

/** Indices of the upper concave hull of the feasible path points, from point `from` (the origin by default; file header, step 3). */
function hull(path: PathPoint[], minTotal: number, from = 0): number[] {
  const h = [from];
  for (let k = from + 1; k < path.length; k++) {
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

/** Where each group's funding stands after step 4, and what it spent. */
interface Funding {
  at: number[];
  limitedBy: (string | null)[];
  cutoff: number | null;
  spent: number;
  capSpent: Map<string, number>;
}

/**
 * Step 4 (file header): funds the groups' hull segments in decreasing benefit per money within the
 * budget and caps, each group from its `start` point (already paid for, charged first) and none of
 * the `excluded` groups.
 */
function fund(paths: PathPoint[][], groups: readonly AllocationGroup[], start: readonly number[], excluded: ReadonlySet<number>, budgetIn: number, caps: ReadonlyMap<string, number>): Funding | null {
  const remaining = new Map(caps);
  let budget = budgetIn;
  const capSpent = new Map<string, number>();
  let spent = 0;
  const capsOf = (g: number, k: number) => groups[g].lines[paths[g][k].line].caps;
  // the starting points are paid first: a plan whose floors do not fit is infeasible
  for (let g = 0; g < paths.length; g++) {
    for (let j = 1; j <= start[g]; j++) {
      const step = paths[g][j].cost - paths[g][j - 1].cost;
      spent += step;
      budget -= step;
      for (const key of capsOf(g, j)) {
        capSpent.set(key, (capSpent.get(key) ?? 0) + step);
        if (remaining.has(key)) remaining.set(key, remaining.get(key)! - step);
      }
    }
  }
  if (budget < -1e-9 || [...remaining.values()].some((v) => v < -1e-9)) return null;
  type Segment = { g: number; from: number; to: number; rate: number; order: number };
  const segments: Segment[] = [];
  paths.forEach((path, g) => {
    if (excluded.has(g)) return;
    const h = hull(path, groups[g].minTotal, start[g]);
    for (let k = 1; k < h.length; k++) {
      const a = path[h[k - 1]];
      const b = path[h[k]];
      segments.push({ g, from: h[k - 1], to: h[k], rate: b.cost > a.cost ? (b.benefit - a.benefit) / (b.cost - a.cost) : Infinity, order: k });
    }
  });
  segments.sort((x, y) => y.rate - x.rate || x.g - y.g || x.order - y.order);

  const at = [...start];
  const limitedBy: (string | null)[] = paths.map(() => null);
  let cutoff: number | null = null;
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
      if (path[k].total < groups[s.g].minTotal) k = s.from;
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
  return { at, limitedBy, cutoff, spent, capSpent };
}

/** Funded benefit of a funding: the sum of each group's path benefit where it stands. */
const benefitOf = (paths: PathPoint[][], at: readonly number[]) => at.reduce((t, k, g) => t + paths[g][k].benefit, 0);

/**
 * The order's groups grown from `at` along their hulls, best return first, until the order's money
 * reaches its minimum (never leaving a group below its own minimum), within the caps; null when the
 * caps or the asked quantities cannot reach it. Returns the new points of the order's groups.
 */
function raiseOrder(paths: PathPoint[][], groups: readonly AllocationGroup[], order: AllocationOrder, at: readonly number[], caps: ReadonlyMap<string, number>, capSpentOthers: ReadonlyMap<string, number>): Map<number, number> | null {
  const pos = new Map(order.groups.map((g) => [g, at[g]]));
  const remaining = new Map([...caps].map(([k, v]) => [k, v - (capSpentOthers.get(k) ?? 0)]));
  // the order's own groups' money so far counts against its caps too
  for (const g of order.groups) for (let j = 1; j <= at[g]; j++) for (const key of groups[g].lines[paths[g][j].line].caps) if (remaining.has(key)) remaining.set(key, remaining.get(key)! - (paths[g][j].cost - paths[g][j - 1].cost));
  let money = order.groups.reduce((t, g) => t + paths[g][at[g]].cost, 0);
  const blocked = new Set<number>();
  while (money < order.minCost - 1e-9) {
    // the best next hull segment of the order's groups
    let best: { g: number; to: number; rate: number } | null = null;
    for (const g of order.groups) {
      if (blocked.has(g)) continue;
      const h = hull(paths[g], groups[g].minTotal, pos.get(g)!);
      if (h.length < 2) continue;
      const a = paths[g][h[0]];
      const b = paths[g][h[1]];
      const rate = b.cost > a.cost ? (b.benefit - a.benefit) / (b.cost - a.cost) : Infinity;
      if (!best || rate > best.rate) best = { g, to: h[1], rate };
    }
    if (!best) return null;
    // step along it until the minimum is reached, but at least to the group's own minimum
    const path = paths[best.g];
    let k = pos.get(best.g)!;
    const use = new Map<string, number>();
    let ok = true;
    while (k < best.to && (money < order.minCost - 1e-9 || path[k].total < groups[best.g].minTotal)) {
      const step = path[k + 1].cost - path[k].cost;
      const keys = groups[best.g].lines[path[k + 1].line].caps;
      if (keys.some((key) => remaining.has(key) && (use.get(key) ?? 0) + step > remaining.get(key)! + 1e-9)) {
        ok = false;
        break;
      }
      for (const key of keys) use.set(key, (use.get(key) ?? 0) + step);
      money += step;
      k++;
    }
    if (!ok && path[k].total < groups[best.g].minTotal) {
      // a cap stops the group below its own minimum: undo it and try the order's other groups
      money -= path[k].cost - path[pos.get(best.g)!].cost;
      blocked.add(best.g);
      continue;
    }
    for (const [key, v] of use) if (remaining.has(key)) remaining.set(key, remaining.get(key)! - v);
    pos.set(best.g, k);
    if (!ok) blocked.add(best.g);
  }
  return pos;
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
  const orders = input.orders ?? [];
  const inOrder = new Set<number>();
  for (const o of orders) {
    if (!(o.minCost >= 0)) throw new RangeError(`order ${o.key}: minCost must be >= 0 (got ${o.minCost})`);
    for (const g of o.groups) {
      if (!(Number.isInteger(g) && g >= 0 && g < input.groups.length)) throw new RangeError(`order ${o.key}: group ${g} does not exist`);
      if (inOrder.has(g)) throw new RangeError(`order ${o.key}: group ${g} is in two orders`);
      inOrder.add(g);
    }
  }
  const caps = new Map(input.caps ?? []);
  const budget = input.budget ?? Infinity;
  let asked = 0;
  // free lines are funded whole; the others go through their path
  const paths = input.groups.map((g) => {
    const paid: AllocationGroup = { minTotal: g.minTotal, lines: g.lines.map((l) => (l.unitCost > 0 ? l : { ...l, quantity: 0 })) };
    for (const l of g.lines) asked += l.quantity * l.unitCost;
    return groupPath(paid, maxIncrements);
  });

  const start = paths.map(() => 0);
  const excluded = new Set<number>();
  let f = fund(paths, input.groups, start, excluded, budget, caps)!;
  const repairs: OrderRepair[] = [];
  const decided = new Set<string>();
  const moneyOf = (o: AllocationOrder, at: readonly number[]) => o.groups.reduce((t, g) => t + paths[g][at[g]].cost, 0);
  for (;;) {
    // the undecided order furthest below its minimum (that asked for at least its minimum)
    let worst: AllocationOrder | null = null;
    let worstGap = 0;
    for (const o of orders) {
      if (decided.has(o.key)) continue;
      const m = moneyOf(o, f.at);
      const askedMoney = o.groups.reduce((t, g) => t + paths[g][paths[g].length - 1].cost, 0);
      if (!(m > 0 && m < o.minCost - 1e-9 && askedMoney >= o.minCost - 1e-9)) continue;
      if (o.minCost - m > worstGap) {
        worst = o;
        worstGap = o.minCost - m;
      }
    }
    if (!worst) break;
    decided.add(worst.key);
    const inWorst = new Set(worst.groups);
    const before = moneyOf(worst, f.at);
    // drop: its groups get nothing
    const dropExcluded = new Set([...excluded, ...worst.groups]);
    const dropStart = start.map((k, g) => (inWorst.has(g) ? 0 : k));
    const dropped = fund(paths, input.groups, dropStart, dropExcluded, budget, caps)!;
    // raise: grow it to its minimum from where it stands, pin it there, fund the rest
    const others = new Map<string, number>();
    for (let g = 0; g < paths.length; g++) {
      if (inWorst.has(g)) continue;
      for (let j = 1; j <= start[g]; j++) for (const key of input.groups[g].lines[paths[g][j].line].caps) others.set(key, (others.get(key) ?? 0) + paths[g][j].cost - paths[g][j - 1].cost);
    }
    const pins = raiseOrder(paths, input.groups, worst, f.at, caps, others);
    let raised: Funding | null = null;
    let raiseStart: number[] | null = null;
    if (pins) {
      raiseStart = start.map((k, g) => pins.get(g) ?? k);
      raised = fund(paths, input.groups, raiseStart, excluded, budget, caps);
    }
    const droppedBenefit = benefitOf(paths, dropped.at);
    const raisedBenefit = raised ? benefitOf(paths, raised.at) : null;
    if (raised && raiseStart && raisedBenefit! > droppedBenefit) {
      for (let g = 0; g < start.length; g++) start[g] = raiseStart[g];
      f = raised;
      repairs.push({ key: worst.key, before, after: moneyOf(worst, f.at), minCost: worst.minCost, decision: 'raised', raisedBenefit, droppedBenefit });
    } else {
      for (const g of worst.groups) {
        excluded.add(g);
        start[g] = 0;
      }
      f = dropped;
      for (const g of worst.groups) if (paths[g].length > 1) f.limitedBy[g] = `minimum:${worst.key}`;
      repairs.push({ key: worst.key, before, after: 0, minCost: worst.minCost, decision: 'dropped', raisedBenefit, droppedBenefit });
    }
  }
  const { at, limitedBy, cutoff, spent, capSpent } = f;

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
  return { groups, asked, spent, capSpent, cutoff, askedValue, fundedValue, askedUnits, fundedUnits, repairs };
}
