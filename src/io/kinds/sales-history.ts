/**
 * `sales-history`: historical sales per day (`date,sku,location,quantity[,stockout]`), imported so
 * that the ledger's daily demand history is exactly the file (demand per day; stockout days only
 * where the file says), while stock on hand is the same after the import as before (zero).
 *
 * Rule (see docs/csv-formats.md): a SKU x location's history is imported BEFORE it has stock
 * (import it before opening-stock); a pair with stock on hand or reservations is refused. Each
 * day's sales are posted as a `sale` at 12:00 UTC of that day. The stock those sales shipped comes
 * from balancing receipts (reference `sales-history`, at the SKU's unit cost), one per "segment":
 * the days up to and including the next day the file marks `stockout=1`. A segment ending in a
 * stockout is received with exactly its sales, so that day's last sale empties the shelf and the
 * ledger records the day as a stockout (a stockout day without sales gets one extra unit, written
 * off that day by an `adjustment -1` marker). The first segment is received at 00:00 UTC of its
 * first day, the next ones at 23:59:59 of the stockout day before them, so that the following day
 * starts in stock. A pair's last segment (not ending in a stockout) is received with one extra
 * unit, written off by a closing `adjustment -1` at 00:00 UTC of the day after the file's last
 * day, so that no day inside the file is flagged by the final return to zero.
 *
 * One transaction only (no --batch-commit); importing days that already have demand is refused
 * row by row, so the same file cannot be counted twice.
 */
import { demandHistory, getBalances, type MovementInput } from '../../ledger/index.ts';
import type { Executor } from '../../store/executor.ts';
import { parseBoolean, parseCode, parseDay, parseInteger } from '../fields.ts';
import type { ApplyContext, ImportKind, ResolvedRefs, RowIssues, RowValidator } from '../import-kind.ts';
import { derivedKey, postRows } from './movements.ts';

export interface SalesHistoryRow {
  date: string;
  sku: string;
  location: string;
  quantity: number;
  stockout: boolean;
}

interface Segment {
  total: number;
  rows: number;
  /** How the segment ends: a sale that empties the stock, a stockout marker, or the end of the history. */
  end: 'sale' | 'marker' | 'end';
}

interface PairState {
  sku: string;
  location: string;
  firstDate: string;
  lastDate: string;
  lastLine: number;
  segments: Segment[];
  /** Apply: index of the current segment and whether its receipt was posted. */
  seg: number;
  received: boolean;
}

const DAY_MS = 86_400_000;
const pairKey = (sku: string, location: string) => `${sku}\u0000${location}`;
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The per-run state: validation (ordering, empty pairs, days not yet imported) and segment plan. */
class SalesHistoryState implements RowValidator<SalesHistoryRow> {
  readonly pairs = new Map<string, PairState>();
  private skus = new Set<string>();
  private locations = new Set<string>();
  private minDay = '9999-12-31';
  private maxDay = '0000-01-01';
  private stocked = new Map<string, { onHand: number; reserved: number }>();
  private recorded = new Set<string>();
  refs: ResolvedRefs | null = null;

  observe(row: SalesHistoryRow): void {
    this.skus.add(row.sku);
    this.locations.add(row.location);
    if (row.date < this.minDay) this.minDay = row.date;
    if (row.date > this.maxDay) this.maxDay = row.date;
  }

  async prepare(ex: Executor, refs: ResolvedRefs): Promise<void> {
    this.refs = refs;
    // Only codes that exist (unknown ones are reported per row by the importer).
    const skus = [...this.skus].filter((c) => refs.skus.has(c));
    const locations = [...this.locations].filter((c) => refs.locations.has(c));
    if (!skus.length || !locations.length) return;
    for (let i = 0; i < skus.length; i += 500) {
      const chunk = skus.slice(i, i + 500);
      let cursor: string | null = null;
      do {
        const page = await getBalances(ex, { skus: chunk, locations, onlyNonZero: true, cursor, limit: 10_000 });
        for (const b of page.items) if (b.onHand !== 0 || b.reserved !== 0) this.stocked.set(pairKey(b.sku, b.location), { onHand: b.onHand, reserved: b.reserved });
        cursor = page.nextCursor;
      } while (cursor);
      if (this.minDay <= this.maxDay) {
        for (const d of await demandHistory(ex, { from: this.minDay, to: this.maxDay, skus: chunk, locations })) {
          this.recorded.add(`${pairKey(d.sku, d.location)}\u0000${d.day}`);
        }
      }
    }
  }

  check(row: SalesHistoryRow, line: number, issues: RowIssues): void {
    const key = pairKey(row.sku, row.location);
    const stock = this.stocked.get(key);
    if (stock) {
      issues.error('location', `${row.sku} at ${row.location} already has stock (on hand ${stock.onHand}, reserved ${stock.reserved}): import its sales history before its opening stock`);
      return;
    }
    if (this.recorded.has(`${key}\u0000${row.date}`)) {
      issues.error('date', `demand of ${row.sku} at ${row.location} on ${row.date} is already recorded in the ledger (was this history imported before?)`);
      return;
    }
    let p = this.pairs.get(key);
    if (p && row.date <= p.lastDate) {
      issues.error('date', `must be after ${p.lastDate} (line ${p.lastLine}) for ${row.sku} at ${row.location}: sort the file by date, one row per SKU, location and day`);
      return;
    }
    if (!p) {
      p = { sku: row.sku, location: row.location, firstDate: row.date, lastDate: row.date, lastLine: line, segments: [{ total: 0, rows: 0, end: 'end' }], seg: 0, received: false };
      this.pairs.set(key, p);
    }
    p.lastDate = row.date;
    p.lastLine = line;
    const seg = p.segments[p.segments.length - 1];
    seg.total += row.quantity;
    seg.rows++;
    if (row.stockout) {
      seg.end = row.quantity > 0 ? 'sale' : 'marker';
      p.segments.push({ total: 0, rows: 0, end: 'end' });
    }
  }

