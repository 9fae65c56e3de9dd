/** The transfer page's step quantities (src/web/transfer-steps.ts): only the changed ones, refused when bad. */
import { describe, expect, it } from 'vitest';
import { parseTransferLines, stepLines } from '../src/web/transfer-steps.ts';

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

describe('parseTransferLines', () => {
  it('reads SKU:quantity or SKU quantity, by commas or lines, adding a SKU named twice', () => {
    expect(parseTransferLines('MUG:5, CAP 2\nMUG:3')).toEqual([
      { sku: 'MUG', quantity: 8 },
      { sku: 'CAP', quantity: 2 },
    ]);
  });
  it('refuses a line without a whole positive quantity, naming it, and an empty list', () => {
    expect(() => parseTransferLines('MUG:0')).toThrow('lines: "MUG:0" is not SKU:quantity with a whole quantity above 0');
    expect(() => parseTransferLines('MUG, CAP:2')).toThrow('lines: "MUG" is not SKU:quantity');
    expect(() => parseTransferLines('MUG:1.5')).toThrow('"MUG:1.5"');
    expect(() => parseTransferLines(' , ')).toThrow('lines: name at least one SKU:quantity');
  });
});
