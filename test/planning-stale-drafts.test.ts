/**
 * Stale drafts (src/planning/stale-drafts.ts, purchasing's stale-orders.ts), on both databases: a
 * draft PO or draft transfer not placed or shipped a week after its creation is still counted by
 * a plan run (so nothing is bought twice), and said so on every line that counts it, on the run,
 * on the PO and in the Purchasing list's stale filter.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocation } from '../src/catalog/index.ts';
import { postMovements } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, recsByPair, seedSmallCatalogue } from './planning-helpers.ts';
import { runPlan } from '../src/planning/index.ts';
import { createPurchaseOrder, createTransfer, getPurchaseOrder, listPurchaseOrders } from '../src/purchasing/index.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ctx = { actor: 'test', trigger: 'test' as const };
const at = (instant: string) => ({ actor: 'pat.planner', now: instant });


describe.each(testDatabases())('stale drafts on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
    await createLocation(store, { code: 'WH2', name: 'Second warehouse' });
    await postMovements(store, [{ kind: 'receipt', sku: 'CONST', location: 'WH2', quantity: 100, unitCost: 5_000_000, occurredAt: '2026-09-01T00:00:00Z' }], { actor: 'test' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('counts a draft created more than 7 days before the run, and says so on its lines, the run, the PO and the stale filter', async () => {
    // 19 days before the run's day, never placed; a fresh one (2 days); a transfer drafted 14 days before, never shipped
    const old = await createPurchaseOrder(store, { supplier: 'ACME', lines: [{ sku: 'CONST', location: 'WH1', quantity: 300, expectedDate: '2026-10-15' }] }, at('2026-09-10T08:00:00Z'));
    const fresh = await createPurchaseOrder(store, { supplier: 'BOLT', lines: [{ sku: 'PACK', location: 'WH1', quantity: 120 }] }, at('2026-09-27T08:00:00Z'));
    const tr = await createTransfer(store, { number: 'TR-OLD', from: 'WH2', to: 'WH1', lines: [{ sku: 'CONST', quantity: 40 }] }, at('2026-09-15T08:00:00Z'));
    expect(tr.status).toBe('draft');

    const progress: string[] = [];
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, { ...ctx, onProgress: (p) => progress.push(p.message) });
    const got = await recsByPair(store, run.id);

    // the destination counts both (300 + 40 inbound) and names them with their age
    const wh1 = got.get('CONST@WH1')!;
    expect(wh1.inbound).toBe(340);
    const e1 = wh1.explanation as any;
    expect(e1.position.staleDrafts).toEqual([
      { kind: 'purchase order', number: old.number, ageDays: 19, quantity: 300, direction: 'in', staleAfterDays: 7 },
      { kind: 'transfer', number: 'TR-OLD', ageDays: 14, quantity: 40, direction: 'in', staleAfterDays: 7 },
    ]);
    const note1 = e1.notes.find((n: string) => n.startsWith('stale drafts:'));
    expect(note1).toBe(
      `stale drafts: purchase order ${old.number} (300 units coming in, a draft for 19 days), transfer TR-OLD (40 units coming in, a draft for 14 days): not placed or shipped 7 days after they were created, yet counted in the position; cancel those that will not be and the position is ${wh1.inventoryPosition - 340}`,
    );
    // the origin reserves the transfer's 40: without it, its position is 40 higher
    const wh2 = got.get('CONST@WH2')!;
    expect((wh2.explanation as any).position.staleDrafts).toEqual([{ kind: 'transfer', number: 'TR-OLD', ageDays: 14, quantity: 40, direction: 'out', staleAfterDays: 7 }]);
    expect((wh2.explanation as any).notes).toContain(
      `stale drafts: transfer TR-OLD (40 units going out, a draft for 14 days): not shipped 7 days after they were created, yet counted in the position; cancel those that will not be and the position is ${wh2.inventoryPosition + 40}`,
    );
    // the fresh draft is counted, not flagged
    const pack = got.get('PACK@WH1')!;
    expect(pack.inbound).toBe(120);
    expect((pack.explanation as any).position.staleDrafts).toBeNull();
    expect((pack.explanation as any).notes.some((n: string) => n.startsWith('stale drafts:'))).toBe(false);

    // the run: every draft counted, the stale ones oldest first with their units and pairs
    expect(run.inputs!.drafts).toEqual({
      purchaseOrders: 2,
      transfers: 1,
      staleAfterDays: 7,
      staleCount: 2,
      stale: [
        { kind: 'purchase order', number: old.number, createdDay: '2026-09-10', ageDays: 19, units: 300, pairs: 1 },
        { kind: 'transfer', number: 'TR-OLD', createdDay: '2026-09-15', ageDays: 14, units: 40, pairs: 2 },
      ],
    });
    expect(progress.join('\n')).toContain(`stale drafts: 2 draft(s) not placed or shipped 7 days after they were created, counted in the positions of their pairs: ${old.number} (19 days), TR-OLD (14 days)`);

    // purchasing: the PO says it, and the stale filter finds it (and only it) on the same day
    expect(await getPurchaseOrder(store, old.number, { today: AS_OF })).toMatchObject({ status: 'draft', draftDays: 19, openDays: null, stale: true, staleAfterDays: 7 });
    expect(await getPurchaseOrder(store, fresh.number, { today: AS_OF })).toMatchObject({ draftDays: 2, stale: false, staleAfterDays: 7 });
    // exactly 7 days is not stale yet, 8 is
    expect((await getPurchaseOrder(store, old.number, { today: '2026-09-17' })).stale).toBe(false);
    expect((await getPurchaseOrder(store, old.number, { today: '2026-09-18' })).stale).toBe(true);
    const staleOnly = await listPurchaseOrders(store, { filters: { stale: true, today: AS_OF } });
    expect(staleOnly.items.map((p) => p.number)).toEqual([old.number]);
    const others = await listPurchaseOrders(store, { filters: { stale: false, today: AS_OF } });
    expect(others.items.map((p) => p.number)).toEqual([fresh.number]);
    expect((await listPurchaseOrders(store, { filters: { stale: true, today: '2026-09-17' } })).items).toEqual([]);
  });

  it('a run with no drafts has no drafts summary', async () => {
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    expect(run.inputs!.drafts).toBeUndefined();
  });
});
