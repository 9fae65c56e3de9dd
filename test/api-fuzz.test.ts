/**
 * Bad input never makes a 5xx: every registered /api/v1 route (this module's and the other
 * modules') gets malformed JSON, wrong content types, and schema-shaped bodies, queries and path
 * parameters with one field at a time replaced by a hostile value, plus random JSON values.
 * Every answer must be < 500 and, when >= 400, carry the `{ error: { code, message } }` envelope.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../src/api/test-support.ts';
import type { RegisteredRoute } from '../src/api/server.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';

type Json = unknown;
type Schema = Record<string, any>;

const HOSTILE: Json[] = [
  null, true, false, 0, -1, 1.5, -0.000001, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 1e21,
  '', ' ', '\u0000', 'x'.repeat(5000), '☃💥', '1e400', '-0', 'NaN', 'Infinity', '0x10', '1.0000001', '-5', '12.5.3',
  '2026-13-45', '2026-02-30T25:61:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', 'yesterday',
  "'; drop table skus; --", '__proto__', 'constructor', '%00', '../../etc/passwd',
  [], {}, [1, 2], [null], { a: 1 }, { __proto__: { polluted: 1 } }, [[[[[]]]]],
];
const PATH_VALUES = ['A', 'WH1', 'ACME', '1', '0', '-1', '99999999999999999999', '1.5', 'x'.repeat(300), '%2F', '%00', "'%20or%201=1", 'null', encodeURIComponent('☃')];
const RAW_BODIES = ['{', '{"a":', '[]', 'null', '"x"', '42', '{"__proto__":{"x":1}}', '['.repeat(3000) + ']'.repeat(3000), '{"a":1,"a":2}', '\u0000'];

/** A value the schema accepts, with plausible codes for a seeded database. */
function plausible(schema: Schema | undefined, key = ''): Json {
  if (!schema) return 'A';
  if (schema.then) return plausible(schema.else ?? schema.then, key);
  if (schema.oneOf || schema.anyOf) return plausible((schema.oneOf ?? schema.anyOf)[0], key);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'array':
      return [plausible(schema.items, key)];
    case 'object': {
      const out: Record<string, Json> = {};
      for (const r of schema.required ?? []) out[r] = plausible(schema.properties?.[r], r);
      return out;
    }
    default:
      if (/location/.test(key)) return 'WH1';
      if (/supplier/.test(key)) return 'ACME';
      if (/_at$|date|from|to$/.test(key)) return '2026-01-01T00:00:00Z';
      return 'A';
  }
}

/** Property paths of an object schema (into array items and nested objects, 2 levels). */
function fieldPaths(schema: Schema | undefined, depth = 0): (string | number)[][] {
  if (!schema || depth > 2) return [];
  if (schema.then) return [...fieldPaths(schema.then, depth), ...fieldPaths(schema.else, depth)];
  const out: (string | number)[][] = [];
  for (const [k, sub] of Object.entries<Schema>(schema.properties ?? {})) {
    out.push([k]);
    const inner = sub.type === 'array' ? sub.items : sub;
    for (const p of fieldPaths(inner, depth + 1)) out.push(sub.type === 'array' ? [k, 0, ...p] : [k, ...p]);
  }
  return out;
}

function withValue(base: Json, path: (string | number)[], value: Json, schema: Schema): Json {
  const root = structuredClone(base ?? {}) as any;
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (node[k] === undefined || node[k] === null || typeof node[k] !== 'object') node[k] = typeof path[i + 1] === 'number' ? [{}] : {};
    node = node[k];
  }
  node[path[path.length - 1]] = value;
  void schema;
  return root;
}

function bodySchemaOf(route: RegisteredRoute): Schema | undefined {
  const b = route.schema?.body as Schema | undefined;
  if (!b) return undefined;
  return b;
}

