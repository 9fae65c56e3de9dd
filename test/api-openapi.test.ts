import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../src/api/test-support.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('OpenAPI document', () => {
  const sqlite = testDatabases().find((t) => t.name === 'sqlite')!;
  let store: Store;
  let api: TestApi;
  let spec: any;
  beforeAll(async () => {
    store = await sqlite.open();
    api = await buildTestApi(store);
    const res = await api.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    spec = JSON.parse(res.body);
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  it('is an OpenAPI 3 document with bearer security', () => {
    expect(spec.openapi).toMatch(/^3\.0\./);
    expect(spec.info).toMatchObject({ title: 'stockloop API' });
    expect(spec.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(spec.security).toEqual([{ bearer: [] }]);
  });

  it('lists every /api/v1 route with a summary and responses', () => {
    const routes = api.app.apiRoutes
      .filter((r) => r.url.startsWith('/api/v1/'))
      .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD').map((m) => ({ method: m.toLowerCase(), url: r.url })));
    // At least the routes this module owns.
    for (const [method, url] of [
      ['get', '/api/v1/health'],
      ['get', '/api/v1/skus'],
      ['post', '/api/v1/skus/bulk'],
      ['patch', '/api/v1/locations/:code'],
      ['get', '/api/v1/suppliers/:code'],
      ['post', '/api/v1/movements'],
      ['get', '/api/v1/movements'],
      ['get', '/api/v1/balances'],
      ['get', '/api/v1/skus/:code/balances'],
      ['post', '/api/v1/reservations/:id/fulfil'],
      ['get', '/api/v1/reports/valuation'],
      ['get', '/api/v1/reports/stock-summary'],
      ['post', '/api/v1/tokens'],
    ]) {
      expect(routes, `${method} ${url}`).toContainEqual({ method, url });
    }
    for (const { method, url } of routes) {
      const path = url.replace(/:([A-Za-z_]+)/g, '{$1}');
      const op = spec.paths[path]?.[method];
      expect(op, `${method.toUpperCase()} ${path} missing from /docs/json`).toBeDefined();
      expect(op.summary, `${method} ${path} summary`).toBeTruthy();
      expect(Object.keys(op.responses ?? {}).length, `${method} ${path} responses`).toBeGreaterThan(0);
      if (path !== '/api/v1/health') expect(['viewer', 'operator', 'planner', 'admin'], `${method} ${path} role`).toContain(op['x-required-role']);
    }
    expect(spec.paths['/api/v1/movements'].post['x-required-role']).toBe('operator');
    expect(spec.paths['/api/v1/movements'].post.description).toContain('Requires a token with role operator or higher.');
    // Nothing documented that does not exist.
    const documented = Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops as object).filter((m) => HTTP_METHODS.includes(m)).map((m) => `${m} ${p}`));
    const actual = new Set(routes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`));
    for (const d of documented) if (d.includes('/api/v1/')) expect(actual.has(d), d).toBe(true);
  });

  it('documents health as public and the batch body as one movement or a batch', () => {
    expect(spec.paths['/api/v1/health'].get.security).toEqual([]);
    const body = spec.paths['/api/v1/movements'].post.requestBody.content['application/json'].schema;
    expect(body.oneOf).toHaveLength(2);
    expect(body.oneOf[1].properties.movements.maxItems).toBe(10_000);
    const skuCreate = spec.paths['/api/v1/skus'].post.requestBody.content['application/json'].schema;
    expect(skuCreate.required).toEqual(['code', 'name']);
    expect(skuCreate.additionalProperties).toBe(false);
  });

  it('serves the browsable docs', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
