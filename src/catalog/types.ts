/** Public shapes of the catalog module (what service functions accept and return). */

export const LOCATION_KINDS = ['warehouse', 'fba', '3pl', 'store'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** A product variant. Money is integer micro-units (1e-6 of the currency). */
export interface Sku {
  id: number;
  code: string;
  name: string;
  unit: string;
  unitCost: number;
  price: number;
  packSize: number;
  /** Code of the default supplier, or null. */
  defaultSupplier: string | null;
  backordersAllowed: boolean;
  active: boolean;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** Fields of a SKU a caller sets; on create, omitted fields take the defaults shown. */
export interface SkuInput {
  code: string;
  /** Required on create. */
  name?: string;
  /** Default 'each'. */
  unit?: string;
  /** Default 0. */
  unitCost?: number;
  /** Default 0. */
  price?: number;
  /** Default 1. */
  packSize?: number;
  /** Supplier code; default null. */
  defaultSupplier?: string | null;
  /** Default false. */
  backordersAllowed?: boolean;
  /** Default true. */
  active?: boolean;
  /** Default []. */
  tags?: string[];
}

export interface Location {
  id: number;
  code: string;
  name: string;
  kind: LocationKind;
  negativeStockAllowed: boolean;
  /**
   * Locations with the same transfer region can send each other stock: a plan run proposes
   * transfers from one's excess to another's order only within a region (null = none).
   */
  transferRegion: string | null;
  /**
   * The location this one is replenished from by transfer (e.g. Amazon FBA fed from the main
   * warehouse), null = bought from suppliers. A plan run turns this location's needs into
   * transfers from it, and plans its purchases with this location's demand flowing through it.
   */
  replenishFrom: string | null;
  /** Days a transfer from `replenishFrom` takes to arrive and be available (mean, sd); null without a source. */
  transferLeadTimeDays: number | null;
  transferLeadTimeSdDays: number | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LocationInput {
  code: string;
  /** Required on create. */
  name?: string;
  /** Default 'warehouse'. */
  kind?: LocationKind;
  /** Default false. */
  negativeStockAllowed?: boolean;
  /** Default null (no transfers planned). */
  transferRegion?: string | null;
  /** Default null (bought from suppliers). Must be another active location, itself not replenished from one. */
  replenishFrom?: string | null;
  /** Default 7 when a source is set (0..365). */
  transferLeadTimeDays?: number | null;
  /** Default 0 (0..365). */
  transferLeadTimeSdDays?: number | null;
  /** Default true. */
  active?: boolean;
}

export interface Supplier {
  id: number;
  code: string;
  name: string;
  defaultLeadTimeDays: number;
  leadTimeSdDays: number | null;
  /** Minimum order quantity in units (0 = none). */
  moq: number;
  /** Micro-units, or null for none. */
  minOrderValue: number | null;
  /**
   * Exposure cap (micro-units, or null for none): the value on order from this supplier at once,
   * its open purchase orders plus a plan run's new lines, stays at most this (planning/budget.ts).
   */
  maxOpenValue: number | null;
  /**
   * Payment terms: the percent of an order's value paid when it is placed (a deposit, 0-100) and
   * the days after delivery the rest is due (net days, 0-365). They schedule the cash the orders
   * commit (purchasing/commitments.ts, `basis: 'payment'`).
   */
  depositPct: number;
  paymentTermsDays: number;
  currency: string;
  /** Percent of the ordered quantity a receipt may exceed it by. */
  receiptTolerancePct: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SupplierInput {
  code: string;
  /** Required on create. */
  name?: string;
  /** Default 0. */
  defaultLeadTimeDays?: number;
  /** Default null. */
  leadTimeSdDays?: number | null;
  /** Default 0. */
  moq?: number;
  /** Default null. */
  minOrderValue?: number | null;
  /** Default null. */
  maxOpenValue?: number | null;
  /** Default 0 (nothing paid on placing). */
  depositPct?: number;
  /** Default 0 (paid on delivery). */
  paymentTermsDays?: number;
  /** Default 'USD'. */
  currency?: string;
  /** Default 0. */
  receiptTolerancePct?: number;
  /** Default true. */
  active?: boolean;
}

/** One page of a list: `nextCursor` is opaque; pass it back as `cursor` for the next page (null = last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListOptions<F> {
  /** Opaque cursor from a previous page. */
  cursor?: string | null;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  filters?: F;
}

export interface SkuFilters {
  /** Substring of code or name (case-insensitive). */
  q?: string;
  active?: boolean;
  /** SKUs carrying this tag. */
  tag?: string;
  /** Default supplier code. */
  supplier?: string;
  /** Exact codes. */
  codes?: string[];
}

export interface LocationFilters {
  q?: string;
  kind?: LocationKind;
  active?: boolean;
}

export interface SupplierFilters {
  q?: string;
  active?: boolean;
}

/** Outcome of a bulk upsert: rows inserted and rows that existed and were updated. */
export interface UpsertResult {
  created: number;
  updated: number;
}
