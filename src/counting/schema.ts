/**
 * Row types of the tables the counting module owns (see src/store/schema.ts for conventions).
 * SKUs and locations are referenced by their catalog code (the catalog owns those rows).
 */
import type { Generated } from 'kysely';

/** A count session: open (being counted) -> posted (corrections posted) or cancelled. */
export type CountSessionStatus = 'open' | 'posted' | 'cancelled';
/** A count line: pending (not counted yet) -> counted -> posted, or skipped when the session is posted uncounted. */
export type CountLineStatus = 'pending' | 'counted' | 'posted' | 'skipped';

/** How often each ABC class is cycle counted (days between counts of one SKU at one location). */
export interface CountFrequenciesTable {
  abc_class: string;
  interval_days: number;
  updated_at: string;
  updated_by: string | null;
}

/** The latest ABC class of each SKU (by annual consumption value). */
export interface CountClassesTable {
  sku: string;
  abc_class: string;
  /** Annual consumption value in micro-units. */
  annual_value: number;
  computed_at: string;
}

export interface CountSessionsTable {
  id: Generated<number>;
  number: string;
  location: string;
  status: CountSessionStatus;
  /** Instant the expected quantities were snapshotted (session start). */
  snapshot_at: string;
  /** 1 = the counter's view hides expected quantities. */
  blind: number;
  /** A line is "accurate" (IRA) when |variance| <= max(tolerance_units, tolerance_pct% of expected). */
  tolerance_units: number;
  tolerance_pct: number;
  /** A line needs a second person's approval when |variance| > approval_units or |value| > approval_value. */
  approval_units: number | null;
  approval_value: number | null;
  note: string | null;
  created_by: string;
  created_at: string;
  posted_at: string | null;
  posted_by: string | null;
}

export interface CountLinesTable {
  id: Generated<number>;
  session_id: number;
  sku: string;
  status: CountLineStatus;
  /** Micro-units per unit used to value the variance (the SKU's unit cost at session start). */
  unit_cost: number;
  /** On hand at the snapshot. */
  snapshot_qty: number;
  counted_qty: number | null;
  /** The physical count instant (movements up to it are netted into the expected quantity). */
  counted_at: string | null;
  counted_by: string | null;
  /** Net on-hand movements between the snapshot and counted_at. */
  net_movements: number | null;
  /** snapshot_qty + net_movements: what the records say was there at counted_at. */
  expected_qty: number | null;
  /** counted_qty - expected_qty: the correction to post. */
  variance_qty: number | null;
  variance_value: number | null;
  within_tolerance: number | null;
  needs_approval: number;
  approved_by: string | null;
  approved_at: string | null;
  reason: string | null;
  note: string | null;
}

/** SKU x location pairs held by an open count (released when it is posted or cancelled). */
export interface CountOpenSkusTable {
  location: string;
  sku: string;
  session_id: number;
}

export interface CountingTables {
  count_open_skus: CountOpenSkusTable;
  count_frequencies: CountFrequenciesTable;
  count_classes: CountClassesTable;
  count_sessions: CountSessionsTable;
  count_lines: CountLinesTable;
}
