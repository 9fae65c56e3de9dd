/** The count page's entries and the start form's SKU list (src/web/count-entries.ts). */
import { describe, expect, it } from 'vitest';
import { countEntries, skuList } from '../src/web/count-entries.ts';

const lines = [
  { sku: 'MUG', counted_qty: null },
  { sku: 'CAP', counted_qty: 7 },
  { sku: 'PEN', counted_qty: null },
];

describe('countEntries', () => {
  it('sends the filled counts that differ from what is recorded (0 is a count)', () => {
    expect(countEntries(lines, {})).toEqual([]);
    expect(countEntries(lines, { MUG: ' 12 ', CAP: '7', PEN: '' })).toEqual([{ sku: 'MUG', counted_qty: 12 }]);
    expect(countEntries(lines, { CAP: '6', PEN: '0' })).toEqual([
      { sku: 'CAP', counted_qty: 6 },
      { sku: 'PEN', counted_qty: 0 },
    ]);
  });
  it('refuses a count that is not a whole number of units, naming the SKU', () => {
    expect(() => countEntries(lines, { MUG: 'x' })).toThrow('MUG: "x" is not a whole number of units');
    expect(() => countEntries(lines, { CAP: '-2' })).toThrow('CAP: "-2" is not a whole number of units');
    expect(() => countEntries(lines, { PEN: '1.5' })).toThrow('PEN: "1.5" is not a whole number of units');
  });
});

describe('skuList', () => {
  it('splits on commas, spaces, semicolons and new lines, once each, in order', () => {
    expect(skuList(' MUG, CAP;PEN\nMUG  TEE ')).toEqual(['MUG', 'CAP', 'PEN', 'TEE']);
    expect(skuList('  ')).toEqual([]);
  });
});
