import { describe, expect, it } from 'vitest';
import { evaluateCount, isDue, onHandEffect, recordAccuracy } from './count-rules.ts';

const base = { unitCost: 2_500_000, toleranceUnits: 0, tolerancePct: 0, approvalUnits: null, approvalValue: null };

describe('evaluateCount', () => {
  it('nets movements between snapshot and count into the expected quantity', () => {
    // snapshot 100, 7 sold before the physical count, 92 counted: 1 unit missing, not 8.
    const e = evaluateCount({ ...base, snapshotQty: 100, netMovements: -7, countedQty: 92 });
    expect(e).toMatchObject({ expectedQty: 93, varianceQty: -1, varianceValue: -2_500_000, withinTolerance: false, needsApproval: false });
  });

  it('applies unit and percent tolerances', () => {
    expect(evaluateCount({ ...base, snapshotQty: 50, netMovements: 0, countedQty: 49, toleranceUnits: 1 }).withinTolerance).toBe(true);
    expect(evaluateCount({ ...base, snapshotQty: 200, netMovements: 0, countedQty: 196, tolerancePct: 2 }).withinTolerance).toBe(true);
    expect(evaluateCount({ ...base, snapshotQty: 200, netMovements: 0, countedQty: 195, tolerancePct: 2 }).withinTolerance).toBe(false);
  });

  it('asks for approval above a unit or value threshold', () => {
    expect(evaluateCount({ ...base, snapshotQty: 10, netMovements: 0, countedQty: 4, approvalUnits: 5 }).needsApproval).toBe(true);
    expect(evaluateCount({ ...base, snapshotQty: 10, netMovements: 0, countedQty: 5, approvalUnits: 5 }).needsApproval).toBe(false);
    // 3 units at 2.50 = 7.50 > 5.00
    expect(evaluateCount({ ...base, snapshotQty: 10, netMovements: 0, countedQty: 13, approvalValue: 5_000_000 }).needsApproval).toBe(true);
  });
});

describe('counting helpers', () => {
  it('signs movements by kind', () => {
    expect([onHandEffect('receipt', 5), onHandEffect('sale', 5), onHandEffect('transfer_out', 2), onHandEffect('adjustment', -3), onHandEffect('inbound', 9)]).toEqual([5, -5, -2, -3, 0]);
  });
  it('decides when a SKU is due', () => {
    expect(isDue(null, 30, '2026-11-23')).toBe(true);
    expect(isDue('2026-10-24', 30, '2026-11-23')).toBe(true);
    expect(isDue('2026-10-25', 30, '2026-11-23')).toBe(false);
  });
  it('computes IRA', () => {
    expect(recordAccuracy(9, 10)).toBe(0.9);
    expect(recordAccuracy(0, 0)).toBeNull();
  });
});
