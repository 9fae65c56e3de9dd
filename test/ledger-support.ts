/**
 * Opens a fresh migrated test database for the ledger/catalog suites.
 *
 * On PostgreSQL the migrations are applied directly, in name order, to the fresh schema instead of
 * through Kysely's Migrator: the Migrator introspects the tables of *every* schema of the database
 * (to find its kysely_migration tables), which races with other suites creating and dropping their
 * schemas at the same time (`relation "kysely_migration_lock" does not exist`, `schema "t_…" does
 * not exist`). A fresh private schema needs no migration lock. SQLite uses the shared harness.
 */
import type { Store } from '../src/store/database.ts';
import { allMigrations } from '../src/store/migrate.ts';
import type { TestDatabase } from './helpers/databases.ts';

export async function openMigrated(target: TestDatabase, options: { poolSize?: number; file?: boolean } = {}): Promise<Store> {
  if (target.name !== 'postgres') return target.open(options);
  const store = await target.open({ ...options, migrate: false });
  try {
    const migrations = allMigrations();
    await store.db.transaction().execute(async (trx) => {
      for (const name of Object.keys(migrations).sort()) await migrations[name].up(trx);
    });
    return store;
  } catch (e) {
    await store.close();
    throw e;
  }
}
