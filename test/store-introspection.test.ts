/**
 * PostgreSQL introspection reads only the store's own schema (src/store/schema-scoped-postgres-dialect.ts):
 * the same metadata Kysely's own introspector gives for that schema, nothing from other schemas,
 * and no failure when other schemas are created and dropped meanwhile (the CI race it replaces).
 */
import pg from 'pg';
import { PostgresIntrospector } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { createPgSchema, pgUrl, testDatabases, withSearchPath } from './helpers/databases.ts';

const url = pgUrl();
const postgres = testDatabases().find((d) => d.name === 'postgres');

describe.runIf(url && postgres)('schema-scoped introspection on postgres', () => {
  let store: Store;
  let schema: string;
  let other: { schema: string; drop: () => Promise<void> };

  beforeEach(async () => {
    store = await postgres!.open();
    schema = (await store.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s;
    // A second schema with a same-named table of a different shape, as another tenant would have.
    other = await createPgSchema(url!);
    const c = new pg.Client({ connectionString: url! });
    await c.connect();
    await c.query(`create table ${other.schema}.skus (foreign_only serial primary key)`);
    await c.query(`create table ${other.schema}.kysely_migration_lock (id text primary key)`);
    await c.end();
  });

  afterEach(async () => {
    await store.close();
    await other.drop();
  });

  /**
   * Kysely's own introspector, the reference: it reads every schema, so a schema another test file
   * drops while it runs fails it ("schema ... does not exist", SQLSTATE 3F000) -- the race our
   * dialect removes. The reference is retried then; the store's introspection is not.
   */
  async function kyselyTables() {
    for (let attempt = 1; ; attempt++) {
      try {
        return await new PostgresIntrospector(store.db).getTables();
      } catch (e) {
        if (attempt >= 5 || (e as { code?: string }).code !== '3F000') throw e;
      }
    }
  }

  it('gives exactly what Kysely reports for our schema, and nothing of the other schema', async () => {
    const ours = await store.db.introspection.getTables();
    const kyselys = (await kyselyTables()).filter((t) => t.schema === schema);
    expect(ours.length).toBeGreaterThan(10);
    expect(ours).toEqual(kyselys);
    expect(new Set(ours.map((t) => t.schema))).toEqual(new Set([schema]));
    const skus = ours.find((t) => t.name === 'skus')!;
    expect(skus.columns.map((c) => c.name)).toContain('code');
    expect(skus.columns.map((c) => c.name)).not.toContain('foreign_only');
    // Kysely's bookkeeping tables only on request, as in Kysely.
    expect(ours.map((t) => t.name)).not.toContain('kysely_migration');
    const internal = await store.db.introspection.getTables({ withInternalKyselyTables: true });
    expect(internal.filter((t) => t.name.startsWith('kysely_')).map((t) => [t.schema, t.name]).sort()).toEqual([
      [schema, 'kysely_migration'],
      [schema, 'kysely_migration_lock'],
    ]);
  });

  it('migrates and introspects while other schemas are created and dropped all the time', async () => {
    let stop = false;
    let churned = 0;
    const churn = async () => {
      const c = new pg.Client({ connectionString: url! });
      await c.connect();
      try {
        while (!stop) {
          const s = `churn_${Math.random().toString(16).slice(2, 10)}`;
          await c.query(`create schema ${s}`);
          await c.query(`create table ${s}.skus (id serial primary key, code text)`);
          await c.query(`create table ${s}.kysely_migration_lock (id text primary key)`);
          await c.query(`drop schema ${s} cascade`);
          churned++;
        }
      } finally {
        await c.end();
      }
    };
    const churners = [churn(), churn(), churn()];
    try {
      for (let i = 0; i < 4; i++) {
        const fresh = await createPgSchema(url!);
        const s = openStore(withSearchPath(url!, fresh.schema), { poolSize: 2 });
        try {
          const result = await migrateToLatest(s);
          expect(result.results?.length).toBeGreaterThan(5);
          for (let k = 0; k < 10; k++) expect((await s.db.introspection.getTables()).length).toBeGreaterThan(10);
        } finally {
          await s.close();
          await fresh.drop();
        }
      }
    } finally {
      stop = true;
      await Promise.all(churners);
    }
    expect(churned).toBeGreaterThan(0);
  }, 120_000);
});
