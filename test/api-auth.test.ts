import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLES, createToken, revokeToken, type Role } from '../src/auth/index.ts';
import { buildTestApi, type TestApi } from '../src/api/test-support.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

describe.each(testDatabases())('API authentication on $name', (target) => {
  let store: Store;
  let api: TestApi;
  beforeEach(async () => {
    store = await target.open();
    api = await buildTestApi(store);
  });
  afterEach(async () => {
    await api.close();
    await store.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });

  it('lets health and the OpenAPI document through without a token', async () => {
    expect((await get('/api/v1/health')).statusCode).toBe(200);
    expect((await get('/docs/json')).statusCode).toBe(200);
  });

  it('answers 401 with the error envelope without a token, with a malformed header, an unknown or a revoked token', async () => {
    const noToken = await get('/api/v1/skus');
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json().error.code).toBe('UNAUTHENTICATED');
    expect(noToken.headers['www-authenticate']).toMatch(/^Bearer/);

    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', api.tokens.admin]) {
      const r = await get('/api/v1/skus', { authorization: header });
      expect(r.statusCode, header).toBe(401);
      expect(r.json().error.code).toBe('UNAUTHENTICATED');
    }
    const unknown = await get('/api/v1/skus', { authorization: `Bearer slk_${'x'.repeat(43)}` });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('INVALID_TOKEN');

    const { token } = await createToken(store, { role: 'admin', name: 'soon-revoked' });
    expect((await get('/api/v1/skus', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    await revokeToken(store, 'soon-revoked');
    const revoked = await get('/api/v1/skus', { authorization: `Bearer ${token}` });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('INVALID_TOKEN');
  });

  it('cannot be bypassed with percent-encoded or dotted paths that the router still matches', async () => {
    for (const url of ['/%61pi/v1/skus', '/api/v1/%73kus', '/%61%70%69/v1/balances', '/./api/v1/skus', '/api/v1/../v1/skus', '/api/v1/skus/']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(401);
    }
  });

  it('also protects unknown /api/ paths', async () => {
    expect((await get('/api/v1/nothing-here')).statusCode).toBe(401);
    expect((await get('/api/v1/nothing-here', api.auth('viewer'))).statusCode).toBe(404);
  });

  // Which roles may do what: [method, url, body, lowest role allowed, success status].
  const matrix: [string, string, unknown, Role, number][] = [
    ['GET', '/api/v1/skus', undefined, 'viewer', 200],
    ['GET', '/api/v1/locations', undefined, 'viewer', 200],
    ['POST', '/api/v1/skus', { code: 'ROLE-SKU', name: 'x' }, 'planner', 201],
    ['POST', '/api/v1/locations', { code: 'ROLE-LOC', name: 'x' }, 'planner', 201],
    ['POST', '/api/v1/suppliers', { code: 'ROLE-SUP', name: 'x' }, 'planner', 201],
    ['GET', '/api/v1/tokens', undefined, 'admin', 200],
    ['POST', '/api/v1/tokens', { role: 'viewer', name: 'made-by-api' }, 'admin', 201],
  ];
  it.each(matrix)('%s %s %j needs %s (403 below it)', async (method, url, body, lowest, okStatus) => {
    const rank = ROLES.indexOf(lowest);
    // Roles from the lowest: each below `lowest` gets 403; `lowest` itself succeeds.
    for (const role of ROLES.slice(0, rank)) {
      const r = await api.app.inject({ method: method as 'GET', url, headers: api.auth(role), payload: body as object });
      expect(r.statusCode, `${role} ${method} ${url}`).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', details: { required_role: lowest, role } });
    }
    const r = await api.app.inject({ method: method as 'GET', url, headers: api.auth(lowest), payload: body as object });
    expect(r.statusCode, r.body).toBe(okStatus);
  });

  it('checks the role of every route (all modules) before validating its input', async () => {
    const routes = api.app.apiRoutes.filter((r) => r.url.startsWith('/api/v1/'));
    const checked: string[] = [];
    for (const r of routes) {
      for (const method of (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD')) {
        const url = r.url.replace(/:([A-Za-z_]+)/g, (_, p) => (p === 'id' ? '1' : 'X'));
        if (r.requiredRole === null) {
          expect(r.url, 'only health is public').toBe('/api/v1/health');
          continue;
        }
        expect(ROLES).toContain(r.requiredRole);
        const rank = ROLES.indexOf(r.requiredRole);
        // Without a token: 401 everywhere.
        expect((await api.app.inject({ method: method as 'GET', url })).statusCode, `${method} ${url}`).toBe(401);
        if (rank > 0) {
          // The role just below gets 403 even with a body that would not validate.
          const below = ROLES[rank - 1];
          const res = await api.app.inject({ method: method as 'GET', url, headers: api.auth(below), payload: method === 'GET' ? undefined : { not: 'valid' } });
          expect(res.statusCode, `${below} ${method} ${url}: ${res.body}`).toBe(403);
          expect(res.json().error.details).toEqual({ required_role: r.requiredRole, role: below });
        }
        // The required role itself is let through (whatever the handler then says, never 401/403).
        const ok = await api.app.inject({ method: method as 'GET', url, headers: api.auth(r.requiredRole), payload: method === 'GET' ? undefined : {} });
        expect([401, 403], `${r.requiredRole} ${method} ${url}: ${ok.body}`).not.toContain(ok.statusCode);
        checked.push(`${method} ${r.url} ${r.requiredRole}`);
      }
    }
    // This module's writes have the documented roles.
    expect(checked).toEqual(
      expect.arrayContaining([
        'GET /api/v1/skus viewer',
        'POST /api/v1/skus planner',
        'PATCH /api/v1/skus/:code planner',
        'POST /api/v1/skus/bulk planner',
        'POST /api/v1/movements operator',
        'POST /api/v1/reservations operator',
        'POST /api/v1/reservations/:id/fulfil operator',
        'GET /api/v1/balances viewer',
        'GET /api/v1/tokens admin',
        'POST /api/v1/tokens admin',
      ]),
    );
  });

  it('lets a higher role do what a lower one may', async () => {
    const r = await api.app.inject({ method: 'POST', url: '/api/v1/skus', headers: api.auth('admin'), payload: { code: 'ADM', name: 'by admin' } });
    expect(r.statusCode).toBe(201);
  });

  it('stores only the SHA-256 hash of a token and records its last use', async () => {
    const rows = await store.db.selectFrom('api_tokens').selectAll().where('name', '=', 'test-viewer').execute();
    expect(rows).toHaveLength(1);
    const token = api.tokens.viewer;
    expect(rows[0].token_hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows[0])).not.toContain(token.slice(4));
    expect(rows[0].last_used_at).toBeNull();
    await get('/api/v1/skus', api.auth('viewer'));
    const after = await store.db.selectFrom('api_tokens').select('last_used_at').where('name', '=', 'test-viewer').executeTakeFirstOrThrow();
    expect(after.last_used_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('manages tokens over the API: create returns a working secret once, list hides secrets, revoke stops it', async () => {
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: api.auth('admin'), payload: { role: 'operator', name: 'scanner-1' } });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ name: 'scanner-1', role: 'operator', revoked_at: null });
    expect(body.token).toMatch(/^slk_[A-Za-z0-9_-]{43}$/);
    expect((await get('/api/v1/skus', { authorization: `Bearer ${body.token}` })).statusCode).toBe(200);

    const list = await get('/api/v1/tokens', api.auth('admin'));
    expect(list.body).not.toContain(body.token);
    expect(list.json().items.map((t: { name: string }) => t.name)).toContain('scanner-1');

    const dup = await api.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: api.auth('admin'), payload: { role: 'viewer', name: 'scanner-1' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('TOKEN_NAME_TAKEN');

    const revoked = await api.app.inject({ method: 'POST', url: `/api/v1/tokens/${body.id}/revoke`, headers: api.auth('admin') });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked_at).toBeTruthy();
    expect((await get('/api/v1/skus', { authorization: `Bearer ${body.token}` })).statusCode).toBe(401);
    const listAll = await get('/api/v1/tokens?include_revoked=true', api.auth('admin'));
    expect(listAll.json().items.find((t: { name: string }) => t.name === 'scanner-1').revoked_at).toBeTruthy();
    expect((await get('/api/v1/tokens', api.auth('admin'))).json().items.map((t: { name: string }) => t.name)).not.toContain('scanner-1');
  });

  it('names an unnamed token <role>-<id> and refuses a bad role', async () => {
    const { record } = await createToken(store, { role: 'planner' });
    expect(record.name).toBe(`planner-${record.id}`);
    await expect(createToken(store, { role: 'root' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const bad = await api.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: api.auth('admin'), payload: { role: 'root' } });
    expect(bad.statusCode).toBe(400);
  });
});
