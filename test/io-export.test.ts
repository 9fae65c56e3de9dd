/**
 * CSV export on SQLite and PostgreSQL: every export re-imports. Master data and the movement
 * ledger exported from one database and imported into a fresh one give the same exports, balances
 * and FIFO valuation; the valuation export imports as opening stock with the same value.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runExport, type ExportKind } from '../src/io/exporter.ts';
import { CsvSource } from '../src/io/csv-source.ts';
import { runImport } from '../src/io/importer.ts';
import { IMPORT_KINDS } from '../src/io/kinds/index.ts';
import { getBalances, valuation, verifyLedger } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { csvDir } from './io-support.ts';

async function exportText(store: Store, kind: ExportKind, dir: string): Promise<{ file: string; text: string }> {
  const file = path.join(dir, `${kind}-${Math.random().toString(36).slice(2)}.csv`);
  const out = fs.createWriteStream(file);
  await runExport(store, kind, out);
  out.end();
  await new Promise<void>((r) => out.on('finish', () => r()));
  return { file, text: fs.readFileSync(file, 'utf8') };
}

/** Drops columns that legitimately differ between two databases (ids, timestamps, actor). */
function stable(text: string, drop: string[]): string[][] {
  const rows = parse(text) as string[][];
  const keep = rows[0].map((h, i) => (drop.includes(h) ? -1 : i)).filter((i) => i >= 0);
  return rows.map((r) => keep.map((i) => r[i]));
}

const balancesOf = async (store: Store) => (await getBalances(store, { limit: 1000 })).items.sort((x, y) => `${x.sku}@${x.location}`.localeCompare(`${y.sku}@${y.location}`));

describe.each(testDatabases())('CSV export round trip on $name', (target) => {
  it('exports master data and the ledger so that a fresh database re-imports them identically', async () => {
    const a = await target.open();
    const b = await target.open();
    const files = csvDir();
    try {
      const imp = async (store: Store, kind: string, file: string) => {
        const r = await runImport(store, IMPORT_KINDS[kind], new CsvSource(file));
        expect(r.errors).toEqual([]);
        return r;
      };
      await imp(a, 'suppliers', files.write('s.csv', ['code,name,lead_time_days,lead_time_sd_days,moq,min_order_value,receipt_tolerance_pct', 'S1,"Supplier, One",30.5,4,100,250.75,2.5', 'S2,Two,7,,0,,0']));
      await imp(a, 'locations', files.write('l.csv', ['code,name,kind,negative_stock_allowed', 'WH,Warehouse,warehouse,false', 'FBA,"Amazon ""FBA""",fba,false']));
      await imp(a, 'products', files.write('p.csv', ['sku,name,unit_cost,price,pack_size,default_supplier,backorders_allowed,tags', 'A,"Alpha, large",1.234567,9.99,6,S1,true,x|y', 'B,Beta,0.5,2,1,,false,']));
      await imp(a, 'movements', files.write('m.csv', [
        'kind,sku,location,quantity,unit_cost,occurred_at,reason,note,reference,to_location,from_location,idempotency_key',
        'receipt,A,WH,100,1.1,2026-01-05,,"first, lot",PO-1,,,r1',
        'receipt,A,WH,50,1.3,2026-02-05,,,PO-2,,,',
        'sale,A,WH,30,,2026-02-06,,,,,,',
        'transfer_out,A,WH,40,,2026-02-07,,,TR-1,FBA,,',
        'transfer_in,A,FBA,25,,2026-02-10,,,TR-1,,WH,',
        'adjustment,A,WH,-2,,2026-02-11,broken,,,,,',
        'count_correction,A,WH,3,1.2,2026-02-12,recount,,,,,',
        'return,A,FBA,1,1.1,2026-02-13,,,,,,',
        'inbound,B,WH,12,,2026-02-14,,,PO-3,,,',
        'receipt,B,FBA,9,0.5,2026-02-15,,,,,,',
      ]));

      const dir = files.dir;
      const drop = ['id', 'created_at', 'updated_at', 'actor'];
      for (const kind of ['suppliers', 'locations', 'products', 'movements'] as const) {
        const out = await exportText(a, kind, dir);
        const r = await imp(b, kind, out.file);
        expect(r.applied).toBe(kind === 'movements' ? 10 : r.rows);
        const back = await exportText(b, kind, dir);
        expect(stable(back.text, drop)).toEqual(stable(out.text, drop));
      }
      expect(await balancesOf(b)).toEqual(await balancesOf(a));
      const va = await valuation(a);
      const vb = await valuation(b);
      expect([vb.value, vb.quantity, vb.inTransitQuantity, vb.inTransitValue]).toEqual([va.value, va.quantity, va.inTransitQuantity, va.inTransitValue]);
      expect((await verifyLedger(b)).differences).toEqual([]);

      // Re-importing the movements export into the database it came from adds nothing (idempotency keys).
      const again = await imp(a, 'movements', (await exportText(a, 'movements', dir)).file);
      expect(again).toMatchObject({ applied: 0, replayed: 10 });

      // Valuation (FIFO lots on hand) imports as opening stock with the same on-hand value.
      const c = await target.open();
      try {
        for (const kind of ['suppliers', 'locations', 'products'] as const) await imp(c, kind, (await exportText(b, kind, dir)).file);
        const val = await exportText(b, 'valuation', dir);
        expect(val.text.split('\n')[0]).toBe('sku,location,quantity,unit_cost,received_at,on_hand_value');
        await imp(c, 'opening-stock', val.file);
        const vc = await valuation(c);
        expect([vc.value, vc.quantity]).toEqual([vb.value, vb.quantity]);
        const onHand = (x: Awaited<ReturnType<typeof balancesOf>>) => x.filter((r) => r.onHand).map((r) => [r.sku, r.location, r.onHand]);
        expect(onHand(await balancesOf(c))).toEqual(onHand(await balancesOf(b)));
      } finally {
        await c.close();
      }

      // Balances export: a report with one row per non-zero SKU x location.
      const bal = await exportText(a, 'balances', dir);
      expect(bal.text.split('\n')[0]).toBe('sku,location,on_hand,reserved,available,inbound');
      expect(bal.text).toContain('B,WH,0,0,0,12');
    } finally {
      await a.close();
      await b.close();
      files.remove();
    }
  });

  it('writes just the header for an empty table', async () => {
    const s = await target.open();
    const files = csvDir();
    try {
      expect((await exportText(s, 'products', files.dir)).text).toBe('sku,name,unit,unit_cost,price,pack_size,default_supplier,backorders_allowed,active,tags,created_at,updated_at\n');
    } finally {
      await s.close();
      files.remove();
    }
  });
});
