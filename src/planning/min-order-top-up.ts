/**
 * Supplier minimum order value, met by topping up a run's lines (pure: no I/O, no clock).
 *
 * What: a supplier's minimum order value (catalog `minOrderValue`, micro-units) applies to a whole
 * purchase order, not to one line, so order sizing (engine `sizeOrder`, one line at a time) cannot
 * meet it. After every line of a plan run is sized, the lines of each supplier whose suggested
 * quantities add up to less than that minimum are raised until the total reaches it.
 *
 * Why: a planner expects the plan to produce orders the supplier accepts. Raising only what is
 * already being ordered keeps the service promise (quantities only go up, whole order steps) and
 * adds the extra stock where it is needed soonest.
 *
 * Rule (`topUpToMinimumOrderValue`):
 * - only lines with a positive quantity (and a positive unit cost) grow: a supplier with no need
 *   gets no order;
 * - the lines are ranked by urgency: earliest order-by day, then earliest projected stockout day
 *   (none = last), then highest demand per day, then input order;
 * - round-robin over that ranking, one order step per line per round (the step sizeOrder used:
 *   case pack combined with the order multiple, else 1 unit), so the most urgent line grows first
 *   and no line takes everything; a line never goes above its maximum quantity (the policy's
 *   maximum line value) when it has one;
 * - it stops as soon as the total value reaches the minimum, or when no line can grow (the order
 *   then stays below the minimum and is flagged as before).
 *
 * Before any line is raised beyond its need, a run first **pulls forward** the supplier's lines
 * that order nothing yet but will reach their reorder point within CAN_ORDER_DAYS
 * (`applySupplierMinimumOrderValues`; the can-order rule of joint replenishment, (s, c, S)): most
 * urgent first (order-by day, projected stockout, demand), each up to its order-up-to level, until
 * the order reaches the minimum. Without it, a slow line ordering alone was raised to the whole
 * minimum (months of cover) while lines due next week waited for their own, topped-up order.
 */
import type { RoundingStep } from '../engine/policy/index.ts';
import { formatMoney } from '../shared/money.ts';
import type { PlanItemResult } from './suggestion.ts';

/** One order line of a supplier, as the top-up sees it. */
export interface TopUpLine {
  /** Units currently suggested; lines with 0 are never raised. */
  quantity: number;
  /** Cost per unit (micro-units). */
  unitCost: number;
  /** Order step in units (whole case packs x order multiple; 1 = single units). */
  step: number;
  /** Most units the line may hold (policy maximum line value); null = no cap. */
  maxQuantity: number | null;
  /** Days from the planning day to the order-by date (null = none). */
  orderInDays: number | null;
  /** Days from the planning day to the projected stockout (null = none). */
  stockoutInDays: number | null;
  /** Forecast demand, units per day. */
  demandPerDay: number;
}

export interface TopUpResult {
  /** The new quantity of every line, in input order (unchanged lines keep theirs). */
  quantities: number[];
  /** Total value (quantity x unit cost, micro-units) before and after. */
  valueBefore: number;
  valueAfter: number;
  /** valueAfter >= the minimum order value. */
  reached: boolean;
}

const byNullLast = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);

/** Urgency order of lines (indices): order-by day, projected stockout day, demand per day (high first), input order. */
export function urgencyOrder(lines: readonly TopUpLine[]): number[] {
  return lines
    .map((_, i) => i)
    .sort((i, j) => {
      const a = lines[i];
      const b = lines[j];
      return byNullLast(a.orderInDays, b.orderInDays) || byNullLast(a.stockoutInDays, b.stockoutInDays) || b.demandPerDay - a.demandPerDay || i - j;
    });
}

/**
 * Raises `lines` (one supplier's order) until their total value reaches `minOrderValue`; see the
 * file comment for the rule. Integer arithmetic in micro-units. A minimum <= 0 or already reached
 * changes nothing.
 */
