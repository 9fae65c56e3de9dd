/**
 * `stockloop serve` as a real process on a random port: first start prints and writes a bootstrap
 * admin token (mode 600) and seeds the demo data on an empty database; the API answers over HTTP
 * with bearer auth; a restart issues no second token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/database.ts';
import { CLI_MAIN, REPO_ROOT } from './cli-helpers.ts';
import { tempDir, testDatabases } from './helpers/databases.ts';

const demoAvailable = fs.existsSync(path.join(REPO_ROOT, 'src/io/demo-data.ts'));

interface Server {
  child: ChildProcess;
  base: string;
  stdout: () => string;
  stop(): Promise<void>;
}

/** Starts `stockloop serve --port 0` and resolves once it prints its address. */
function startServer(database: string, args: string[], timeoutMs = 240_000): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, '--database', database, 'serve', '--port', '0', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${out}\n${err}`));
    }, timeoutMs);
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /stockloop listening on (http:\/\/[^ ]+) /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1], stdout: () => out, stop });
      }
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
  });
}

describe.each(testDatabases())('stockloop serve (real process) on $name', (target) => {
  let store: Store;
  let dir: string;
  let server: Server | null = null;
  beforeEach(async () => {
    store = await target.open({ file: true, migrate: false });
    dir = tempDir();
  });
  afterEach(async () => {
    await server?.stop();
    server = null;
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bootstraps an admin token on first start, serves the API with bearer auth, and does not re-issue it', async () => {
    const tokenFile = path.join(dir, 'secrets', 'admin-token.txt');
    const seedDemo = target.name === 'sqlite' && demoAvailable;
    server = await startServer(store.url, ['--admin-token-file', tokenFile, ...(seedDemo ? [] : ['--no-demo'])]);
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^slk_[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(server.stdout()).toContain(token);
    expect(server.stdout()).toContain('stockloop token revoke bootstrap-admin');
    if (seedDemo) expect(server.stdout()).toMatch(/demo data seeded \(.*skus: \d+/);

    const auth = { authorization: `Bearer ${token}` };
    const health = await fetch(`${server.base}/api/v1/health`);
    expect(health.status).toBe(200);
    expect((await health.json()) as any).toMatchObject({ status: 'ok', database: target.name });
    expect((await fetch(`${server.base}/api/v1/skus`)).status).toBe(401);
    const docs = await fetch(`${server.base}/docs/json`);
    expect(docs.status).toBe(200);

    const skus = await fetch(`${server.base}/api/v1/skus?limit=5`, { headers: auth });
    expect(skus.status).toBe(200);
    expect(((await skus.json()) as any).items.length).toBe(seedDemo ? 5 : 0);

    // A write round trip over real HTTP.
    const json = { ...auth, 'content-type': 'application/json' };
    expect((await fetch(`${server.base}/api/v1/skus`, { method: 'POST', headers: json, body: JSON.stringify({ code: 'ZZ-HTTP', name: 'over http' }) })).status).toBe(201);
    expect((await fetch(`${server.base}/api/v1/locations`, { method: 'POST', headers: json, body: JSON.stringify({ code: 'ZZ-WH', name: 'wh' }) })).status).toBe(201);
    const posted = await fetch(`${server.base}/api/v1/movements`, {
      method: 'POST',
      headers: { ...json, 'idempotency-key': 'http-1' },
      body: JSON.stringify({ kind: 'receipt', sku: 'ZZ-HTTP', location: 'ZZ-WH', quantity: 3, unit_cost: '2.50' }),
    });
    expect(posted.status).toBe(201);
    expect(((await posted.json()) as any).movement).toMatchObject({ actor: 'bootstrap-admin', value: '7.50' });
    const malformed = await fetch(`${server.base}/api/v1/movements`, { method: 'POST', headers: json, body: '{"kind":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).error.code).toBe('MALFORMED_JSON');

    // Restart: no second bootstrap token, the first still works.
    await server.stop();
    fs.rmSync(tokenFile);
    server = await startServer(store.url, ['--admin-token-file', tokenFile, '--no-demo']);
    expect(server.stdout()).not.toContain('admin token was created');
    expect(fs.existsSync(tokenFile)).toBe(false);
    const again = await fetch(`${server.base}/api/v1/balances?sku=ZZ-HTTP`, { headers: auth });
    expect(again.status).toBe(200);
    expect(((await again.json()) as any).items).toEqual([{ sku: 'ZZ-HTTP', location: 'ZZ-WH', on_hand: 3, reserved: 0, available: 3, inbound: 0 }]);
  }, 300_000);
});
