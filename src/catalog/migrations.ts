import type { Kysely, Migration } from 'kysely';
import { bigintType, dialectOfDb, nowDefault, withId } from '../store/ddl.ts';

/**
 * Migrations of the catalog module's tables. Keys sort globally across modules (Kysely applies them
 * in name order), so each module has its own number band; never edit a released migration,
 * add a new one.
 */
export const catalogMigrations: Record<string, Migration> = {
  '0100_catalog_init': {
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      const big = bigintType(d);

      await withId(db.schema.createTable('suppliers'), d)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('default_lead_time_days', 'real', (c) => c.notNull().defaultTo(0))
        .addColumn('lead_time_sd_days', 'real')
        .addColumn('moq', big, (c) => c.notNull().defaultTo(0))
        .addColumn('min_order_value', big)
        .addColumn('currency', 'text', (c) => c.notNull().defaultTo('USD'))
        .addColumn('receipt_tolerance_pct', 'real', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .execute();

      await withId(db.schema.createTable('locations'), d)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('warehouse'))
        .addColumn('negative_stock_allowed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .execute();

      await withId(db.schema.createTable('skus'), d)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull().defaultTo('each'))
        .addColumn('unit_cost', big, (c) => c.notNull().defaultTo(0))
        .addColumn('price', big, (c) => c.notNull().defaultTo(0))
        .addColumn('pack_size', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('default_supplier_id', big, (c) => c.references('suppliers.id'))
        .addColumn('backorders_allowed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .execute();
      await db.schema.createIndex('skus_default_supplier_idx').on('skus').column('default_supplier_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('skus').ifExists().execute();
      await db.schema.dropTable('locations').ifExists().execute();
      await db.schema.dropTable('suppliers').ifExists().execute();
    },
  },
  '0101_supplier_max_open_value': {
    // A supplier's exposure cap (micro-units; null = none, as for every existing supplier).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('suppliers').addColumn('max_open_value', bigintType(dialectOfDb(db))).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('suppliers').dropColumn('max_open_value').execute();
    },
  },
  '0102_location_transfer_region': {
    // The region a location exchanges stock within (plan transfers); null = none, as before.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('locations').addColumn('transfer_region', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('locations').dropColumn('transfer_region').execute();
    },
  },
  '0103_location_replenish_from': {
    // The location a location is replenished from by transfer and that lane's lead time (null =
    // bought from suppliers, as before).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('locations').addColumn('replenish_from', 'text').execute();
      await db.schema.alterTable('locations').addColumn('transfer_lead_time_days', 'real').execute();
      await db.schema.alterTable('locations').addColumn('transfer_lead_time_sd_days', 'real').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('locations').dropColumn('transfer_lead_time_sd_days').execute();
      await db.schema.alterTable('locations').dropColumn('transfer_lead_time_days').execute();
      await db.schema.alterTable('locations').dropColumn('replenish_from').execute();
    },
  },
  '0104_supplier_payment_terms': {
    // Payment terms: a deposit on placing (percent) and the days after delivery the rest is due;
    // 0 and 0 (paid on delivery) for every existing supplier, as commitments counted them before.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('suppliers').addColumn('deposit_pct', 'real', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('suppliers').addColumn('payment_terms_days', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('suppliers').dropColumn('payment_terms_days').execute();
      await db.schema.alterTable('suppliers').dropColumn('deposit_pct').execute();
    },
  },
};
