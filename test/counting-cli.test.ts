import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { getBalances, postMovements } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { runCli } from './cli-helpers.ts';
import { testDatabases } from './helpers/databases.ts';

/** The whitespace-separated cells of a CLI table, without ISO timestamps (whose digits would match anything). */
function cells(stdout: string): string[] {
  return stdout.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '').split(/\s+/).filter(Boolean);
}

describe.each(testDatabases())('count CLI on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open({ file: true });
    await createLocation(store, { code: 'WH', name: 'Warehouse' });
    await createSku(store, { code: 'MUG', name: 'Mug', unitCost: 2_000_000 });
    await postMovements(store, [{ kind: 'receipt', sku: 'MUG', location: 'WH', quantity: 30, unitCost: 2_000_000 }], { actor: 'seed' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('starts a blind count, enters, approves as a second person and posts', async () => {
    const start = await runCli(store.url, ['count', 'start', '--location', 'WH', '--sku', 'MUG', '--number', 'C1', '--approval-units', '2']);
    expect(start.code, start.stderr).toBe(0);
    // blind: the sheet never shows the expected 30 (timestamps are dropped first: "20:52:30.5Z" holds a 30)
    expect(cells(start.stdout)).not.toContain('30');
    const enter = await runCli(store.url, ['count', 'enter', 'C1', '--line', 'MUG:26', '--actor', 'bob']);
    expect(enter.code, enter.stderr).toBe(0);
    expect(cells(enter.stdout)).not.toContain('30');
    expect(cells(enter.stdout)).not.toContain('-4');
    const self = await runCli(store.url, ['count', 'approve', 'C1', '--actor', 'bob']);
    expect(self.stderr).toMatch(/SAME_PERSON/);
    expect((await runCli(store.url, ['count', 'approve', 'C1', '--actor', 'carol'])).code).toBe(0);
    expect((await runCli(store.url, ['count', 'approve', 'C1', '--actor', 'dave'])).stderr).toMatch(/ALREADY_APPROVED/);
    const posted = await runCli(store.url, ['count', 'post', 'C1']);
    expect(posted.code, posted.stderr).toBe(0);
    expect(posted.stdout).toMatch(/posted/);
    expect((await getBalances(store, { skus: ['MUG'] })).items[0].onHand).toBe(26);
  }, 180_000);
});
