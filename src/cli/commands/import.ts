import fs from 'node:fs';
import os from 'node:os';
import { Argument, Command, Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { CsvSource } from '../../io/csv-source.ts';
import { runImport, type ImportError, type ImportResult } from '../../io/importer.ts';
import { IMPORT_KINDS } from '../../io/kinds/index.ts';
import { silentProgress, streamProgress } from '../../io/progress.ts';
import { CliError, openMigratedStore } from '../context.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

/** `file.csv:7: column quantity: must be > 0` (line 0 = about the whole file). */
export function formatImportError(file: string, e: ImportError): string {
  const where = e.line > 0 ? `${file}:${e.line}` : file;
  const col = e.column ? `column ${e.column}: ` : '';
  return `${where}: ${col}${e.reason}${e.code ? ` [${e.code}]` : ''}`;
}

function kindsHelp(): string {
  const lines = ['', 'Kinds and their columns (* = required; see docs/csv-formats.md for examples):'];
  for (const [name, kind] of Object.entries(IMPORT_KINDS)) {
    lines.push(`  ${name.padEnd(14)} ${kind.summary}`);
    lines.push(`  ${''.padEnd(14)} ${kind.columns.map((c) => `${c.name}${c.required ? '*' : ''}`).join(', ')}`);
  }
  lines.push(
    '',
    'The import is all-or-nothing: every row is validated (fields, references, stock levels) before',
    'anything is written; if any row is bad, nothing is imported, every bad row is listed as',
    'FILE:LINE: column NAME: reason, and the exit code is 2. Valid files are applied in batches inside',
    'one transaction. Recommended order: suppliers, locations, products, sales-history, opening-stock, movements.',
  );
  return lines.join('\n');
}

function summary(r: ImportResult, file: string): string {
  const secs = (r.elapsedMs / 1000).toFixed(1);
  const rows = (n: number) => `${fmt(n)} row${n === 1 ? '' : 's'}`;
  if (r.dryRun) return `dry run: ${rows(r.rows)} of ${r.kind} in ${file} valid; nothing was written (${secs} s)`;
  const replay = r.replayed ? ` (${rows(r.replayed)} were already imported earlier: same idempotency keys, skipped)` : '';
  return `imported ${rows(r.applied)} of ${r.kind} from ${file}${replay} in ${r.batches} batch${r.batches === 1 ? '' : 'es'}, ${secs} s`;
}

/** `stockloop import <kind> <file.csv>`. */
export function register(program: Command): void {
  program
    .command('import')
    .description('Import a CSV file (all-or-nothing: a file with any bad row changes nothing and lists every bad row)')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(Object.keys(IMPORT_KINDS)))
    .argument('<file>', 'CSV file with a header line (UTF-8, optional BOM)')
    .option('--dry-run', 'validate and check only; write nothing')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .option('--no-progress', 'never report progress')
    .option('--batch-commit', 'commit every batch on its own instead of one transaction (huge files); re-running the same file after a crash completes it without applying anything twice')
    .addOption(new Option('--batch-size <rows>', 'rows per batch (default 10000)').argParser((v) => Number(v)))
    .option('--delimiter <char>', 'field delimiter', ',')
    .option('--actor <name>', 'who is recorded on the movements (default cli:<user>)')
    .option('--errors <file>', 'also write the bad rows as CSV (line,column,reason,code) to this file')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', kindsHelp())
    .action(async (kindName: string, file: string, opts: { dryRun?: boolean; progress?: boolean; batchCommit?: boolean; batchSize?: number; delimiter: string; actor?: string; errors?: string; json?: boolean }, cmd: Command) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`no such file: ${file}`, 2, 'FILE_NOT_FOUND');
      if (opts.batchSize !== undefined && !(Number.isInteger(opts.batchSize) && opts.batchSize >= 1 && opts.batchSize <= 10_000)) {
        throw new CliError('--batch-size must be an integer between 1 and 10000', 2, 'VALIDATION_FAILED');
      }
      // Commander sets progress=false for --no-progress and true for --progress; undefined = auto (a terminal).
      const raw = cmd.getOptionValueSource('progress') === 'cli' ? opts.progress : undefined;
      const show = raw ?? Boolean(process.stderr.isTTY);
      const progress = show ? streamProgress(process.stderr, { tty: Boolean(process.stderr.isTTY) }) : silentProgress;
      const store = await openMigratedStore(cmd);
      let result: ImportResult;
      try {
        result = await runImport(store, IMPORT_KINDS[kindName], new CsvSource(file, { delimiter: opts.delimiter }), {
          dryRun: opts.dryRun,
          batchCommit: opts.batchCommit,
          batchSize: opts.batchSize,
          actor: opts.actor ?? `cli:${os.userInfo().username}`,
          progress,
        });
      } finally {
        await store.close();
      }
      if (opts.errors) {
        fs.writeFileSync(opts.errors, stringify(result.errors.map((e) => ({ line: e.line, column: e.column ?? '', reason: e.reason, code: e.code ?? '' })), { header: true, columns: ['line', 'column', 'reason', 'code'] }));
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      if (!result.ok) {
        for (const e of result.errors) process.stderr.write(`${formatImportError(file, e)}\n`);
        const bad = new Set(result.errors.map((e) => e.line)).size;
        const what = result.applied + result.replayed > 0
          ? `the ${fmt(result.applied + result.replayed)} rows of the earlier batches stay committed (--batch-commit); fix the file and run the same import again to complete it`
          : 'nothing was imported';
        throw new CliError(`${fmt(bad)} bad line${bad === 1 ? '' : 's'} (${fmt(result.errors.length)} error${result.errors.length === 1 ? '' : 's'}) in ${file}: ${what}`, 2, 'IMPORT_REJECTED');
      }
      if (!opts.json) process.stdout.write(`${summary(result, file)}\n`);
    });
}
