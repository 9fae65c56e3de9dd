import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.ts';
import type { Store } from '../store/database.ts';
import {
  authenticateToken,
  bearerToken,
  createToken,
  ensureBootstrapAdmin,
  hashToken,
  listTokens,
  parseRole,
  requireRole,
  requiredRoleOf,
  revokeToken,
  roleAtLeast,
  ROLES,
} from './index.ts';

describe('roles', () => {
  it('are ordered admin > planner > operator > viewer', () => {
    expect(ROLES).toEqual(['viewer', 'operator', 'planner', 'admin']);
    expect(roleAtLeast('admin', 'viewer')).toBe(true);
    expect(roleAtLeast('planner', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'planner')).toBe(false);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
  });

  it('parse case-insensitively and refuse unknown names', () => {
    expect(parseRole(' Planner ')).toBe('planner');
    expect(() => parseRole('root')).toThrow(/not one of viewer, operator, planner, admin/);
  });

  it('are found on route preHandlers (the highest one wins)', () => {
    expect(requiredRoleOf(requireRole('operator'))).toBe('operator');
    expect(requiredRoleOf([async () => {}, requireRole('planner'), requireRole('operator')])).toBe('planner');
    expect(requiredRoleOf(undefined)).toBeNull();
    expect(requiredRoleOf([async () => {}])).toBeNull();
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer slk_abc', 'slk_abc'],
    ['bearer slk_abc', 'slk_abc'],
    ['  Bearer   slk_abc  ', 'slk_abc'],
    ['Basic dXNlcg==', null],
    ['Bearer', null],
    ['Bearer a b', null],
    ['slk_abc', null],
    [undefined, null],
  ])('%j -> %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe.each(testDatabases())('tokens on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores the hash only, authenticates the secret, and stops it once revoked', async () => {
    const { token, record } = await createToken(store, { role: 'operator', name: 'scanner' });
    expect(token).toMatch(/^slk_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ name: 'scanner', role: 'operator', prefix: token.slice(0, 8), revokedAt: null, lastUsedAt: null });
    const row = await store.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    expect(Object.values(row)).not.toContain(token);

    expect(await authenticateToken(store, token)).toEqual({ tokenId: record.id, name: 'scanner', role: 'operator' });
    expect(await authenticateToken(store, `${token}x`)).toBeNull();
    expect(await authenticateToken(store, 'not-a-token')).toBeNull();
    const used = (await listTokens(store))[0];
    expect(used.lastUsedAt).not.toBeNull();

    const revoked = await revokeToken(store, 'scanner');
    expect(revoked.alreadyRevoked).toBe(false);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await authenticateToken(store, token)).toBeNull();
    expect((await revokeToken(store, record.id)).alreadyRevoked).toBe(true);
    expect(await listTokens(store)).toEqual([]);
    expect(await listTokens(store, { includeRevoked: true })).toHaveLength(1);
  });

  it('names unnamed tokens <role>-<id>, keeps names unique, and validates them', async () => {
    const a = await createToken(store, { role: 'viewer' });
    expect(a.record.name).toBe(`viewer-${a.record.id}`);
    await expect(createToken(store, { role: 'viewer', name: a.record.name })).rejects.toMatchObject({ code: 'TOKEN_NAME_TAKEN', status: 409 });
    await expect(createToken(store, { role: 'viewer', name: 'bad\nname' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(revokeToken(store, 'nobody')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('issues the bootstrap admin token once, even when two servers start together', async () => {
    const [x, y] = await Promise.all([ensureBootstrapAdmin(store), ensureBootstrapAdmin(store)]);
    const issued = [x, y].filter((r) => r !== null);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.record).toMatchObject({ name: 'bootstrap-admin', role: 'admin' });
    expect(await ensureBootstrapAdmin(store)).toBeNull();
    await revokeToken(store, 'bootstrap-admin');
    // A database that has had tokens never gets another bootstrap token.
    expect(await ensureBootstrapAdmin(store)).toBeNull();
    expect(await listTokens(store, { includeRevoked: true })).toHaveLength(1);
  });
});
