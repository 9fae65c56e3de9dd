/**
 * The Kysely database factory: embedded SQLite (better-sqlite3, WAL) by default, PostgreSQL
 * (node-postgres pool, introspection scoped to the connection's schema: see
 * ./schema-scoped-postgres-dialect.ts) when the URL is `postgres://...`. Every query in stockloop is
 * written once against the returned `Kysely<Database>`; the few places where the dialects differ ask
 * `store.dialect` (see ./ddl.ts and ./sql.ts for the shared helpers).
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { dialectOf, type DialectName } from './config.ts';
import type { Database } from './schema.ts';
import { SchemaScopedPostgresDialect } from './schema-scoped-postgres-dialect.ts';

// int8 (bigint, count(*), sum()) and numeric come back from node-postgres as strings; stockloop's
// quantities and micro-unit money fit in 2^53, so read them as numbers, like SQLite does.
pg.types.setTypeParser(20, (v) => (v === null ? null : Number(v)));
pg.types.setTypeParser(1700, (v) => (v === null ? null : Number(v)));

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The URL or path the store was opened with (may carry a password: use redactUrl to print). */
  readonly url: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL only: pool size (default 10). */
  poolSize?: number;
}

/** Most prepared statements the SQLite statement cache keeps (least recently used are dropped). */
const STATEMENT_CACHE_SIZE = 256;
/** Longer SQL texts are prepared each time (one-off statements with many inlined parameters). */
const STATEMENT_CACHE_MAX_SQL = 65_536;

/**
 * The better-sqlite3 database as Kysely's SqliteDialect sees it, with a cache of prepared
 * statements keyed by SQL text. Kysely prepares every statement on every call, which costs more CPU
 * than running a short one; query texts repeat (values are bound), so reusing the statement
 * saves the parse/plan. A cached statement that is still `busy` (an iterator not yet exhausted)
 * is bypassed with a fresh, uncached one. SQLite re-prepares a cached statement by itself after a
 * schema change.
 */
export function cachingSqliteDatabase(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (text: string): SqliteDatabase.Statement => {
      if (text.length > STATEMENT_CACHE_MAX_SQL) return sqlite.prepare(text);
      let stmt = cache.get(text);
      if (stmt) {
        if (stmt.busy) return sqlite.prepare(text);
        // Map order is insertion order: re-inserting keeps the most recently used last.
        cache.delete(text);
        cache.set(text, stmt);
        return stmt;
      }
      stmt = sqlite.prepare(text);
      cache.set(text, stmt);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}

export function openStore(url: string, options: OpenStoreOptions = {}): Store {
  const dialect = dialectOf(url);
  if (dialect === 'postgres') {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
    });
    // An idle client losing its connection must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
    return { db, dialect, url, close: () => db.destroy() };
  }

  if (url !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(url)), { recursive: true });
  const sqlite = new SqliteDatabase(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingSqliteDatabase(sqlite) }) });
  return { db, dialect, url, close: () => db.destroy() };
}
