import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku, createSupplier } from '../src/catalog/index.ts';
import { runExport } from '../src/io/exporter.ts';
import { getBalances } from '../src/ledger/index.ts';
import {
  cancelPurchaseOrder,
  createPurchaseOrder,
  importPurchaseOrdersCsv,
  leadTimeHistory,
  listPurchaseOrders,
  listReceipts,
  placePurchaseOrder,
  purchaseOrderCsvRows,
  purchaseOrdersCsv,
  receivePurchaseOrder,
  type PurchaseOrder,
} from '../src/purchasing/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

const NOW = '2026-03-01T10:00:00.000Z';
const ctx = { actor: 'buyer', now: NOW };

async function catalog(store: Store): Promise<void> {
  await createSupplier(store, { code: 'ACME', name: 'Acme' });
  await createSupplier(store, { code: 'GLOBEX', name: 'Globex' });
  await createLocation(store, { code: 'WH1', name: 'Main' });
  await createLocation(store, { code: 'WH2', name: 'East' });
  await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_500_000 });
  await createSku(store, { code: 'CAP', name: 'Cap', unitCost: 4_000_000 });
}

/** One PO in every status, with deliveries over several days, damage and a short close. */
async function purchases(store: Store): Promise<void> {
  await createPurchaseOrder(store, { number: 'D-1', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 10, unitCost: 2_450_000, expectedDate: '2026-04-01' }] }, ctx);
  await createPurchaseOrder(store, { number: 'P-1', supplier: 'GLOBEX', lines: [{ sku: 'CAP', location: 'WH2', quantity: 24 }] }, ctx);
  await placePurchaseOrder(store, 'P-1', ctx, { placedAt: '2026-02-20T09:00:00.000Z' });
  // partly received: MUG 30 of 100 on 02-10 (2 of them damaged), CAP 20 of 20 on 02-12; 70 MUG open
  await createPurchaseOrder(store, { number: 'R-1', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 100 }, { sku: 'CAP', location: 'WH1', quantity: 20, unitCost: 3_990_000 }] }, ctx);
  await placePurchaseOrder(store, 'R-1', ctx, { placedAt: '2026-01-15T09:00:00.000Z' });
  await receivePurchaseOrder(store, { po: 'R-1', deliveryRef: 'DN-1', receivedAt: '2026-02-10T08:00:00.000Z', lines: [{ sku: 'MUG', quantity: 28, damaged: 2 }] }, ctx);
  await receivePurchaseOrder(store, { po: 'R-1', deliveryRef: 'DN-2', receivedAt: '2026-02-12T08:00:00.000Z', lines: [{ sku: 'CAP', quantity: 20 }] }, ctx);
  // received in two deliveries
  await createPurchaseOrder(store, { number: 'R-2', supplier: 'GLOBEX', lines: [{ sku: 'MUG', location: 'WH2', quantity: 50 }] }, ctx);
  await placePurchaseOrder(store, 'R-2', ctx, { placedAt: '2026-01-05T09:00:00.000Z' });
  await receivePurchaseOrder(store, { po: 'R-2', deliveryRef: 'G-1', receivedAt: '2026-01-30T08:00:00.000Z', lines: [{ sku: 'MUG', quantity: 30 }] }, ctx);
  await receivePurchaseOrder(store, { po: 'R-2', deliveryRef: 'G-2', receivedAt: '2026-02-06T08:00:00.000Z', lines: [{ sku: 'MUG', quantity: 20 }] }, ctx);
  // delivered short and closed
  await createPurchaseOrder(store, { number: 'C-1', supplier: 'ACME', lines: [{ sku: 'CAP', location: 'WH1', quantity: 40 }] }, ctx);
  await placePurchaseOrder(store, 'C-1', ctx, { placedAt: '2026-01-20T09:00:00.000Z' });
  await receivePurchaseOrder(store, { po: 'C-1', deliveryRef: 'DN-3', receivedAt: '2026-02-16T08:00:00.000Z', close: true, lines: [{ sku: 'CAP', quantity: 35 }] }, ctx);
  // cancelled
  await createPurchaseOrder(store, { number: 'X-1', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 5 }] }, ctx);
  await placePurchaseOrder(store, 'X-1', ctx, { placedAt: '2026-02-25T09:00:00.000Z' });
  await cancelPurchaseOrder(store, 'X-1', ctx);
}

/** What a PO is after a round trip: status, placed day, lines (ordered / received / open). */
const shape = (p: PurchaseOrder) => [p.number, p.supplier, p.status, p.placedDay, p.lines.map((l) => `${l.sku}@${l.location} ${l.quantity}/${l.receivedQty + l.damagedQty}/${l.openQty} ${l.unitCost}`).join(', ')];

async function exportText(store: Store, filters: Parameters<typeof runExport>[3] = {}): Promise<{ text: string; rows: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const r = await runExport(store, 'purchase-orders', out, filters);
  return { text: Buffer.concat(chunks).toString('utf8'), rows: r.rows };
}

