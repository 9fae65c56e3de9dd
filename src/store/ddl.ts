/**
 * Column types that differ between SQLite and PostgreSQL, for migrations written once.
 * - `id`: SQLite `integer primary key autoincrement` / PostgreSQL `bigserial primary key`.
 * - `bigint`: 64-bit integers (quantities sums, micro-unit money): SQLite `integer` / PG `bigint`.
 * - text for instants and business dates, integer 0/1 for booleans (see src/store/schema.ts).
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from './config.ts';

/** Which dialect a Kysely instance (or transaction) speaks; migrations get only the instance. */
export function dialectOfDb(db: Kysely<any>): DialectName {
  const adapter = db.getExecutor().adapter;
  return adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

/** Adds the surrogate integer primary key column `id`. */
export function withId<T extends string>(table: CreateTableBuilder<T, any>, dialect: DialectName, name = 'id') {
  return dialect === 'postgres'
    ? table.addColumn(name, 'bigserial', (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn(name, 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

/** A 64-bit integer column type. */
export const bigintType = (dialect: DialectName) => (dialect === 'postgres' ? 'bigint' : 'integer');

/** Current instant as UTC ISO text, as a SQL default. */
export const nowDefault = (dialect: DialectName) =>
  dialect === 'postgres'
    ? sql`(to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`
    : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
