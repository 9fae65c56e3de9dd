/**
 * The auth module: API tokens (hashed at rest) with ordered roles, and the Fastify glue
 * (`requireRole`, `actorOf`). Other modules import from here only.
 */
export { ROLES, isRole, parseRole, roleAtLeast, type Role } from './roles.ts';
export {
  BOOTSTRAP_TOKEN_NAME,
  authenticateToken,
  createToken,
  ensureBootstrapAdmin,
  getToken,
  hashToken,
  listTokens,
  revokeToken,
  type ApiToken,
  type AuthExecutor,
  type Principal,
} from './tokens.ts';
export { actorOf, bearerToken, registerAuthentication, requireRole, requiredRoleOf } from './fastify-auth.ts';
