import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku, createSupplier } from '../src/catalog/index.ts';
import { getBalances, listMovements, postMovements } from '../src/ledger/index.ts';
import {
  cancelPurchaseOrder,
  closePurchaseOrder,
  createPurchaseOrder,
  createPurchaseOrderFromSuggestions,
  getPurchaseOrder,
  leadTimeStats,
  listPurchaseOrders,
  listReceipts,
  placePurchaseOrder,
  receivePurchaseOrder,
  updatePurchaseOrder,
} from '../src/purchasing/index.ts';
import { censoredNormalFit } from '../src/engine/stats/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { errorOf } from './helpers/errors.ts';

const buyer = { actor: 'buyer' };
const clerk = { actor: 'clerk' };

async function balance(store: Store, sku: string, location: string) {
  const page = await getBalances(store, { skus: [sku], locations: [location] });
  return page.items[0] ?? { onHand: 0, inbound: 0, reserved: 0, available: 0 };
}

describe.each(testDatabases())('purchase orders and receiving on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await createSupplier(store, { code: 'ACME', name: 'Acme', defaultLeadTimeDays: 14, receiptTolerancePct: 5 });
    await createSupplier(store, { code: 'STRICT', name: 'Strict Ltd', defaultLeadTimeDays: 7 });
    await createLocation(store, { code: 'WH1', name: 'Main warehouse' });
    await createLocation(store, { code: 'WH2', name: 'Second warehouse' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_500_000, defaultSupplier: 'ACME' });
    await createSku(store, { code: 'CAP', name: 'Cap', unitCost: 4_000_000 });
    await createSku(store, { code: 'PEN', name: 'Pen', unitCost: 500_000 });
  });
  afterEach(async () => {
    await store.close();
  });

  it('draft -> placed posts inbound; late POs stay inbound and are flagged against the given day', async () => {
    const po = await createPurchaseOrder(
      store,
      { number: 'PO-1', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 100, expectedDate: '2026-03-10' }, { sku: 'CAP', location: 'WH1', quantity: 40, unitCost: 3_900_000 }] },
      buyer,
    );
    expect(po.status).toBe('draft');
    expect(po.lines.map((l) => l.unitCost)).toEqual([2_500_000, 3_900_000]); // default = catalog cost
    expect(po.totalValue).toBe(100 * 2_500_000 + 40 * 3_900_000);
    expect((await balance(store, 'MUG', 'WH1')).inbound).toBe(0); // a draft is not inbound

    await placePurchaseOrder(store, 'PO-1', buyer, { placedAt: '2026-03-01T09:00:00Z' });
    expect((await balance(store, 'MUG', 'WH1')).inbound).toBe(100);
    expect((await balance(store, 'CAP', 'WH1')).inbound).toBe(40);

    const before = await getPurchaseOrder(store, 'PO-1', { today: '2026-03-10' });
    expect(before.late).toBe(false);
    const after = await getPurchaseOrder(store, 'PO-1', { today: '2026-03-11' });
    expect(after.late).toBe(true);
    expect(after.lines.map((l) => l.late)).toEqual([true, false]); // CAP has no expected date
    expect((await listPurchaseOrders(store, { filters: { late: true, today: '2026-03-11' } })).items.map((p) => p.number)).toEqual(['PO-1']);
    expect((await listPurchaseOrders(store, { filters: { late: false, today: '2026-03-11' } })).items).toEqual([]);
    // Still inbound while late.
    expect((await balance(store, 'MUG', 'WH1')).inbound).toBe(100);

    const again = await errorOf(placePurchaseOrder(store, 'PO-1', buyer));
    expect([again.status, again.code]).toEqual([422, 'PO_INVALID_TRANSITION']);
  });

  it('receives partially, then the rest with an over-delivery inside tolerance; records damaged apart and the lead time', async () => {
    await createPurchaseOrder(store, { number: 'PO-2', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 100 }] }, buyer);
    await placePurchaseOrder(store, 'PO-2', buyer, { placedAt: '2026-03-01T09:00:00Z' });

    const r1 = await receivePurchaseOrder(store, { po: 'PO-2', deliveryRef: 'DN-1', receivedAt: '2026-03-11T10:00:00Z', lines: [{ sku: 'MUG', quantity: 58, damaged: 2 }] }, clerk);
    expect(r1.poStatus).toBe('partially_received');
    expect(r1.leadTimeDays).toBe(10);
    let b = await balance(store, 'MUG', 'WH1');
    expect([b.onHand, b.inbound]).toEqual([58, 40]); // damaged not sellable, but delivered: 60 of 100 released

    const r2 = await receivePurchaseOrder(store, { po: 'PO-2', deliveryRef: 'DN-2', receivedAt: '2026-03-15T10:00:00Z', lines: [{ sku: 'MUG', quantity: 45 }] }, clerk);
    expect(r2.poStatus).toBe('received');
    expect(r2.lines[0].overQty).toBe(5); // 105 delivered of 100 at 5% tolerance
    b = await balance(store, 'MUG', 'WH1');
    expect([b.onHand, b.inbound]).toEqual([103, 0]);

    const po = await getPurchaseOrder(store, 'PO-2');
    expect(po.lines[0]).toMatchObject({ receivedQty: 103, damagedQty: 2, openQty: 0 });
    const receipts = await listMovements(store, { sku: 'MUG', location: 'WH1', kind: 'receipt' });
    expect(receipts.items.map((m) => [m.quantity, m.unitCost])).toEqual([
      [58, 2_500_000],
      [45, 2_500_000],
    ]);
    const stats = await leadTimeStats(store, 'ACME');
    expect(stats.overall).toMatchObject({ n: 2, meanDays: 12, minDays: 10, maxDays: 14 });
    expect(stats.overall.sdDays).toBeCloseTo(Math.sqrt(8), 12);
  });

  it('refuses an over-receipt beyond tolerance and a second receipt of the same delivery, applying nothing', async () => {
    await createPurchaseOrder(store, { number: 'PO-3', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 100 }] }, buyer);
    await placePurchaseOrder(store, 'PO-3', buyer);
    const over = await errorOf(receivePurchaseOrder(store, { po: 'PO-3', deliveryRef: 'DN-9', lines: [{ sku: 'MUG', quantity: 106 }] }, clerk));
    expect([over.status, over.code]).toEqual([422, 'OVER_RECEIPT']);
    expect(over.details).toMatchObject({ sku: 'MUG', ordered: 100, limit: 105, delivering: 106 });
    expect(await balance(store, 'MUG', 'WH1')).toMatchObject({ onHand: 0, inbound: 100 });
    expect((await listReceipts(store)).items).toEqual([]);

    await receivePurchaseOrder(store, { po: 'PO-3', deliveryRef: 'DN-9', lines: [{ sku: 'MUG', quantity: 30 }] }, clerk);
    const dup = await errorOf(receivePurchaseOrder(store, { po: 'PO-3', deliveryRef: 'DN-9', lines: [{ sku: 'MUG', quantity: 30 }] }, clerk));
    expect([dup.status, dup.code]).toEqual([409, 'DUPLICATE_DELIVERY']);
    expect(await balance(store, 'MUG', 'WH1')).toMatchObject({ onHand: 30, inbound: 70 });

    // Zero tolerance: one unit over is refused.
    await createPurchaseOrder(store, { number: 'PO-S', supplier: 'STRICT', lines: [{ sku: 'PEN', location: 'WH1', quantity: 10 }] }, buyer);
    await placePurchaseOrder(store, 'PO-S', buyer);
    expect((await errorOf(receivePurchaseOrder(store, { po: 'PO-S', deliveryRef: 'X', lines: [{ sku: 'PEN', quantity: 10, damaged: 1 }] }, clerk))).code).toBe('OVER_RECEIPT');
  });

  it('flags unexpected SKUs: recorded, posted only when accepted', async () => {
    await createPurchaseOrder(store, { number: 'PO-4', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 10 }] }, buyer);
    await placePurchaseOrder(store, 'PO-4', buyer);
    const r = await receivePurchaseOrder(
      store,
      {
        po: 'PO-4',
        deliveryRef: 'DN-U',
        lines: [
          { sku: 'MUG', quantity: 10 },
          { sku: 'CAP', quantity: 3 },
          { sku: 'PEN', quantity: 5, accept: true },
          { sku: 'NOT-IN-CATALOG', quantity: 1 },
        ],
      },
      clerk,
    );
    expect(r.lines.map((l) => [l.sku, l.kind, l.postedQty, l.accepted])).toEqual([
      ['MUG', 'matched', 10, true],
      ['CAP', 'unexpected', 0, false],
      ['PEN', 'unexpected', 5, true],
      ['NOT-IN-CATALOG', 'unexpected', 0, false],
    ]);
    expect((await balance(store, 'CAP', 'WH1')).onHand).toBe(0);
    expect((await balance(store, 'PEN', 'WH1')).onHand).toBe(5);
    expect((await listReceipts(store, { filters: { unexpected: true } })).items).toHaveLength(1);
  });

  it('cancels a placed PO and closes a partially received one, returning inbound to 0', async () => {
    await createPurchaseOrder(store, { number: 'PO-5', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 20 }] }, buyer);
    await placePurchaseOrder(store, 'PO-5', buyer);
    await cancelPurchaseOrder(store, 'PO-5', buyer, { reason: 'supplier out of stock' });
    expect((await balance(store, 'MUG', 'WH1')).inbound).toBe(0);
    expect((await getPurchaseOrder(store, 'PO-5')).endReason).toBe('supplier out of stock');

    await createPurchaseOrder(store, { number: 'PO-6', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH2', quantity: 20 }] }, buyer);
    await placePurchaseOrder(store, 'PO-6', buyer);
    await receivePurchaseOrder(store, { po: 'PO-6', deliveryRef: 'D6', lines: [{ sku: 'MUG', quantity: 12 }] }, clerk);
    const cancel = await errorOf(cancelPurchaseOrder(store, 'PO-6', buyer));
    expect(cancel.code).toBe('PO_INVALID_TRANSITION');
    const closed = await closePurchaseOrder(store, 'PO-6', buyer, { reason: 'short shipped' });
    expect(closed.status).toBe('closed');
    expect(await balance(store, 'MUG', 'WH2')).toMatchObject({ onHand: 12, inbound: 0 });
    expect((await errorOf(receivePurchaseOrder(store, { po: 'PO-6', deliveryRef: 'D7', lines: [{ sku: 'MUG', quantity: 1 }] }, clerk))).code).toBe('PO_NOT_OPEN');

    // A receipt can close the PO at once (final short delivery).
    await createPurchaseOrder(store, { number: 'PO-7', supplier: 'ACME', lines: [{ sku: 'CAP', location: 'WH1', quantity: 9 }] }, buyer);
    await placePurchaseOrder(store, 'PO-7', buyer);
    await receivePurchaseOrder(store, { po: 'PO-7', deliveryRef: 'D8', close: true, lines: [{ sku: 'CAP', quantity: 7 }] }, clerk);
    expect((await getPurchaseOrder(store, 'PO-7')).status).toBe('closed');
    expect(await balance(store, 'CAP', 'WH1')).toMatchObject({ onHand: 7, inbound: 0 });
  });

  it('creates a PO from suggestions, storing a changed quantity with its reason and author', async () => {
    const missing = await errorOf(
      createPurchaseOrderFromSuggestions(store, { supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', suggestedQty: 120, quantity: 144 }] }, { actor: 'planner-ann' }),
    );
    expect([missing.status, missing.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(missing.message).toMatch(/lines\[0\].*144.*120.*reason/);
    const po = await createPurchaseOrderFromSuggestions(
      store,
      {
        supplier: 'ACME',
        lines: [
          { sku: 'MUG', location: 'WH1', suggestedQty: 120, quantity: 144, reason: 'round up to case of 48' },
          { sku: 'CAP', location: 'WH1', suggestedQty: 30, quantity: 30 },
        ],
      },
      { actor: 'planner-ann' },
    );
    expect(po).toMatchObject({ status: 'draft', source: 'plan' });
    expect(po.number).toMatch(/^PO-\d{6}$/);
    expect(po.lines.map((l) => [l.sku, l.suggestedQty, l.quantity, l.overrideReason, l.overrideBy])).toEqual([
      ['MUG', 120, 144, 'round up to case of 48', 'planner-ann'],
      ['CAP', 30, 30, null, null],
    ]);
  });

  it('edits a draft only, keeping the suggested quantity of a plan line and requiring a reason to differ', async () => {
    await createPurchaseOrderFromSuggestions(store, { number: 'PO-E', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', suggestedQty: 50, quantity: 50 }] }, { actor: 'ann' });
    const noReason = await errorOf(updatePurchaseOrder(store, 'PO-E', { lines: [{ sku: 'MUG', location: 'WH1', quantity: 60 }] }, { actor: 'bob' }));
    expect(noReason.message).toMatch(/lines\[0\].*60.*50.*reason/);
    const edited = await updatePurchaseOrder(
      store,
      'PO-E',
      { note: 'bigger', lines: [{ sku: 'MUG', location: 'WH1', quantity: 60, reason: 'trade show' }, { sku: 'CAP', location: 'WH2', quantity: 5 }] },
      { actor: 'bob' },
    );
    expect(edited.note).toBe('bigger');
    expect(edited.lines.map((l) => [l.lineNo, l.sku, l.quantity, l.suggestedQty, l.overrideReason, l.overrideBy])).toEqual([
      [1, 'MUG', 60, 50, 'trade show', 'bob'],
      [2, 'CAP', 5, null, null, null],
    ]);
    await placePurchaseOrder(store, 'PO-E', buyer);
    const placed = await errorOf(updatePurchaseOrder(store, 'PO-E', { note: 'x' }, buyer));
    expect([placed.status, placed.code]).toEqual([422, 'PO_NOT_DRAFT']);
    expect((await balance(store, 'CAP', 'WH2')).inbound).toBe(5);
  });

  it('rejects unknown codes and duplicate lines', async () => {
    expect((await errorOf(createPurchaseOrder(store, { supplier: 'NOPE', lines: [{ sku: 'MUG', location: 'WH1', quantity: 1 }] }, buyer))).code).toBe('NOT_FOUND');
    expect((await errorOf(createPurchaseOrder(store, { supplier: 'ACME', lines: [{ sku: 'NOPE', location: 'WH1', quantity: 1 }] }, buyer))).status).toBe(404);
    const dup = await errorOf(createPurchaseOrder(store, { supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 1 }, { sku: 'MUG', location: 'WH1', quantity: 2 }] }, buyer));
    expect(dup.message).toMatch(/lines\[1\].*line 1/);
    await createPurchaseOrder(store, { number: 'PO-X', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 1 }] }, buyer);
    expect((await errorOf(createPurchaseOrder(store, { number: 'PO-X', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 1 }] }, buyer))).status).toBe(409);
    await placePurchaseOrder(store, 'PO-X', { actor: 'buyer', now: '2026-03-01T10:00:00Z' });
    const future = await errorOf(receivePurchaseOrder(store, { po: 'PO-X', deliveryRef: 'F', receivedAt: '2026-03-02T10:00:00Z', lines: [{ sku: 'MUG', quantity: 1 }] }, { actor: 'c', now: '2026-03-01T11:00:00Z' }));
    expect([future.status, future.message]).toEqual([400, 'receivedAt 2026-03-02T10:00:00.000Z is in the future']);
    const early = await errorOf(receivePurchaseOrder(store, { po: 'PO-X', deliveryRef: 'F', receivedAt: '2026-02-27T10:00:00Z', lines: [{ sku: 'MUG', quantity: 1 }] }, clerk));
    expect(early.message).toMatch(/before the PO was placed \(2026-03-01\)/);
  });

  it('keeps lead-time statistics per supplier and per SKU from receipts', async () => {
    const cases: [string, string, string][] = [
      ['2026-01-01', '2026-01-11', 'MUG'], // 10
      ['2026-02-01', '2026-02-13', 'MUG'], // 12
      ['2026-03-01', '2026-03-21', 'CAP'], // 20
    ];
    for (const [i, [placed, received, sku]] of cases.entries()) {
      await createPurchaseOrder(store, { number: `L${i}`, supplier: 'ACME', lines: [{ sku, location: 'WH1', quantity: 5 }] }, buyer);
      await placePurchaseOrder(store, `L${i}`, buyer, { placedAt: `${placed}T08:00:00Z` });
      await receivePurchaseOrder(store, { po: `L${i}`, deliveryRef: `R${i}`, receivedAt: `${received}T15:00:00Z`, lines: [{ sku, quantity: 5 }] }, clerk);
    }
    const s = await leadTimeStats(store, 'ACME');
    expect(s.defaultLeadTimeDays).toBe(14);
    expect(s.overall.n).toBe(3);
    expect(s.overall.meanDays).toBe(14);
    expect(s.overall.sdDays).toBeCloseTo(Math.sqrt(((10 - 14) ** 2 + (12 - 14) ** 2 + (20 - 14) ** 2) / 2), 12);
    expect(s.bySku.map((x) => [x.sku, x.n, x.meanDays])).toEqual([
      ['CAP', 1, 20],
      ['MUG', 2, 11],
    ]);
    expect(s.bySku[0].sdDays).toBeNull();
    expect((await leadTimeStats(store, 'ACME', { from: '2026-02-01' })).overall.n).toBe(2);
    expect((await leadTimeStats(store, 'STRICT')).overall).toMatchObject({ n: 0, meanDays: null });
  });

  it('counts open POs as lead times longer than their age (right-censored), leaving stale ones out', async () => {
    const receipts: [string, string][] = [
      ['2026-01-01', '2026-01-11'], // 10
      ['2026-02-01', '2026-02-13'], // 12
      ['2026-03-01', '2026-03-21'], // 20
    ];
    for (const [i, [placed, received]] of receipts.entries()) {
      await createPurchaseOrder(store, { number: `R${i}`, supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 5 }] }, buyer);
      await placePurchaseOrder(store, `R${i}`, buyer, { placedAt: `${placed}T08:00:00Z` });
      await receivePurchaseOrder(store, { po: `R${i}`, deliveryRef: `D${i}`, receivedAt: `${received}T15:00:00Z`, lines: [{ sku: 'MUG', quantity: 5 }] }, clerk);
    }
    // open on 2026-05-05: 34 and 25 days old; 93 days (stale: over 2 x 20); placed after the day; a draft
    for (const [n, placed] of [['O1', '2026-04-01'], ['O2', '2026-04-10'], ['O3', '2026-02-01'], ['O4', '2026-05-20'], ['O5', null]] as const) {
      await createPurchaseOrder(store, { number: n, supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 5 }] }, buyer);
      if (placed) await placePurchaseOrder(store, n, { actor: 'buyer', now: '2026-06-01T10:00:00Z' }, { placedAt: `${placed}T08:00:00Z` });
    }
    const s = await leadTimeStats(store, 'ACME', { to: '2026-05-05' });
    expect(s.overall).toMatchObject({ n: 3, meanDays: 14 }); // the receipts alone
    const fit = censoredNormalFit([10, 12, 20], [34, 25])!;
    expect(s.openOrders).toMatchObject({ count: 2, oldestDays: 34, stale: 1, staleAfterDays: 40 });
    expect(s.openOrders.meanDays).toBeCloseTo(fit.mean, 9);
    expect(s.openOrders.sdDays).toBeCloseTo(fit.sd, 9);
    expect(s.openOrders.meanDays!).toBeGreaterThan(20); // two orders already later than any receipt
    // per SKU: the open POs that hold it (all of them hold MUG here)
    expect(s.bySku.find((b) => b.sku === 'MUG')!.openOrders).toEqual({ count: 2, meanDays: s.openOrders.meanDays, sdDays: s.openOrders.sdDays });
    // once they arrive, they are receipts
    await receivePurchaseOrder(store, { po: 'O1', deliveryRef: 'D-O1', receivedAt: '2026-05-10T15:00:00Z', lines: [{ sku: 'MUG', quantity: 5 }] }, { actor: 'clerk', now: '2026-06-01T10:00:00Z' });
    const later = await leadTimeStats(store, 'ACME', { to: '2026-05-10' });
    expect(later.overall.n).toBe(4);
    expect(later.openOrders).toMatchObject({ count: 1, oldestDays: 30, stale: 1 });
    expect((await leadTimeStats(store, 'STRICT', { to: '2026-05-05' })).openOrders).toEqual({ count: 0, oldestDays: null, stale: 0, staleAfterDays: 14, meanDays: null, sdDays: null });
  });

  it("flags open POs older than twice their supplier's longest lead time (or default) as stale, and filters them (and by placed day)", async () => {
    const later = { actor: 'buyer', now: '2026-06-01T10:00:00Z' };
    // ACME: longest lead time received 20 days (default 14): stale after 40; STRICT: no receipts, default 7: after 14
    await createPurchaseOrder(store, { number: 'R0', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 5 }] }, buyer);
    await placePurchaseOrder(store, 'R0', buyer, { placedAt: '2026-01-01T08:00:00Z' });
    await receivePurchaseOrder(store, { po: 'R0', deliveryRef: 'D0', receivedAt: '2026-01-21T15:00:00Z', lines: [{ sku: 'MUG', quantity: 5 }] }, clerk);
    const open: [string, string, string | null][] = [
      ['A-OLD', 'ACME', '2026-02-01'], // 93 days on 2026-05-05: stale
      ['A-NEW', 'ACME', '2026-04-01'], // 34 days
      ['A-PART', 'ACME', '2026-03-01'], // 65 days, partly received: still stale
      ['S-OLD', 'STRICT', '2026-04-15'], // 20 days > 14: stale
      ['A-DRAFT', 'ACME', null],
    ];
    for (const [n, supplier, placed] of open) {
      await createPurchaseOrder(store, { number: n, supplier, lines: [{ sku: 'MUG', location: 'WH1', quantity: 5 }] }, buyer);
      if (placed) await placePurchaseOrder(store, n, later, { placedAt: `${placed}T08:00:00Z` });
    }
    // a draft created 15 days before and never placed: stale a week after its creation
    await createPurchaseOrder(store, { number: 'D-OLD', supplier: 'STRICT', lines: [{ sku: 'MUG', location: 'WH1', quantity: 5 }] }, { ...buyer, now: '2026-04-20T09:00:00Z' });
    await receivePurchaseOrder(store, { po: 'A-PART', deliveryRef: 'DP', receivedAt: '2026-03-15T15:00:00Z', lines: [{ sku: 'MUG', quantity: 2 }] }, later);
    const today = '2026-05-05';
    const all = (await listPurchaseOrders(store, { filters: { today } })).items;
    // a draft's age is counted from its creation (here: created after `today`, so 0)
    expect(all.map((p) => [p.number, p.status, p.openDays, p.draftDays, p.stale, p.staleAfterDays])).toEqual([
      ['R0', 'received', null, null, false, 40],
      ['A-OLD', 'placed', 93, null, true, 40],
      ['A-NEW', 'placed', 34, null, false, 40],
      ['A-PART', 'partially_received', 65, null, true, 40],
      ['S-OLD', 'placed', 20, null, true, 14],
      ['A-DRAFT', 'draft', null, 0, false, 7],
      ['D-OLD', 'draft', null, 15, true, 7],
    ]);
    expect((await listPurchaseOrders(store, { filters: { today, stale: true } })).items.map((p) => p.number)).toEqual(['A-OLD', 'A-PART', 'S-OLD', 'D-OLD']);
    expect((await listPurchaseOrders(store, { filters: { today, stale: false } })).items.map((p) => p.number)).toEqual(['R0', 'A-NEW', 'A-DRAFT']);
    expect((await listPurchaseOrders(store, { filters: { today, stale: true, supplier: 'STRICT' } })).items.map((p) => p.number)).toEqual(['S-OLD', 'D-OLD']);
    expect(await getPurchaseOrder(store, 'A-OLD', { today })).toMatchObject({ openDays: 93, stale: true, staleAfterDays: 40 });
    // placed days: drafts are never placed; a reversed or malformed range is refused naming the field
    const placed = async (filters: { placedFrom?: string; placedTo?: string }) => (await listPurchaseOrders(store, { filters })).items.map((p) => p.number);
    expect(await placed({ placedFrom: '2026-03-01' })).toEqual(['A-NEW', 'A-PART', 'S-OLD']);
    expect(await placed({ placedTo: '2026-02-01' })).toEqual(['R0', 'A-OLD']);
    expect(await placed({ placedFrom: '2026-02-01', placedTo: '2026-03-01' })).toEqual(['A-OLD', 'A-PART']);
    expect(await errorOf(listPurchaseOrders(store, { filters: { placedFrom: '2026-04-02', placedTo: '2026-04-01' } }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'placedFrom' } });
    expect(await errorOf(listPurchaseOrders(store, { filters: { placedTo: '2026-02-30' } }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'placedTo' } });
    // without a day there is no age to judge
    expect(await getPurchaseOrder(store, 'A-OLD')).toMatchObject({ openDays: null, stale: null, staleAfterDays: null });
    expect(await errorOf(listPurchaseOrders(store, { filters: { stale: true } }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'today' } });
  });

  it("counts how often a supplier's orders overtook each other, each PO delivered on its first receipt's day", async () => {
    // weekly POs; the second arrives before the first, the fourth before the third; PO C0's
    // second receipt (02-25) is a back-order, not its arrival (as its arrival it would overtake C2 too)
    const cases: [string, string[]][] = [
      ['2026-01-01', ['2026-02-10', '2026-02-25']],
      ['2026-01-08', ['2026-02-01']],
      ['2026-01-15', ['2026-02-20']],
      ['2026-01-22', ['2026-02-12']],
    ];
    for (const [i, [placed, receipts]] of cases.entries()) {
      await createPurchaseOrder(store, { number: `C${i}`, supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 10 }] }, buyer);
      await placePurchaseOrder(store, `C${i}`, buyer, { placedAt: `${placed}T08:00:00Z` });
      for (const [k, day] of receipts.entries()) {
        await receivePurchaseOrder(store, { po: `C${i}`, deliveryRef: `C${i}-${k}`, receivedAt: `${day}T15:00:00Z`, lines: [{ sku: 'MUG', quantity: receipts.length === 1 ? 10 : 5 }] }, clerk);
      }
    }
    const s = await leadTimeStats(store, 'ACME');
    expect(s.overall.n).toBe(5); // per receipt: 40, 55, 24, 36, 21 days
    // all 6 pairs were in transit together; C1 overtook C0 and C3 overtook C2
    expect(s.crossing).toMatchObject({ overlapping: 6, crossed: 2 });
    expect(s.crossing.expected).toBeGreaterThan(1);
    expect(s.crossing.independence).toBeNull(); // fewer than 5 crossings expected: too little evidence
    expect((await leadTimeStats(store, 'STRICT')).crossing).toEqual({ overlapping: 0, crossed: 0, expected: 0, independence: null });
  });

  it('lists POs oldest first, or newest first, across pages', async () => {
    for (let i = 0; i < 5; i++) await createPurchaseOrder(store, { number: `N${i}`, supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 1 }] }, buyer);
    const all = async (order?: 'oldest' | 'newest') => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await listPurchaseOrders(store, { limit: 2, cursor, order });
        out.push(...page.items.map((p) => p.number));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    expect(await all()).toEqual(['N0', 'N1', 'N2', 'N3', 'N4']);
    expect(await all('newest')).toEqual(['N4', 'N3', 'N2', 'N1', 'N0']);
    expect((await errorOf(listPurchaseOrders(store, { order: 'random' as never }))).message).toMatch(/order must be oldest or newest/);
  });

  it('posts nothing when the ledger refuses part of a receipt (atomic)', async () => {
    await createPurchaseOrder(store, { number: 'PO-A', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 10 }] }, buyer);
    await placePurchaseOrder(store, 'PO-A', buyer);
    // An accepted unexpected SKU at an unknown location fails after validation: nothing is applied.
    const e = await errorOf(receivePurchaseOrder(store, { po: 'PO-A', deliveryRef: 'DA', lines: [{ sku: 'MUG', quantity: 10 }, { sku: 'PEN', location: 'NOWHERE', quantity: 1, accept: true }] }, clerk));
    expect(e.status).toBe(404);
    expect(await balance(store, 'MUG', 'WH1')).toMatchObject({ onHand: 0, inbound: 10 });
    expect((await getPurchaseOrder(store, 'PO-A')).status).toBe('placed');
    // and the inventory still sums: nothing sold, then a sale refused beyond stock.
    await receivePurchaseOrder(store, { po: 'PO-A', deliveryRef: 'DA', lines: [{ sku: 'MUG', quantity: 10 }] }, clerk);
    await postMovements(store, [{ kind: 'sale', sku: 'MUG', location: 'WH1', quantity: 4 }], { actor: 'shop' });
    expect((await balance(store, 'MUG', 'WH1')).onHand).toBe(6);
  });
});
