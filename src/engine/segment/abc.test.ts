import { describe, expect, it } from 'vitest';
import { annualConsumptionValue, classifyAbc } from './abc.ts';

describe('classifyAbc', () => {
  it('splits the textbook 50/20/10/8/5/4/2/1 distribution into 3 A, 3 B, 2 C', () => {
    const values = [5, 50, 1, 20, 8, 10, 4, 2];
    const r = classifyAbc(values.map((v, i) => ({ key: `S${i}`, value: v })));
    expect(r.map((x) => x.value)).toEqual([50, 20, 10, 8, 5, 4, 2, 1]);
    expect(r.map((x) => x.abcClass).join('')).toBe('AAABBBCC');
    expect(r[2].cumulativeShare).toBeCloseTo(0.8, 12);
    expect(r[0].share).toBeCloseTo(0.5, 12);
    expect(r.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps a dominant item in A even when it alone exceeds the A cut-off', () => {
    // x alone holds 90%: still A. y starts at 90% (< 95%): B. z starts at 95%: C.
    const r = classifyAbc([{ key: 'x', value: 90 }, { key: 'y', value: 5 }, { key: 'z', value: 5 }]);
    expect(r.map((x) => x.abcClass)).toEqual(['A', 'B', 'C']);
  });

  it('puts zero-value items in C and ranks ties by key', () => {
    const r = classifyAbc([{ key: 'b', value: 0 }, { key: 'a', value: 0 }, { key: 'c', value: 10 }]);
    expect(r.map((x) => `${x.key}${x.abcClass}`)).toEqual(['cA', 'aC', 'bC']);
  });

  it('honours custom cut-offs and rejects invalid ones', () => {
    const r = classifyAbc([40, 30, 20, 10].map((v, i) => ({ key: String(i), value: v })), { aShare: 0.5, bShare: 0.9 });
    expect(r.map((x) => x.abcClass).join('')).toBe('AABC');
    expect(() => classifyAbc([], { aShare: 0.9, bShare: 0.5 })).toThrow(RangeError);
  });
});

describe('annualConsumptionValue', () => {
  it('scales a window to a year', () => {
    // 73 units in 73 days at 2.00 (2,000,000 micro-units) = 365 units/year = 730.00
    expect(annualConsumptionValue(73, 73, 2_000_000)).toBe(730_000_000);
    expect(annualConsumptionValue(10, 0, 1)).toBe(0);
  });
});
