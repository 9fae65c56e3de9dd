/**
 * Applies every module's migrations, in name order, inside the migrator's lock.
 * Called at start by `stockloop serve`/`init` and by the test harness.
 */
import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import { authMigrations } from '../auth/migrations.ts';
import { catalogMigrations } from '../catalog/migrations.ts';
import { countingMigrations } from '../counting/migrations.ts';
import { ledgerMigrations } from '../ledger/migrations.ts';
import { planningMigrations } from '../planning/migrations.ts';
import { purchasingMigrations } from '../purchasing/migrations.ts';
import type { Store } from './database.ts';

/** All migrations of all modules. Keys are unique across modules (each module has a number band). */
export function allMigrations(): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  for (const set of [catalogMigrations, authMigrations, ledgerMigrations, purchasingMigrations, countingMigrations, planningMigrations]) {
    for (const [name, m] of Object.entries(set)) {
      if (out[name]) throw new Error(`duplicate migration name ${name}`);
      out[name] = m;
    }
  }
  return out;
}

/** Applies `migrations` (default: all of every module) that the database has not applied yet. */
export async function migrateToLatest(store: Store, migrations: Record<string, Migration> = allMigrations()): Promise<MigrationResultSet> {
  // PostgreSQL: pin Kysely's bookkeeping tables to the connection's current schema, so that the
  // Migrator creates, checks and locks them there whatever the search_path holds besides (its
  // existence checks already see only this schema: ./schema-scoped-postgres-dialect.ts).
  const migrationTableSchema =
    store.dialect === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema ?? undefined
      : undefined;
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema,
    // each module numbers its migrations in its own band (0100 catalog, ..., 0600 planning), so a
    // module's new migration can sort before another module's applied ones: apply it all the same
    allowUnorderedMigrations: true,
  });
  // The store's PostgreSQL dialect introspects only this schema (./schema-scoped-postgres-dialect.ts),
  // so other schemas changing meanwhile cannot fail the Migrator's existence checks.
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return result;
}