export function topUpToMinimumOrderValue(lines: readonly TopUpLine[], minOrderValue: number): TopUpResult {
  for (const l of lines) {
    if (!(Number.isInteger(l.step) && l.step >= 1)) throw new RangeError(`order step must be a positive integer (got ${l.step})`);
    if (!(l.quantity >= 0) || !(l.unitCost >= 0)) throw new RangeError(`quantity and unit cost must be >= 0 (got ${l.quantity}, ${l.unitCost})`);
  }
  const q = lines.map((l) => l.quantity);
  const valueBefore = lines.reduce((t, l) => t + l.quantity * l.unitCost, 0);
  let total = valueBefore;
  const eligible = urgencyOrder(lines).filter((i) => lines[i].quantity > 0 && lines[i].unitCost > 0);
  const canGrow = (i: number) => {
    const cap = lines[i].maxQuantity;
    return cap === null || q[i] + lines[i].step <= cap;
  };
  while (total < minOrderValue) {
    const growing = eligible.filter(canGrow);
    if (!growing.length) break;
    // Whole rounds that keep the total below the minimum and every growing line within its cap are
    // the same steps one at a time would make: take them at once (a minimum far above the lines'
    // step values would otherwise take very many rounds).
    const perRound = growing.reduce((t, i) => t + lines[i].step * lines[i].unitCost, 0);
    let rounds = Math.ceil((minOrderValue - total) / perRound) - 1;
    for (const i of growing) {
      const cap = lines[i].maxQuantity;
      if (cap !== null) rounds = Math.min(rounds, Math.floor((cap - q[i]) / lines[i].step));
    }
    if (rounds > 0) {
      for (const i of growing) q[i] += rounds * lines[i].step;
      total += rounds * perRound;
    }
    // One round, most urgent line first, stopping the moment the minimum is reached.
    for (const i of growing) {
      if (total >= minOrderValue) break;
      if (!canGrow(i)) continue;
      q[i] += lines[i].step;
      total += lines[i].step * lines[i].unitCost;
    }
  }
  return { quantities: q, valueBefore, valueAfter: total, reached: total >= minOrderValue };
}

/** How a line grew, for a rounding note: "12 x 12 units" in whole packs, else "5 units". */
export function raiseText(from: number, to: number, step: number): string {
  return step > 1 ? `${(to - from) / step} x ${step} units` : `${to - from} units`;
}

/**
 * Sets each line of `group` to its new quantity (`quantities`, same order) and records on every
 * line that grew the rounding step `note(line, from, to, how)` returns. Returns how many grew.
 */
export function applyRaises<L extends { result: PlanItemResult }>(group: readonly L[], quantities: readonly number[], rule: RoundingStep['rule'], note: (line: L, from: number, to: number, how: string) => string): number {
  let raised = 0;
  group.forEach((l, k) => {
    const from = l.result.suggestedQty;
    const to = quantities[k];
    if (to === from) return;
    raised++;
    l.result.rounding.push({ rule, from, to, note: note(l, from, to, raiseText(from, to, l.result.orderStep)) });
    l.result.suggestedQty = to;
  });
  return raised;
}

/** One computed line of a plan run with what the top-up needs to know about it. */
export interface RunLine {
  result: PlanItemResult;
  supplier: string | null;
  unitCost: number;
  /** The line's SKU (the supplier MOQ applies per SKU; see the can-order rule). */
  sku?: string;
}

export interface SupplierTopUp {
  supplier: string;
  minOrderValue: number;
  lines: number;
  raised: number;
  /** Lines that ordered nothing yet and were pulled forward (can-order), of the `raised`. */
  pulled: number;
  valueBefore: number;
  valueAfter: number;
  reached: boolean;
}

/** A run line as the top-up sees it, at `quantity` units. */
const topUpLineOf = (l: RunLine, quantity: number): TopUpLine => ({
  quantity,
  unitCost: l.unitCost,
  step: l.result.orderStep,
  maxQuantity: l.result.maxOrder,
  orderInDays: l.result.orderInDays,
  stockoutInDays: l.result.stockoutInDays,
  demandPerDay: l.result.forecast.perDay,
});

/**
 * Days within which a line that orders nothing yet is due (its order-by date) to be pulled forward
 * into an order below the supplier's minimum: two weeks, about two order cycles (the policies'
 * default review period is 7 days), so a pulled line holds at most a fortnight's extra stock.
 */
export const CAN_ORDER_DAYS = 14;

