/** The transfer page's step quantities (src/web/transfer-steps.ts): only the changed ones, refused when bad. */
import { describe, expect, it } from 'vitest';
import { stepLines } from '../src/web/transfer-steps.ts';

const lines = [
  { sku: 'MUG', quantity: 10, shipped_qty: 8, received_qty: 0, discrepancy_qty: 0 },
  { sku: 'CAP', quantity: 4, shipped_qty: 4, received_qty: 0, discrepancy_qty: 0 },
];

describe('stepLines', () => {
  it('sends only the quantities that differ from the default (planned to ship, shipped to receive)', () => {
    expect(stepLines(lines, {}, 'quantity')).toEqual([]);
    expect(stepLines(lines, { MUG: ' 10 ', CAP: '' }, 'quantity')).toEqual([]);
    expect(stepLines(lines, { MUG: '6', CAP: '0' }, 'quantity')).toEqual([
      { sku: 'MUG', quantity: 6 },
      { sku: 'CAP', quantity: 0 },
    ]);
    expect(stepLines(lines, { MUG: '7' }, 'shipped_qty')).toEqual([{ sku: 'MUG', quantity: 7 }]);
  });
  it('refuses a bad number or more than the default, naming the SKU', () => {
    expect(() => stepLines(lines, { MUG: 'x' }, 'quantity')).toThrow('MUG: "x" is not a whole number of units');
    expect(() => stepLines(lines, { CAP: '-1' }, 'quantity')).toThrow('CAP: "-1" is not a whole number of units');
    expect(() => stepLines(lines, { MUG: '9' }, 'shipped_qty')).toThrow('MUG: 9 is more than the 8 shipped');
    expect(() => stepLines(lines, { CAP: '5' }, 'quantity')).toThrow('CAP: 5 is more than the 4 planned');
  });
});
