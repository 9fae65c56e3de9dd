/**
 * What an import kind is: its columns (name, whether required, how a cell is parsed, docs), how a
 * record's parsed values become one typed row, which master-data codes a row references, an
 * optional stateful check run against the database before anything is written (e.g. simulated
 * stock levels), and how a batch of valid rows is applied inside a transaction.
 *
 * The generic machinery (./importer.ts) streams the file, applies these definitions, collects every
 * error with its line and column, and runs the batches; a kind only describes itself.
 */
import type { Parsed } from './fields.ts';
import type { Executor } from '../store/executor.ts';

export interface ColumnSpec {
  name: string;
  /** The column must be present in the header and its cell non-empty in every row. */
  required?: boolean;
  /** Turns a non-empty cell into a value; empty cells are `undefined`. */
  parse: (text: string) => Parsed<unknown>;
  /** For docs and `--help`: what the column means, its unit and default. */
  description: string;
  example: string;
}

/** Collects errors about the row being built. */
export interface RowIssues {
  error(column: string, reason: string): void;
}

/** Codes of master data a row refers to, checked against the database before anything is written. */
export type RefKind = 'sku' | 'location' | 'supplier';
export interface RowRef {
  kind: RefKind;
  code: string;
  column: string;
}

/** What the importer learnt about referenced master data (only the codes that exist). */
export interface ResolvedRefs {
  skus: Map<string, { code: string; unitCost: number; backordersAllowed: boolean }>;
  locations: Map<string, { code: string; negativeStockAllowed: boolean }>;
  suppliers: Map<string, { code: string }>;
}

/**
 * A stateful check against the database that sees every valid row in file order before anything
 * is written (e.g. simulated on-hand per SKU x location, to find every row that would go negative).
 */
export interface RowValidator<Row> {
  /** Pass 1: sees each field-valid row (e.g. to collect the SKU x location pairs involved). */
  observe(row: Row): void;
  /** Between the passes: loads what the check needs (e.g. current balances). */
  prepare(ex: Executor, refs: ResolvedRefs): Promise<void>;
  /** Pass 2: each row whose fields and references are valid, in file order. */
  check(row: Row, line: number, issues: RowIssues): void;
}

export interface ApplyContext {
  actor: string;
  /** Hex fingerprint of the file: lets kinds derive stable idempotency keys per line. */
  fileHash: string;
  /** Batch-commit mode: kinds must make every row safe to apply twice (idempotency keys). */
  batchCommit: boolean;
}

export interface ApplyOutcome {
  applied: number;
  /** Rows that were already applied by an earlier run (same idempotency key and content). */
  replayed: number;
}

export interface ImportKind<Row> {
  kind: string;
  /** One line for `--help` and the docs. */
  summary: string;
  columns: ColumnSpec[];
  /** Columns tolerated and ignored (e.g. export-only columns such as `id`, `created_at`). */
  ignoredColumns?: string[];
  /** Parsed cell values (by column name) -> a row, or undefined after reporting issues. */
  build(values: Record<string, unknown>, issues: RowIssues): Row | undefined;
  /** A key that must be unique within the file (e.g. a SKU code), with the column to blame. */
  uniqueKey?(row: Row): { key: string; column: string } | undefined;
  refs?(row: Row): RowRef[];
  /** Creates the stateful pre-write check (one per import run). */
  validator?(): RowValidator<Row>;
  /**
   * Applies valid rows (at most the batch size) in order inside the given transaction. `state` is
   * this run's validator (when the kind has one), for kinds whose writes depend on the whole file.
   */
  apply(tx: Executor, rows: { line: number; row: Row }[], ctx: ApplyContext, state?: RowValidator<Row>): Promise<ApplyOutcome>;
  /** Runs after the last batch, in the same transaction (batch-commit: its own). */
  finish?(tx: Executor, ctx: ApplyContext, state?: RowValidator<Row>): Promise<ApplyOutcome>;
  /**
   * Rows of the file that do not change the database when applied a second time (catalog upserts),
   * or that carry idempotency keys; false means `--batch-commit` is refused for the kind.
   */
  rerunSafe: boolean;
  /** CSV column of each service-input field, to name the column when the service refuses a row. */
  fieldColumns?: Record<string, string>;
  /** Rows per batch (default 10,000). */
  batchSize?: number;
}
