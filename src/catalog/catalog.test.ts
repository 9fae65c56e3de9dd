import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.ts';
import { openMigrated } from '../../test/ledger-support.ts';
import type { Store } from '../store/database.ts';
import {
  createLocation,
  createSku,
  createSupplier,
  getLocation,
  getLocationsByIds,
  getSku,
  getSupplier,
  listLocations,
  listSkus,
  resolveLocations,
  resolveSkus,
  updateLocation,
  updateSku,
  updateSupplier,
  upsertLocations,
  upsertSkus,
  upsertSuppliers,
} from './index.ts';

const code = (e: unknown) => (e as { code?: string }).code;

describe.each(testDatabases())('catalog on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await openMigrated(target);
  });
  afterEach(async () => {
    await store.close();
  });

  it('creates a SKU with defaults and reads it back', async () => {
    await createSupplier(store, { code: 'ACME', name: 'Acme', defaultLeadTimeDays: 21, leadTimeSdDays: 4.5, moq: 100 });
    const sku = await createSku(store, { code: 'TSHIRT-RED-M', name: 'T-shirt red M', unitCost: 4_250_000, price: 19_990_000, defaultSupplier: 'ACME', tags: ['apparel', 'red', 'apparel'] });
    expect(sku).toMatchObject({ code: 'TSHIRT-RED-M', unit: 'each', unitCost: 4_250_000, price: 19_990_000, packSize: 1, defaultSupplier: 'ACME', backordersAllowed: false, active: true, tags: ['apparel', 'red'] });
    expect(sku.id).toBeGreaterThan(0);
    expect(sku.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await getSku(store, 'TSHIRT-RED-M')).toEqual(sku);
    const sup = await getSupplier(store, 'ACME');
    expect(sup).toMatchObject({ defaultLeadTimeDays: 21, leadTimeSdDays: 4.5, moq: 100, minOrderValue: null, currency: 'USD', receiptTolerancePct: 0 });
  });

  it('refuses duplicates, unknown references and bad fields with typed errors', async () => {
    await createSku(store, { code: 'A', name: 'a' });
    await expect(createSku(store, { code: 'A', name: 'again' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS', status: 409 });
    await expect(createSku(store, { code: 'B', name: 'b', defaultSupplier: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404, message: expect.stringContaining('NOPE') });
    await expect(createSku(store, { code: 'C', name: 'c', packSize: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('packSize') });
    await expect(createSku(store, { code: ' D', name: 'd' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createSku(store, { code: 'E' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('name') });
    await expect(createSku(store, { code: 'F', name: 'f', unit_cost: 5 } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('unit_cost') });
    await expect(getSku(store, 'ZZZ')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'SKU "ZZZ" not found' });
  });

  it('updates only the given fields', async () => {
    await createSku(store, { code: 'A', name: 'a', price: 10, tags: ['x'] });
    const u = await updateSku(store, 'A', { price: 12, backordersAllowed: true });
    expect(u).toMatchObject({ name: 'a', price: 12, backordersAllowed: true, tags: ['x'] });
    await createSupplier(store, { code: 'S', name: 's' });
    const s = await updateSupplier(store, 'S', { receiptTolerancePct: 5, minOrderValue: 1_000_000_000 });
    expect(s).toMatchObject({ receiptTolerancePct: 5, minOrderValue: 1_000_000_000, name: 's' });
    await expect(updateSku(store, 'NOPE', { price: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateSku(store, 'A', { code: 'B' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('upserts in bulk atomically and resolves codes', async () => {
    await upsertSuppliers(store, [{ code: 'S1', name: 'one' }]);
    const rows = Array.from({ length: 3000 }, (_, i) => ({ code: `SKU-${String(i).padStart(5, '0')}`, name: `item ${i}`, unitCost: i * 1000, defaultSupplier: i % 2 ? 'S1' : null }));
    expect(await upsertSkus(store, rows)).toEqual({ created: 3000, updated: 0 });
    const again = await upsertSkus(store, [{ code: 'SKU-00001', price: 99 }, { code: 'NEW', name: 'new' }]);
    expect(again).toEqual({ created: 1, updated: 1 });
    const one = await getSku(store, 'SKU-00001');
    expect(one).toMatchObject({ name: 'item 1', unitCost: 1000, price: 99, defaultSupplier: 'S1' });
    // all or nothing: a bad row rolls back the whole batch
    await expect(upsertSkus(store, [{ code: 'OK-1', name: 'ok' }, { code: 'BAD', name: 'bad', price: -1 }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('row 2') });
    await expect(getSku(store, 'OK-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(upsertSkus(store, [{ code: 'X', name: 'x' }, { code: 'X', name: 'y' }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('duplicate') });
    const m = await resolveSkus(store, ['SKU-00002', 'SKU-02999', 'SKU-00002']);
    expect([...m.keys()].sort()).toEqual(['SKU-00002', 'SKU-02999']);
    await expect(resolveSkus(store, ['SKU-00002', 'GHOST'])).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('GHOST') });
  });

  it('pages lists by code with filters', async () => {
    await upsertSkus(store, Array.from({ length: 25 }, (_, i) => ({ code: `P${String(i).padStart(2, '0')}`, name: i % 5 === 0 ? `Blue ${i}` : `Item ${i}`, tags: i % 2 ? ['odd'] : ['even'], active: i !== 3 })));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listSkus>> = await listSkus(store, { cursor, limit: 10 });
      seen.push(...page.items.map((s) => s.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(25);
    expect(seen).toEqual([...seen].sort());
    expect((await listSkus(store, { filters: { q: 'blue' } })).items.map((s) => s.code)).toEqual(['P00', 'P05', 'P10', 'P15', 'P20']);
    expect((await listSkus(store, { filters: { tag: 'odd' } })).items.length).toBe(12);
    expect((await listSkus(store, { filters: { active: false } })).items.map((s) => s.code)).toEqual(['P03']);
    await upsertSuppliers(store, [{ code: 'SUP', name: 'sup' }]);
    await upsertSkus(store, [{ code: 'P01', defaultSupplier: 'SUP' }, { code: 'P02', defaultSupplier: 'SUP' }]);
    expect((await listSkus(store, { filters: { supplier: 'SUP' } })).items.map((s) => s.code)).toEqual(['P01', 'P02']);
    expect((await listSkus(store, { filters: { codes: ['P07', 'P04', 'NOPE'] } })).items.map((s) => s.code)).toEqual(['P04', 'P07']);
    await expect(listSkus(store, { filters: { supplier: 'GHOST' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listSkus(store, { cursor: 'garbage!' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(listSkus(store, { limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('manages locations', async () => {
    const w = await createLocation(store, { code: 'WH1', name: 'Main' });
    await createLocation(store, { code: 'FBA-US', name: 'Amazon US', kind: 'fba', negativeStockAllowed: true });
    expect(w).toMatchObject({ kind: 'warehouse', negativeStockAllowed: false, active: true });
    await expect(createLocation(store, { code: 'X', name: 'x', kind: 'moon' as never })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('kind') });
    expect((await listLocations(store, { filters: { kind: 'fba' } })).items.map((l) => l.code)).toEqual(['FBA-US']);
    const r = await resolveLocations(store, ['WH1']);
    const byId = await getLocationsByIds(store, [r.get('WH1')!.id]);
    expect(byId.get(w.id)?.code).toBe('WH1');
  });

  it('keeps a one-level replenishment network: a source is another active location buying from suppliers', async () => {
    await createLocation(store, { code: 'WH1', name: 'Main' });
    await createLocation(store, { code: 'WH2', name: 'Second' });
    const fba = await createLocation(store, { code: 'FBA', name: 'Amazon', kind: 'fba', replenishFrom: 'WH1' });
    expect(fba).toMatchObject({ replenishFrom: 'WH1', transferLeadTimeDays: 7, transferLeadTimeSdDays: 0 });
    const fail = (p: Promise<unknown>) => p.then(() => 'ok', (e) => `${e.code}: ${e.message}`);
    expect(await fail(createLocation(store, { code: 'X', name: 'x', replenishFrom: 'X' }))).toBe('VALIDATION_FAILED: location "X": replenishFrom must be another location, not itself');
    expect(await fail(createLocation(store, { code: 'X', name: 'x', replenishFrom: 'NOPE' }))).toBe('VALIDATION_FAILED: location "X": replenishFrom "NOPE" is not a location');
    expect(await fail(createLocation(store, { code: 'X', name: 'x', replenishFrom: 'FBA' }))).toContain('"FBA" is itself replenished from "WH1"');
    expect(await fail(updateLocation(store, 'WH1', { replenishFrom: 'WH2' }))).toContain('cannot be set: FBA is replenished from WH1');
    expect(await fail(updateLocation(store, 'WH1', { active: false }))).toContain('active cannot be false while FBA is replenished from it');
    expect(await fail(updateLocation(store, 'WH2', { transferLeadTimeDays: 3 }))).toContain('transferLeadTimeDays needs replenishFrom');
    expect(await fail(updateLocation(store, 'FBA', { transferLeadTimeDays: 400 }))).toContain('transferLeadTimeDays must be at most 365');
    expect(await fail(updateLocation(store, 'FBA', { transferLeadTimeSdDays: -1 }))).toContain('transferLeadTimeSdDays must be >= 0');
    // a lead time set, then the source moved: the lead time stays; the source removed: none
    expect(await updateLocation(store, 'FBA', { transferLeadTimeDays: 10.5, transferLeadTimeSdDays: 2 })).toMatchObject({ transferLeadTimeDays: 10.5, transferLeadTimeSdDays: 2 });
    expect(await updateLocation(store, 'FBA', { replenishFrom: 'WH2' })).toMatchObject({ replenishFrom: 'WH2', transferLeadTimeDays: 10.5 });
    expect(await updateLocation(store, 'FBA', { replenishFrom: null })).toMatchObject({ replenishFrom: null, transferLeadTimeDays: null, transferLeadTimeSdDays: null });
    // a bulk upsert is checked as the network it leaves, all or nothing, naming the row
    expect(await fail(upsertLocations(store, [{ code: 'S1', name: 's', replenishFrom: 'S2' }, { code: 'S2', name: 's', replenishFrom: 'WH1' }]))).toContain('row 1 (location "S1"): replenishFrom "S2" is itself replenished from "WH1"');
    expect((await listLocations(store)).items.map((l) => l.code)).toEqual(['FBA', 'WH1', 'WH2']);
    expect(await upsertLocations(store, [{ code: 'S1', name: 's', replenishFrom: 'S2', transferLeadTimeDays: 4 }, { code: 'S2', name: 's' }])).toEqual({ created: 2, updated: 0 });
    expect((await getLocation(store, 'S1')).transferLeadTimeDays).toBe(4);
  });

  it('rejects unknown codes inside a caller transaction without committing', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await createSku({ db: trx, dialect: store.dialect }, { code: 'T1', name: 't' });
        await createSku({ db: trx, dialect: store.dialect }, { code: 'T1', name: 't' });
      }),
    ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(code(await getSku(store, 'T1').catch((e) => e))).toBe('NOT_FOUND');
  });
});
