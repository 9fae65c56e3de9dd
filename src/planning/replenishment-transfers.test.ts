import { describe, expect, it } from 'vitest';
import { laneLeadTime } from './lead-time.ts';
import { planReplenishmentTransfers, type FedLine } from './replenishment-transfers.ts';
import type { PlanItemResult } from './suggestion.ts';

const result = (over: Partial<PlanItemResult>): PlanItemResult =>
  ({ suggestedQty: 0, need: 0, rounding: [], notes: [], orderStep: 1, maxOrder: null, inventoryPosition: 0, orderUpTo: 0, stockoutInDays: null, error: null, ...over }) as PlanItemResult;
const fed = (sku: string, location: string, asked: number, stockoutInDays: number | null, source = 'WH'): FedLine => ({ result: result({ suggestedQty: asked, need: asked, stockoutInDays }), sku, location, source });

describe('planReplenishmentTransfers', () => {
  it('sends each fed line what it asks when the source has it; the fed line buys nothing', () => {
    const a = fed('S', 'FBA', 40, 5);
    const available = new Map([['S\u0000WH', 100]]);
    const { transfers, committed } = planReplenishmentTransfers([a], available);
    expect(transfers).toEqual([{ sku: 'S', from: 'WH', to: 'FBA', quantity: 40 }]);
    expect(committed.get('S\u0000WH')).toBe(40);
    expect(available.get('S\u0000WH')).toBe(60);
    expect(a.result).toMatchObject({ suggestedQty: 0, replenishment: { from: 'WH', asked: 40, sent: 40, short: 0 }, transfers: { in: [{ location: 'WH', quantity: 40 }], out: [] } });
    expect(a.result.rounding).toEqual([{ rule: 'transfer', from: 40, to: 0, note: 'replenished from WH: transfer 40 (a location replenished by transfer does not buy)' }]);
  });

  it('serves the line that runs out first when the source is short; the rest is the shortfall', () => {
    const late = fed('S', 'FBA-EU', 50, 20);
    const soon = fed('S', 'FBA-US', 30, 2);
    const never = fed('S', '3PL', 10, null);
    const other = fed('T', 'FBA-US', 5, 1);
    const { transfers, committed } = planReplenishmentTransfers([late, soon, never, other], new Map([['S\u0000WH', 45]]));
    // FBA-US (out in 2 days) gets its 30, FBA-EU the 15 left; 3PL and T get nothing
    expect(transfers).toEqual([
      { sku: 'S', from: 'WH', to: 'FBA-US', quantity: 30 },
      { sku: 'S', from: 'WH', to: 'FBA-EU', quantity: 15 },
    ]);
    expect(committed).toEqual(new Map([['S\u0000WH', 45]]));
    expect(late.result.replenishment).toEqual({ from: 'WH', asked: 50, sent: 15, short: 35 });
    expect(late.result.notes).toEqual(['replenished from WH: transfer 15 of 50 (all WH has available); 35 wait for its stock']);
    expect(never.result).toMatchObject({ suggestedQty: 0, replenishment: { asked: 10, sent: 0, short: 10 } });
    expect(never.result.transfers).toBeUndefined();
    expect(other.result.notes).toEqual(['replenished from WH: 5 asked, none available there; they wait for its stock']);
  });

  it('marks a fed line that asks nothing, and leaves a line in error alone', () => {
    const idle = fed('S', 'FBA', 0, null);
    const bad = { ...fed('S', '3PL', 9, 1), result: result({ suggestedQty: 9, error: 'no history' }) };
    const { transfers } = planReplenishmentTransfers([idle, bad], new Map([['S\u0000WH', 100]]));
    expect(transfers).toEqual([]);
    expect(idle.result.replenishment).toEqual({ from: 'WH', asked: 0, sent: 0, short: 0 });
    expect(bad.result.replenishment).toBeUndefined();
    expect(bad.result.suggestedQty).toBe(9);
  });
});

describe('laneLeadTime', () => {
  it('learns the lane from its shipments once there are enough, else keeps the configured days', () => {
    // 5, 9, 7 days: mean 7, sample sd 2
    expect(laneLeadTime({ days: 10, sdDays: 1 }, [5, 9, 7], 3)).toEqual({ meanDays: 7, sdDays: 2, source: 'transfer-history', n: 3, independence: 0, openOrders: 0 });
    expect(laneLeadTime({ days: 10, sdDays: 1 }, [5, 9], 3)).toEqual({ meanDays: 10, sdDays: 1, source: 'transfer-lane', n: 2, independence: 0, openOrders: 0 });
    // one shipment has no spread to learn, whatever the minimum
    expect(laneLeadTime({ days: 10, sdDays: 1 }, [4], 1)).toMatchObject({ meanDays: 10, source: 'transfer-lane', n: 1 });
    expect(laneLeadTime({ days: 10, sdDays: 1 }, [6, 6], 1)).toMatchObject({ meanDays: 6, sdDays: 0, source: 'transfer-history', n: 2 });
  });
});
