/** The SKU page's stock adjustment body (src/web/adjustment.ts): what is sent, and what is refused before sending. */
import { describe, expect, it } from 'vitest';
import { adjustmentBody } from '../src/web/adjustment.ts';

describe('adjustmentBody', () => {
  it('sends a signed whole number of units with its reason (and a note when given)', () => {
    expect(adjustmentBody('MUG', 'WH1', ' -2 ', ' damaged in handling ', '')).toEqual({ kind: 'adjustment', sku: 'MUG', location: 'WH1', quantity: -2, reason: 'damaged in handling' });
    expect(adjustmentBody('MUG', 'WH1', '\u22122', 'lost', '')).toMatchObject({ quantity: -2 });
    expect(adjustmentBody('MUG', 'WH1', '+3', 'found', ' shelf B4 ')).toEqual({ kind: 'adjustment', sku: 'MUG', location: 'WH1', quantity: 3, reason: 'found', note: 'shelf B4' });
  });
  it('refuses no location, zero or a fraction, and a missing reason, naming the field', () => {
    expect(() => adjustmentBody('MUG', '', '1', 'x', '')).toThrow('location: choose where the stock is');
    expect(() => adjustmentBody('MUG', 'WH1', '0', 'x', '')).toThrow('units: "0" is not a whole number of units other than 0');
    expect(() => adjustmentBody('MUG', 'WH1', '1.5', 'x', '')).toThrow('units: "1.5"');
    expect(() => adjustmentBody('MUG', 'WH1', '', 'x', '')).toThrow('units: ""');
    expect(() => adjustmentBody('MUG', 'WH1', '2', '  ', '')).toThrow('reason: an adjustment needs its reason');
  });
});