/** A small deterministic PRNG (mulberry32) to choose subsets reproducibly. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testDatabases())('API bad-input fuzz on $name', (target) => {
  let store: Store;
  let api: TestApi;
  const failures: string[] = [];
  beforeAll(async () => {
    store = await target.open();
    api = await buildTestApi(store);
    const planner = api.auth('planner');
    await api.app.inject({ method: 'POST', url: '/api/v1/suppliers', headers: planner, payload: { code: 'ACME', name: 'Acme' } });
    await api.app.inject({ method: 'POST', url: '/api/v1/skus', headers: planner, payload: { code: 'A', name: 'A', default_supplier: 'ACME' } });
    await api.app.inject({ method: 'POST', url: '/api/v1/locations', headers: planner, payload: { code: 'WH1', name: 'Main' } });
    await api.app.inject({ method: 'POST', url: '/api/v1/movements', headers: api.auth('operator'), payload: { kind: 'receipt', sku: 'A', location: 'WH1', quantity: 50, unit_cost: 1 } });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  async function send(method: string, url: string, opts: { payload?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...api.auth('admin'), ...opts.headers };
    let payload: string | undefined;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (opts.payload !== undefined) payload = JSON.stringify(opts.payload);
    if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const res = await api.app.inject({ method: method as 'GET', url, headers, payload });
    const label = `${method} ${url} ${payload === undefined ? '' : payload.slice(0, 160)}`;
    if (res.statusCode >= 500) failures.push(`${res.statusCode} ${label} -> ${res.body.slice(0, 200)}`);
    else if (res.statusCode >= 400) {
      let ok = false;
      try {
        const e = JSON.parse(res.body).error;
        ok = typeof e?.code === 'string' && typeof e?.message === 'string';
      } catch {
        ok = false;
      }
      if (!ok) failures.push(`${res.statusCode} without error envelope: ${label} -> ${res.body.slice(0, 200)}`);
    }
  }

  it('answers every bad input to every route with a 4xx (never a 5xx)', async () => {
    const routes = api.app.apiRoutes.filter((r) => r.url.startsWith('/api/v1/'));
    const random = rng(20261123);
    const pick = <T>(xs: T[], n: number) => Array.from({ length: n }, () => xs[Math.floor(random() * xs.length)]);
    const randomJson = fc.sample(fc.jsonValue({ maxDepth: 3 }), { seed: 42, numRuns: 12 });
    let requests = 0;

    for (const route of routes) {
      for (const method of (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD' && m !== 'OPTIONS')) {
        const params = [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
        const fill = (v: string) => route.url.replace(/:([A-Za-z_]+)/g, () => v);
        const urls = params.length ? [fill(params.some((p) => p === 'id') ? '1' : 'A'), ...pick(PATH_VALUES, 3).map(fill)] : [route.url];
        const query = (route.schema?.querystring as Schema | undefined)?.properties ?? {};
        const body = bodySchemaOf(route);
        const base = plausible(body);

        for (const url of urls) {
          // Query strings: each parameter with hostile text, and an unknown parameter.
          for (const q of Object.keys(query)) {
            for (const v of pick(HOSTILE, 2)) {
              await send(method, `${url}?${q}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`);
              requests++;
            }
          }
          await send(method, `${url}?definitely_not_a_param=1&limit=-5&cursor=%%%`);
          requests++;
          if (method === 'GET') continue;

          // Malformed bodies and wrong content types.
          for (const raw of RAW_BODIES) {
            await send(method, url, { raw });
            requests++;
          }
          await send(method, url, { raw: 'kind=receipt', contentType: 'application/x-www-form-urlencoded' });
          await send(method, url, { raw: JSON.stringify(base), contentType: 'text/plain' });
          await send(method, url, { payload: base, headers: { 'idempotency-key': 'x'.repeat(500) } });
          requests += 3;

          // Schema-shaped bodies with one field hostile at a time.
          for (const path of fieldPaths(body)) {
            for (const v of pick(HOSTILE, 3)) {
              await send(method, url, { payload: withValue(base, path, v, body ?? {}) });
              requests++;
            }
          }
          // Random JSON values.
          for (const v of randomJson.slice(0, 4)) {
            await send(method, url, { payload: v });
            requests++;
          }
        }
      }
    }
    console.log(`fuzz: ${requests} requests to ${routes.length} routes on ${target.name}`);
    expect(requests).toBeGreaterThan(500);
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  }, 300_000);
});
