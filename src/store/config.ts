/**
 * Where the database lives. `DATABASE_URL=postgres://...` (or postgresql://) selects PostgreSQL;
 * anything else is a SQLite file path (default ./data/stockloop.db); `:memory:` is an in-memory
 * SQLite database (tests).
 */
export type DialectName = 'sqlite' | 'postgres';

export const DEFAULT_SQLITE_PATH = './data/stockloop.db';

export function dialectOf(url: string): DialectName {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL?.trim();
  return url ? url : DEFAULT_SQLITE_PATH;
}

/** A URL safe to print: the password, if any, is masked. */
export function redactUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}
