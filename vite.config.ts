/**
 * Vite build of the browser app: src/web -> dist/web (served by `stockloop serve` at /).
 * esbuild compiles the TSX (automatic React runtime), so no React plugin is needed.
 * `STOCKLOOP_WEB_OUT` overrides the output directory (the e2e test builds into a temp dir).
 * `npm run dev:web`-style use: `npx vite` serves the app with /api proxied to a running server.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src/web'),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: process.env.STOCKLOOP_WEB_OUT ?? here('./dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    port: 5173,
    proxy: { '/api': process.env.STOCKLOOP_API ?? 'http://127.0.0.1:8080' },
  },
});
