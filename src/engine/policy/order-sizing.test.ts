import { describe, expect, it } from 'vitest';
import { sizeOrder } from './order-sizing.ts';

describe('sizeOrder', () => {
  it('no order when need <= 0', () => {
    expect(sizeOrder(0, { moq: 10 }).quantity).toBe(0);
    expect(sizeOrder(-3).steps[0].rule).toBe('no-order');
  });
  it('rounds up to whole units and to the pack', () => {
    const r = sizeOrder(13.2, { casePack: 6 });
    expect(r.quantity).toBe(18);
    expect(r.steps.map((s) => s.rule)).toEqual(['integer', 'round-up-to-pack']);
    expect(r.meetsNeed).toBe(true);
  });
  it('combines case pack and order multiple by lcm', () => {
    const r = sizeOrder(25, { casePack: 4, orderMultiple: 6 });
    expect(r.step).toBe(12);
    expect(r.quantity).toBe(36);
  });
  it('rounds down only when the minimum for service is still met and down is nearer', () => {
    expect(sizeOrder(25, { casePack: 12 }, { minimumForService: 20 }).quantity).toBe(24);
    expect(sizeOrder(25, { casePack: 12 }, { minimumForService: 25 }).quantity).toBe(36);
    expect(sizeOrder(31, { casePack: 12 }, { minimumForService: 20 }).quantity).toBe(36); // up is nearer
  });
  it('MOQ raises, in whole packs', () => {
    const r = sizeOrder(5, { moq: 50, casePack: 12 });
    expect(r.quantity).toBe(60);
    expect(r.steps.at(-1)?.rule).toBe('moq');
  });
  it('minimum order value raises the line', () => {
    const r = sizeOrder(10, { minOrderValue: 500, unitCost: 12, casePack: 5 });
    expect(r.quantity).toBe(45); // ceil(500/12)=42 -> 45
  });
  it('maximum order caps and reports the broken promise', () => {
    const r = sizeOrder(130, { maxOrder: 100, casePack: 12 });
    expect(r.quantity).toBe(96);
    expect(r.meetsNeed).toBe(false);
  });
  it('a cap at the MOQ never takes a packed line below the MOQ', () => {
    // MOQ 100 in packs of 12 -> 108; a maximum of 100 would round down to 96 (< MOQ): kept at 108
    const r = sizeOrder(30, { moq: 100, casePack: 12, maxOrder: 100 });
    expect(r.quantity).toBe(108);
    expect(r.steps.map((s) => [s.rule, s.to])).toEqual([
      ['round-up-to-pack', 36],
      ['moq', 108],
    ]);
    // a cap above the packed MOQ still caps
    const c = sizeOrder(300, { moq: 100, casePack: 12, maxOrder: 200 });
    expect(c.quantity).toBe(192);
    expect(c.steps.at(-1)).toMatchObject({ rule: 'max-order', from: 300, to: 192 });
    // a need above the cap, cap between MOQ and the packed MOQ: held at the packed MOQ
    const h = sizeOrder(150, { moq: 100, casePack: 12, maxOrder: 100 });
    expect(h.quantity).toBe(108);
    expect(h.steps.at(-1)!.note).toMatch(/kept at 108: the minimum order quantity 100 in multiples of 12/);
    expect(h.meetsNeed).toBe(false);
  });
  it('validates rules', () => {
    expect(() => sizeOrder(5, { casePack: 0 })).toThrow(RangeError);
    expect(() => sizeOrder(5, { moq: 10, maxOrder: 5 })).toThrow(RangeError);
  });
});