/**
 * Applies the minimum order value to a run: for every supplier with a minimum whose lines to order
 * (suggested quantity > 0, no error) are worth less, first pulls forward its lines due within
 * CAN_ORDER_DAYS (up to their order-up-to level, most urgent first, until the minimum is reached),
 * then raises the ordering lines with `topUpToMinimumOrderValue` for what is still missing. Lines
 * change in place (suggestedQty), each with a 'min-order-value' rounding step naming the supplier,
 * its minimum and the order total before and after (and, for a pulled line, when it was due).
 * Returns what it did per supplier (only suppliers that were below their minimum).
 */
export function applySupplierMinimumOrderValues(lines: readonly RunLine[], minOrderValueOf: (supplier: string) => number | null, moqOf: (supplier: string) => number = () => 0): SupplierTopUp[] {
  const bySupplier = new Map<string, RunLine[]>();
  for (const l of lines) {
    if (l.supplier === null || l.result.error) continue;
    const list = bySupplier.get(l.supplier) ?? [];
    list.push(l);
    bySupplier.set(l.supplier, list);
  }
  const out: SupplierTopUp[] = [];
  for (const [supplier, all] of [...bySupplier.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const min = minOrderValueOf(supplier);
    if (min === null || !(min > 0)) continue;
    const ordering = all.filter((l) => l.result.suggestedQty > 0);
    if (!ordering.length) continue; // a supplier with no need gets no order
    const valueBefore = ordering.reduce((t, l) => t + l.result.suggestedQty * l.unitCost, 0);
    if (valueBefore >= min) continue;
    // can-order: lines due soon, most urgent first, each up to its order-up-to level. Under a
    // supplier MOQ only lines of a SKU already on the order: a pulled line of another SKU would
    // put that SKU on the PO below its MOQ (moq-consolidation.ts ran before)
    const moq = moqOf(supplier);
    const onOrder = new Set(ordering.map((l) => l.sku));
    const candidates = all.filter((l) => {
      const r = l.result;
      if (moq > 0 && (l.sku === undefined || !onOrder.has(l.sku))) return false;
      return r.suggestedQty === 0 && l.unitCost > 0 && r.orderInDays !== null && r.orderInDays <= CAN_ORDER_DAYS && r.orderUpTo > r.inventoryPosition;
    });
    const cand = candidates.map((l) => topUpLineOf(l, 0));
    let total = valueBefore;
    const pulledTo = new Map<RunLine, number>();
    for (const k of urgencyOrder(cand)) {
      if (total >= min) break;
      const l = candidates[k];
      const step = l.result.orderStep;
      let q = Math.ceil((l.result.orderUpTo - l.result.inventoryPosition) / step) * step;
      if (l.result.maxOrder !== null) q = Math.min(q, Math.floor(l.result.maxOrder / step) * step);
      if (q <= 0) continue;
      pulledTo.set(l, q);
      total += q * l.unitCost;
    }
    const group = [...ordering, ...pulledTo.keys()];
    const res = topUpToMinimumOrderValue(
      group.map((l) => topUpLineOf(l, pulledTo.get(l) ?? l.result.suggestedQty)),
      min,
    );
    const outcome = res.reached
      ? `order total ${formatMoney(valueBefore)} before, ${formatMoney(res.valueAfter)} after`
      : `order total ${formatMoney(valueBefore)} before, ${formatMoney(res.valueAfter)} after: still below the minimum, no line can grow further (maximum line value)`;
    const raised = applyRaises(group, res.quantities, 'min-order-value', (l, _from, to, how) => {
      const due = pulledTo.get(l);
      if (due === undefined) return `raised by ${how} so the purchase order to supplier ${supplier} reaches its minimum order value ${formatMoney(min)} (${outcome})`;
      const upTo = due === to ? `up to its order-up-to level (${how})` : `up to its order-up-to level and beyond (${how})`;
      return `pulled forward: due in ${l.result.orderInDays} day(s), ordered now ${upTo} so the purchase order to supplier ${supplier} reaches its minimum order value ${formatMoney(min)} without raising one line far beyond its need (${outcome})`;
    });
    out.push({ supplier, minOrderValue: min, lines: group.length, raised, pulled: pulledTo.size, valueBefore, valueAfter: res.valueAfter, reached: res.reached });
  }
  return out;
}
