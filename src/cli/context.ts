/**
 * Shared plumbing for CLI commands: which database to open (global --database flag, then
 * $DATABASE_URL, then ./data/stockloop.db) and opening it migrated.
 */
import type { Command } from 'commander';
import { databaseUrlFromEnv } from '../store/config.ts';
import { openStore, type Store } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';

export function databaseUrl(cmd: Command): string {
  const opts = cmd.optsWithGlobals() as { database?: string };
  return opts.database ?? databaseUrlFromEnv();
}

/** Opens the database and applies pending migrations. */
export async function openMigratedStore(cmd: Command): Promise<Store> {
  const store = openStore(databaseUrl(cmd));
  await migrateToLatest(store);
  return store;
}

/** A user-facing CLI failure: printed as `stockloop: CODE: message`, exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Commander parser of an integer option `--name` (exit 2 with the option named when it is not one). */
export const intOpt =
  (name: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new CliError(`--${name} must be an integer (got ${JSON.stringify(v)})`, 2);
    return n;
  };
