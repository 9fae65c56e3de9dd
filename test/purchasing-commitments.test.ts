/** Cash committed to stock still to come, by week of expected arrival (src/purchasing/commitments.ts), on both databases. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku, createSupplier } from '../src/catalog/index.ts';
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
    expect(c.later).toEqual({ open: { value: 6 * 5_000_000, units: 6, pos: 1 }, draft: { value: 0, units: 0, pos: 0 } });
    expect(c.total.open).toEqual({ value: (5 + 10 + 5) * 2_000_000 + (4 + 6) * 5_000_000, units: 30, pos: 3 });
    expect(c.total.draft).toEqual({ value: 50_000_000, units: 22, pos: 1 });
    // every open unit is in exactly one bucket
    const open = c.weeks.reduce((t, w) => t + w.open.units, 0) + c.overdue.units + c.later.open.units;
    expect(open).toBe(c.total.open.units);
  });

  it('refuses a bad horizon or day, naming the field', async () => {
    expect(await errorOf(commitments(store, { today: TODAY, weeks: 0 }))).toMatchObject({ status: 400, details: { field: 'weeks' } });
    expect(await errorOf(commitments(store, { today: '2026-02-30' }))).toMatchObject({ status: 400, details: { field: 'today' } });
    expect((await commitments(store, { today: TODAY })).weeks).toHaveLength(13);
  });
});
