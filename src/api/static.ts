/**
 * Serves the browser app (built by `npm run build:web` into dist/web) next to the API.
 *
 * - `/assets/*` and other files of the build are sent as files (hashed assets cached for a year).
 * - Any other GET outside `/api/` and `/docs` is a client-side route of the single-page app and
 *   gets `index.html` (never cached), so deep links like `/stock/TEE-RED-M` work on reload.
 * - GETs under `/api/` or `/docs` that no route matched fall through to the API's JSON 404.
 * - Without a build, `/` (and every app route) answers 503 with a page saying how to build it;
 *   the API itself is unaffected.
 *
 * The directory is `webRoot` from buildServer's options, else `$STOCKLOOP_WEB_ROOT`, else
 * `dist/web` in the repository; `webRoot: null` turns the web app off entirely.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** dist/web of this checkout (where `npm run build:web` writes the app). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** The directory to serve: explicit option, then $STOCKLOOP_WEB_ROOT, then dist/web; null = off. */
export function resolveWebRoot(option: string | null | undefined): string | null {
  if (option === null) return null;
  return path.resolve(option ?? process.env.STOCKLOOP_WEB_ROOT ?? DEFAULT_WEB_ROOT);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stockloop: web app not built</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2933}
code{background:#eef1f4;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>stockloop is running, but the web app is not built</h1>
<p>Build it with <code>npm run build:web</code> (writes <code>dist/web</code>; <code>npm start</code> does this
before starting), then reload this page.</p>
<p>The HTTP API works without it: <a href="/docs">API documentation</a>, <code>/api/v1/...</code>.</p>
</body></html>
`;

/** True for paths the API owns: they never get the app's index.html. */
function isApiPath(p: string): boolean {
  return p === '/api' || p.startsWith('/api/') || p === '/docs' || p.startsWith('/docs/');
}

/** The request path, percent-decoded; null when it cannot be decoded. */
function requestPath(request: FastifyRequest): string | null {
  const raw = request.url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** A regular file of the build under `root` named by `p`, as a path relative to root; or null. */
function fileInBuild(root: string, p: string): string | null {
  if (p.includes('\0')) return null;
  const abs = path.resolve(root, `.${p}`);
  if (!abs.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(abs).isFile() ? path.relative(root, abs) : null;
  } catch {
    return null;
  }
}

/**
 * Registers the web app on `app` (call after the API routes' not-found handler is set). See the
 * module comment for what is served where.
 */
export async function registerWebApp(app: FastifyInstance, options: { webRoot?: string | null }): Promise<void> {
  const root = resolveWebRoot(options.webRoot);
  if (root === null) return;
  await app.register(async (web) => {
    await web.register(fastifyStatic, { root, serve: false });
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const p = requestPath(request);
      if (p === null || isApiPath(p)) return reply.callNotFound();
      if (!fs.existsSync(path.join(root, 'index.html'))) {
        return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT_PAGE);
      }
      const file = p === '/' ? null : fileInBuild(root, p);
      if (file) {
        const hashed = file.startsWith(`assets${path.sep}`);
        return reply.sendFile(file, root, hashed ? { maxAge: '365d', immutable: true } : { maxAge: 0, immutable: false });
      }
      // A missing file with an extension (a stale /assets/x.js) is a 404, not the app.
      if (/\.[a-z0-9]{1,8}$/i.test(p)) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
    };
    web.get('/', { schema: { hide: true } }, handler);
    web.get('/*', { schema: { hide: true } }, handler);
  });
}