describe.each(testDatabases())('purchase-order CSV export on $name', (target) => {
  let store: Store;
  let copy: Store | null = null;
  beforeEach(async () => {
    store = await target.open();
    await catalog(store);
    await purchases(store);
  });
  afterEach(async () => {
    await store.close();
    await copy?.close();
    copy = null;
  });

  it('writes each status as the rows the import reads: drafts, POs in transit, deliveries by day, the open rest; no cancelled PO', async () => {
    const pos = (await listPurchaseOrders(store)).items;
    const rows = (await purchaseOrderCsvRows(store, pos)).map((r) => [r.poNumber, r.sku, r.location, r.quantity, r.unitCost, r.expectedDate, r.placedDay, r.receivedDay]);
    expect(rows).toEqual([
      ['D-1', 'MUG', 'WH1', 10, 2_450_000, '2026-04-01', null, null],
      ['P-1', 'CAP', 'WH2', 24, 4_000_000, null, '2026-02-20', null],
      ['R-1', 'MUG', 'WH1', 30, 2_500_000, null, '2026-01-15', '2026-02-10'], // 28 good + 2 damaged arrived
      ['R-1', 'MUG', 'WH1', 70, 2_500_000, null, '2026-01-15', null], // still open
      ['R-1', 'CAP', 'WH1', 20, 3_990_000, null, '2026-01-15', '2026-02-12'],
      ['R-2', 'MUG', 'WH2', 30, 2_500_000, null, '2026-01-05', '2026-01-30'],
      ['R-2', 'MUG', 'WH2', 20, 2_500_000, null, '2026-01-05', '2026-02-06'],
      ['C-1', 'CAP', 'WH1', 35, 4_000_000, null, '2026-01-20', '2026-02-16'], // the given-up 5 never arrived
    ]);
    const { text, rows: n } = await exportText(store);
    expect(n).toBe(8);
    expect(text.split('\n').slice(0, 3)).toEqual([
      'po_number,supplier,sku,location,quantity,unit_cost,expected_date,placed_day,received_day',
      'D-1,ACME,MUG,WH1,10,2.45,2026-04-01,,',
      'P-1,GLOBEX,CAP,WH2,24,4.00,,2026-02-20,',
    ]);
    // filters: one PO (what a buyer sends its supplier), a status, a supplier
    expect((await exportText(store, { po: 'R-2' })).text.trim().split('\n')).toEqual([
      'po_number,supplier,sku,location,quantity,unit_cost,expected_date,placed_day,received_day',
      'R-2,GLOBEX,MUG,WH2,30,2.50,,2026-01-05,2026-01-30',
      'R-2,GLOBEX,MUG,WH2,20,2.50,,2026-01-05,2026-02-06',
    ]);
    expect(await purchaseOrdersCsv(store, pos.filter((p) => p.number === 'R-2'))).toBe((await exportText(store, { po: 'R-2' })).text);
    expect((await exportText(store, { status: 'partially_received' })).rows).toBe(3);
    expect((await exportText(store, { supplier: 'GLOBEX' })).rows).toBe(3);
    expect((await exportText(store, { status: 'cancelled' })).rows).toBe(0);
    await expect(exportText(store, { po: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('re-imports into another database as the same POs, open quantities, receipts and lead times', async () => {
    const { text } = await exportText(store);
    copy = await target.open();
    await catalog(copy);
    const created = await importPurchaseOrdersCsv(copy, text, { actor: 'migration', now: NOW });
    const before = (await listPurchaseOrders(store)).items.filter((p) => p.status !== 'cancelled');
    expect(created.map(shape)).toEqual(
      before.map(shape).map((s) =>
        // a PO closed short is re-imported as received, ordered = delivered
        s[0] === 'C-1' ? [s[0], s[1], 'received', s[3], 'CAP@WH1 35/35/0 4000000'] : s,
      ),
    );
    expect(created.map((p) => p.status)).toEqual(['draft', 'placed', 'partially_received', 'received', 'received']);
    // inbound per SKU x location: what is still open (P-1's 24 CAP at WH2, R-1's 70 MUG at WH1)
    const inbound = async (s: Store) => (await getBalances(s, { onlyNonZero: true })).items.filter((b) => b.inbound !== 0).map((b) => [b.sku, b.location, b.inbound]).sort();
    expect(await inbound(copy)).toEqual(await inbound(store));
    expect(await inbound(copy)).toEqual([
      ['CAP', 'WH2', 24],
      ['MUG', 'WH1', 70],
    ]);
    // the same delivery days and lead times (nothing posted to stock by the import)
    const history = async (s: Store) => (await leadTimeHistory(s, {})).map((h) => [h.supplier, h.po, h.sku, h.receivedDay, h.leadTimeDays]).sort();
    expect(await history(copy)).toEqual(await history(store));
    expect((await listReceipts(copy, { limit: 10 })).items.map((r) => [r.po, r.receivedAt.slice(0, 10)]).sort()).toEqual([
      ['C-1', '2026-02-16'],
      ['R-1', '2026-02-10'],
      ['R-1', '2026-02-12'],
      ['R-2', '2026-01-30'],
      ['R-2', '2026-02-06'],
    ]);
    expect((await getBalances(copy, { onlyNonZero: true })).items.every((b) => b.onHand === 0)).toBe(true);
    // the re-imported partly received PO can be received further, and its rest closes cleanly
    const more = await receivePurchaseOrder(copy, { po: 'R-1', deliveryRef: 'DN-9', receivedAt: NOW, lines: [{ sku: 'MUG', quantity: 70 }] }, { actor: 'migration', now: NOW });
    expect(more.lines.map((l) => [l.sku, l.quantity])).toEqual([['MUG', 70]]);
    expect((await listPurchaseOrders(copy, { filters: { status: 'received' } })).items.map((p) => p.number).sort()).toEqual(['C-1', 'R-1', 'R-2']);
    expect(await inbound(copy)).toEqual([['CAP', 'WH2', 24]]);
  });
});
