import { describe, expect, it } from 'vitest';
import { applySupplierMinimumOrderValues, topUpToMinimumOrderValue, urgencyOrder, type RunLine, type TopUpLine } from './min-order-top-up.ts';
import type { PlanItemResult } from './suggestion.ts';

const M = 1_000_000; // micro-units per currency unit

const line = (over: Partial<TopUpLine> = {}): TopUpLine => ({ quantity: 10, unitCost: M, step: 1, maxQuantity: null, orderInDays: 0, stockoutInDays: 0, demandPerDay: 1, ...over });

describe('topUpToMinimumOrderValue', () => {
  it('raises in whole packs until the minimum is reached: 108 x 2.00 = 216.00 -> 252 (21 packs of 12) = 504.00 >= 500.00', () => {
    const r = topUpToMinimumOrderValue([line({ quantity: 108, unitCost: 2 * M, step: 12 })], 500 * M);
    expect(r).toEqual({ quantities: [252], valueBefore: 216 * M, valueAfter: 504 * M, reached: true });
  });

  it('stops at exactly the minimum: 10 x 2.50 = 25.00 -> 12 x 2.50 = 30.00', () => {
    const r = topUpToMinimumOrderValue([line({ quantity: 10, unitCost: 2_500_000 })], 30 * M);
    expect(r).toEqual({ quantities: [12], valueBefore: 25 * M, valueAfter: 30 * M, reached: true });
  });

  it('most urgent line first (stockout day, then demand per day), then round-robin one step each', () => {
    const lines = [
      line({ quantity: 10, unitCost: M, step: 5, stockoutInDays: 3, demandPerDay: 2 }), // A: least urgent
      line({ quantity: 4, unitCost: 2 * M, step: 2, stockoutInDays: 1, demandPerDay: 1 }), // B
      line({ quantity: 6, unitCost: M, step: 3, stockoutInDays: 1, demandPerDay: 4 }), // C: same day as B, faster seller
    ];
    expect(urgencyOrder(lines)).toEqual([2, 1, 0]);
    // 24.00 -> C+3 27, B+4 31, A+5 36 | C+3 39, B+4 43 >= 40: stop (A keeps its first step only)
    const r = topUpToMinimumOrderValue(lines, 40 * M);
    expect(r).toEqual({ quantities: [15, 8, 12], valueBefore: 24 * M, valueAfter: 43 * M, reached: true });
    // a minimum the first step of the most urgent line reaches: only that line grows
    expect(topUpToMinimumOrderValue(lines, 26 * M).quantities).toEqual([10, 4, 9]);
  });

  it('ranks by order-by day before the stockout day; lines without dates come last; ties keep input order', () => {
    const lines = [
      line({ orderInDays: null, stockoutInDays: null, demandPerDay: 9 }),
      line({ orderInDays: 2, stockoutInDays: 0 }),
      line({ orderInDays: 0, stockoutInDays: 5 }),
      line({ orderInDays: 0, stockoutInDays: null }),
      line({ orderInDays: 0, stockoutInDays: 5 }),
    ];
    expect(urgencyOrder(lines)).toEqual([2, 4, 3, 1, 0]);
  });

  it('never exceeds a line cap; the other lines carry on', () => {
    const lines = [
      line({ quantity: 10, step: 5, maxQuantity: 15, stockoutInDays: 0 }), // A: most urgent, room for one pack
      line({ quantity: 10, step: 1, stockoutInDays: 1 }), // B: no cap
    ];
    // 20.00 -> A 15 (25), B 11 (26) | B 12 ... B 15 (30.00 = the minimum)
    expect(topUpToMinimumOrderValue(lines, 30 * M)).toEqual({ quantities: [15, 15], valueBefore: 20 * M, valueAfter: 30 * M, reached: true });
  });

  it('a cap that is not a whole number of packs stops at the last whole pack below it', () => {
    const r = topUpToMinimumOrderValue([line({ quantity: 12, step: 12, maxQuantity: 30 })], 100 * M);
    expect(r).toEqual({ quantities: [24], valueBefore: 12 * M, valueAfter: 24 * M, reached: false });
  });

  it('unreachable minimum: every line goes to its cap and the order stays below', () => {
    const r = topUpToMinimumOrderValue([line({ quantity: 10, maxQuantity: 12 }), line({ quantity: 5, maxQuantity: 5 })], 100 * M);
    expect(r).toEqual({ quantities: [12, 5], valueBefore: 15 * M, valueAfter: 17 * M, reached: false });
  });

  it('a supplier with no need gets no order; lines without a suggestion or without a cost are never raised', () => {
    expect(topUpToMinimumOrderValue([line({ quantity: 0 }), line({ quantity: 0, step: 6 })], 100 * M)).toEqual({ quantities: [0, 0], valueBefore: 0, valueAfter: 0, reached: false });
    const mixed = topUpToMinimumOrderValue([line({ quantity: 0, stockoutInDays: 0 }), line({ quantity: 5, unitCost: 0 }), line({ quantity: 1, stockoutInDays: 9 })], 4 * M);
    expect(mixed).toEqual({ quantities: [0, 5, 4], valueBefore: 1 * M, valueAfter: 4 * M, reached: true });
  });

  it('changes nothing when the minimum is already reached, zero or negative', () => {
    const lines = [line({ quantity: 10 }), line({ quantity: 20 })];
    expect(topUpToMinimumOrderValue(lines, 30 * M)).toEqual({ quantities: [10, 20], valueBefore: 30 * M, valueAfter: 30 * M, reached: true });
    expect(topUpToMinimumOrderValue(lines, 0).quantities).toEqual([10, 20]);
    expect(() => topUpToMinimumOrderValue([line({ step: 0 })], M)).toThrow(RangeError);
  });

  it('large minimums (whole rounds taken at once) give the same quantities as one step at a time', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    for (let t = 0; t < 300; t++) {
      const lines = Array.from({ length: int(1, 5) }, () => {
        const step = [1, 2, 6, 12][int(0, 3)];
        const quantity = int(0, 3) * step;
        return line({ quantity, step, unitCost: int(0, 4) * 250_000, maxQuantity: rnd() < 0.4 ? quantity + int(0, 60) : null, stockoutInDays: int(0, 3), demandPerDay: int(0, 5) });
      });
      const min = int(1, 400) * M;
      expect(topUpToMinimumOrderValue(lines, min).quantities).toEqual(oneStepAtATime(lines, min));
    }
  });
});

