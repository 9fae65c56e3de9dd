import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySupplierMoqs, consolidateToMoq, type MoqLine, type MoqRunLine } from './moq-consolidation.ts';
import type { PlanItemResult } from './suggestion.ts';

const line = (over: Partial<MoqLine> = {}): MoqLine => ({ quantity: 10, step: 1, maxQuantity: null, inventoryPosition: 0, demandPerDay: 1, ...over });

describe('consolidateToMoq', () => {
  it('one line: raised in whole packs at once, 84 -> 108 (9 packs of 12) for an MOQ of 100', () => {
    expect(consolidateToMoq([line({ quantity: 84, step: 12 })], 100)).toEqual({ quantities: [108], totalBefore: 84, totalAfter: 108, reached: true });
  });

  it('several locations: the MOQ is met once, one step at a time to the line whose stock covers the fewest days', () => {
    // A: 1/day, B: 2/day, both empty, 2 units each; MOQ 10, single units. Covers (position + qty) / rate:
    // A 2 B 1 -> B3 | A 2 B 1.5 -> B4 | A 2 B 2 (tie: input order) -> A3 | A 3 B 2 -> B5 | A 3 B 2.5 -> B6 | A 3 B 3 -> A4: total 10
    const r = consolidateToMoq([line({ quantity: 2, demandPerDay: 1 }), line({ quantity: 2, demandPerDay: 2 })], 10);
    expect(r).toEqual({ quantities: [4, 6], totalBefore: 4, totalAfter: 10, reached: true });
    // the inventory position counts: a line already holding stock gets the extra last
    const held = consolidateToMoq([line({ quantity: 2, inventoryPosition: 20 }), line({ quantity: 2 })], 10);
    expect(held.quantities).toEqual([2, 8]);
  });

  it('the demo bottle: three locations, packs of 24, MOQ 1000 -> 1008 in all (not 3 x 1008), cover evened out', () => {
    const lines = [
      line({ quantity: 72, step: 24, inventoryPosition: 46, demandPerDay: 0.7 }), // FBA-US
      line({ quantity: 24, step: 24, inventoryPosition: 56, demandPerDay: 0.38 }), // WH-EAST
      line({ quantity: 48, step: 24, inventoryPosition: 143, demandPerDay: 1.27 }), // WH-MAIN
    ];
    const r = consolidateToMoq(lines, 1000);
    expect(r.totalAfter).toBe(1008);
    expect(r.quantities.reduce((a, b) => a + b, 0)).toBe(1008);
    r.quantities.forEach((q, i) => {
      expect(q % 24).toBe(0);
      expect(q).toBeGreaterThanOrEqual(lines[i].quantity);
    });
    // greedy on cover: no line could give up its last pack to the lowest-cover line and end lower than it
    const cover = r.quantities.map((q, i) => (lines[i].inventoryPosition + q) / lines[i].demandPerDay);
    r.quantities.forEach((q, i) => {
      if (q === lines[i].quantity) return;
      const before = (lines[i].inventoryPosition + q - 24) / lines[i].demandPerDay;
      expect(before).toBeLessThanOrEqual(Math.max(...cover));
      expect(before).toBeLessThanOrEqual(Math.min(...cover) + 1e-9);
    });
  });

  it('a location that needs nothing yet can take forced units if it sells; one without demand, or a SKU nobody orders, never grows', () => {
    // line 0 orders nothing but sells 1/day from an empty shelf: the lowest cover, it takes units first
    const r = consolidateToMoq([line({ quantity: 0 }), line({ quantity: 5, inventoryPosition: 10 }), line({ quantity: 0, demandPerDay: 0 })], 20);
    // covers 0 against 15: line 0 takes every step (the tie at 15 goes to input order)
    expect(r).toEqual({ quantities: [15, 5, 0], totalBefore: 5, totalAfter: 20, reached: true });
    expect(consolidateToMoq([line({ quantity: 0 }), line({ quantity: 0 })], 20).quantities).toEqual([0, 0]);
  });

  it('never above a line cap; without room the MOQ stays out of reach', () => {
    const r = consolidateToMoq([line({ quantity: 5, maxQuantity: 8 }), line({ quantity: 5, demandPerDay: 0.1 })], 30);
    expect(r).toEqual({ quantities: [8, 22], totalBefore: 10, totalAfter: 30, reached: true });
    expect(consolidateToMoq([line({ quantity: 5, maxQuantity: 8 }), line({ quantity: 0, demandPerDay: 0 })], 30)).toEqual({ quantities: [8, 0], totalBefore: 5, totalAfter: 8, reached: false });
  });

  it('a line without demand (a backorder) takes the rest at once; an MOQ already met changes nothing', () => {
    expect(consolidateToMoq([line({ quantity: 3, demandPerDay: 0 })], 50).quantities).toEqual([50]);
    expect(consolidateToMoq([line({ quantity: 60 }), line({ quantity: 1 })], 50)).toEqual({ quantities: [60, 1], totalBefore: 61, totalAfter: 61, reached: true });
    expect(consolidateToMoq([line({ quantity: 3 })], 0).quantities).toEqual([3]);
  });

  it('equals the rule applied one step at a time (taking repeated choices at once changes nothing)', () => {
    const reference = (lines: MoqLine[], moq: number): number[] => {
      const q = lines.map((l) => l.quantity);
      if (!lines.some((l) => l.quantity > 0)) return q;
      let total = q.reduce((a, b) => a + b, 0);
      const cover = (i: number) => (lines[i].demandPerDay > 0 ? (lines[i].inventoryPosition + q[i]) / lines[i].demandPerDay : Infinity);
      while (total < moq) {
        let best = -1;
        for (let i = 0; i < lines.length; i++) {
          const l = lines[i];
          if (!(l.quantity > 0 || l.demandPerDay > 0)) continue;
          if (l.maxQuantity !== null && q[i] + l.step > l.maxQuantity) continue;
          if (best < 0 || cover(i) < cover(best)) best = i;
        }
        if (best < 0) break;
        q[best] += lines[best].step;
        total += lines[best].step;
      }
      return q;
    };
    const arbLine = fc.record({
      quantity: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120 })),
      step: fc.constantFrom(1, 1, 5, 12, 24),
      cap: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
      inventoryPosition: fc.integer({ min: -20, max: 400 }),
      demandPerDay: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 9, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 4000 }), (raw, moq) => {
        const lines: MoqLine[] = raw.map((l) => ({ quantity: l.quantity, step: l.step, maxQuantity: l.cap === null ? null : l.quantity + l.cap, inventoryPosition: l.inventoryPosition, demandPerDay: l.demandPerDay }));
        expect(consolidateToMoq(lines, moq).quantities).toEqual(reference(lines, moq));
      }),
      { numRuns: 400 },
    );
  });

  it('rejects a bad step or quantity', () => {
    expect(() => consolidateToMoq([line({ step: 0 })], 10)).toThrow(/order step/);
    expect(() => consolidateToMoq([line({ quantity: -1 })], 10)).toThrow(/quantity/);
  });
});

