/**
 * Serving the web app from Fastify (src/api/static.ts) without a browser: files of the build,
 * SPA fallback for client routes, JSON 404s kept for /api and /docs, no path traversal, and the
 * "not built" page when dist/web is missing. SQLite only: nothing here touches the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/api/server.ts';
import { resolveWebRoot } from '../src/api/static.ts';
import type { Store } from '../src/store/database.ts';
import { tempDir, testDatabases } from './helpers/databases.ts';

const sqlite = testDatabases().find((d) => d.name === 'sqlite') ?? testDatabases()[0];

describe('web app serving', () => {
  let store: Store;
  let built: FastifyInstance;
  let missing: FastifyInstance;
  let off: FastifyInstance;
  const root = tempDir('stockloop-web-static-');
  const INDEX = '<!doctype html><div id="root"></div><script src="/assets/app-1a2b.js"></script>';

  beforeAll(async () => {
    store = await sqlite.open();
    fs.mkdirSync(path.join(root, 'build', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'build', 'index.html'), INDEX);
    fs.writeFileSync(path.join(root, 'build', 'assets', 'app-1a2b.js'), 'console.log("app")');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'outside the build');
    built = await buildServer({ store, webRoot: path.join(root, 'build') });
    missing = await buildServer({ store, webRoot: path.join(root, 'nothing-here') });
    off = await buildServer({ store, webRoot: null });
  });
  afterAll(async () => {
    await Promise.all([built?.close(), missing?.close(), off?.close()]);
    await store?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes, uncached', async () => {
    for (const url of ['/', '/stock', '/stock/TEE-RED-M', '/purchasing/PO%2F1?x=1', '/replenishment?show=all']) {
      const res = await built.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toBe(INDEX);
    }
  });

  it('serves hashed assets with a long immutable cache, and 404s a missing asset', async () => {
    const res = await built.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log("app")');
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toContain('immutable');
    const gone = await built.inject({ method: 'GET', url: '/assets/app-0000.js' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('NOT_FOUND');
  });

  it('keeps /api and /docs misses as the API’s JSON 404 (after authentication)', async () => {
    const noToken = await built.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(noToken.statusCode).toBe(401);
    const docs = await built.inject({ method: 'GET', url: '/docs/no-such-page' });
    expect(docs.statusCode).toBe(404);
    expect(docs.json().error.code).toBe('NOT_FOUND');
    const health = await built.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.json().status).toBe('ok');
  });

  it('never serves a file outside the build', async () => {
    for (const url of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
      const res = await built.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('outside the build');
    }
  });

  it('without a build, / says how to build the app and the API still works', async () => {
    const res = await missing.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    const deep = await missing.inject({ method: 'GET', url: '/stock/X' });
    expect(deep.statusCode).toBe(503);
    const health = await missing.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
  });

  it('webRoot: null turns the app off; the routes stay out of the OpenAPI document', async () => {
    const res = await off.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    const spec = (await built.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
  });

  it('resolves the directory: option, then $STOCKLOOP_WEB_ROOT, then dist/web', () => {
    expect(resolveWebRoot('/x/y')).toBe(path.resolve('/x/y'));
    expect(resolveWebRoot(null)).toBeNull();
    const saved = process.env.STOCKLOOP_WEB_ROOT;
    try {
      process.env.STOCKLOOP_WEB_ROOT = '/from/env';
      expect(resolveWebRoot(undefined)).toBe(path.resolve('/from/env'));
      delete process.env.STOCKLOOP_WEB_ROOT;
      expect(resolveWebRoot(undefined)).toMatch(/dist[\\/]web$/);
    } finally {
      if (saved === undefined) delete process.env.STOCKLOOP_WEB_ROOT;
      else process.env.STOCKLOOP_WEB_ROOT = saved;
    }
  });
});
