import { describe, expect, it } from 'vitest';
import { summarizeLeadTimes } from './lead-time-stats.ts';
import { assertTransition, canTransition, daysBetween, evaluateLineReceipt, isBusinessDay, isLateLine, maxReceivable, statusAfterReceipt } from './po-state.ts';

describe('purchase order state machine', () => {
  it('allows the documented transitions only', () => {
    expect(canTransition('draft', 'placed')).toBe(true);
    expect(canTransition('draft', 'received')).toBe(false);
    expect(canTransition('partially_received', 'cancelled')).toBe(false);
    expect(canTransition('placed', 'closed')).toBe(true);
    expect(canTransition('received', 'closed')).toBe(false);
    expect(() => assertTransition('PO-1', 'cancelled', 'placed', 'place')).toThrow(/PO-1 is cancelled: cannot place/);
  });
});

describe('receiving rules', () => {
  it('computes the tolerance limit by flooring', () => {
    expect(maxReceivable(100, 0)).toBe(100);
    expect(maxReceivable(100, 5)).toBe(105);
    expect(maxReceivable(10, 5)).toBe(10); // 10.5 -> 10
    expect(maxReceivable(30, 10)).toBe(33); // 33.000000000000004 must not floor to 32 or 34
  });

  it('splits a delivery into over quantity and inbound release', () => {
    const r = evaluateLineReceipt({ ordered: 100, deliveredBefore: 60, inbound: 40, good: 42, damaged: 2, tolerancePct: 5 });
    expect(r).toEqual({ deliveredAfter: 104, overQty: 4, inboundRelease: 40, limit: 105, exceedsTolerance: false });
    const refused = evaluateLineReceipt({ ordered: 100, deliveredBefore: 60, inbound: 40, good: 46, damaged: 0, tolerancePct: 5 });
    expect(refused.exceedsTolerance).toBe(true);
  });

  it('derives the PO status from the lines', () => {
    expect(statusAfterReceipt([{ ordered: 5, delivered: 5 }, { ordered: 3, delivered: 4 }])).toBe('received');
    expect(statusAfterReceipt([{ ordered: 5, delivered: 5 }, { ordered: 3, delivered: 2 }])).toBe('partially_received');
  });

  it('flags late lines against the given day', () => {
    expect(isLateLine('2026-11-20', 5, '2026-11-23')).toBe(true);
    expect(isLateLine('2026-11-23', 5, '2026-11-23')).toBe(false);
    expect(isLateLine('2026-11-20', 0, '2026-11-23')).toBe(false);
    expect(isLateLine(null, 5, '2026-11-23')).toBe(false);
  });

  it('counts calendar days and validates business days', () => {
    expect(daysBetween('2026-02-25', '2026-03-04')).toBe(7);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(isBusinessDay('2026-02-29')).toBe(false);
    expect(isBusinessDay('2028-02-29')).toBe(true);
  });
});

describe('summarizeLeadTimes', () => {
  it('matches hand-computed mean and sample sd', () => {
    // 10, 12, 14, 20: mean 14, squared deviations 16+4+0+36 = 56, sd = sqrt(56/3)
    const s = summarizeLeadTimes([10, 12, 14, 20]);
    expect(s.n).toBe(4);
    expect(s.meanDays).toBe(14);
    expect(s.sdDays).toBeCloseTo(Math.sqrt(56 / 3), 12);
    expect([s.minDays, s.maxDays]).toEqual([10, 20]);
    expect(summarizeLeadTimes([7]).sdDays).toBeNull();
    expect(summarizeLeadTimes([]).meanDays).toBeNull();
  });
});
