import { sql, type Kysely, type Migration } from 'kysely';
import { bigintType, dialectOfDb, nowDefault, withId } from '../store/ddl.ts';
import { DEFAULT_POLICIES } from './default-policies.ts';

/**
 * Migrations of the planning module's tables. Keys sort globally across modules (Kysely applies them
 * in name order), so each module has its own number band; never edit a released migration,
 * add a new one.
 */
export const planningMigrations: Record<string, Migration> = {
  '0600_planning_init': {
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      const big = bigintType(d);
      const real = 'double precision' as const;
      await withId(db.schema.createTable('policies'), d)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('policy_versions'), d)
        .addColumn('policy_id', big, (c) => c.notNull().references('policies.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('rationale', 'text', (c) => c.notNull())
        .addColumn('selector', 'text', (c) => c.notNull())
        .addColumn('service_kind', 'text', (c) => c.notNull())
        .addColumn('service_level', real, (c) => c.notNull())
        .addColumn('review_period_days', 'integer', (c) => c.notNull())
        .addColumn('lead_time_mode', 'text', (c) => c.notNull())
        .addColumn('lead_time_days', real)
        .addColumn('lead_time_sd_days', real)
        .addColumn('order_multiple', 'integer')
        .addColumn('max_cover_days', 'integer')
        .addColumn('max_order_value', big)
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('created_by', 'text', (c) => c.notNull())
        // Two concurrent edits of the same policy cannot both become version n + 1.
        .addUniqueConstraint('policy_versions_policy_version', ['policy_id', 'version'])
        .addCheckConstraint('policy_versions_level', sql`service_level > 0 and service_level < 1`)
        .execute();

      await withId(db.schema.createTable('plan_runs'), d)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('parameters', 'text', (c) => c.notNull())
        .addColumn('inputs', 'text')
        // One active run at a time: 'active' while running, null afterwards (NULLs never collide).
        .addColumn('active_lock', 'text', (c) => c.unique())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('heartbeat_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', big)
        .addColumn('phases', 'text')
        .addColumn('planned_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('to_order_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('total_value', big, (c) => c.notNull().defaultTo(0))
        .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .execute();

      await withId(db.schema.createTable('recommendations'), d)
        .addColumn('run_id', big, (c) => c.notNull().references('plan_runs.id').onDelete('cascade'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('supplier', 'text')
        .addColumn('policy_code', 'text')
        .addColumn('policy_version', 'integer')
        .addColumn('abc', 'text', (c) => c.notNull())
        .addColumn('xyz', 'text', (c) => c.notNull())
        .addColumn('on_hand', big, (c) => c.notNull())
        .addColumn('reserved', big, (c) => c.notNull())
        .addColumn('inbound', big, (c) => c.notNull())
        .addColumn('inventory_position', big, (c) => c.notNull())
        .addColumn('forecast_per_day', real, (c) => c.notNull())
        .addColumn('lead_time_days', real, (c) => c.notNull())
        .addColumn('lead_time_sd_days', real, (c) => c.notNull())
        .addColumn('reorder_point', big, (c) => c.notNull())
        .addColumn('order_up_to', big, (c) => c.notNull())
        .addColumn('safety_stock', real, (c) => c.notNull())
        .addColumn('days_of_cover', real)
        .addColumn('projected_stockout_date', 'text')
        .addColumn('order_by_date', 'text')
        .addColumn('suggested_qty', big, (c) => c.notNull())
        .addColumn('unit_cost', big, (c) => c.notNull())
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('po_number', 'text')
        .addUniqueConstraint('recommendations_run_sku_location', ['run_id', 'sku', 'location'])
        .execute();
      await db.schema.createIndex('recommendations_run_supplier').on('recommendations').columns(['run_id', 'supplier']).execute();

      await withId(db.schema.createTable('overrides'), d)
        .addColumn('recommendation_id', big, (c) => c.notNull().references('recommendations.id').onDelete('cascade'))
        .addColumn('quantity', big, (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
        .addCheckConstraint('overrides_quantity', sql`quantity >= 0`)
        .execute();
      await db.schema.createIndex('overrides_recommendation').on('overrides').column('recommendation_id').execute();

      // The default policies: one per ABC class (owner 'system'; change them with a new version).
      for (const p of DEFAULT_POLICIES) {
        const row = await db.insertInto('policies').values({ code: p.code, name: p.name, created_by: 'system' }).returning('id').executeTakeFirstOrThrow();
        await db
          .insertInto('policy_versions')
          .values({
            policy_id: row.id,
            version: 1,
            owner: 'system',
            rationale: p.rationale,
            selector: JSON.stringify(p.selector),
            service_kind: p.serviceTarget.kind,
            service_level: p.serviceTarget.level,
            review_period_days: p.reviewPeriodDays,
            lead_time_mode: 'learned',
            active: 1,
            created_by: 'system',
          })
          .execute();
      }
    },
    async down(db: Kysely<any>) {
      for (const t of ['overrides', 'recommendations', 'plan_runs', 'policy_versions', 'policies']) await db.schema.dropTable(t).execute();
    },
  },
  '0601_policy_safety_shift': {
    // A policy version's calibrated reorder-point shift (policy-review.ts): 0 for every existing
    // version, so plans computed before it stay reproducible from their version.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').addColumn('safety_shift', 'double precision', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').dropColumn('safety_shift').execute();
    },
  },
  '0602_policy_reviews': {
    // Saved policy reviews (review-history.ts): the evidence each calibration rests on, and each
    // policy's record over time.
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      await withId(db.schema.createTable('policy_reviews'), d)
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('from_day', 'text', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('refit', 'integer', (c) => c.notNull())
        .addColumn('calibrated', 'integer', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('skipped', 'integer', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('policy_reviews_trigger').on('policy_reviews').columns(['trigger', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('policy_reviews').execute();
    },
  },
  '0603_policy_order_weekdays': {
    // A policy version's order days (policies.ts): null for every existing version (any day).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').addColumn('order_weekdays', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').dropColumn('order_weekdays').execute();
    },
  },
  '0604_policy_auto_calibrate': {
    // Whether the scheduled policy review applies its proposal to the policy (policies.ts,
    // scheduler.ts): 0 for every existing version (a planner applies).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').addColumn('auto_calibrate', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').dropColumn('auto_calibrate').execute();
    },
  },
  '0605_policy_class_shifts': {
    // A policy version's calibrated shift per demand class on top of its safety shift (JSON text,
    // policies.ts): null for every existing version (none).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').addColumn('class_shifts', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').dropColumn('class_shifts').execute();
    },
  },
  '0606_launch_forecasts': {
    // A planner's launch forecast per SKU x location (launch-forecasts.ts): the demand a product
    // with little or no history of its own is planned on until its own history takes over.
    async up(db: Kysely<any>) {
      const d = dialectOfDb(db);
      await withId(db.schema.createTable('launch_forecasts'), d)
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('rate_per_day', 'real', (c) => c.notNull())
        .addColumn('cv', 'real', (c) => c.notNull())
        .addColumn('launch_day', 'text', (c) => c.notNull())
        .addColumn('hand_over_days', 'integer', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('rationale', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('launch_forecasts_pair', ['sku', 'location'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('launch_forecasts').execute();
    },
  },
  '0607_policy_lot_sizing': {
    // A policy version's order cost per order line (micro-units; null = lots of one review period,
    // as before) and holding rate per year (suggestion.ts economic lot): every existing version
    // keeps its review-period lots.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').addColumn('order_cost', bigintType(dialectOfDb(db))).execute();
      await db.schema.alterTable('policy_versions').addColumn('holding_rate', 'double precision', (c) => c.notNull().defaultTo(0.25)).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').dropColumn('holding_rate').execute();
      await db.schema.alterTable('policy_versions').dropColumn('order_cost').execute();
    },
  },
  '0608_policy_run_budget': {
    // A policy version's run budget (micro-units; null = no cap, as every existing version).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').addColumn('run_budget', bigintType(dialectOfDb(db))).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('policy_versions').dropColumn('run_budget').execute();
    },
  },
  '0609_recommendation_lifecycle': {
    // A line's lifecycle stage (new, active, slow, dead; null on lines of earlier runs).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('recommendations').addColumn('lifecycle', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('recommendations').dropColumn('lifecycle').execute();
    },
  },
  '0610_recommendation_view_flags': {
    // Whether a budget or cap cut the line, and the units a line of a location replenished by
    // transfer asks its source for: the page filters lines by them in the database (0 on lines of
    // earlier runs, whose explanation still says it).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('recommendations').addColumn('budget_cut', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('recommendations').addColumn('transfer_asked', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('recommendations').dropColumn('transfer_asked').execute();
      await db.schema.alterTable('recommendations').dropColumn('budget_cut').execute();
    },
  },
};
