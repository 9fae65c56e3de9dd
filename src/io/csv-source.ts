/**
 * Streaming CSV reading with line numbers: a file of any size is read record by record (never
 * whole into memory), each record tagged with the line it starts on, so that validation errors can
 * name it. The first record is the header; column names are normalised (trimmed, lower case,
 * spaces and dashes become underscores), so `Unit Cost` and `unit-cost` both mean `unit_cost`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';

/**
 * Rewrites CRLF and lone CR line breaks to LF (streaming, across chunk boundaries), so that line
 * numbers are counted the same way for files from every platform.
 */
export function normaliseLineBreaks(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const out = Buffer.allocUnsafe(chunk.length + 1);
      let n = 0;
      let i = 0;
      if (pendingCr) {
        out[n++] = 0x0a;
        if (chunk[0] === 0x0a) i = 1;
        pendingCr = false;
      }
      for (; i < chunk.length; i++) {
        const b = chunk[i];
        if (b !== 0x0d) {
          out[n++] = b;
        } else if (i + 1 === chunk.length) {
          pendingCr = true;
        } else {
          out[n++] = 0x0a;
          if (chunk[i + 1] === 0x0a) i++;
        }
      }
      done(null, out.subarray(0, n));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from([0x0a]) : null);
    },
  });
}

export interface CsvRecord {
  /** 1-based line of the file on which the record starts (the header is line 1). */
  line: number;
  /** Cell texts in header order, trimmed. */
  cells: string[];
}

export interface CsvReadOptions {
  /** Field delimiter (default `,`). */
  delimiter?: string;
}

/** Normalises a header cell: `" Unit Cost "` -> `unit_cost`. */
export function normaliseColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** A CSV file that can be read several times (validation, then apply) and fingerprinted. */
export class CsvSource {
  constructor(
    readonly path: string,
    readonly options: CsvReadOptions = {},
  ) {}

  /** Size in bytes (for progress reports). */
  size(): number {
    return fs.statSync(this.path).size;
  }

  /** SHA-256 of the file's bytes (hex), streamed. */
  async sha256(): Promise<string> {
    const hash = crypto.createHash('sha256');
    for await (const chunk of fs.createReadStream(this.path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  /**
   * Reads the file in batches of up to `size` records: the first record is the header (line 1,
   * normalised names), then every data record. Empty lines are skipped; CRLF/CR line breaks read
   * as LF (also inside quoted cells). A malformed file (unclosed quote, ...) throws csv-parse's
   * error (code `CSV_...`, with the line). Batches keep the per-record async overhead low.
   */
  async *batches(size = 1024): AsyncGenerator<CsvRecord[]> {
    const file = fs.createReadStream(this.path);
    const parser = file.pipe(normaliseLineBreaks()).pipe(
      parse({
        record_delimiter: '\n',
        bom: true,
        raw: true,
        delimiter: this.options.delimiter ?? ',',
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      }),
    );
    let done = false;
    let error: unknown = null;
    let wake: (() => void) | null = null;
    parser.on('readable', () => wake?.());
    parser.on('end', () => {
      done = true;
      wake?.();
    });
    parser.on('error', (e) => {
      error = e;
      wake?.();
    });
    // Line numbers from the raw text of each record (which includes the blank lines skipped before it).
    let linesBefore = 0;
    let first = true;
    try {
      for (;;) {
        const batch: CsvRecord[] = [];
        let item: { record: string[]; raw: string } | null;
        while (batch.length < size && (item = parser.read()) !== null) {
          const raw = item.raw;
          let lead = 0;
          while (raw.charCodeAt(lead) === 10) lead++;
          const line = linesBefore + lead + 1;
          for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) linesBefore++;
          if (first) {
            first = false;
            batch.push({ line, cells: item.record.map(normaliseColumnName) });
          } else {
            batch.push({ line, cells: item.record });
          }
        }
        if (batch.length) {
          yield batch;
          continue;
        }
        if (error) throw error;
        if (done) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      parser.destroy();
      file.destroy();
    }
  }

  /** Every record, one by one (see batches()). */
  async *records(): AsyncGenerator<CsvRecord> {
    for await (const batch of this.batches()) yield* batch;
  }
}
