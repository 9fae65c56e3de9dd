/**
 * The all-or-nothing CSV importer.
 *
 * 1. **Validate** (streamed): the header (unknown, duplicate and missing required columns), then
 *    every record: each cell parsed by its column spec, the row built, uniqueness within the file.
 * 2. **Check** against the database (streamed again unless the file is small enough to keep in
 *    memory): every referenced SKU/location/supplier code must exist, and the kind's stateful check
 *    (e.g. simulated on hand, so that every row that would drive stock negative is found) runs.
 * 3. If any row is bad, nothing is written and EVERY bad row is reported (line, column, reason).
 *    With `dryRun` the import stops here.
 * 4. **Apply** in batches (default 10,000 rows) inside ONE transaction: either the whole file is
 *    applied or nothing is. With `batchCommit` each batch commits on its own (for files too large
 *    for one transaction); only kinds whose rows are safe to apply twice allow it (idempotency
 *    keys, derived from the file's hash and line when a row has none), so re-running the same file
 *    after a crash completes it without applying anything twice.
 */
import { isAppError } from '../shared/errors.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import type { CsvRecord, CsvSource } from './csv-source.ts';
import type { ImportKind, ResolvedRefs, RowIssues, RowRef, RowValidator } from './import-kind.ts';
import { silentProgress, type ProgressSink } from './progress.ts';
import { resolveRefs } from './refs.ts';

/** One problem with the file: the line (1 = header), the column (null = the whole row) and why. */
export interface ImportError {
  line: number;
  column: string | null;
  reason: string;
  /** Stable code when the database refused the row (e.g. INSUFFICIENT_STOCK, IDEMPOTENCY_CONFLICT). */
  code?: string;
}

export interface ImportOptions {
  /** Validate and check only; write nothing. */
  dryRun?: boolean;
  /** Commit each batch separately (see the module comment); default false = one transaction. */
  batchCommit?: boolean;
  /** Who is recorded on movements (default 'import'). */
  actor?: string;
  progress?: ProgressSink;
  /** Rows per batch (default: the kind's, else 10,000). */
  batchSize?: number;
  /** Files with at most this many rows are kept in memory between the passes (default 200,000). */
  maxCachedRows?: number;
}

export interface ImportResult {
  kind: string;
  ok: boolean;
  dryRun: boolean;
  /** Data rows in the file. */
  rows: number;
  /** Rows written now. */
  applied: number;
  /** Rows already applied by an earlier run (idempotency key replays). */
  replayed: number;
  batches: number;
  /** Every bad row, in line order (empty when ok). */
  errors: ImportError[];
  elapsedMs: number;
}

type Located<Row> = { line: number; row: Row };

/** A CSV file header mapped onto a kind's columns. */
interface HeaderMap {
  /** For each spec column present: its index in the record. */
  index: Map<string, number>;
  width: number;
}

function mapHeader(kind: ImportKind<unknown>, header: CsvRecord, errors: ImportError[]): HeaderMap | null {
  const known = new Set(kind.columns.map((c) => c.name));
  const ignored = new Set(kind.ignoredColumns ?? []);
  const index = new Map<string, number>();
  const seen = new Set<string>();
  header.cells.forEach((name, i) => {
    if (name === '') {
      errors.push({ line: header.line, column: `#${i + 1}`, reason: 'empty column name in the header' });
    } else if (seen.has(name)) {
      errors.push({ line: header.line, column: name, reason: 'column appears twice in the header' });
    } else if (known.has(name)) {
      index.set(name, i);
    } else if (!ignored.has(name)) {
      errors.push({ line: header.line, column: name, reason: `unknown column for ${kind.kind} (expected: ${[...known].join(', ')})` });
    }
    seen.add(name);
  });
  for (const c of kind.columns) {
    if (c.required && !index.has(c.name)) errors.push({ line: header.line, column: c.name, reason: 'required column is missing from the header' });
  }
  return errors.length ? null : { index, width: header.cells.length };
}

/** RowIssues that record errors for the line being processed (one object per pass, no closures per row). */
class LineIssues implements RowIssues {
  line = 0;
  constructor(private readonly errors: ImportError[]) {}
  error(column: string, reason: string): void {
    this.errors.push({ line: this.line, column, reason });
  }
}