  /** Movements for one row, in posting order. */
  movementsFor(row: SalesHistoryRow, line: number, fileHash: string): { line: number; row: MovementInput }[] {
    const p = this.pairs.get(pairKey(row.sku, row.location))!;
    const out: { line: number; row: MovementInput }[] = [];
    const key = derivedKey(fileHash, line);
    const receive = (seg: Segment, occurredAt: string, suffix: string) =>
      out.push({
        line,
        row: { kind: 'receipt', sku: row.sku, location: row.location, quantity: seg.total + (seg.end === 'sale' ? 0 : 1), unitCost: this.refs!.skus.get(row.sku)!.unitCost, occurredAt, reference: 'sales-history', idempotencyKey: `${key}:${suffix}` },
      });
    if (!p.received) {
      p.received = true;
      receive(p.segments[p.seg], `${row.date}T00:00:00.000Z`, 'r');
    }
    if (row.quantity > 0) {
      out.push({ line, row: { kind: 'sale', sku: row.sku, location: row.location, quantity: row.quantity, occurredAt: `${row.date}T12:00:00.000Z`, reference: 'sales-history', idempotencyKey: `${key}:s` } });
    }
    if (row.stockout) {
      if (row.quantity === 0) {
        out.push({ line, row: { kind: 'adjustment', sku: row.sku, location: row.location, quantity: -1, occurredAt: `${row.date}T12:00:00.000Z`, reason: 'sales-history: stockout day marker', reference: 'sales-history', idempotencyKey: `${key}:m` } });
      }
      // Restock at the end of the stockout day, so that the next day starts in stock.
      p.seg++;
      const next = p.segments[p.seg];
      p.received = next.rows > 0;
      if (p.received) receive(next, `${row.date}T23:59:59.000Z`, 'n');
    }
    return out;
  }

  /** Closing write-offs of the extra unit of every pair whose history does not end in a stockout. */
  closing(fileHash: string): MovementInput[] {
    const out: MovementInput[] = [];
    const day = dayAfter(this.maxDay);
    for (const p of this.pairs.values()) {
      if (p.segments[p.segments.length - 1].rows === 0) continue; // ended on a stockout: already at zero
      out.push({
        kind: 'adjustment',
        sku: p.sku,
        location: p.location,
        quantity: -1,
        occurredAt: `${day}T00:00:00.000Z`,
        reason: 'sales-history: closing balance',
        reference: 'sales-history',
        idempotencyKey: `csv:${fileHash.slice(0, 24)}:close:${p.sku}:${p.location}`,
      });
    }
    return out;
  }
}

export const salesHistoryKind: ImportKind<SalesHistoryRow> = {
  kind: 'sales-history',
  summary: 'Historical sales per day (date, sku, location, quantity, stockout) -> daily demand history, stock unchanged',
  columns: [
    { name: 'date', required: true, parse: parseDay, description: 'Business day YYYY-MM-DD (rows of a SKU x location in increasing date order)', example: '2025-11-28' },
    { name: 'sku', required: true, parse: parseCode, description: 'SKU code (must exist)', example: 'TEE-CLASSIC-BLA-M' },
    { name: 'location', required: true, parse: parseCode, description: 'Location the sales shipped from (must exist, with no stock yet)', example: 'WH-MAIN' },
    { name: 'quantity', required: true, parse: (t) => parseInteger(t, { min: 0 }), description: 'Units sold that day (>= 0)', example: '14' },
    { name: 'stockout', parse: parseBoolean, description: 'The SKU was out of stock at some point that day (its demand is censored); default false', example: 'false' },
  ],
  rerunSafe: false,
  batchSize: 3_000,
  build: (v) => ({ date: v.date as string, sku: v.sku as string, location: v.location as string, quantity: v.quantity as number, stockout: (v.stockout as boolean | undefined) ?? false }),
  uniqueKey: (r) => ({ key: `${r.sku}\u0000${r.location}\u0000${r.date}`, column: 'date' }),
  refs: (r) => [
    { kind: 'sku', code: r.sku, column: 'sku' },
    { kind: 'location', code: r.location, column: 'location' },
  ],
  validator: () => new SalesHistoryState(),
  apply: async (tx, rows, ctx: ApplyContext, state) => {
    const st = state as SalesHistoryState;
    const movements = rows.flatMap(({ line, row }) => st.movementsFor(row, line, ctx.fileHash));
    if (movements.length) await postRows(tx, movements, ctx);
    return { applied: rows.length, replayed: 0 };
  },
  finish: async (tx, ctx, state) => {
    const closing = (state as SalesHistoryState).closing(ctx.fileHash);
    for (let i = 0; i < closing.length; i += 10_000) {
      await postRows(tx, closing.slice(i, i + 10_000).map((row) => ({ line: 0, row })), ctx);
    }
    return { applied: 0, replayed: 0 };
  },
};
