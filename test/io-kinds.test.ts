/**
 * Every import kind, on SQLite and PostgreSQL, through the same four steps: a dry run of a good
 * file writes nothing, the good file is applied (with progress through every phase), a file with
 * several bad rows is rejected with every bad row's line, column and reason, and nothing of it is
 * applied.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listLocations, listSkus, listSuppliers } from '../src/catalog/index.ts';
import { runImport } from '../src/io/importer.ts';
import { IMPORT_KINDS } from '../src/io/kinds/index.ts';
import type { ProgressSink } from '../src/io/progress.ts';
import { demandHistory, listMovements } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { csvDir, type CsvDir } from './io-support.ts';

interface Case {
  kind: string;
  good: string[];
  bad: string[];
  /** [line, column] of every expected error. */
  errors: [number, string | null][];
  /** What the database holds for this kind (to compare before/after). */
  state(store: Store): Promise<unknown>;
}

const movementsState = async (store: Store) => (await listMovements(store, { limit: 10_000 })).items.map((m) => [m.kind, m.sku, m.location, m.quantity]);

const CASES: Case[] = [
  {
    kind: 'suppliers',
    good: ['code,name,lead_time_days,moq', 'S9,New supplier,21,50'],
    bad: ['code,name,lead_time_days,moq,currency', 'S9,Ok,21,50,USD', 'S10,,5,1,USD', 'S11,Bad,-1,1,USD', 'S12,Bad,1,1.5,DOLLARS'],
    errors: [[3, 'name'], [4, 'lead_time_days'], [5, 'moq'], [5, 'currency']],
    state: async (s) => (await listSuppliers(s, {})).items.map((x) => [x.code, x.name, x.defaultLeadTimeDays, x.moq]),
  },
  {
    kind: 'locations',
    good: ['code,name,kind', 'L9,New location,3pl'],
    bad: ['code,name,kind,active', 'L9,Ok,store,true', 'L10,Bad kind,garage,true', 'L11,Bad flag,store,sometimes', 'L9,Twice,store,true'],
    errors: [[3, 'kind'], [4, 'active'], [5, 'code']],
    state: async (s) => (await listLocations(s, {})).items.map((x) => [x.code, x.name, x.kind]),
  },
  {
    kind: 'products',
    good: ['sku,name,unit_cost,default_supplier', 'P9,New product,3.5,S1'],
    bad: ['sku,name,unit_cost,default_supplier,tags', 'P9,Ok,1,S1,a', 'P10,Bad cost,1.2.3,S1,', 'P11,Bad supplier,1,NOPE,', 'P12,,1,,'],
    errors: [[3, 'unit_cost'], [4, 'default_supplier'], [5, 'name']],
    state: async (s) => (await listSkus(s, {})).items.map((x) => [x.code, x.name, x.unitCost, x.defaultSupplier]),
  },
  {
    kind: 'opening-stock',
    good: ['sku,location,quantity,unit_cost', 'P1,L1,25,1.75'],
    bad: ['sku,location,quantity,unit_cost', 'P1,L1,25,1.75', 'P1,L1,-2,1', 'PX,L1,1,1', 'P1,LX,1,1'],
    errors: [[3, 'quantity'], [4, 'sku'], [5, 'location']],
    state: movementsState,
  },
  {
    kind: 'movements',
    good: ['kind,sku,location,quantity,unit_cost,reason', 'receipt,P1,L1,10,2,', 'sale,P1,L1,4,,', 'adjustment,P1,L1,-1,,broken'],
    bad: ['kind,sku,location,quantity,unit_cost,reason', 'receipt,P1,L1,10,2,', 'sale,P1,L1,16,,', 'teleport,P1,L1,1,,', 'count_correction,P1,L1,2,,', 'sale,P1,L1,1,3,'],
    errors: [[3, 'quantity'], [4, 'kind'], [5, 'reason'], [6, 'unit_cost']],
    state: movementsState,
  },
  {
    kind: 'sales-history',
    good: ['date,sku,location,quantity,stockout', '2025-03-01,P1,L1,3,', '2025-03-02,P1,L1,5,true'],
    bad: ['date,sku,location,quantity,stockout', '2025-04-01,P1,L1,3,', '2025-04-01,P1,L1,4,', '2025-13-01,P1,L1,1,', '2025-04-03,P1,L1,one,'],
    errors: [[3, 'date'], [4, 'date'], [5, 'quantity']],
    state: async (s) => (await demandHistory(s, { from: '2025-01-01', to: '2025-12-31' })).map((d) => [d.sku, d.day, d.demand, d.stockout]),
  },
];

describe.each(testDatabases())('every import kind on $name', (target) => {
  let store: Store;
  let files: CsvDir;
  beforeEach(async () => {
    store = await target.open();
    files = csvDir();
    const base: [string, string[]][] = [
      ['suppliers', ['code,name', 'S1,Supplier one']],
      ['locations', ['code,name', 'L1,Location one']],
      ['products', ['sku,name,unit_cost', 'P1,Product one,2']],
    ];
    for (const [kind, lines] of base) expect((await runImport(store, IMPORT_KINDS[kind], files.source(`${kind}-base.csv`, lines))).ok).toBe(true);
  });
  afterEach(async () => {
    await store.close();
    files.remove();
  });

  it.each(CASES)('$kind: dry run, good file with progress, bad file rejected with every bad row', async (c) => {
    const kind = IMPORT_KINDS[c.kind];
    const before = await c.state(store);

    const dry = await runImport(store, kind, files.source('good.csv', c.good), { dryRun: true });
    expect(dry).toMatchObject({ ok: true, dryRun: true, rows: c.good.length - 1, applied: 0 });
    expect(await c.state(store)).toEqual(before);

    const phases: string[] = [];
    const progress: ProgressSink = { phase: (n) => phases.push(n), update: () => {}, end: (d) => phases.push(`${d}`) };
    const good = await runImport(store, kind, files.source('good2.csv', c.good), { progress });
    expect(good.errors).toEqual([]);
    expect(good).toMatchObject({ ok: true, applied: c.good.length - 1 });
    expect(phases).toEqual(['validating', `${c.good.length - 1}`, 'checking', `${c.good.length - 1}`, 'applying', `${c.good.length - 1}`]);
    const after = await c.state(store);
    expect(after).not.toEqual(before);

    const bad = await runImport(store, kind, files.source('bad.csv', c.bad));
    expect(bad.ok).toBe(false);
    expect(bad.errors.map((e) => [e.line, e.column, e.reason])).toEqual(c.errors.map(([l, col]) => [l, col, expect.any(String)]));
    for (const e of bad.errors) expect(e.reason.length).toBeGreaterThan(5);
    expect(await c.state(store)).toEqual(after);
  });
});
