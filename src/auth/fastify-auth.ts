/**
 * Bearer-token authentication for the HTTP API.
 *
 * - `registerAuthentication(app)` (called once by buildServer) adds an onRequest hook: every
 *   request under /api/ must carry `Authorization: Bearer <token>` naming a live token, except
 *   routes declared with `config: { public: true }` (GET /api/v1/health). Missing token -> 401
 *   UNAUTHENTICATED; unknown or revoked token -> 401 INVALID_TOKEN. The principal is put on
 *   `request.principal`.
 * - `requireRole(role)` is a preHandler for a route that needs more than `viewer`:
 *   `app.post('/x', { preHandler: requireRole('operator'), schema }, handler)` -> 403 FORBIDDEN
 *   for a lower role. The hook also finds it when the route is registered, so the role is checked
 *   right after authentication (a viewer gets 403 before any body validation), is documented in
 *   the OpenAPI document (`x-required-role` and the description), and listed in `app.apiRoutes`.
 * - `actorOf(request)` is the actor to record on movements (the token's name).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../shared/errors.ts';
import { roleAtLeast, type Role } from './roles.ts';
import { authenticateToken, type AuthExecutor, type Principal } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated token (set for every non-public /api/ route). */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** true: the route needs no token (health). */
    public?: boolean;
    /** Lowest role allowed (set from the route's requireRole preHandler; default viewer). */
    requiredRole?: Role;
  }
}

const unauthenticated = (message: string, code = 'UNAUTHENTICATED') => new AppError(code, message, { status: 401 });

/** The bearer token in an Authorization header value, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

type RoleHandler = preHandlerAsyncHookHandler & { requiredRole?: Role };

/** The role a route's preHandler(s) require via requireRole, or null. */
export function requiredRoleOf(preHandler: unknown): Role | null {
  const list = Array.isArray(preHandler) ? preHandler : preHandler ? [preHandler] : [];
  let found: Role | null = null;
  for (const h of list as RoleHandler[]) {
    if (h?.requiredRole && (found === null || roleAtLeast(h.requiredRole, found))) found = h.requiredRole;
  }
  return found;
}

function forbidden(p: Principal, role: Role): AppError {
  return new AppError('FORBIDDEN', `this needs the ${role} role; token ${JSON.stringify(p.name)} has ${p.role}`, {
    status: 403,
    details: { required_role: role, role: p.role },
  });
}

/**
 * Adds the authentication hook to `app`, and an onRoute hook recording each /api/ route's
 * required role (call before routes are registered).
 */
export function registerAuthentication(app: FastifyInstance, ex: AuthExecutor): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.config?.public) return;
    const role = requiredRoleOf(route.preHandler) ?? 'viewer';
    route.config = { ...route.config, requiredRole: role };
    if (route.schema) {
      const s = route.schema as Record<string, unknown>;
      const note = `Requires a token with role ${role} or higher.`;
      route.schema = { ...s, 'x-required-role': role, description: s.description ? `${s.description}\n\n${note}` : note } as typeof route.schema;
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Decide on the matched route's pattern, not the raw URL: the router decodes percent-escapes
    // (`/%61pi/v1/skus` matches `/api/v1/skus`), so a raw-URL test could be bypassed. Unmatched
    // URLs under /api/ are protected too (401 before 404, so routes cannot be probed).
    const pattern = request.routeOptions.url;
    const isApi = pattern?.startsWith('/api/') || safeDecode(request.url.split('?')[0]).startsWith('/api/');
    if (!isApi) return;
    if (request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    if (!header) {
      reply.header('www-authenticate', 'Bearer realm="stockloop"');
      throw unauthenticated('this endpoint needs an API token: send "Authorization: Bearer <token>" (create one with `stockloop token create --role ROLE`)');
    }
    const token = bearerToken(header);
    if (!token) {
      reply.header('www-authenticate', 'Bearer realm="stockloop", error="invalid_request"');
      throw unauthenticated('the Authorization header must be "Bearer <token>"');
    }
    const principal = await authenticateToken(ex, token);
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="stockloop", error="invalid_token"');
      throw unauthenticated('the API token is unknown or revoked', 'INVALID_TOKEN');
    }
    request.principal = principal;
    const required = request.routeOptions.config?.requiredRole;
    if (required && !roleAtLeast(principal.role, required)) throw forbidden(principal, required);
  });
}

/**
 * A preHandler refusing callers below `role` with 403 FORBIDDEN (401 if, unusually, the request
 * was not authenticated). Roles: admin > planner > operator > viewer.
 */
export function requireRole(role: Role): preHandlerAsyncHookHandler {
  const handler: RoleHandler = async function requireRoleHandler(request: FastifyRequest) {
    const p = request.principal;
    if (!p) throw unauthenticated('this endpoint needs an API token');
    if (!roleAtLeast(p.role, role)) throw forbidden(p, role);
  };
  handler.requiredRole = role;
  return handler;
}

/** The actor to record for what this request does: the token's name. */
export function actorOf(request: FastifyRequest): string {
  if (!request.principal) throw unauthenticated('this endpoint needs an API token');
  return request.principal.name;
}
