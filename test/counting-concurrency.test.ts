import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { getBalances, listMovements, postMovements } from '../src/ledger/index.ts';
import { approveCount, listCounts, postCount, recordCounts, startCount } from '../src/counting/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

const codes = (rs: PromiseSettledResult<unknown>[]) => rs.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code ?? String(r.reason))).sort();

describe.each(testDatabases())('concurrent counting on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open({ poolSize: 8 });
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 1_000_000 });
    await postMovements(store, [{ kind: 'receipt', sku: 'MUG', location: 'WH', quantity: 20, unitCost: 1_000_000 }], { actor: 'seed' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('opens one count per SKU and location however many start at once', async () => {
    const rs = await Promise.allSettled([1, 2, 3].map(() => startCount(store, { location: 'WH', skus: ['MUG'] }, { actor: 'lead' })));
    expect(codes(rs)).toEqual(['SKU_IN_OPEN_COUNT', 'SKU_IN_OPEN_COUNT', 'ok']);
    expect((await listCounts(store, { filters: { status: 'open' } })).items).toHaveLength(1);
  });

  it('approves once and posts once under simultaneous requests', async () => {
    const s = await startCount(store, { location: 'WH', skus: ['MUG'], approvalUnits: 1 }, { actor: 'lead' });
    await recordCounts(store, s.number, [{ sku: 'MUG', countedQty: 15 }], { actor: 'counter' });
    const approvals = await Promise.allSettled(['a', 'b', 'c'].map((who) => approveCount(store, s.number, { actor: who })));
    expect(codes(approvals)).toEqual(['ALREADY_APPROVED', 'ALREADY_APPROVED', 'ok']);
    const posts = await Promise.allSettled([1, 2, 3].map(() => postCount(store, s.number, { actor: 'lead' })));
    expect(codes(posts)).toEqual(['COUNT_NOT_OPEN', 'COUNT_NOT_OPEN', 'ok']);
    expect((await listMovements(store, { kind: 'count_correction' })).items.map((m) => m.quantity)).toEqual([-5]);
    expect((await getBalances(store, { skus: ['MUG'] })).items[0].onHand).toBe(15);
  });
});
