/**
 * Set-based writes and lookups of many rows in ONE statement with a constant number of bound
 * parameters, bypassing the query builder's per-value nodes (the hot path of batch posting):
 * - SQLite: the rows travel as one JSON text and are expanded by `json_each` (`value->>i`);
 * - PostgreSQL: one array per column, expanded by `unnest($1::type[], $2::type[], ...)`.
 * No bound-parameter limit applies (SQLite 32,766 / PostgreSQL 65,535), so no chunking is needed.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Executor } from '../store/executor.ts';

/** Column type, for PostgreSQL's array casts: text, 64-bit integer, double. */
export type BulkType = 'text' | 'int8' | 'float8';
export type BulkColumns = readonly (readonly [name: string, type: BulkType])[];

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`bad SQL identifier ${s}`);
  return `"${s}"`;
};

/** `select <n columns> from <rows as a table>` and its parameters. */
export function rowsSource(ex: Executor, columns: BulkColumns, rows: readonly (readonly unknown[])[]): { sql: string; params: unknown[] } {
  if (ex.dialect === 'postgres') {
    const params = columns.map((_, j) => rows.map((r) => (r[j] === undefined ? null : r[j])));
    const arrays = columns.map(([, t], j) => `$${j + 1}::${t}[]`).join(', ');
    return { sql: `select * from unnest(${arrays}) as x(${columns.map(([n]) => ident(n)).join(', ')})`, params };
  }
  const picks = columns.map(([n], j) => `value->>${j} as ${ident(n)}`).join(', ');
  return { sql: `select ${picks} from json_each(?)`, params: [JSON.stringify(rows)] };
}

export interface BulkInsertOptions {
  /** SQL after the row source, e.g. `on conflict (code) do update set name = excluded.name`. */
  onConflict?: string;
  /** Column to return (e.g. 'id'); the returned values are sorted ascending. */
  returning?: string;
}

/**
 * Inserts `rows` (arrays in `columns` order) into `table` with one statement. With `returning:
 * 'id'` the new ids come back ascending, i.e. in row order for a serial/autoincrement key.
 */
export async function bulkInsert(ex: Executor, table: string, columns: BulkColumns, rows: readonly (readonly unknown[])[], options: BulkInsertOptions = {}): Promise<number[]> {
  if (rows.length === 0) return [];
  const src = rowsSource(ex, columns, rows);
  const text =
    `insert into ${ident(table)} (${columns.map(([n]) => ident(n)).join(', ')}) ${src.sql}` +
    // SQLite needs a WHERE between a SELECT source and ON CONFLICT (parsing ambiguity with joins).
    (options.onConflict ? `${ex.dialect === 'sqlite' ? ' where true' : ''} ${options.onConflict}` : '') +
    (options.returning ? ` returning ${ident(options.returning)}` : '');
  const r = await ex.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, src.params));
  if (!options.returning) return [];
  return r.rows.map((row) => Number(row[options.returning!])).sort((a, b) => a - b);
}

/**
 * `<column> in (<values>)` with the values bound as one JSON text (SQLite) or one array
 * (PostgreSQL `= any($1::type[])`): a constant number of parameters whatever the list size.
 */
export function valuesIn(ex: Executor, column: string, values: readonly (string | number)[], type: BulkType) {
  const ref = sql.ref(column);
  if (ex.dialect === 'postgres') return sql<boolean>`${ref} = any(${sql.val(values)}::${sql.raw(type)}[])`;
  return sql<boolean>`${ref} in (select value from json_each(${JSON.stringify(values)}))`;
}
