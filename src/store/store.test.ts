import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.ts';
import { allMigrations } from './migrate.ts';

describe.each(testDatabases())('store on $name', (target) => {
  it('opens, migrates and answers a query', async () => {
    const store = await target.open();
    try {
      expect(store.dialect).toBe(target.name);
      const r = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      expect(Number(r.rows[0].one)).toBe(1);
      const applied = (await sql`select name from kysely_migration`.execute(store.db)).rows;
      expect(applied.length).toBe(Object.keys(allMigrations()).length);
    } finally {
      await store.close();
    }
  });
});

describe('test targets', () => {
  it('include PostgreSQL when CI requires it', () => {
    const names = testDatabases().map((t) => t.name);
    expect(names).toContain('sqlite');
    if (process.env.CI === 'true' || process.env.STOCKLOOP_REQUIRE_PG === '1') expect(names).toContain('postgres');
  });
});
