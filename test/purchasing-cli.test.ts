import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku, createSupplier, updateSupplier } from '../src/catalog/index.ts';
import { getBalances } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { runCli } from './cli-helpers.ts';
import { tempDir, testDatabases } from './helpers/databases.ts';

describe.each(testDatabases())('purchasing CLI on $name', (target) => {
  let store: Store;
  let dir: string;
  beforeEach(async () => {
    store = await target.open({ file: true });
    dir = tempDir();
    await createSupplier(store, { code: 'ACME', name: 'Acme', receiptTolerancePct: 0 });
    await createLocation(store, { code: 'WH1', name: 'Main' });
    await createLocation(store, { code: 'FBA', name: 'FBA', kind: 'fba' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_500_000 });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports, places and receives POs, reports bad CSV rows, shows lead times and runs a transfer', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'po_number,supplier,sku,location,quantity,unit_cost,expected_date\nP1,ACME,MUG,WH1,0,,\nP1,ACME,NOPE,WH1,3,,\n');
    const rejected = await runCli(store.url, ['po', 'import', bad]);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain(`${bad}:2: column quantity: quantity "0" is not a positive integer`);
    expect(rejected.stderr).toContain(`${bad}:3: column sku: unknown SKU NOPE`);

    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, 'po_number,supplier,sku,location,quantity,unit_cost,expected_date\nP1,ACME,MUG,WH1,10,2.40,2026-01-10\n');
    const imported = await runCli(store.url, ['po', 'import', good, '--place', '--actor', 'alice']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported 1 purchase order(s)');

    const over = await runCli(store.url, ['receive', 'P1', '--delivery-ref', 'D1', '--line', 'MUG:11']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/OVER_RECEIPT/);
    const ok = await runCli(store.url, ['receive', 'P1', '--delivery-ref', 'D1', '--line', 'MUG:9:1']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/PO now received/);

    const lt = await runCli(store.url, ['po', 'lead-time', 'ACME', '--json']);
    expect(JSON.parse(lt.stdout).overall.n).toBe(1);
    expect(JSON.parse(lt.stdout).crossing).toEqual({ overlapping: 0, crossed: 0, expected: 0, independence: null });
    const ltText = await runCli(store.url, ['po', 'lead-time', 'ACME']);
    expect(ltText.stdout).toMatch(/order crossover: the later PO arrived first in 0 of 0 pairs of POs in transit together.*too little evidence/);
    expect(ltText.stdout).toContain('open POs: none with nothing received');
    // a second PO placed and still open: counted as lasting at least its age (one receipt is too few to fit)
    fs.writeFileSync(good, 'po_number,supplier,sku,location,quantity,unit_cost,expected_date\nP2,ACME,MUG,WH1,10,2.40,\n');
    expect((await runCli(store.url, ['po', 'import', good, '--place'])).code).toBe(0);
    const open = await runCli(store.url, ['po', 'lead-time', 'ACME', '--json']);
    // placed today; read a moment later, which may be after midnight (UTC): 0 or 1 days old
    expect(JSON.parse(open.stdout).openOrders).toMatchObject({ count: 1, oldestDays: expect.toSatisfy((d: number) => d === 0 || d === 1), stale: 0, meanDays: null });
    expect((await runCli(store.url, ['po', 'lead-time', 'ACME'])).stdout).toMatch(/open POs: 1 \(oldest [01] days\), too few receipts to fit/);
    // P2's 10 x 2.40 on order, by week of arrival and (with a 30 % deposit, net 30) of payment
    const arrival = await runCli(store.url, ['po', 'commitments', '--weeks', '2', '--json']);
    expect(arrival.code, arrival.stderr).toBe(0);
    expect(JSON.parse(arrival.stdout)).toMatchObject({ basis: 'arrival', total: { open: { value: 24_000_000, units: 10, pos: 1 } } });
    expect((await runCli(store.url, ['po', 'commitments', '--weeks', '2'])).stdout).toMatch(/^money on order by week of arrival from \d{4}-\d\d-\d\d[^\n]*\nweek\s+open POs\s+drafts\s+total\s+units\n/);
    await updateSupplier(store, 'ACME', { depositPct: 30, paymentTermsDays: 30 });
    const pay = await runCli(store.url, ['po', 'commitments', '--basis', 'payment', '--json']);
    expect(JSON.parse(pay.stdout)).toMatchObject({ basis: 'payment', total: { open: { value: 16_800_000, units: 10 } } });
    expect((await runCli(store.url, ['po', 'commitments', '--basis', 'payment'])).stdout).toMatch(/\nall\s+16\.80\s+-\s+(-|[\d.]+)\s+[\d.]+\s+\d+\n/);
    const badBasis = await runCli(store.url, ['po', 'commitments', '--basis', 'cash']);
    expect(badBasis.code).toBe(1);
    expect(badBasis.stderr).toContain('VALIDATION_FAILED: basis must be one of arrival, payment (got "cash")');
    expect((await runCli(store.url, ['po', 'cancel', 'P2'])).code).toBe(0); // its inbound is not the transfer's concern below
    // a PO placed long ago and never received: stale (ACME has no default and P1 came the day it was
    // ordered: the threshold's floor, 2 x 7 days)
    fs.writeFileSync(good, 'po_number,supplier,sku,location,quantity,placed_day\nP3,ACME,MUG,FBA,3,2026-01-05\n');
    expect((await runCli(store.url, ['po', 'import', good])).code).toBe(0);
    const stale = await runCli(store.url, ['po', 'list', '--stale', '--today', '2026-03-01']);
    expect(stale.code, stale.stderr).toBe(0);
    const rows = stale.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^P3\s+ACME\s+placed\s+STALE \(55 d > 14\)\s+1\s+3\s+3\s/);
    expect((await runCli(store.url, ['po', 'show', 'P3', '--today', '2026-03-01'])).stdout).toContain('STALE (open 55 days; stale after 14: close it or chase the supplier)');
    const early = await runCli(store.url, ['po', 'list', '--placed-to', '2026-01-31', '--json']);
    expect(JSON.parse(early.stdout).items.map((p: { number: string }) => p.number)).toEqual(['P3']);
    expect((await runCli(store.url, ['po', 'close', 'P3'])).code).toBe(0);
    // a draft never placed: stale a week after its creation (read 10 days on)
    fs.writeFileSync(good, 'po_number,supplier,sku,location,quantity\nD1,ACME,MUG,FBA,2\n');
    expect((await runCli(store.url, ['po', 'import', good])).code).toBe(0);
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const staleDraft = (await runCli(store.url, ['po', 'list', '--stale', '--today', inTenDays])).stdout.trim().split('\n').filter((r) => r.startsWith('D1 '));
    expect(staleDraft).toHaveLength(1);
    expect(staleDraft[0]).toMatch(/^D1\s+ACME\s+draft\s+STALE \(draft 1[01] d > 7\)\s+1\s+2\s/);
    expect((await runCli(store.url, ['po', 'show', 'D1', '--today', inTenDays])).stdout).toMatch(/STALE \(draft for 1[01] days, not placed; stale after 7: plan runs count it as inbound, so place it or cancel it\)/);
    expect((await runCli(store.url, ['po', 'cancel', 'D1'])).code).toBe(0);

    const tr = await runCli(store.url, ['transfer', 'create', '--from', 'WH1', '--to', 'FBA', '--line', 'MUG:5', '--number', 'T1', '--ship']);
    expect(tr.code, tr.stderr).toBe(0);
    const rec = await runCli(store.url, ['transfer', 'receive', 'T1', '--line', 'MUG:4']);
    expect(rec.stdout).toMatch(/received/);
    const b = (await getBalances(store, { skus: ['MUG'] })).items.map((x) => [x.location, x.onHand, x.inbound]).sort();
    expect(b).toEqual([
      ['FBA', 4, 0],
      ['WH1', 4, 0],
    ]);
    // a draft transfer left unshipped: STALE a week after its creation (read 10 days on), newest first
    expect((await runCli(store.url, ['transfer', 'create', '--from', 'WH1', '--to', 'FBA', '--line', 'MUG:1', '--number', 'T2'])).code).toBe(0);
    const listed = await runCli(store.url, ['transfer', 'list', '--newest', '--today', inTenDays]);
    expect(listed.code, listed.stderr).toBe(0);
    const trRows = listed.stdout.trim().split('\n').slice(1);
    expect(trRows[0]).toMatch(/^T2\s+WH1\s+FBA\s+draft STALE \(1[01] d > 7\)\s+1\s/);
    expect(trRows[1]).toMatch(/^T1\s+WH1\s+FBA\s+received\s/);
  }, 180_000);
});
