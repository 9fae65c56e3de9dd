/** Cash committed to stock still to come, by week of expected arrival (src/purchasing/commitments.ts), on both databases. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku, createSupplier, updateSupplier } from '../src/catalog/index.ts';
import { commitments, createPurchaseOrder, placePurchaseOrder, receivePurchaseOrder } from '../src/purchasing/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { errorOf } from './helpers/errors.ts';

const buyer = { actor: 'buyer' };
// a Wednesday: its week began on Monday 2026-03-02
const TODAY = '2026-03-04';

describe.each(testDatabases())('commitments on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await createSupplier(store, { code: 'ACME', name: 'Acme', defaultLeadTimeDays: 14 });
    await createLocation(store, { code: 'WH1', name: 'Main warehouse' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_000_000, defaultSupplier: 'ACME' });
    await createSku(store, { code: 'CAP', name: 'Cap', unitCost: 5_000_000, defaultSupplier: 'ACME' });
  });
  afterEach(async () => {
    await store.close();
  });

  const placed = async (number: string, placedDay: string, lines: { sku: string; quantity: number; expectedDate?: string }[]) => {
    await createPurchaseOrder(store, { number, supplier: 'ACME', lines: lines.map((l) => ({ ...l, location: 'WH1' })) }, buyer);
    await placePurchaseOrder(store, number, { ...buyer, now: `${placedDay}T09:00:00Z` }, { placedAt: `${placedDay}T09:00:00Z` });
  };

  it('open lines by expected week, the overdue apart, drafts as if placed today, the rest later', async () => {
    // P1: MUG 10 expected 2026-03-20 (week of 03-16); CAP 4 without a date: placed 03-02 + 14 = 03-16
    await placed('P1', '2026-03-02', [
      { sku: 'MUG', quantity: 10, expectedDate: '2026-03-20' },
      { sku: 'CAP', quantity: 4 },
    ]);
    // P2: MUG 5 expected 2026-02-20: overdue; CAP 6 expected in June: later
    await placed('P2', '2026-02-01', [
      { sku: 'MUG', quantity: 5, expectedDate: '2026-02-20' },
      { sku: 'CAP', quantity: 6, expectedDate: '2026-06-15' },
    ]);
    // P3: 8 ordered, 3 received: 5 still to come this week
    await placed('P3', '2026-02-20', [{ sku: 'MUG', quantity: 8, expectedDate: '2026-03-05' }]);
    await receivePurchaseOrder(store, { po: 'P3', deliveryRef: 'DN-1', receivedAt: '2026-03-03T10:00:00Z', lines: [{ sku: 'MUG', quantity: 3 }] }, buyer);
    // D1 (a draft): MUG 20 with a date already passed and CAP 2 without: both today + 14 = 03-18
    await createPurchaseOrder(store, { number: 'D1', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 20, expectedDate: '2026-03-01' }, { sku: 'CAP', location: 'WH1', quantity: 2 }] }, buyer);

    const c = await commitments(store, { today: TODAY, weeks: 4 });
    expect(c.weeks.map((w) => w.weekStart)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']);
    expect(c.weeks[0].open).toEqual({ value: 5 * 2_000_000, units: 5, pos: 1 });
    expect(c.weeks[1].open).toEqual({ value: 0, units: 0, pos: 0 });
    expect(c.weeks[2].open).toEqual({ value: 10 * 2_000_000 + 4 * 5_000_000, units: 14, pos: 1 });
    expect(c.weeks[2].draft).toEqual({ value: 20 * 2_000_000 + 2 * 5_000_000, units: 22, pos: 1 });
    expect(c.overdue).toEqual({ value: 5 * 2_000_000, units: 5, pos: 1 });
    expect(c.later).toEqual({ open: { value: 6 * 5_000_000, units: 6, pos: 1 }, draft: { value: 0, units: 0, pos: 0 }, payable: { value: 0, units: 0, pos: 0 } });
    expect(c.basis).toBe('arrival');
    expect(c.total.payable).toEqual({ value: 0, units: 0, pos: 0 });
    expect(c.total.open).toEqual({ value: (5 + 10 + 5) * 2_000_000 + (4 + 6) * 5_000_000, units: 30, pos: 3 });
    expect(c.total.draft).toEqual({ value: 50_000_000, units: 22, pos: 1 });
    // every open unit is in exactly one bucket
    const open = c.weeks.reduce((t, w) => t + w.open.units, 0) + c.overdue.units + c.later.open.units;
    expect(open).toBe(c.total.open.units);
  });

  it('by payment: a draft\'s deposit today, every balance on arrival + the net days, received units until they are due', async () => {
    await updateSupplier(store, 'ACME', { depositPct: 30, paymentTermsDays: 30 });
    // P0: received in January, its balance due 02-09: paid, not counted
    await placed('P0', '2026-01-01', [{ sku: 'CAP', quantity: 2, expectedDate: '2026-01-10' }]);
    await receivePurchaseOrder(store, { po: 'P0', deliveryRef: 'DN-0', receivedAt: '2026-01-10T10:00:00Z', lines: [{ sku: 'CAP', quantity: 2 }] }, buyer);
    // P1: MUG 10 (20.00) expected 03-20: its deposit was paid on placing, the 14.00 left due 04-19
    await placed('P1', '2026-03-02', [{ sku: 'MUG', quantity: 10, expectedDate: '2026-03-20' }]);
    // P2: MUG 5 (10.00) late since 02-20: it has not come, so its 7.00 is due today + 30 = 04-03
    await placed('P2', '2026-02-01', [{ sku: 'MUG', quantity: 5, expectedDate: '2026-02-20' }]);
    // P3: 3 of 8 received 03-03 (4.20 payable 04-02); 5 expected 03-05 (7.00 due 04-04)
    await placed('P3', '2026-02-20', [{ sku: 'MUG', quantity: 8, expectedDate: '2026-03-05' }]);
    await receivePurchaseOrder(store, { po: 'P3', deliveryRef: 'DN-1', receivedAt: '2026-03-03T10:00:00Z', lines: [{ sku: 'MUG', quantity: 3 }] }, buyer);
    // D1: MUG 20 (40.00) as if placed today, expected 03-18: deposit 12.00 today, 28.00 on 04-17
    await createPurchaseOrder(store, { number: 'D1', supplier: 'ACME', lines: [{ sku: 'MUG', location: 'WH1', quantity: 20 }] }, buyer);

    const c = await commitments(store, { today: TODAY, weeks: 8, basis: 'payment' });
    const none = { value: 0, units: 0, pos: 0 };
    expect(c.basis).toBe('payment');
    expect(c.weeks[0]).toEqual({ weekStart: '2026-03-02', open: none, draft: { value: 12_000_000, units: 0, pos: 1 }, payable: none });
    // week of 03-30: P2's and P3's balances, P3's received units
    expect(c.weeks[4]).toEqual({ weekStart: '2026-03-30', open: { value: 14_000_000, units: 10, pos: 2 }, draft: none, payable: { value: 4_200_000, units: 3, pos: 1 } });
    // week of 04-13: P1's balance and D1's
    expect(c.weeks[6]).toEqual({ weekStart: '2026-04-13', open: { value: 14_000_000, units: 10, pos: 1 }, draft: { value: 28_000_000, units: 20, pos: 1 }, payable: none });
    for (const i of [1, 2, 3, 5, 7]) expect(c.weeks[i]).toMatchObject({ open: none, draft: none, payable: none });
    expect(c.overdue).toEqual(none);
    expect(c.total).toEqual({ open: { value: 28_000_000, units: 20, pos: 3 }, draft: { value: 40_000_000, units: 20, pos: 1 }, payable: { value: 4_200_000, units: 3, pos: 1 } });
    // by arrival the same orders hold their whole value
    const byArrival = await commitments(store, { today: TODAY, weeks: 8 });
    expect(byArrival.total.open.value + byArrival.total.draft.value).toBe(40_000_000 + 40_000_000);
    expect(await errorOf(commitments(store, { today: TODAY, basis: 'cash' as never }))).toMatchObject({ status: 400, details: { field: 'basis' } });
    // terms out of range are refused, naming the field
    expect(await errorOf(updateSupplier(store, 'ACME', { depositPct: 101 }))).toMatchObject({ status: 400, details: { field: 'depositPct' } });
    expect(await errorOf(updateSupplier(store, 'ACME', { paymentTermsDays: 30.5 }))).toMatchObject({ status: 400, details: { field: 'paymentTermsDays' } });
  });

  it('refuses a bad horizon or day, naming the field', async () => {
    expect(await errorOf(commitments(store, { today: TODAY, weeks: 0 }))).toMatchObject({ status: 400, details: { field: 'weeks' } });
    expect(await errorOf(commitments(store, { today: '2026-02-30' }))).toMatchObject({ status: 400, details: { field: 'today' } });
    expect((await commitments(store, { today: TODAY })).weeks).toHaveLength(13);
  });
});
