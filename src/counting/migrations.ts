import type { Kysely, Migration } from 'kysely';
import { bigintType, dialectOfDb, nowDefault, withId } from '../store/ddl.ts';

/** Default cycle-count intervals: A monthly, B quarterly, C yearly (changeable with setCountFrequencies). */
export const DEFAULT_COUNT_FREQUENCIES: Record<string, number> = { A: 30, B: 91, C: 365 };

/**
 * Migrations of the counting module's tables. Keys sort globally across modules (Kysely applies them
 * in name order), so each module has its own number band; never edit a released migration,
 * add a new one.
 */
export const countingMigrations: Record<string, Migration> = {
  '0500_counting': {
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      const big = bigintType(d);
      await db.schema
        .createTable('count_frequencies')
        .addColumn('abc_class', 'text', (c) => c.primaryKey())
        .addColumn('interval_days', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('updated_by', 'text')
        .execute();
      await db
        .insertInto('count_frequencies')
        .values(Object.entries(DEFAULT_COUNT_FREQUENCIES).map(([abc_class, interval_days]) => ({ abc_class, interval_days })))
        .execute();
      await db.schema
        .createTable('count_classes')
        .addColumn('sku', 'text', (c) => c.primaryKey())
        .addColumn('abc_class', 'text', (c) => c.notNull())
        .addColumn('annual_value', big, (c) => c.notNull())
        .addColumn('computed_at', 'text', (c) => c.notNull())
        .execute();
      await withId(db.schema.createTable('count_sessions'), d)
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('snapshot_at', 'text', (c) => c.notNull())
        .addColumn('blind', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('tolerance_units', big, (c) => c.notNull().defaultTo(0))
        .addColumn('tolerance_pct', 'double precision', (c) => c.notNull().defaultTo(0))
        .addColumn('approval_units', big)
        .addColumn('approval_value', big)
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('posted_at', 'text')
        .addColumn('posted_by', 'text')
        .execute();
      await db.schema.createIndex('count_sessions_location_status').on('count_sessions').columns(['location', 'status']).execute();
      await withId(db.schema.createTable('count_lines'), d)
        .addColumn('session_id', big, (c) => c.notNull().references('count_sessions.id').onDelete('cascade'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('unit_cost', big, (c) => c.notNull())
        .addColumn('snapshot_qty', big, (c) => c.notNull())
        .addColumn('counted_qty', big)
        .addColumn('counted_at', 'text')
        .addColumn('counted_by', 'text')
        .addColumn('net_movements', big)
        .addColumn('expected_qty', big)
        .addColumn('variance_qty', big)
        .addColumn('variance_value', big)
        .addColumn('within_tolerance', 'integer')
        .addColumn('needs_approval', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('approved_by', 'text')
        .addColumn('approved_at', 'text')
        .addColumn('reason', 'text')
        .addColumn('note', 'text')
        .addUniqueConstraint('count_lines_session_sku', ['session_id', 'sku'])
        .execute();
      await db.schema.createIndex('count_lines_sku').on('count_lines').columns(['sku', 'counted_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('count_lines').execute();
      await db.schema.dropTable('count_sessions').execute();
      await db.schema.dropTable('count_classes').execute();
      await db.schema.dropTable('count_frequencies').execute();
    },
  },
  '0501_count_open_skus': {
    // One row per SKU x location in an open count: the primary key makes "a SKU is in at most one
    // open count per location" hold under concurrent starts, on both databases.
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      await db.schema
        .createTable('count_open_skus')
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('session_id', bigintType(d), (c) => c.notNull().references('count_sessions.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('count_open_skus_pk', ['location', 'sku'])
        .execute();
      await db.schema.createIndex('count_open_skus_session').on('count_open_skus').column('session_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('count_open_skus').execute();
    },
  },
};
