import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateBudget, type AllocationGroup, type AllocationLine } from './budget-allocation.ts';

/** A line whose k-th unit sells with probability p[k - 1] (p non-increasing: a concave benefit). */
function lineOf(p: number[], o: Partial<AllocationLine> = {}): AllocationLine {
  const cum = [0];
  for (const x of p) cum.push(cum[cum.length - 1] + x);
  return { quantity: p.length, step: 1, unitCost: 1, unitValue: 1, caps: [], sales: (q) => cum[Math.min(q, p.length)], ...o };
}
const single = (l: AllocationLine): AllocationGroup => ({ lines: [l], minTotal: 0 });

describe('allocateBudget', () => {
  it('changes nothing when the budget covers every line', () => {
    const r = allocateBudget({ groups: [single(lineOf([1, 0.5])), single(lineOf([0.9, 0.1], { unitCost: 3 }))], budget: 100 });
    expect(r.groups.map((g) => g.quantities)).toEqual([[2], [2]]);
    expect(r.spent).toBe(8);
    expect(r.asked).toBe(8);
    expect(r.cutoff).toBeNull();
    expect(r.groups.every((g) => g.limitedBy === null)).toBe(true);
  });

  it('funds units in decreasing benefit per money', () => {
    // A: units selling with 0.9, 0.8, 0.1 at cost 1; B: 0.95, 0.2 at cost 2 (0.475, 0.1 per money)
    const r = allocateBudget({ groups: [single(lineOf([0.9, 0.8, 0.1])), single(lineOf([0.95, 0.2], { unitCost: 2 }))], budget: 4 });
    // 0.9, 0.8 (A), 0.475 (B) -> spends 4
    expect(r.groups.map((g) => g.quantities)).toEqual([[2], [1]]);
    expect(r.spent).toBe(4);
    expect(r.groups[0].limitedBy).toBe('budget');
    expect(r.cutoff).toBeCloseTo(0.1, 12);
    expect(r.fundedUnits).toBeCloseTo(0.9 + 0.8 + 0.95, 12);
    expect(r.askedUnits).toBeCloseTo(0.9 + 0.8 + 0.1 + 0.95 + 0.2, 12);
  });

  it('weighs a sale by its value (margin): the dearer-to-lose unit first', () => {
    const r = allocateBudget({ groups: [single(lineOf([0.9], { unitValue: 1 })), single(lineOf([0.5], { unitValue: 4 }))], budget: 1 });
    expect(r.groups.map((g) => g.quantities)).toEqual([[0], [1]]);
  });

  it('keeps a group at 0 or at least its minimum (MOQ), bundling the units below it', () => {
    // a 10-unit MOQ whose units sell well on average, beside a line of poor units
    const moq: AllocationGroup = { lines: [lineOf(Array(10).fill(0.6))], minTotal: 10 };
    const poor = single(lineOf(Array(20).fill(0.1)));
    const tight = allocateBudget({ groups: [moq, poor], budget: 6 });
    expect(tight.groups[0].quantities).toEqual([0]); // 6 cannot buy the MOQ: nothing rather than 6
    expect(tight.groups[1].quantities).toEqual([6]);
    const ample = allocateBudget({ groups: [moq, poor], budget: 12 });
    expect(ample.groups[0].quantities).toEqual([10]);
    expect(ample.groups[1].quantities).toEqual([2]);
  });

  it('a group spreads its units over its lines by benefit (one SKU at two locations)', () => {
    const g: AllocationGroup = { lines: [lineOf([0.9, 0.3, 0.2]), lineOf([0.8, 0.7, 0.05])], minTotal: 4 };
    const r = allocateBudget({ groups: [g], budget: 4 });
    // path: 0.9 (a), 0.8 (b), 0.7 (b), 0.3 (a) -> a 2, b 2
    expect(r.groups[0].quantities).toEqual([2, 2]);
  });

  it('respects caps (a supplier exposure) besides the budget', () => {
    const a = lineOf([0.9, 0.9, 0.9], { caps: ['supplier:A'] });
    const b = lineOf([0.5, 0.5, 0.5], { caps: ['supplier:B'] });
    const r = allocateBudget({ groups: [single(a), single(b)], budget: 5, caps: new Map([['supplier:A', 2]]) });
    expect(r.groups.map((g) => g.quantities)).toEqual([[2], [3]]);
    expect(r.groups[0].limitedBy).toBe('supplier:A');
    expect(r.capSpent.get('supplier:A')).toBe(2);
    expect(r.capSpent.get('supplier:B')).toBe(3);
    // caps alone, without a budget
    const capsOnly = allocateBudget({ groups: [single(a), single(b)], budget: null, caps: new Map([['supplier:B', 1]]) });
    expect(capsOnly.groups.map((g) => g.quantities)).toEqual([[3], [1]]);
  });

  it('grows in whole order steps and funds free lines whole', () => {
    const packs = lineOf(Array(12).fill(0.5), { step: 6 });
    const free = lineOf([0.1, 0.1], { unitCost: 0 });
    const r = allocateBudget({ groups: [single(packs), single(free)], budget: 10 });
    expect(r.groups[0].quantities).toEqual([6]);
    expect(r.groups[1].quantities).toEqual([2]);
    expect(r.spent).toBe(6);
  });

  it("repairs an order left below its supplier's minimum: raised when its units are worth what they displace", () => {
    // budget 10; B's 6 units sell at 0.9 each, A's 10 at 0.5; A's supplier takes no order under 8
    const b = lineOf(Array(6).fill(0.9));
    const a = lineOf(Array(10).fill(0.5));
    const plain = allocateBudget({ groups: [single(b), single(a)], budget: 10 });
    expect(plain.groups.map((g) => g.quantities[0])).toEqual([6, 4]); // A at 4: a PO the supplier refuses
    expect(plain.repairs).toEqual([]);
    const r = allocateBudget({ groups: [single(b), single(a)], budget: 10, orders: [{ key: 'supplier:A', groups: [1], minCost: 8 }] });
    // raised: A 8 (4.0) + B 2 (1.8) = 5.8 beats dropped: B 6 (5.4)
    expect(r.groups.map((g) => g.quantities[0])).toEqual([2, 8]);
    expect(r.repairs).toEqual([{ key: 'supplier:A', before: 4, after: 8, minCost: 8, decision: 'raised', raisedBenefit: expect.closeTo(5.8, 9), droppedBenefit: expect.closeTo(5.4, 9) }]);
    expect(r.spent).toBe(10);
    expect(r.groups[0].limitedBy).toBe('budget');
  });

  it('... and dropped when they are worth less: the money goes to the other lines', () => {
    const b = lineOf(Array(6).fill(0.9));
    const a = lineOf(Array(10).fill(0.2));
    const r = allocateBudget({ groups: [single(b), single(a)], budget: 10, orders: [{ key: 'supplier:A', groups: [1], minCost: 8 }] });
    // raised: A 8 (1.6) + B 2 (1.8) = 3.4; dropped: B 6 (5.4)
    expect(r.groups.map((g) => g.quantities[0])).toEqual([6, 0]);
    expect(r.groups[1].limitedBy).toBe('minimum:supplier:A');
    expect(r.repairs).toEqual([{ key: 'supplier:A', before: 4, after: 0, minCost: 8, decision: 'dropped', raisedBenefit: expect.closeTo(3.4, 9), droppedBenefit: expect.closeTo(5.4, 9) }]);
    // a cap that cannot hold the minimum: dropped, raising is not an option
    const capped = allocateBudget({ groups: [single(b), single(lineOf(Array(10).fill(0.5), { caps: ['supplier:A'] }))], budget: 10, caps: new Map([['supplier:A', 6]]), orders: [{ key: 'supplier:A', groups: [1], minCost: 8 }] });
    expect(capped.groups.map((g) => g.quantities[0])).toEqual([6, 0]);
    expect(capped.repairs[0]).toMatchObject({ decision: 'dropped', raisedBenefit: null });
    // an order that asked for less than its minimum is left as it is (the plan flags it)
    const small = allocateBudget({ groups: [single(b), single(lineOf([0.5, 0.5]))], budget: 7, orders: [{ key: 'supplier:A', groups: [1], minCost: 8 }] });
    expect(small.groups.map((g) => g.quantities[0])).toEqual([6, 1]);
    expect(small.repairs).toEqual([]);
  });

  it("an order's groups keep their MOQ while it is raised, and each order is decided once", () => {
    // supplier A: two SKUs, MOQ 3 each, minimum order 7; supplier C: minimum 4
    const a1: AllocationGroup = { lines: [lineOf([0.7, 0.7, 0.7, 0.7, 0.7])], minTotal: 3 };
    const a2: AllocationGroup = { lines: [lineOf([0.6, 0.6, 0.6, 0.6])], minTotal: 3 };
    const c = single(lineOf([0.65, 0.65, 0.65, 0.65, 0.65]));
    const r = allocateBudget({ groups: [a1, a2, c], budget: 10, orders: [{ key: 'supplier:A', groups: [0, 1], minCost: 7 }, { key: 'supplier:C', groups: [2], minCost: 4 }] });
    const q = r.groups.map((g) => g.quantities[0]);
    for (const [i, g] of [a1, a2].entries()) expect(q[i] === 0 || q[i] >= g.minTotal).toBe(true);
    expect(q[0] + q[1] === 0 || q[0] + q[1] >= 7).toBe(true);
    expect(q[2] === 0 || q[2] >= 4).toBe(true);
    expect(r.spent).toBeLessThanOrEqual(10);
    expect(new Set(r.repairs.map((x) => x.key)).size).toBe(r.repairs.length);
  });

  it('property: with order minimums, every order that asked for its minimum ends at 0 or at least it, within the budget and the caps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }), cost: fc.integer({ min: 1, max: 3 }), order: fc.integer({ min: 0, max: 2 }), moq: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 7 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 20 }),
        (specs, mins, budget, cap) => {
          const groups: AllocationGroup[] = specs.map((x) => ({ lines: [lineOf([...x.p].sort((u, v) => v - u).map((u) => u / 100), { unitCost: x.cost, caps: x.order === 0 ? ['supplier:O0'] : [] })], minTotal: Math.min(x.moq, x.p.length) }));
          const orders = [0, 1, 2].map((o) => ({ key: `supplier:O${o}`, groups: specs.flatMap((x, i) => (x.order === o ? [i] : [])), minCost: mins[o] })).filter((o) => o.groups.length > 0);
          const r = allocateBudget({ groups, budget, caps: new Map([['supplier:O0', cap]]), orders });
          expect(r.spent).toBeLessThanOrEqual(budget + 1e-9);
          expect(r.capSpent.get('supplier:O0') ?? 0).toBeLessThanOrEqual(cap + 1e-9);
          r.groups.forEach((g, i) => expect(g.quantities[0] === 0 || g.quantities[0] >= groups[i].minTotal).toBe(true));
          for (const o of orders) {
            const money = o.groups.reduce((t, i) => t + r.groups[i].quantities[0] * specs[i].cost, 0);
            const askedMoney = o.groups.reduce((t, i) => t + specs[i].p.length * specs[i].cost, 0);
            if (askedMoney >= o.minCost) expect(money === 0 || money >= o.minCost - 1e-9, `${o.key}: ${money} of ${o.minCost}`).toBe(true);
          }
          // each repair kept the better of its two plans
          for (const x of r.repairs) expect(x.decision === 'raised' ? x.raisedBenefit! > x.droppedBenefit : x.raisedBenefit === null || x.raisedBenefit <= x.droppedBenefit).toBe(true);
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });

  it('refuses a negative budget and fractional quantities', () => {
    expect(() => allocateBudget({ groups: [], budget: -1 })).toThrow(RangeError);
    expect(() => allocateBudget({ groups: [single(lineOf([1], { quantity: 1.5 }))], budget: 1 })).toThrow(RangeError);
  });

  it('property: within budget, whole steps, never above the ask, and optimal for unit costs without minimums', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 14 }),
        (probs, budget) => {
          const lines = probs.map((p) => lineOf([...p].sort((x, y) => y - x).map((x) => x / 100)));
          const r = allocateBudget({ groups: lines.map(single), budget });
          const qs = r.groups.map((g) => g.quantities[0]);
          expect(r.spent).toBeLessThanOrEqual(budget + 1e-9);
          qs.forEach((q, i) => expect(q).toBeLessThanOrEqual(lines[i].quantity));
          // brute force: the best total of the top `budget` marginal units
          const all = lines.flatMap((l, i) => Array.from({ length: l.quantity }, (_, k) => l.sales(k + 1) - l.sales(k) + 0 * i)).sort((x, y) => y - x);
          const best = all.slice(0, budget).reduce((t, x) => t + x, 0);
          const got = lines.reduce((t, l, i) => t + l.sales(qs[i]), 0);
          expect(got).toBeCloseTo(best, 9);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
