/**
 * The HTTP API: Fastify with JSON-schema validation and an OpenAPI document (/docs/json, browsable
 * at /docs). Handlers are thin: they validate, call a module's service functions and shape the
 * response. Errors are always `{ error: { code, message, details } }`; a 5xx is a bug.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { registerAuthentication, type Role } from '../auth/index.ts';
import type { Store } from '../store/database.ts';
import { apiErrorHandler, apiFrameworkErrors } from './errors.ts';
import { registerRoutes } from './routes/index.ts';
import { registerWebApp } from './static.ts';

export interface ServerOptions {
  store: Store;
  logger?: FastifyServerOptions['logger'];
  /** Extra settings a route may need (e.g. the web app's static directory). */
  webRoot?: string | null;
}

/** A route as registered: method(s), full URL and its JSON schemas (for docs checks and fuzzing). */
export interface RegisteredRoute {
  method: string | string[];
  url: string;
  schema?: Record<string, unknown>;
  /** Lowest role allowed; null for public routes (and routes outside /api/). */
  requiredRole: Role | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** Every route registered on the server (filled by an onRoute hook). */
    apiRoutes: RegisteredRoute[];
  }
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 64 * 1024 * 1024, // batches of up to 10,000 movements
    routerOptions: { maxParamLength: 500 }, // codes are <= 100 characters, percent-encoded up to 300
    frameworkErrors: apiFrameworkErrors,
    // removeAdditional: false so that `additionalProperties: false` rejects unknown fields (400)
    // instead of silently dropping them.
    ajv: { customOptions: { coerceTypes: 'array', allErrors: true, removeAdditional: false, allowUnionTypes: true } },
  });
  app.decorate('store', options.store);
  const routes: RegisteredRoute[] = [];
  app.decorate('apiRoutes', routes);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'stockloop API',
        version: '0.1.0',
        description:
          'Stock ledger, balances, reservations, master data, purchasing and planning. ' +
          'Authenticate with `Authorization: Bearer <token>` (create one with `stockloop token create --role ROLE`). ' +
          'Errors are `{ "error": { "code", "message", "details" } }`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler(apiErrorHandler);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` } });
  });

  registerAuthentication(app, options.store);
  app.addHook('onRoute', (r) => {
    routes.push({
      method: r.method,
      url: r.url,
      schema: r.schema as Record<string, unknown> | undefined,
      requiredRole: r.config?.public ? null : (r.config?.requiredRole ?? null),
    });
  });
  await app.register(registerRoutes, { prefix: '/api/v1' });
  await registerWebApp(app, { webRoot: options.webRoot }); // the browser app (dist/web) at /, SPA fallback
  return app;
}
