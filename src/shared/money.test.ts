import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from './money.ts';

describe('formatMoney', () => {
  it.each([
    [1_234_500, '1.2345'],
    [1_000_000, '1.00'],
    [1_500_000, '1.50'],
    [0, '0.00'],
    [1, '0.000001'],
    [-500, '-0.0005'],
    [-12_340_000, '-12.34'],
    [123_456_789_012, '123456.789012'],
  ])('%d micro-units -> %s', (micros, text) => {
    expect(formatMoney(micros)).toBe(text);
  });

  it('refuses non-integers', () => {
    expect(() => formatMoney(1.5)).toThrow(RangeError);
  });
});

describe('parseMoney', () => {
  it.each([
    ['1.2345', 1_234_500],
    ['12.50', 12_500_000],
    ['0', 0],
    ['-0.000001', -1],
    ['+3', 3_000_000],
    [' 7.1 ', 7_100_000],
    ['1.', 1_000_000],
    ['007.000000', 7_000_000],
    [19.99, 19_990_000],
    [0.1, 100_000],
    [-2.5, -2_500_000],
    ['1.1234560000', 1_123_456],
  ])('%j -> %d', (input, micros) => {
    expect(parseMoney(input)).toBe(micros);
  });

  it.each([['abc'], ['1.2345678'], ['1e3'], [''], ['1,50'], ['.5'], [1e-7], [Number.NaN], [Infinity], ['99999999999']])('refuses %j with VALIDATION_FAILED', (input) => {
    expect(() => parseMoney(input as string, 'unit_cost')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }));
  });

  it('names the field in the message', () => {
    expect(() => parseMoney('x', 'items[2].unit_cost')).toThrow(/items\[2\]\.unit_cost/);
  });

  it('round-trips every micro-unit amount exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999_999_999, max: 9_999_999_999_999 }), (m) => {
        expect(parseMoney(formatMoney(m))).toBe(m);
      }),
    );
  });
});