/** Parses one record into a row, pushing every problem found to `errors`. */
function buildRow<Row>(kind: ImportKind<Row>, header: HeaderMap, rec: CsvRecord, errors: ImportError[], issues: LineIssues): Row | undefined {
  const before = errors.length;
  if (rec.cells.length > header.width && rec.cells.slice(header.width).some((c) => c !== '')) {
    errors.push({ line: rec.line, column: null, reason: `has ${rec.cells.length} cells but the header has ${header.width} columns` });
  }
  const values: Record<string, unknown> = {};
  for (const col of kind.columns) {
    const i = header.index.get(col.name);
    const text = i === undefined ? '' : (rec.cells[i] ?? '');
    if (text === '') {
      if (col.required) errors.push({ line: rec.line, column: col.name, reason: 'is required' });
      continue;
    }
    const parsed = col.parse(text);
    if (parsed.ok) values[col.name] = parsed.value;
    else errors.push({ line: rec.line, column: col.name, reason: parsed.reason });
  }
  if (errors.length > before) return undefined;
  issues.line = rec.line;
  const row = kind.build(values, issues);
  return errors.length > before ? undefined : row;
}

/** Turns a csv-parse failure (unclosed quote, ...) into a row error. */
function csvFailure(e: unknown): ImportError {
  const err = e as { code?: string; message?: string; lines?: number };
  if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
    return { line: err.lines ?? 0, column: null, reason: `malformed CSV: ${err.message}`, code: 'CSV_MALFORMED' };
  }
  throw e;
}

const refLabel: Record<RowRef['kind'], string> = { sku: 'SKU', location: 'location', supplier: 'supplier' };

function refExists(refs: ResolvedRefs, r: RowRef): boolean {
  if (r.kind === 'sku') return refs.skus.has(r.code);
  if (r.kind === 'location') return refs.locations.has(r.code);
  return refs.suppliers.has(r.code);
}

/**
 * Imports `source` as `kind` (see the module comment for the phases). Never throws for bad rows:
 * they come back in `result.errors` (and nothing was written); throws only for infrastructure
 * failures (database unreachable, file unreadable).
 */
