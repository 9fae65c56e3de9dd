/**
 * The multi-row write path (src/ledger/write-rows.ts) across its chunk boundaries: SQLite writes
 * 500 rows per statement, so a batch of 1,201 movements over 600 SKU x location pairs takes three
 * movement chunks and two balance/demand chunks; PostgreSQL writes the projection in one statement.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, upsertSkus } from '../src/catalog/index.ts';
import { getBalances, listMovements, postMovements, verifyLedger, type MovementInput } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { openMigrated } from './ledger-support.ts';

const ctx = { actor: 'tester' };
const SKUS = 300;

describe.each(testDatabases())('ledger multi-row writes on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await openMigrated(target);
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await createLocation(store, { code: 'SHOP', name: 'Shop', kind: 'store' });
    await upsertSkus(store, Array.from({ length: SKUS }, (_, i) => ({ code: `S${i}`, name: `SKU ${i}`, unitCost: 1_000_000 })));
  });
  afterEach(async () => {
    await store.close();
  });

  it('posts 1,201 movements in input order with ids ascending, and the projection verifies', async () => {
    const inputs: MovementInput[] = [];
    for (let i = 0; i < SKUS; i++) {
      for (const location of ['WH', 'SHOP']) {
        inputs.push({ kind: 'receipt', sku: `S${i}`, location, quantity: 10 + (i % 7), unitCost: 2_000_000 + i });
        inputs.push({ kind: 'sale', sku: `S${i}`, location, quantity: 1 + (i % 3) });
      }
    }
    inputs.push({ kind: 'sale', sku: 'S0', location: 'WH', quantity: 1 });
    expect(inputs.length).toBe(1201);

    const r = await postMovements(store, inputs, ctx);
    const ids = r.movements.map((m) => m.id);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]);
    expect(r.movements[1]).toMatchObject({ kind: 'sale', sku: 'S0', location: 'WH', quantity: 1, value: -2_000_000 });
    expect(r.movements[1200]).toMatchObject({ kind: 'sale', sku: 'S0', value: -2_000_000 });

    const page = await listMovements(store, { sku: 'S299', location: 'SHOP' });
    expect(page.items.map((m) => [m.kind, m.quantity, m.unitCost])).toEqual([['receipt', 10 + (299 % 7), 2_000_299], ['sale', 1 + (299 % 3), null]]);

    const balances = await getBalances(store, { limit: 10_000 });
    expect(balances.items).toHaveLength(2 * SKUS);
    const s0 = balances.items.find((b) => b.sku === 'S0' && b.location === 'WH')!;
    expect(s0.onHand).toBe(10 - 1 - 1);
    const s250 = balances.items.find((b) => b.sku === 'S250' && b.location === 'SHOP')!;
    expect(s250.onHand).toBe(10 + (250 % 7) - (1 + (250 % 3)));

    const v = await verifyLedger(store);
    expect(v.differences).toEqual([]);
    expect(v.checked.movements).toBe(1201);
  });
});
