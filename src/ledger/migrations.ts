import { sql, type Kysely, type Migration } from 'kysely';
import { bigintType, dialectOfDb, withId } from '../store/ddl.ts';

/**
 * Migrations of the ledger module's tables. Keys sort globally across modules (Kysely applies them
 * in name order), so each module has its own number band; never edit a released migration,
 * add a new one.
 */
export const ledgerMigrations: Record<string, Migration> = {
  '0300_ledger_init': {
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      const big = bigintType(d);

      await withId(db.schema.createTable('movements'), d)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sku_id', big, (c) => c.notNull())
        .addColumn('location_id', big, (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull())
        .addColumn('unit_cost', big)
        .addColumn('value', big, (c) => c.notNull().defaultTo(0))
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('note', 'text')
        .addColumn('reference', 'text')
        .addColumn('counterpart_location_id', big)
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('movements_sku_occurred_idx').on('movements').columns(['sku_id', 'occurred_at']).execute();
      await db.schema.createIndex('movements_occurred_idx').on('movements').columns(['occurred_at']).execute();

      await db.schema
        .createTable('balances')
        .addColumn('sku_id', big, (c) => c.notNull())
        .addColumn('location_id', big, (c) => c.notNull())
        .addColumn('on_hand', big, (c) => c.notNull().defaultTo(0))
        .addColumn('reserved', big, (c) => c.notNull().defaultTo(0))
        .addColumn('inbound', big, (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('balances_pk', ['sku_id', 'location_id'])
        .execute();
      await db.schema.createIndex('balances_location_idx').on('balances').columns(['location_id', 'sku_id']).execute();

      await withId(db.schema.createTable('lots'), d)
        .addColumn('sku_id', big, (c) => c.notNull())
        .addColumn('location_id', big, (c) => c.notNull())
        .addColumn('in_transit_from', big)
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('unit_cost', big, (c) => c.notNull())
        .addColumn('qty_received', big, (c) => c.notNull())
        .addColumn('qty_remaining', big, (c) => c.notNull())
        .addColumn('source_movement_id', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('lots_open_idx')
        .on('lots')
        .columns(['sku_id', 'location_id', 'received_at', 'id'])
        .where(sql.ref('qty_remaining'), '<>', 0)
        .execute();

      await withId(db.schema.createTable('reservations'), d)
        .addColumn('reference', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reservations_reference_idx').on('reservations').column('reference').execute();

      await withId(db.schema.createTable('reservation_lines'), d)
        .addColumn('reservation_id', big, (c) => c.notNull().references('reservations.id'))
        .addColumn('sku_id', big, (c) => c.notNull())
        .addColumn('location_id', big, (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull())
        .addColumn('fulfilled', big, (c) => c.notNull().defaultTo(0))
        .addColumn('released', big, (c) => c.notNull().defaultTo(0))
        .addColumn('backordered', big, (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('reservation_lines_reservation_idx').on('reservation_lines').column('reservation_id').execute();
      await db.schema.createIndex('reservation_lines_sku_location_idx').on('reservation_lines').columns(['sku_id', 'location_id']).execute();

      await db.schema
        .createTable('demand_daily')
        .addColumn('sku_id', big, (c) => c.notNull())
        .addColumn('location_id', big, (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('demand', big, (c) => c.notNull().defaultTo(0))
        .addColumn('stockout', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('closing_available', big, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('demand_daily_pk', ['sku_id', 'location_id', 'day'])
        .execute();
      await db.schema.createIndex('demand_daily_day_idx').on('demand_daily').column('day').execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['demand_daily', 'reservation_lines', 'reservations', 'lots', 'balances', 'movements']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  },
};