/** The rule spelled out literally: rounds over the urgency order, one step per line that can grow. */
function oneStepAtATime(lines: TopUpLine[], min: number): number[] {
  const q = lines.map((l) => l.quantity);
  let total = lines.reduce((t, l) => t + l.quantity * l.unitCost, 0);
  const order = urgencyOrder(lines).filter((i) => lines[i].quantity > 0 && lines[i].unitCost > 0);
  let grew = true;
  while (total < min && grew) {
    grew = false;
    for (const i of order) {
      if (total >= min) break;
      const cap = lines[i].maxQuantity;
      if (cap !== null && q[i] + lines[i].step > cap) continue;
      q[i] += lines[i].step;
      total += lines[i].step * lines[i].unitCost;
      grew = true;
    }
  }
  return q;
}

describe('applySupplierMinimumOrderValues', () => {
  const result = (over: Partial<PlanItemResult>): PlanItemResult =>
    ({ suggestedQty: 0, rounding: [], orderStep: 1, maxOrder: null, orderInDays: 0, stockoutInDays: 0, forecast: { perDay: 1 }, error: null, ...over }) as PlanItemResult;

  it('tops up the suppliers below their minimum, records the step on each raised line, leaves the rest alone', () => {
    const lines: RunLine[] = [
      { supplier: 'BOLT', unitCost: 2 * M, result: result({ suggestedQty: 108, orderStep: 12, rounding: [{ rule: 'moq', from: 84, to: 108, note: 'moq' }] }) },
      { supplier: 'BOLT', unitCost: M, result: result({ suggestedQty: 0 }) }, // no need: untouched
      { supplier: 'ACME', unitCost: M, result: result({ suggestedQty: 3 }) }, // no minimum
      { supplier: 'IDLE', unitCost: M, result: result({ suggestedQty: 0 }) }, // minimum, but nothing to order
      { supplier: null, unitCost: M, result: result({ suggestedQty: 4 }) },
      { supplier: 'BOLT', unitCost: M, result: result({ suggestedQty: 0, error: 'forecast failed' }) },
    ];
    const mins: Record<string, number | null> = { BOLT: 500 * M, ACME: null, IDLE: 100 * M };
    const done = applySupplierMinimumOrderValues(lines, (s) => mins[s]);
    expect(done).toEqual([{ supplier: 'BOLT', minOrderValue: 500 * M, lines: 1, raised: 1, pulled: 0, valueBefore: 216 * M, valueAfter: 504 * M, reached: true }]);
    expect(lines.map((l) => l.result.suggestedQty)).toEqual([252, 0, 3, 0, 4, 0]);
    expect(lines[0].result.rounding.map((s) => s.rule)).toEqual(['moq', 'min-order-value']);
    const step = lines[0].result.rounding[1];
    expect([step.from, step.to]).toEqual([108, 252]);
    expect(step.note).toBe('raised by 12 x 12 units so the purchase order to supplier BOLT reaches its minimum order value 500.00 (order total 216.00 before, 504.00 after)');
    for (const l of lines.slice(1)) expect(l.result.rounding).toEqual([]);
  });

  it('pulls forward the lines due within two weeks (up to their order-up-to level, most urgent first) before raising any line beyond its need', () => {
    const lines: RunLine[] = [
      // orders 10 at 2.00 = 20.00 of a 100.00 minimum
      { supplier: 'S', unitCost: 2 * M, result: result({ suggestedQty: 10, orderInDays: 0, orderUpTo: 40, inventoryPosition: 30 }) },
      // due in 5 days: position 10, order-up-to 30 -> 20 units at 2.00
      { supplier: 'S', unitCost: 2 * M, result: result({ suggestedQty: 0, orderInDays: 5, orderUpTo: 30, inventoryPosition: 10 }) },
      // due in 20 days: outside the window
      { supplier: 'S', unitCost: 2 * M, result: result({ suggestedQty: 0, orderInDays: 20, orderUpTo: 30, inventoryPosition: 25 }) },
      // due in 2 days, in packs of 6: position 5, order-up-to 25 -> 24 units (4 packs) at 1.00, pulled first
      { supplier: 'S', unitCost: M, result: result({ suggestedQty: 0, orderInDays: 2, orderUpTo: 25, inventoryPosition: 5, orderStep: 6 }) },
      // never due (no demand): not pulled
      { supplier: 'S', unitCost: M, result: result({ suggestedQty: 0, orderInDays: null, orderUpTo: 0, inventoryPosition: 3 }) },
    ];
    const [done] = applySupplierMinimumOrderValues(lines, () => 100 * M);
    // 20.00 + 24.00 (pulled, due in 2) + 40.00 (pulled, due in 5) = 84.00; the last 16.00 round-robin
    // over the three ordering lines, most urgent first (the one due today: 2.00; due in 2: 6.00 a pack; due in 5: 2.00)
    expect(done).toMatchObject({ supplier: 'S', lines: 3, pulled: 2, valueBefore: 20 * M, reached: true });
    expect(done.valueAfter).toBeGreaterThanOrEqual(100 * M);
    expect(done.valueAfter).toBeLessThan(100 * M + 6 * M);
    expect(lines[2].result.suggestedQty).toBe(0);
    expect(lines[4].result.suggestedQty).toBe(0);
    expect(lines[3].result.suggestedQty % 6).toBe(0);
    expect(lines[3].result.suggestedQty).toBeGreaterThanOrEqual(24);
    expect(lines[1].result.suggestedQty).toBeGreaterThanOrEqual(20);
    expect(lines[3].result.rounding[0].note).toMatch(/^pulled forward: due in 2 day\(s\), ordered now up to its order-up-to level/);
    expect(lines[0].result.rounding[0].note).toMatch(/^raised by /);
    // without the window, the one ordering line would have carried the whole minimum: 50 units
    const alone: RunLine[] = [{ supplier: 'S', unitCost: 2 * M, result: result({ suggestedQty: 10, orderInDays: 0, orderUpTo: 40, inventoryPosition: 30 }) }];
    applySupplierMinimumOrderValues(alone, () => 100 * M);
    expect(alone[0].result.suggestedQty).toBe(50);
    expect(lines[0].result.suggestedQty).toBeLessThan(20);
    // under a supplier MOQ, only lines of a SKU already on the order are pulled (another SKU would
    // go on the PO below its MOQ): B's SKU is on it, D's is not
    const withMoq: RunLine[] = [
      { supplier: 'S', sku: 'A', unitCost: 2 * M, result: result({ suggestedQty: 10, orderInDays: 0, orderUpTo: 40, inventoryPosition: 30 }) },
      { supplier: 'S', sku: 'A', unitCost: 2 * M, result: result({ suggestedQty: 0, orderInDays: 5, orderUpTo: 30, inventoryPosition: 10 }) },
      { supplier: 'S', sku: 'D', unitCost: M, result: result({ suggestedQty: 0, orderInDays: 2, orderUpTo: 25, inventoryPosition: 5 }) },
    ];
    const [m] = applySupplierMinimumOrderValues(withMoq, () => 100 * M, () => 10);
    expect(m.pulled).toBe(1);
    expect(withMoq[2].result.suggestedQty).toBe(0);
    expect(withMoq[1].result.suggestedQty).toBeGreaterThanOrEqual(20);
  });

  it('says so when the minimum stays out of reach', () => {
    const lines: RunLine[] = [{ supplier: 'S', unitCost: M, result: result({ suggestedQty: 10, maxOrder: 15 }) }];
    expect(applySupplierMinimumOrderValues(lines, () => 100 * M)[0]).toMatchObject({ raised: 1, valueAfter: 15 * M, reached: false });
    expect(lines[0].result.rounding[0].note).toMatch(/raised by 5 units .* 100\.00 \(order total 10\.00 before, 15\.00 after: still below the minimum/);
  });
});
