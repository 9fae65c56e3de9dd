import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticateToken, hashToken } from '../src/auth/index.ts';
import type { Store } from '../src/store/database.ts';
import { runCli } from './cli-helpers.ts';
import { testDatabases } from './helpers/databases.ts';

describe.each(testDatabases())('stockloop token on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open({ file: true });
  });
  afterEach(async () => {
    await store.close();
  });

  it('creates a token printing only the token on stdout, lists it, and revokes it', async () => {
    const created = await runCli(store.url, ['token', 'create', '--role', 'operator', '--name', 'scanner']);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(created.stdout).toBe(`${token}\n`);
    expect(token).toMatch(/^slk_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('scanner');

    expect(await authenticateToken(store, token)).toMatchObject({ name: 'scanner', role: 'operator' });
    const row = await store.db.selectFrom('api_tokens').selectAll().where('name', '=', 'scanner').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));

    const list = await runCli(store.url, ['token', 'list', '--json']);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout);
    expect(listed).toEqual([expect.objectContaining({ name: 'scanner', role: 'operator', revoked_at: null, prefix: token.slice(0, 8) })]);
    expect(list.stdout).not.toContain(token);
    const table = await runCli(store.url, ['token', 'list']);
    expect(table.stdout).toMatch(/^id\s+name\s+role/);
    expect(table.stdout).toContain('scanner');

    const revoked = await runCli(store.url, ['token', 'revoke', 'scanner']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('revoked token "scanner"');
    expect(await authenticateToken(store, token)).toBeNull();
    const again = await runCli(store.url, ['token', 'revoke', String(row.id)]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already revoked');
    expect(JSON.parse((await runCli(store.url, ['token', 'list', '--all', '--json'])).stdout)[0].revoked_at).toBeTruthy();
  }, 180_000);

  it('fails with exit code 1 and a coded message for a bad role, a taken name or an unknown token', async () => {
    const badRole = await runCli(store.url, ['token', 'create', '--role', 'root']);
    expect(badRole.code).toBe(1);
    expect(badRole.stdout).toBe('');
    expect(badRole.stderr).toContain('VALIDATION_FAILED');

    expect((await runCli(store.url, ['token', 'create', '--role', 'viewer', '--name', 'dup'])).code).toBe(0);
    const dup = await runCli(store.url, ['token', 'create', '--role', 'viewer', '--name', 'dup']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('TOKEN_NAME_TAKEN');

    const unknown = await runCli(store.url, ['token', 'revoke', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('NOT_FOUND');
  }, 180_000);
});
