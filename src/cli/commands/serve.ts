import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ensureBootstrapAdmin, listTokens } from '../../auth/index.ts';
import { startPlanScheduler } from '../../planning/index.ts';
import { redactUrl } from '../../store/config.ts';
import type { Store } from '../../store/database.ts';
import { databaseUrl, openMigratedStore } from '../context.ts';
import { catalogIsEmpty, describeSeedResult, loadDemoSeeder } from './init.ts';

export const DEFAULT_ADMIN_TOKEN_FILE = './data/admin-token.txt';

/** Writes `token` to `file` readable by its owner only (mode 600), creating the directory. */
export function writeSecretFile(file: string, token: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // writeFileSync's mode applies only when it creates the file
}

/**
 * First start of a database: seeds the demo data when the database has neither tokens nor SKUs
 * (and the demo generator exists and `demo` is on), then issues the bootstrap admin token if no
 * token was ever issued, printing it and writing it to `tokenFile`.
 */
async function firstStart(store: Store, options: { demo: boolean; tokenFile: string }): Promise<void> {
  const fresh = (await listTokens(store, { includeRevoked: true })).length === 0;
  if (fresh && options.demo && (await catalogIsEmpty(store))) {
    const seed = await loadDemoSeeder();
    if (seed) {
      process.stdout.write('empty database: seeding the demo data (disable with --no-demo)...\n');
      process.stdout.write(`demo data seeded (${describeSeedResult(await seed(store))})\n`);
    }
  }
  const bootstrap = await ensureBootstrapAdmin(store);
  if (bootstrap) {
    writeSecretFile(options.tokenFile, bootstrap.token);
    process.stdout.write(
      [
        '',
        'No API token existed, so an admin token was created (it is shown only this once):',
        '',
        `    ${bootstrap.token}`,
        '',
        `It is also saved in ${options.tokenFile} (mode 600). Use it as "Authorization: Bearer <token>";`,
        'create tokens for people and scripts with `stockloop token create --role ROLE` (or POST /api/v1/tokens),',
        `then revoke this one: \`stockloop token revoke ${bootstrap.record.name}\`.`,
        '',
        '',
      ].join('\n'),
    );
  }
}

/**
 * Whether an empty database gets the demo catalogue: the flag wins, then STOCKLOOP_DEMO (1/0);
 * otherwise yes for SQLite (the laptop quick start) and no for PostgreSQL, where an empty
 * database is most likely a production one about to be loaded with real data.
 */
export function wantsDemo(flag: boolean | undefined, store: Pick<Store, 'dialect'>, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  if (env.STOCKLOOP_DEMO === '1') return true;
  if (env.STOCKLOOP_DEMO === '0') return false;
  return store.dialect === 'sqlite';
}

/** `stockloop serve`: the HTTP API (and web app) on $HOST:$PORT, migrating the database first. */
export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Start the HTTP API and web app (default http://127.0.0.1:8080), migrating the database first. ' +
        'On the first start of a database it seeds the demo data (unless --no-demo) and prints a bootstrap admin token',
    )
    .option('--port <port>', 'port to listen on (default: $PORT or 8080)')
    .option('--host <host>', 'interface to bind (default: $HOST or 127.0.0.1)')
    .option('--admin-token-file <path>', 'where the first start writes the bootstrap admin token', DEFAULT_ADMIN_TOKEN_FILE)
    .option('--demo', 'seed the demo data into an empty database (the default for SQLite; PostgreSQL needs this flag or STOCKLOOP_DEMO=1)')
    .option('--no-demo', 'do not seed the demo data into an empty database')
    .action(async (opts: { port?: string; host?: string; adminTokenFile: string; demo?: boolean }, cmd: Command) => {
      const port = Number(opts.port ?? process.env.PORT ?? 8080);
      const host = opts.host ?? process.env.HOST ?? '127.0.0.1';
      const store = await openMigratedStore(cmd);
      await firstStart(store, { demo: wantsDemo(opts.demo, store), tokenFile: opts.adminTokenFile });
      // Loaded here, not at the top: the server pulls in Fastify and every route module (seconds),
      // which the other commands of the CLI should not pay for.
      const { buildServer } = await import('../../api/server.ts');
      const app = await buildServer({ store, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
      const shutdown = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = address && typeof address === 'object' ? address.port : port;
      process.stdout.write(
        `stockloop listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort} (database: ${store.dialect} ${redactUrl(databaseUrl(cmd))})\n`,
      );
      startPlanScheduler(store, { log: (m) => app.log.info(m) }); // nightly plan: PLAN_SCHEDULE (default 02:00 UTC, 'off'); weekly policy review: POLICY_REVIEW_EVERY_DAYS
    });
}
