/**
 * Progress of a long import on stderr: rows validated/applied so far and the rate. On a terminal
 * the line is redrawn in place; elsewhere (a log, a pipe, `--progress` in CI) a new line is written
 * at most once per `intervalMs` and at the end of each phase.
 */
export interface ProgressSink {
  /** A new phase starts (`validating`, `checking`, `applying`); `total` rows if known. */
  phase(name: string, total?: number): void;
  /** `done` rows of the current phase are finished. */
  update(done: number): void;
  /** The current phase is finished after `done` rows. */
  end(done: number): void;
}

/** Discards progress. */
export const silentProgress: ProgressSink = { phase() {}, update() {}, end() {} };

export interface StreamProgressOptions {
  /** Redraw one line with `\r` (a terminal) instead of appending lines. */
  tty: boolean;
  intervalMs?: number;
  now?: () => number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** A ProgressSink writing human-readable lines to `out` (normally process.stderr). */
export function streamProgress(out: { write(s: string): unknown }, options: StreamProgressOptions): ProgressSink {
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? (options.tty ? 200 : 1000);
  let name = '';
  let total: number | undefined;
  let started = 0;
  let last = 0;
  const line = (done: number, final: boolean) => {
    const secs = Math.max((now() - started) / 1000, 1e-9);
    const pct = total ? ` / ${fmt(total)} (${Math.min(100, Math.floor((done / total) * 100))}%)` : '';
    const text = `${name}: ${fmt(done)} rows${pct}, ${fmt(done / secs)} rows/s${final ? `, ${secs.toFixed(1)} s` : ''}`;
    if (options.tty) out.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else out.write(`${text}\n`);
  };
  return {
    phase(n, t) {
      name = n;
      total = t;
      started = now();
      last = started;
    },
    update(done) {
      const t = now();
      if (t - last >= interval) {
        last = t;
        line(done, false);
      }
    },
    end(done) {
      line(done, true);
    },
  };
}
