import { describe, expect, it } from 'vitest';
import { LotQueue, type MemLot } from './fifo.ts';

let seq = 1;
const lot = (receivedAt: string, qty: number, unitCost: number): MemLot => ({
  id: seq, seq: seq++, skuId: 1, locationId: 1, inTransitFrom: null, receivedAt, unitCost, qtyReceived: qty, qtyRemaining: qty, sourceIndex: null, sourceMovementId: 1, dirty: false,
});

describe('LotQueue (FIFO)', () => {
  it('takes the oldest lots first, by receipt date then id', () => {
    const q = new LotQueue();
    q.insert(lot('2026-01-02', 5, 300));
    q.insert(lot('2026-01-01', 10, 200));
    q.insert(lot('2026-01-02', 4, 250));
    expect(q.quantity()).toBe(19);
    const r = q.take(12);
    expect(r).toEqual({ pieces: [{ qty: 10, unitCost: 200, receivedAt: '2026-01-01' }, { qty: 2, unitCost: 300, receivedAt: '2026-01-02' }], shortfall: 0 });
    expect(q.open().map((l) => [l.qtyRemaining, l.unitCost])).toEqual([[3, 300], [4, 250]]);
    expect(q.take(10)).toMatchObject({ shortfall: 3 });
    expect(q.quantity()).toBe(0);
    expect(q.lastCost).toBe(250);
  });

  it('fills negative lots oldest first and reports their value', () => {
    const q = new LotQueue();
    q.insert(lot('2026-01-01', -3, 100));
    q.insert(lot('2026-01-02', -2, 150));
    expect(q.fillNegatives(4)).toEqual({ used: 4, value: 3 * 100 + 1 * 150 });
    expect(q.open().map((l) => l.qtyRemaining)).toEqual([-1]);
    expect(q.fillNegatives(5)).toEqual({ used: 1, value: 150 });
    expect(q.quantity()).toBe(0);
  });

  it('takes only lots passing a filter (in transit from one source)', () => {
    const q = new LotQueue();
    q.insert({ ...lot('2026-01-01', 2, 100), inTransitFrom: 7 });
    q.insert({ ...lot('2026-01-02', 3, 200), inTransitFrom: 8 });
    const from8 = (l: MemLot) => l.inTransitFrom === 8;
    expect(q.quantity(from8)).toBe(3);
    expect(q.take(2, from8).pieces).toEqual([{ qty: 2, unitCost: 200, receivedAt: '2026-01-02' }]);
    expect(q.open().map((l) => [l.inTransitFrom, l.qtyRemaining])).toEqual([[7, 2], [8, 1]]);
  });
});
