/** Row types of the tables the catalog module owns (see src/store/schema.ts for conventions). */
import type { Generated } from 'kysely';

/** A supplier of SKUs: lead-time defaults and order rules used by purchasing and planning. */
export interface SuppliersTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** Default mean lead time in days (order placed -> stock available), used until history exists. */
  default_lead_time_days: number;
  /** Default standard deviation of the lead time in days; null = unknown. */
  lead_time_sd_days: number | null;
  /** Minimum order quantity in units (0 = none). */
  moq: number;
  /** Minimum order value in micro-units; null = none. */
  min_order_value: number | null;
  /** Exposure cap in micro-units, null = none (migration 0101). */
  max_open_value: number | null;
  /** Percent of an order's value paid on placing, and days after delivery the rest is due (migration 0104; 0 = none). */
  deposit_pct: number;
  payment_terms_days: number;
  /** ISO 4217 currency code of the supplier's prices. */
  currency: string;
  /** Over-receipt tolerance in percent of the ordered quantity (0 = exact). */
  receipt_tolerance_pct: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/** A stock-keeping place: warehouse, FBA, 3PL or store. */
export interface LocationsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  /** 1 = on hand may go below zero here (posting is never refused for lack of stock). */
  negative_stock_allowed: number;
  /** Transfer region, null = none (migration 0102). */
  transfer_region: string | null;
  /** Code of the location this one is replenished from by transfer, null = suppliers (migration 0103). */
  replenish_from: string | null;
  /** Transfer lead time from replenish_from, days (mean, sd); null without a source. */
  transfer_lead_time_days: number | null;
  transfer_lead_time_sd_days: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

/** A product variant counted in its base unit. */
export interface SkusTable {
  id: Generated<number>;
  code: string;
  name: string;
  unit: string;
  /** Standard unit cost in micro-units (fallback cost for lots when no better cost is known). */
  unit_cost: number;
  /** Selling price in micro-units. */
  price: number;
  pack_size: number;
  default_supplier_id: number | null;
  /** 1 = reservations may exceed available stock (backorders). */
  backorders_allowed: number;
  active: number;
  /** JSON array of strings. */
  tags: string;
  created_at: string;
  updated_at: string;
}

export interface CatalogTables {
  suppliers: SuppliersTable;
  locations: LocationsTable;
  skus: SkusTable;
}
