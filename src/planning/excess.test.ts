import { describe, expect, it } from 'vitest';
import { excessOf, planTransfers, type TransferLine } from './excess.ts';
import type { PlanItemResult } from './suggestion.ts';

const result = (over: Partial<PlanItemResult>): PlanItemResult =>
  ({ suggestedQty: 0, need: 0, rounding: [], notes: [], orderStep: 1, maxOrder: null, inventoryPosition: 0, orderUpTo: 0, safetyStock: 0, daysOfCover: null, stockoutInDays: null, forecast: { perDay: 1, model: 'ses' }, error: null, ...over }) as PlanItemResult;

/** A donor holding `onHand` units of excess, in `region`. */
function donor(location: string, onHand: number, region: string | null = 'R'): TransferLine {
  // keeps max(S 20, 1/day x 180 + safety stock 5) = 185
  const r = result({ inventoryPosition: onHand + 185, orderUpTo: 20, safetyStock: 5 });
  return { result: r, sku: 'S', location, region, excess: excessOf(r, { onHand: onHand + 185, reserved: 0, inbound: 0 }, 1_000_000, 180) };
}
const receiver = (location: string, need: number, step = 1, region: string | null = 'R', stockoutInDays = 3): TransferLine => ({
  result: result({ need, suggestedQty: Math.ceil(need / step) * step, orderStep: step, stockoutInDays }),
  sku: 'S',
  location,
  region,
  excess: null,
});

describe('excessOf', () => {
  it('keeps the larger of S and H days of demand plus safety stock; the rest is excess, on hand first', () => {
    const r = result({ inventoryPosition: 500, orderUpTo: 120, safetyStock: 10, forecast: { perDay: 2, model: 'ses' } as PlanItemResult['forecast'] });
    // keep = max(120, ceil(2 x 180 + 10)) = 370; excess 130, of which 100 on hand (on hand 160 - reserved 60)
    expect(excessOf(r, { onHand: 160, reserved: 60, inbound: 400 }, 2_000_000, 180)).toEqual({ keep: 370, horizonDays: 180, units: 130, onHand: 100, inbound: 30, value: 260_000_000, dead: false, coverDays: null, oldestDays: null, agedUnits: 0 });
    // with the stock's age (FIFO lots): the oldest units and those held longer than the horizon
    expect(excessOf(r, { onHand: 160, reserved: 60, inbound: 400 }, 2_000_000, 180, { oldestDays: 400, agedUnits: 40 })).toMatchObject({ units: 130, oldestDays: 400, agedUnits: 40 });
    expect(excessOf(r, { onHand: 160, reserved: 60, inbound: 400 }, 2_000_000, 365)).toBeNull(); // keep 740 > 500
    // no expected demand: everything beyond S is excess, marked dead
    const idle = result({ inventoryPosition: 50, forecast: { perDay: 0, model: 'none' } as PlanItemResult['forecast'] });
    expect(excessOf(idle, { onHand: 50, reserved: 0, inbound: 0 }, 1_000_000, 180)).toMatchObject({ keep: 0, units: 50, dead: true });
    expect(excessOf(result({ error: 'x', inventoryPosition: 999 }), { onHand: 999, reserved: 0, inbound: 0 }, 1, 180)).toBeNull();
  });
});

describe('planTransfers', () => {
  it('moves excess within a region, the fullest donor first, and the purchase buys only the rest', () => {
    const a = donor('A', 30);
    const b = donor('B', 10);
    const c = receiver('C', 35);
    const out = planTransfers([a, b, c]);
    expect(out).toEqual([
      { sku: 'S', from: 'A', to: 'C', quantity: 30, purchaseBefore: 35, purchaseAfter: 0 },
      { sku: 'S', from: 'B', to: 'C', quantity: 5, purchaseBefore: 35, purchaseAfter: 0 },
    ]);
    expect(c.result.suggestedQty).toBe(0);
    expect(c.result.transfers).toEqual({ in: [{ location: 'A', quantity: 30 }, { location: 'B', quantity: 5 }], out: [] });
    expect(a.result.transfers!.out).toEqual([{ location: 'C', quantity: 30 }]);
    expect(c.result.rounding.at(-1)).toMatchObject({ rule: 'transfer', from: 35, to: 0 });
  });

  it('in whole order steps: moves only the units that shrink the purchase, or nothing', () => {
    // need 30 in packs of 12 (36): 5 units of excess leave 25 -> still 36: no transfer
    const few = receiver('C', 30, 12);
    expect(planTransfers([donor('A', 5), few])).toEqual([]);
    expect(few.result.suggestedQty).toBe(36);
    // 10 units leave 20 -> 24: move 6 (30 - 24), buy 24
    const some = receiver('C', 30, 12);
    expect(planTransfers([donor('A', 10), some])).toEqual([{ sku: 'S', from: 'A', to: 'C', quantity: 6, purchaseBefore: 36, purchaseAfter: 24 }]);
    expect(some.result.suggestedQty).toBe(24);
  });

  it('not across regions, not without one; the most urgent receiver first', () => {
    expect(planTransfers([donor('A', 50, 'EU'), receiver('C', 10, 1, 'US')])).toEqual([]);
    expect(planTransfers([donor('A', 50, null), receiver('C', 10, 1, null)])).toEqual([]);
    const late = receiver('L', 20, 1, 'R', 30);
    const soon = receiver('S2', 20, 1, 'R', 2);
    const out = planTransfers([donor('A', 25), late, soon]);
    expect(out.map((t) => [t.to, t.quantity])).toEqual([
      ['S2', 20],
      ['L', 5],
    ]);
    expect([soon.result.suggestedQty, late.result.suggestedQty]).toEqual([0, 15]);
  });
});
