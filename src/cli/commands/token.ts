import type { Command } from 'commander';
import { createToken, listTokens, parseRole, revokeToken, ROLES, type ApiToken } from '../../auth/index.ts';
import { openMigratedStore } from '../context.ts';

function formatTable(tokens: ApiToken[]): string {
  const header = ['id', 'name', 'role', 'prefix', 'created_at', 'last_used_at', 'revoked_at'];
  const rows = tokens.map((t) => [String(t.id), t.name, t.role, t.prefix, t.createdAt, t.lastUsedAt ?? '-', t.revokedAt ?? '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

/** `stockloop token create|list|revoke`: API tokens (bearer) with roles. */
export function register(program: Command): void {
  const token = program
    .command('token')
    .description(`Manage API tokens (roles, highest first: admin > planner > operator > viewer)`);

  token
    .command('create')
    .description('Create an API token and print it on stdout (nothing else: `TOKEN=$(stockloop token create --role viewer)`); it is shown only once')
    .requiredOption('--role <role>', `one of ${[...ROLES].reverse().join(', ')}`)
    .option('--name <name>', 'unique name, recorded as the actor on what the token posts (default: <role>-<id>)')
    .action(async (opts: { role: string; name?: string }, cmd: Command) => {
      const role = parseRole(opts.role);
      const store = await openMigratedStore(cmd);
      try {
        const { token: secret, record } = await createToken(store, { role, name: opts.name });
        process.stdout.write(`${secret}\n`);
        process.stderr.write(`created ${record.role} token ${JSON.stringify(record.name)} (id ${record.id}); store it now, it cannot be shown again\n`);
      } finally {
        await store.close();
      }
    });

  token
    .command('list')
    .description('List API tokens (never their secrets)')
    .option('--all', 'include revoked tokens')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      const store = await openMigratedStore(cmd);
      try {
        const tokens = await listTokens(store, { includeRevoked: !!opts.all });
        if (opts.json) {
          const out = tokens.map((t) => ({
            id: t.id,
            name: t.name,
            role: t.role,
            prefix: t.prefix,
            created_at: t.createdAt,
            last_used_at: t.lastUsedAt,
            revoked_at: t.revokedAt,
          }));
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        } else if (tokens.length === 0) {
          process.stdout.write(opts.all ? 'no tokens\n' : 'no active tokens (see --all for revoked ones)\n');
        } else {
          process.stdout.write(formatTable(tokens));
        }
      } finally {
        await store.close();
      }
    });

  token
    .command('revoke')
    .description('Revoke an API token by id or name; it stops working immediately')
    .argument('<token>', 'token id or name')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      const store = await openMigratedStore(cmd);
      try {
        const t = await revokeToken(store, ref);
        process.stdout.write(
          t.alreadyRevoked
            ? `token ${JSON.stringify(t.name)} (id ${t.id}) was already revoked at ${t.revokedAt}\n`
            : `revoked token ${JSON.stringify(t.name)} (id ${t.id}, ${t.role})\n`,
        );
      } finally {
        await store.close();
      }
    });
}
