/** The PO page's receipt body (src/web/components/receive-form.tsx receiptBody): what is sent, and what is refused before sending. */
import { describe, expect, it } from 'vitest';
import { parseUnexpected, receiptBody } from '../src/web/components/receive-form.tsx';

const po = {
  number: 'PO-7',
  lines: [
    { line_no: 1, sku: 'MUG', location: 'WH1', open_qty: 10 },
    { line_no: 2, sku: 'MUG', location: 'FBA', open_qty: 5 },
    { line_no: 3, sku: 'MUG', location: 'WH1', open_qty: 4 },
    { line_no: 4, sku: 'CAP', location: 'WH1', open_qty: 6 },
  ],
} as never;

describe('receiptBody', () => {
  it('one line per SKU x location with units, good and damaged; empty and zero lines left out; the day at noon UTC', () => {
    expect(receiptBody(po, ' DN-1 ', '2026-11-20', false, { 1: { good: '8', damaged: '1' }, 2: { good: '0', damaged: '' }, 3: { good: '4', damaged: '' }, 4: { good: '', damaged: '' } })).toEqual({
      po: 'PO-7',
      delivery_ref: 'DN-1',
      received_at: '2026-11-20T12:00:00Z',
      lines: [{ sku: 'MUG', location: 'WH1', quantity: 12, damaged: 1 }],
    });
    // no day: the server's now; close: the rest given up
    expect(receiptBody(po, 'DN-2', '', true, { 4: { good: '6', damaged: '' } })).toEqual({ po: 'PO-7', delivery_ref: 'DN-2', close: true, lines: [{ sku: 'CAP', location: 'WH1', quantity: 6 }] });
  });

  it('refuses a missing reference, a bad number (naming the line and field) and an empty delivery', () => {
    expect(() => receiptBody(po, ' ', '', false, { 1: { good: '1', damaged: '' } })).toThrow("delivery reference: the supplier's delivery note number is required");
    expect(() => receiptBody(po, 'DN', '', false, { 2: { good: '2.5', damaged: '' } })).toThrow('line 2 (MUG at FBA), good: "2.5" is not a whole number of units');
    expect(() => receiptBody(po, 'DN', '', false, { 1: { good: '1', damaged: '-1' } })).toThrow('line 1 (MUG at WH1), damaged: "-1" is not a whole number of units');
    expect(() => receiptBody(po, 'DN', '20/11/2026', false, { 1: { good: '1', damaged: '' } })).toThrow('received on: "20/11/2026" is not a day (YYYY-MM-DD)');
    expect(() => receiptBody(po, 'DN', '', false, { 1: { good: '0', damaged: '' } })).toThrow('nothing to receive: enter the good or damaged units of at least one line');
    expect(() => receiptBody(po, 'DN', '', true, {})).toThrow('nothing to receive: to give up the rest without a delivery, close the PO instead');
  });

  it('adds the unexpected SKUs typed as SKU:units or SKU@LOCATION:units, accepted or only recorded', () => {
    expect(receiptBody(po, 'DN-3', '', false, {}, { text: 'HAT:3\nSCARF@FBA: 2, ', accept: true })).toEqual({
      po: 'PO-7',
      delivery_ref: 'DN-3',
      lines: [
        { sku: 'HAT', location: 'WH1', quantity: 3, accept: true },
        { sku: 'SCARF', location: 'FBA', quantity: 2, accept: true },
      ],
    });
    expect(receiptBody(po, 'DN-4', '', false, { 4: { good: '1', damaged: '' } }, { text: 'HAT:1', accept: false }).lines).toEqual([
      { sku: 'CAP', location: 'WH1', quantity: 1 },
      { sku: 'HAT', location: 'WH1', quantity: 1, accept: false },
    ]);
    expect(parseUnexpected(' ', 'WH1')).toEqual([]);
    expect(() => receiptBody(po, 'DN', '', false, {}, { text: 'HAT:0', accept: true })).toThrow('unexpected SKUs: "HAT:0" is not SKU:units or SKU@LOCATION:units with whole units > 0');
    expect(() => receiptBody(po, 'DN', '', false, {}, { text: 'HAT 3', accept: true })).toThrow('unexpected SKUs: "HAT 3"');
  });
});
