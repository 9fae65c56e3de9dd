/**
 * The whole database schema as one Kysely type, composed from each module's own tables.
 * A module declares its tables in `src/<module>/schema.ts` and only that module's code
 * reads or writes them; other modules go through its exported service functions.
 *
 * Conventions for every table (both dialects):
 * - ids are integer surrogate keys (`Generated<number>`), codes are unique text;
 * - quantities are integers in the SKU's base unit; money is integer micro-units (1e-6);
 * - instants are UTC ISO-8601 text (`2026-11-23T18:07:00.000Z`), business days `YYYY-MM-DD` text;
 * - booleans are integers 0/1 (SQLite has no boolean type; one representation for both).
 */
import type { AuthTables } from '../auth/schema.ts';
import type { CatalogTables } from '../catalog/schema.ts';
import type { CountingTables } from '../counting/schema.ts';
import type { LedgerTables } from '../ledger/schema.ts';
import type { PlanningTables } from '../planning/schema.ts';
import type { PurchasingTables } from '../purchasing/schema.ts';

export interface Database extends AuthTables, CatalogTables, LedgerTables, PurchasingTables, CountingTables, PlanningTables {}
