/**
 * Decides once per test run whether the PostgreSQL half of the suite runs.
 *
 * - TEST_DATABASE_URL=postgres://... names the server database to create test schemas in;
 *   otherwise postgres://postgres@127.0.0.1:5432/postgres is tried.
 * - With STOCKLOOP_REQUIRE_PG=1 (set by .ci/run) or CI=true, an unreachable server fails the run;
 *   elsewhere the PostgreSQL tests are skipped with a loud notice.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const required = process.env.STOCKLOOP_REQUIRE_PG === '1' || process.env.CI === 'true';
  if (process.env.STOCKLOOP_SKIP_PG === '1' && !required) {
    project.provide('pgUrl', null);
    return;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    await client.end();
    project.provide('pgUrl', url);
  } catch (e) {
    await client.end().catch(() => {});
    if (required) throw new Error(`PostgreSQL is required (CI) but ${url} is unreachable: ${(e as Error).message}`);
    console.warn(`\n*** PostgreSQL at ${url} unreachable (${(e as Error).message}): PostgreSQL tests are SKIPPED ***\n`);
    project.provide('pgUrl', null);
  }
}
