import { sql, type Kysely, type Migration } from 'kysely';
import { bigintType, dialectOfDb, nowDefault, withId } from '../store/ddl.ts';

/**
 * Migrations of the purchasing module's tables. Keys sort globally across modules (Kysely applies them
 * in name order), so each module has its own number band; never edit a released migration,
 * add a new one.
 */
export const purchasingMigrations: Record<string, Migration> = {
  '0400_purchase_orders': {
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      const big = bigintType(d);
      await withId(db.schema.createTable('purchase_orders'), d)
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('supplier', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('placed_at', 'text')
        .addColumn('placed_day', 'text')
        .addColumn('placed_by', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('ended_by', 'text')
        .addColumn('end_reason', 'text')
        .execute();
      await db.schema.createIndex('purchase_orders_supplier_status').on('purchase_orders').columns(['supplier', 'status']).execute();
      await db.schema.createIndex('purchase_orders_status').on('purchase_orders').column('status').execute();

      await withId(db.schema.createTable('purchase_order_lines'), d)
        .addColumn('po_id', big, (c) => c.notNull().references('purchase_orders.id').onDelete('cascade'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull())
        .addColumn('unit_cost', big, (c) => c.notNull())
        .addColumn('expected_date', 'text')
        .addColumn('received_qty', big, (c) => c.notNull().defaultTo(0))
        .addColumn('damaged_qty', big, (c) => c.notNull().defaultTo(0))
        .addColumn('inbound_qty', big, (c) => c.notNull().defaultTo(0))
        .addColumn('suggested_qty', big)
        .addColumn('override_reason', 'text')
        .addColumn('override_by', 'text')
        .addUniqueConstraint('purchase_order_lines_po_line', ['po_id', 'line_no'])
        .addUniqueConstraint('purchase_order_lines_po_sku_loc', ['po_id', 'sku', 'location'])
        .addCheckConstraint('purchase_order_lines_qty_positive', sql`quantity > 0`)
        .execute();
      await db.schema.createIndex('purchase_order_lines_sku').on('purchase_order_lines').columns(['sku', 'location']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('purchase_order_lines').execute();
      await db.schema.dropTable('purchase_orders').execute();
    },
  },
  '0401_receipts': {
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      const big = bigintType(d);
      await withId(db.schema.createTable('receipts'), d)
        .addColumn('po_id', big, (c) => c.notNull().references('purchase_orders.id'))
        .addColumn('supplier', 'text', (c) => c.notNull())
        .addColumn('delivery_ref', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('received_day', 'text', (c) => c.notNull())
        .addColumn('received_by', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        // The same delivery can never be received twice, even by two concurrent requests.
        .addUniqueConstraint('receipts_supplier_delivery_ref', ['supplier', 'delivery_ref'])
        .execute();
      await db.schema.createIndex('receipts_po').on('receipts').column('po_id').execute();

      await withId(db.schema.createTable('receipt_lines'), d)
        .addColumn('receipt_id', big, (c) => c.notNull().references('receipts.id').onDelete('cascade'))
        .addColumn('po_line_id', big, (c) => c.references('purchase_order_lines.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull())
        .addColumn('damaged_qty', big, (c) => c.notNull().defaultTo(0))
        .addColumn('posted_qty', big, (c) => c.notNull().defaultTo(0))
        .addColumn('unit_cost', big, (c) => c.notNull())
        .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('over_qty', big, (c) => c.notNull().defaultTo(0))
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('receipt_lines_receipt').on('receipt_lines').column('receipt_id').execute();

      await withId(db.schema.createTable('supplier_lead_times'), d)
        .addColumn('supplier', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('po_id', big, (c) => c.notNull())
        .addColumn('receipt_id', big, (c) => c.notNull().references('receipts.id'))
        .addColumn('placed_day', 'text', (c) => c.notNull())
        .addColumn('received_day', 'text', (c) => c.notNull())
        .addColumn('lead_time_days', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addUniqueConstraint('supplier_lead_times_receipt_sku', ['receipt_id', 'sku'])
        .execute();
      await db.schema.createIndex('supplier_lead_times_supplier_sku').on('supplier_lead_times').columns(['supplier', 'sku']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('supplier_lead_times').execute();
      await db.schema.dropTable('receipt_lines').execute();
      await db.schema.dropTable('receipts').execute();
    },
  },
  '0402_transfers': {
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      const big = bigintType(d);
      await withId(db.schema.createTable('transfers'), d)
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('from_location', 'text', (c) => c.notNull())
        .addColumn('to_location', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('shipped_at', 'text')
        .addColumn('shipped_by', 'text')
        .addColumn('received_at', 'text')
        .addColumn('received_by', 'text')
        .execute();
      await db.schema.createIndex('transfers_status').on('transfers').column('status').execute();
      await withId(db.schema.createTable('transfer_lines'), d)
        .addColumn('transfer_id', big, (c) => c.notNull().references('transfers.id').onDelete('cascade'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull())
        .addColumn('shipped_qty', big, (c) => c.notNull().defaultTo(0))
        .addColumn('received_qty', big, (c) => c.notNull().defaultTo(0))
        .addColumn('discrepancy_qty', big, (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('transfer_lines_transfer_sku', ['transfer_id', 'sku'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('transfer_lines').execute();
      await db.schema.dropTable('transfers').execute();
    },
  },
};
