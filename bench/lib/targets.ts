/**
 * Benchmark databases: a fresh SQLite file (WAL, in a temp directory) and a throw-away PostgreSQL
 * schema (DATABASE_URL / TEST_DATABASE_URL when they are postgres:// URLs, else the local default),
 * both migrated, both removed by `close()`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export interface BenchTarget {
  name: 'sqlite' | 'postgres';
  store: Store;
  close(): Promise<void>;
}

const isPg = (u: string | undefined): u is string => !!u && /^postgres(ql)?:\/\//i.test(u);

/** The PostgreSQL server URL to benchmark on. */
export function postgresUrl(): string {
  return [process.env.DATABASE_URL, process.env.TEST_DATABASE_URL].find(isPg) ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function openSqlite(): Promise<BenchTarget> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockloop-bench-'));
  const store = openStore(path.join(dir, 'bench.db'));
  await migrateToLatest(store);
  return {
    name: 'sqlite',
    store,
    close: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated throw-away schema, or null (with the reason) when the server is unreachable. */
export async function openPostgres(url = postgresUrl()): Promise<BenchTarget | { error: string }> {
  const schema = `bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  } catch (e) {
    await admin.end().catch(() => {});
    return { error: `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} unreachable: ${(e as Error).message}` };
  }
  await admin.end();
  const store = openStore(`${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`);
  await migrateToLatest(store);
  return {
    name: 'postgres',
    store,
    close: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** Percentile (nearest rank) of an ascending-sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Prints rows as an aligned text table. */
export function printTable(rows: Record<string, string | number>[], out: (s: string) => void = (s) => process.stdout.write(s)): void {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  const text = (v: string | number) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(text(r[c] ?? '')).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  out(`${line(cols)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) out(`${line(cols.map((c) => String(text(r[c] ?? ''))))}\n`);
}
