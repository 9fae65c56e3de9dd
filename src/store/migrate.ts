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

export async function migrateToLatest(store: Store): Promise<MigrationResultSet> {
  // PostgreSQL: pin Kysely's bookkeeping tables to the connection's current schema. Without it the
  // Migrator's "does kysely_migration_lock exist?" check matches the table in ANY schema of the
  // database, so a second schema (another tenant, or a concurrent test) makes it skip creating its
  // own and then fail with 'relation "kysely_migration_lock" does not exist'.
  const migrationTableSchema =
    store.dialect === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema ?? undefined
      : undefined;
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => allMigrations() },
    migrationTableSchema,
  });
  let result = await migrator.migrateToLatest();
  // Kysely's PostgreSQL introspection reads every schema of the database and calls
  // has_schema_privilege(name) and pg_get_serial_sequence('schema.table', ...) on what it finds; a
  // schema dropped meanwhile by someone else (a concurrent test, a tenant being removed) fails it
  // with 3F000 "schema ... does not exist" or 42P01 'relation "schema.table" does not exist' (seen
  // in CI: 'relation "t_c9df8bd9df34.kysely_migration_lock" does not exist' while another test's
  // schema was dropped) before anything was applied. That is not our schema's problem: try again.
  for (let attempt = 1; attempt < 5 && result.error && isForeignSchemaVanished(result.error, migrationTableSchema); attempt++) {
    await new Promise((r) => setTimeout(r, 50 * attempt));
    result = await migrator.migrateToLatest();
  }
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return result;
}

/**
 * True for PostgreSQL's "schema X does not exist" (3F000) or 'relation "X.table" does not exist'
 * (42P01, schema-qualified) about a schema other than ours: another schema vanished under Kysely's
 * database-wide introspection.
 */
export function isForeignSchemaVanished(error: unknown, ours: string | undefined): boolean {
  const e = error as { code?: string; message?: string };
  let named: string | undefined;
  if (e?.code === '3F000') named = /schema "([^"]+)" does not exist/.exec(e.message ?? '')?.[1];
  else if (e?.code === '42P01') {
    const relation = /relation "([^"]+)" does not exist/.exec(e.message ?? '')?.[1];
    const dot = relation?.indexOf('.') ?? -1;
    named = relation !== undefined && dot > 0 ? relation.slice(0, dot) : undefined;
  }
  return named !== undefined && named !== ours;
}
