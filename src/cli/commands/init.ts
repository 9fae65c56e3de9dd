import type { Command } from 'commander';
import { listSkus } from '../../catalog/index.ts';
import { redactUrl } from '../../store/config.ts';
import type { Store } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { openStore } from '../../store/database.ts';
import { CliError, databaseUrl } from '../context.ts';

/** What a demo seeding function reports (whatever it returns is printed as a summary). */
type DemoSeeder = (store: Store, options?: Record<string, unknown>) => Promise<unknown>;

/** Export names under which src/io/demo-data.ts may provide its seeding function, in preference order. */
const SEEDER_NAMES = ['seedDemoData', 'seedDemo', 'seedDemoCatalogue', 'seedDemoCatalog', 'loadDemoData'];

/**
 * The demo-data seeding function of src/io/demo-data.ts, or null when that module (written by
 * the CSV/io module) is absent or exports none. Loaded lazily so the CLI works without it.
 */
export async function loadDemoSeeder(): Promise<DemoSeeder | null> {
  const url = new URL('../../io/demo-data.ts', import.meta.url).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes('demo-data')) return null;
    throw e;
  }
  for (const name of SEEDER_NAMES) if (typeof mod[name] === 'function') return mod[name] as DemoSeeder;
  return null;
}

/** True when the catalogue has no SKU at all (a fresh database). */
export async function catalogIsEmpty(store: Store): Promise<boolean> {
  return (await listSkus(store, { limit: 1 })).items.length === 0;
}

/** A one-line description of what a seeder returned. */
export function describeSeedResult(result: unknown): string {
  if (result && typeof result === 'object') {
    const parts = Object.entries(result as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
      .map(([k, v]) => `${k}: ${v}`);
    if (parts.length) return parts.join(', ');
  }
  return 'done';
}

/** `stockloop init`: create or migrate the database, optionally seeding the demo data. */
export function register(program: Command): void {
  program
    .command('init')
    .description('Create the database or bring its schema up to date (safe to re-run); --demo also seeds the demo catalogue, stock and sales history')
    .option('--demo', 'seed the demo data set into an empty database')
    .action(async (opts: { demo?: boolean }, cmd: Command) => {
      const url = databaseUrl(cmd);
      const store = openStore(url);
      try {
        const result = await migrateToLatest(store);
        const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
        process.stdout.write(
          `database ready: ${store.dialect} ${redactUrl(url)} (${applied.length ? `${applied.length} migration${applied.length === 1 ? '' : 's'} applied` : 'schema already up to date'})\n`,
        );
        if (opts.demo) {
          const seed = await loadDemoSeeder();
          if (!seed) throw new CliError('the demo data generator (src/io/demo-data.ts) is not available in this build', 1, 'DEMO_UNAVAILABLE');
          if (!(await catalogIsEmpty(store))) {
            throw new CliError('the database already has SKUs; --demo seeds only an empty database', 1, 'NOT_EMPTY');
          }
          const summary = await seed(store);
          process.stdout.write(`demo data seeded (${describeSeedResult(summary)})\n`);
        }
      } finally {
        await store.close();
      }
    });
}