export async function runImport<Row>(ex: Executor, kind: ImportKind<Row>, source: CsvSource, options: ImportOptions = {}): Promise<ImportResult> {
  const t0 = performance.now();
  const progress = options.progress ?? silentProgress;
  const maxCached = options.maxCachedRows ?? 200_000;
  const batchSize = options.batchSize ?? kind.batchSize ?? 10_000;
  const errors: ImportError[] = [];
  const result = (rows: number, applied = 0, replayed = 0, batches = 0): ImportResult => ({
    kind: kind.kind,
    ok: errors.length === 0,
    dryRun: !!options.dryRun,
    rows,
    applied,
    replayed,
    batches,
    errors: errors.sort((a, b) => a.line - b.line),
    elapsedMs: Math.round(performance.now() - t0),
  });
  if (options.batchCommit && !kind.rerunSafe) {
    errors.push({ line: 0, column: null, reason: `--batch-commit is not available for ${kind.kind}: its rows are not safe to apply twice` });
    return result(0);
  }

  // Pass 1: header, fields, rows, uniqueness; collect references.
  let header: HeaderMap | null = null;
  let rows = 0;
  const badLines = new Set<number>();
  const cache: Located<Row>[] | null = [];
  let cached: Located<Row>[] | null = cache;
  const unique = new Map<string, number>();
  const refCodes: Record<RowRef['kind'], Set<string>> = { sku: new Set(), location: new Set(), supplier: new Set() };
  const validator: RowValidator<Row> | undefined = kind.validator?.();
  progress.phase('validating');
  const issues = new LineIssues(errors);
  try {
    for await (const batch of source.batches()) {
      for (const rec of batch) {
        if (!header) {
          header = mapHeader(kind as ImportKind<unknown>, rec, errors);
          if (!header) return result(0);
          continue;
        }
        rows++;
        const nErr = errors.length;
        const row = buildRow(kind, header, rec, errors, issues);
        if (row !== undefined) {
          const u = kind.uniqueKey?.(row);
          if (u) {
            const first = unique.get(u.key);
            if (first !== undefined) errors.push({ line: rec.line, column: u.column, reason: `duplicate ${u.column} ${JSON.stringify(u.key)}: already on line ${first}` });
            else unique.set(u.key, rec.line);
          }
        }
        if (errors.length > nErr || row === undefined) {
          badLines.add(rec.line);
        } else {
          if (kind.refs) for (const r of kind.refs(row)) refCodes[r.kind].add(r.code);
          validator?.observe(row);
          if (cached) {
            if (cached.length < maxCached) cached.push({ line: rec.line, row });
            else cached = null;
          }
        }
      }
      progress.update(rows);
    }
  } catch (e) {
    errors.push(csvFailure(e));
    return result(rows);
  }
  progress.end(rows);
  if (!header) {
    errors.push({ line: 1, column: null, reason: 'the file is empty (a header line is required)' });
    return result(0);
  }
  const hdr = header;

  /** Valid rows of pass 1 in batches, from memory or by reading the file again. */
  async function* validBatches(skip: Set<number>): AsyncGenerator<Located<Row>[]> {
    if (cached) {
      for (let i = 0; i < cached.length; i += 1024) {
        const chunk = cached.slice(i, i + 1024);
        yield skip.size ? chunk.filter((r) => !skip.has(r.line)) : chunk;
      }
      return;
    }
    let first = true;
    const scratch: ImportError[] = [];
    const scratchIssues = new LineIssues(scratch);
    for await (const batch of source.batches()) {
      const out: Located<Row>[] = [];
      for (const rec of batch) {
        if (first) {
          first = false;
          continue;
        }
        if (skip.has(rec.line)) continue;
        const row = buildRow(kind, hdr, rec, scratch, scratchIssues);
        if (row === undefined) throw new Error(`line ${rec.line} parsed differently on the second read (was the file changed during the import?)`);
        out.push({ line: rec.line, row });
      }
      yield out;
    }
  }

  // Pass 2: references and the kind's stateful check, against the database.
  if (kind.refs || validator) {
    const refs = await resolveRefs(ex, refCodes);
    await validator?.prepare(ex, refs);
    progress.phase('checking', rows - badLines.size);
    let n = 0;
    for await (const batch of validBatches(badLines)) {
      for (const { line, row } of batch) {
        const nErr = errors.length;
        if (kind.refs) {
          for (const r of kind.refs(row)) {
            if (!refExists(refs, r)) errors.push({ line, column: r.column, reason: `unknown ${refLabel[r.kind]} ${JSON.stringify(r.code)}` });
          }
        }
        if (errors.length === nErr && validator) {
          issues.line = line;
          validator.check(row, line, issues);
        }
        if (errors.length > nErr) badLines.add(line);
      }
      n += batch.length;
      progress.update(n);
    }
    progress.end(n);
  }
  if (errors.length || options.dryRun) return result(rows);

  // Apply: batches inside one transaction (or one per batch with batchCommit).
  const fileHash = await source.sha256();
  const ctx = { actor: options.actor ?? 'import', fileHash, batchCommit: !!options.batchCommit };
  let applied = 0;
  let replayed = 0;
  let batches = 0;
  const runBatches = async (tx: Executor | null) => {
    let batch: Located<Row>[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const current = batch;
      batch = [];
      try {
        const out = tx ? await kind.apply(tx, current, ctx, validator) : await inTransaction(ex, (t) => kind.apply(t, current, ctx, validator));
        applied += out.applied;
        replayed += out.replayed;
        batches++;
        progress.update(applied + replayed);
      } catch (e) {
        if (!isAppError(e)) throw e;
        const idx = rowIndexOf(e.details);
        const line = idx !== null && current[idx] ? current[idx].line : current[0].line;
        const field = typeof e.details?.field === 'string' ? (kind.fieldColumns?.[e.details.field] ?? e.details.field) : null;
        const where = idx === null ? ` (in the batch of lines ${current[0].line}-${current[current.length - 1].line})` : '';
        errors.push({ line, column: field, reason: `${e.message}${where}`, code: e.code });
        throw new AbortImport();
      }
    };
    for await (const rows of validBatches(badLines)) {
      for (const r of rows) {
        batch.push(r);
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();
    if (kind.finish) {
      const fin = kind.finish;
      try {
        const out = tx ? await fin(tx, ctx, validator) : await inTransaction(ex, (t) => fin(t, ctx, validator));
        applied += out.applied;
        replayed += out.replayed;
      } catch (e) {
        if (!isAppError(e)) throw e;
        errors.push({ line: 0, column: null, reason: `finishing the import: ${e.message}`, code: e.code });
        throw new AbortImport();
      }
    }
  };
  progress.phase('applying', rows);
  try {
    if (options.batchCommit) await runBatches(null);
    else await inTransaction(ex, (tx) => runBatches(tx));
  } catch (e) {
    if (!(e instanceof AbortImport)) throw e;
    if (!options.batchCommit) {
      applied = 0;
      replayed = 0;
    }
  }
  progress.end(applied + replayed);
  return result(rows, applied, replayed, batches);
}

/**
 * Which input of a batch a service error is about: `details.index` (0-based, the ledger) or
 * `details.at` = "row N ..." (1-based, the catalog's bulk upserts).
 */
function rowIndexOf(details: Record<string, unknown> | undefined): number | null {
  if (typeof details?.index === 'number') return details.index;
  const at = typeof details?.at === 'string' ? /^row (\d+)/.exec(details.at) : null;
  return at ? Number(at[1]) - 1 : null;
}

/** Unwinds the apply transaction after a row was refused (its error is already recorded). */
class AbortImport extends Error {}