describe('applySupplierMoqs', () => {
  const result = (over: Partial<PlanItemResult>): PlanItemResult =>
    ({ suggestedQty: 0, rounding: [], notes: [], orderStep: 1, maxOrder: null, inventoryPosition: 0, forecast: { perDay: 1 }, error: null, ...over }) as PlanItemResult;
  const run = (sku: string, location: string, supplier: string | null, over: Partial<PlanItemResult>): MoqRunLine => ({ sku, location, supplier, result: result(over) });

  it("groups a supplier's lines by SKU, raises each SKU below the MOQ once, records the step on every raised line", () => {
    const lines = [
      run('CUP', 'WH1', 'DRINK', { suggestedQty: 24, orderStep: 24, inventoryPosition: 10, forecast: { perDay: 1 } as PlanItemResult['forecast'] }),
      run('CUP', 'WH2', 'DRINK', { suggestedQty: 48, orderStep: 24, inventoryPosition: 5, forecast: { perDay: 2 } as PlanItemResult['forecast'] }),
      run('CUP', 'WH3', 'DRINK', { suggestedQty: 0, orderStep: 24, forecast: { perDay: 0 } as PlanItemResult['forecast'] }), // needs nothing, sells nothing: untouched
      run('LID', 'WH1', 'DRINK', { suggestedQty: 200 }), // already above the MOQ
      run('MUG', 'WH1', 'OTHER', { suggestedQty: 5 }), // supplier without an MOQ
      run('BAG', 'WH1', null, { suggestedQty: 4 }),
      run('CAP', 'WH1', 'DRINK', { suggestedQty: 0, error: 'forecast failed' }),
    ];
    const done = applySupplierMoqs(lines, (s) => (s === 'DRINK' ? 100 : 0));
    expect(done).toEqual([{ supplier: 'DRINK', sku: 'CUP', moq: 100, lines: 2, raised: 2, totalBefore: 72, totalAfter: 120, reached: true }]);
    // covers: WH1 34/1, WH2 53/2 = 26.5 -> WH2 +24 (38.5) -> WH1 +24 (58): 120
    expect(lines.map((l) => l.result.suggestedQty)).toEqual([48, 72, 0, 200, 5, 4, 0]);
    const step = lines[0].result.rounding[0];
    expect(step).toMatchObject({ rule: 'moq', from: 24, to: 48 });
    expect(step.note).toBe(
      'raised by 1 x 24 units so the order of CUP from supplier DRINK reaches its minimum order quantity 100 over 2 locations (WH1, WH2; extra units go where stock covers the fewest days): 72 -> 120 units; position + order = 58 units, about 58 days of forecast demand',
    );
    for (const l of lines.slice(2)) expect(l.result.rounding).toEqual([]);
  });

  it('forced units go to a location that does not need an order yet when it covers fewer days; long cover is called out', () => {
    const lines = [
      run('CUP', 'WH1', 'DRINK', { suggestedQty: 24, orderStep: 24, need: 20, inventoryPosition: 3, forecast: { perDay: 0.15 } as PlanItemResult['forecast'] }),
      run('CUP', 'WH2', 'DRINK', { suggestedQty: 0, orderStep: 24, need: 0, inventoryPosition: 48, forecast: { perDay: 0.31 } as PlanItemResult['forecast'] }),
    ];
    lines[1].maxCoverDays = 1000;
    const done = applySupplierMoqs(lines, () => 240);
    expect(done[0]).toMatchObject({ lines: 2, raised: 2, totalBefore: 24, totalAfter: 240 });
    const [a, b] = lines.map((l) => l.result.suggestedQty);
    expect(a + b).toBe(240);
    expect(b).toBeGreaterThan(a); // WH2 sells twice as fast: it gets most of the forced units
    expect(lines[1].result.notes.join(' ')).toContain(`no need of its own: takes ${b} of the units the supplier MOQ 240 forces on the order of CUP`);
    // WH1: about (3 + a) / 0.15 days, more than a year -> called out; WH2 (about 620 days) within its 1000-day cap -> not
    expect(lines[0].result.notes.join(' ')).toMatch(/the supplier MOQ 240 forces about \d+ days of cover here \(more than a year\)/);
    expect(lines[1].result.notes.join(' ')).not.toMatch(/forces about/);
  });

  it('a cap the line sizing raised to the MOQ still lets the line reach the MOQ in whole packs (as sizeOrder kept it)', () => {
    const lines = [run('CUP', 'WH1', 'DRINK', { suggestedQty: 24, orderStep: 24, maxOrder: 1000 })];
    expect(applySupplierMoqs(lines, () => 1000)[0]).toMatchObject({ totalAfter: 1008, reached: true });
  });
});
