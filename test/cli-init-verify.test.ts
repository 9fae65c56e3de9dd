import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku, listSkus } from '../src/catalog/index.ts';
import { postMovements } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { REPO_ROOT, runCli } from './cli-helpers.ts';
import { testDatabases } from './helpers/databases.ts';

const demoAvailable = fs.existsSync(path.join(REPO_ROOT, 'src/io/demo-data.ts'));

describe.each(testDatabases())('stockloop init and verify on $name', (target) => {
  let store: Store;
  afterEach(async () => {
    await store.close();
  });

  describe('init', () => {
    beforeEach(async () => {
      store = await target.open({ file: true, migrate: false });
    });

    it('creates the schema, then reports it up to date', async () => {
      const first = await runCli(store.url, ['init']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^database ready: ${target.name} .*\\(\\d+ migrations? applied\\)\\n$`));
      const tables = await store.db.introspection.getTables();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['api_tokens', 'skus', 'movements', 'balances']));
      const second = await runCli(store.url, ['init']);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('schema already up to date');
    }, 120_000);

    it.runIf(target.name === 'sqlite')('seeds the demo data with --demo, and refuses to seed a database that has SKUs', async () => {
      const seeded = await runCli(store.url, ['init', '--demo'], { timeoutMs: 240_000 });
      if (!demoAvailable) {
        expect(seeded.code).toBe(1);
        expect(seeded.stderr).toContain('DEMO_UNAVAILABLE');
        return;
      }
      expect(seeded.code, seeded.stderr).toBe(0);
      expect(seeded.stdout).toMatch(/demo data seeded \(.*skus: \d+/);
      expect((await listSkus(store, { limit: 10 })).items.length).toBe(10);
      const again = await runCli(store.url, ['init', '--demo']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('NOT_EMPTY');
      // The seeded ledger verifies clean.
      const verified = await runCli(store.url, ['verify'], { timeoutMs: 120_000 });
      expect(verified.code, verified.stdout).toBe(0);
    }, 300_000);
  });

  describe('verify', () => {
    beforeEach(async () => {
      store = await target.open({ file: true });
      await createSku(store, { code: 'TEE', name: 'Tee', unitCost: 2_000_000 });
      await createLocation(store, { code: 'WH1', name: 'Main' });
      await postMovements(
        store,
        [
          { kind: 'receipt', sku: 'TEE', location: 'WH1', quantity: 10, unitCost: 1_500_000 },
          { kind: 'sale', sku: 'TEE', location: 'WH1', quantity: 3 },
        ],
        { actor: 'test' },
      );
    });

    it('exits 0 with a one-line summary when balances and lots match the ledger', async () => {
      const r = await runCli(store.url, ['verify']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('ledger verified: 2 movements, 1 balances, 1 lots checked, no differences\n');
      const json = await runCli(store.url, ['verify', '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, differences: [] });
    }, 120_000);

    it('prints every difference and exits 1 when a stored balance disagrees with the ledger', async () => {
      await store.db.updateTable('balances').set({ on_hand: 9 }).execute();
      const r = await runCli(store.url, ['verify']);
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toContain('balances TEE @ WH1: on_hand expected 7 (from the ledger), found 9');
      expect(lines[lines.length - 1]).toMatch(/^ledger verification FAILED: \d+ differences? \(2 movements/);
      const json = await runCli(store.url, ['verify', '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).differences).toContainEqual(
        expect.objectContaining({ table: 'balances', sku: 'TEE', location: 'WH1', field: 'on_hand', expected: 7, actual: 9 }),
      );
    }, 120_000);
  });
});
