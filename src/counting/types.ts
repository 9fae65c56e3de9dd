/** Public shapes of the counting module. */
import type { CountLineStatus, CountSessionStatus } from './schema.ts';

export type { CountLineStatus, CountSessionStatus };

/** Who acts, and (optionally) the instant to record (default: the current time). */
export interface CountContext {
  actor: string;
  now?: string;
}

export interface StartCountInput {
  location: string;
  /** SKUs to count; or `due: true` to take the SKUs due by the ABC count plan on `today`. */
  skus?: string[];
  due?: boolean;
  /** 'YYYY-MM-DD'; needed with `due`. */
  today?: string;
  number?: string;
  /** Hide expected quantities from the counter's view (default true). */
  blind?: boolean;
  /** Accuracy tolerance for IRA: |variance| <= max(toleranceUnits, tolerancePct% of expected). Default 0 / 0. */
  toleranceUnits?: number;
  tolerancePct?: number;
  /** A second person must approve lines whose |variance| exceeds these (units; micro-units). Default: none. */
  approvalUnits?: number | null;
  approvalValue?: number | null;
  note?: string | null;
}

/** A count line as the supervisor sees it (expected quantities and variances included). */
export interface CountLine {
  id: number;
  sku: string;
  status: CountLineStatus;
  unitCost: number;
  snapshotQty: number;
  countedQty: number | null;
  countedAt: string | null;
  countedBy: string | null;
  netMovements: number | null;
  expectedQty: number | null;
  varianceQty: number | null;
  varianceValue: number | null;
  withinTolerance: boolean | null;
  needsApproval: boolean;
  approvedBy: string | null;
  approvedAt: string | null;
  reason: string | null;
  note: string | null;
}

export interface CountSession {
  id: number;
  number: string;
  location: string;
  status: CountSessionStatus;
  snapshotAt: string;
  blind: boolean;
  toleranceUnits: number;
  tolerancePct: number;
  approvalUnits: number | null;
  approvalValue: number | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  postedAt: string | null;
  postedBy: string | null;
  lines: CountLine[];
  summary: { lines: number; counted: number; withinTolerance: number; needsApproval: number; approved: number; varianceQty: number; varianceValue: number };
}

/** The counter's (blind) view: what to count, never the expected quantity or variance. */
export interface CounterView {
  number: string;
  location: string;
  status: CountSessionStatus;
  lines: { sku: string; status: CountLineStatus; countedQty: number | null; countedAt: string | null }[];
}

export interface CountEntry {
  sku: string;
  countedQty: number;
  /** The physical count instant (default: now); between the session snapshot and now. */
  countedAt?: string;
  note?: string | null;
}

export interface AccuracyRow {
  location: string;
  /** 'YYYY-MM' (by month), or null for the whole range. */
  period: string | null;
  counted: number;
  withinTolerance: number;
  /** withinTolerance / counted. */
  ira: number | null;
}

export interface DueCount {
  sku: string;
  abcClass: string;
  intervalDays: number;
  lastCountedDay: string | null;
}
