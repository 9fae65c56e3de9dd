/**
 * Helpers for API tests (used by test/api-*.test.ts and other modules' route tests): a server on
 * a test store with one token per role.
 *
 *   const api = await buildTestApi(store);
 *   const res = await api.app.inject({ method: 'GET', url: '/api/v1/skus', headers: api.auth('viewer') });
 */
import type { FastifyInstance } from 'fastify';
import { createToken, ROLES, type Role } from '../auth/index.ts';
import type { Store } from '../store/database.ts';
import { buildServer } from './server.ts';

export interface TestApi {
  app: FastifyInstance;
  /** The secret token of each role (token names: `test-<role>`). */
  tokens: Record<Role, string>;
  /** `{ authorization: 'Bearer <token of role>' }`. */
  auth(role: Role): { authorization: string };
  close(): Promise<void>;
}

/** Builds the server on `store` and issues one token per role (named `test-<role>`). */
export async function buildTestApi(store: Store): Promise<TestApi> {
  const app = await buildServer({ store });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await createToken(store, { role, name: `test-${role}` })).token;
  await app.ready();
  return {
    app,
    tokens,
    auth: (role) => ({ authorization: `Bearer ${tokens[role]}` }),
    close: () => app.close(),
  };
}
