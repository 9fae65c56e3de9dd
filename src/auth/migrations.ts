import type { Kysely, Migration } from 'kysely';
import { dialectOfDb, nowDefault, withId } from '../store/ddl.ts';

/**
 * Migrations of the auth module's tables. Keys sort globally across modules (Kysely applies them
 * in name order), so each module has its own number band; never edit a released migration,
 * add a new one.
 */
export const authMigrations: Record<string, Migration> = {
  '0200_auth_api_tokens': {
    async up(db: Kysely<any>) {
      const dialect = dialectOfDb(db);
      await withId(db.schema.createTable('api_tokens'), dialect)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('token_prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(dialect)))
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('api_tokens').execute();
    },
  },
};
