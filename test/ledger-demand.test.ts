import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { demandHistory, postMovements, reserve, verifyLedger, type MovementInput } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { openMigrated } from './ledger-support.ts';

const ctx = { actor: 'tester' };
const at = (day: string, hour = 12) => `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
const mv = (kind: MovementInput['kind'], quantity: number, day: string, hour = 12, extra: Partial<MovementInput> = {}): MovementInput => ({ kind, sku: 'A', location: 'WH', quantity, occurredAt: at(day, hour), ...extra });

describe.each(testDatabases())('daily demand history on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await openMigrated(target);
    await createSku(store, { code: 'A', name: 'Widget' });
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('sums sales minus returns per day and flags stockout days', async () => {
    await postMovements(store, [
      mv('receipt', 5, '2026-05-01', 8, { unitCost: 1 }),
      mv('sale', 2, '2026-05-01', 10),
      mv('sale', 1, '2026-05-01', 11),
      mv('return', 1, '2026-05-01', 15),
      mv('sale', 3, '2026-05-02', 9), // 0 left: stockout
      mv('receipt', 4, '2026-05-04', 9, { unitCost: 1 }), // day starts at zero: stockout too
      mv('sale', 1, '2026-05-04', 12),
      mv('sale', 1, '2026-05-05', 12),
    ], ctx);
    const rows = await demandHistory(store, { from: '2026-05-01', to: '2026-05-05' });
    expect(rows.map((r) => [r.day, r.demand, r.stockout])).toEqual([
      ['2026-05-01', 2, 0],
      ['2026-05-02', 3, 1],
      ['2026-05-04', 0 + 1, 1],
      ['2026-05-05', 1, 0],
    ]);
    expect(rows[0]).toMatchObject({ sku: 'A', location: 'WH' });
    // with gap filling, the quiet day in between (still out of stock) is a censored day
    const filled = await demandHistory(store, { from: '2026-05-01', to: '2026-05-05', fillStockoutGaps: true });
    expect(filled.map((r) => [r.day, r.demand, r.stockout])).toEqual([
      ['2026-05-01', 2, 0],
      ['2026-05-02', 3, 1],
      ['2026-05-03', 0, 1],
      ['2026-05-04', 1, 1],
      ['2026-05-05', 1, 0],
    ]);
    // a range starting inside a stockout knows it from the last day before it
    expect((await demandHistory(store, { from: '2026-05-03', to: '2026-05-04', fillStockoutGaps: true })).map((r) => [r.day, r.stockout])).toEqual([
      ['2026-05-03', 1],
      ['2026-05-04', 1],
    ]);
    expect((await verifyLedger(store)).differences).toEqual([]);
  });

  it('flags a day when a reservation takes available to zero', async () => {
    await postMovements(store, [mv('receipt', 2, '2026-05-01', 8, { unitCost: 1 })], ctx);
    await reserve(store, { lines: [{ sku: 'A', location: 'WH', quantity: 2 }] }, ctx);
    const today = new Date().toISOString().slice(0, 10);
    const rows = await demandHistory(store, { from: today, to: today });
    expect(rows).toEqual([{ sku: 'A', location: 'WH', day: today, demand: 0, stockout: 1 }]);
  });

  it('filters by SKU and location and checks its arguments', async () => {
    await createSku(store, { code: 'B', name: 'Other' });
    await postMovements(store, [mv('receipt', 5, '2026-05-01', 8, { unitCost: 1 }), { ...mv('receipt', 5, '2026-05-01', 8, { unitCost: 1 }), sku: 'B' }, { ...mv('sale', 1, '2026-05-02'), sku: 'B' }], ctx);
    expect((await demandHistory(store, { skus: ['B'], from: '2026-05-01', to: '2026-05-31' })).map((r) => [r.sku, r.day, r.demand])).toEqual([
      ['B', '2026-05-01', 0],
      ['B', '2026-05-02', 1],
    ]);
    expect(await demandHistory(store, { skus: [] })).toEqual([]);
    await expect(demandHistory(store, { skus: ['NOPE'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(demandHistory(store, { from: '2026-5-1' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
