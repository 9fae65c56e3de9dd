/**
 * One test suite, two databases. `testDatabases()` lists the targets this run can use:
 * SQLite always, PostgreSQL when the global setup found a server (see ./global-setup.ts).
 *
 *   describe.each(testDatabases())('ledger on $name', ({ open }) => {
 *     let store: Store;
 *     beforeEach(async () => { store = await open(); });
 *     afterEach(async () => { await store.close(); });
 *     ...
 *   });
 *
 * Each `open()` gives a fresh, migrated database: a new in-memory (or temp-file) SQLite database,
 * or a new PostgreSQL schema that is dropped again by `close()`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh migrated database. `file: true` uses a temp file instead of :memory: (SQLite). */
  open(options?: { file?: boolean; poolSize?: number; migrate?: boolean }): Promise<Store>;
}

export function pgUrl(): string | null {
  return inject('pgUrl') ?? null;
}

export function tempDir(prefix = 'stockloop-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Creates a fresh PostgreSQL schema; returns its name and a function that drops it. */
export async function createPgSchema(url: string): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  return {
    schema,
    drop: async () => {
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query(`drop schema if exists ${schema} cascade`);
      await d.end();
    },
  };
}

/** A PostgreSQL URL whose connections use `schema` as search_path. */
export function withSearchPath(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export function testDatabases(): TestDatabase[] {
  const out: TestDatabase[] = [
    {
      name: 'sqlite',
      async open(options = {}) {
        let file = ':memory:';
        let dir: string | null = null;
        if (options.file) {
          dir = tempDir();
          file = path.join(dir, 'test.db');
        }
        const store = openStore(file);
        if (options.migrate !== false) await migrateToLatest(store);
        const close = store.close;
        return {
          ...store,
          close: async () => {
            await close();
            if (dir) fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const url = pgUrl();
  if (url) {
    out.push({
      name: 'postgres',
      async open(options = {}) {
        const { schema, drop } = await createPgSchema(url);
        // The schema travels in the URL so that child processes (CLI, server) given store.url see it too.
        const schemaUrl = withSearchPath(url, schema);
        const store = openStore(schemaUrl, { poolSize: options.poolSize ?? 10 });
        if (options.migrate !== false) {
          try {
            await migrateToLatest(store);
          } catch (e) {
            // Never leave a half-migrated schema behind: it would confuse later runs.
            await store.close().catch(() => {});
            await drop().catch(() => {});
            throw e;
          }
        }
        const close = store.close;
        return {
          ...store,
          close: async () => {
            await close();
            await drop();
          },
        };
      },
    });
  }
  return out;
}
