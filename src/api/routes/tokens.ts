/**
 * API token administration (admin only): list, create (the secret is returned once), revoke.
 * The same operations as `stockloop token create|list|revoke`.
 */
import type { FastifyInstance } from 'fastify';
import { createToken, listTokens, requireRole, revokeToken, ROLES, type ApiToken } from '../../auth/index.ts';
import { errorResponses } from '../schemas.ts';

const tokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string', description: 'Recorded as the actor on what the token posts' },
    role: { type: 'string', enum: [...ROLES] },
    prefix: { type: 'string', description: 'First characters of the token, to recognise it' },
    created_at: { type: 'string' },
    last_used_at: { type: ['string', 'null'] },
    revoked_at: { type: ['string', 'null'] },
  },
} as const;

const tokenToApi = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  created_at: t.createdAt,
  last_used_at: t.lastUsedAt,
  revoked_at: t.revokedAt,
});

/** /tokens routes. */
export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const store = app.store;
  const admin = requireRole('admin');

  app.get(
    '/tokens',
    {
      preHandler: admin,
      schema: {
        summary: 'List API tokens, never their secrets (admin)',
        tags: ['tokens'],
        querystring: {
          type: 'object',
          properties: { include_revoked: { type: 'boolean', default: false } },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: tokenSchema } } }, ...errorResponses(403) },
      },
    },
    async (request) => {
      const { include_revoked } = request.query as { include_revoked?: boolean };
      return { items: (await listTokens(store, { includeRevoked: include_revoked })).map(tokenToApi) };
    },
  );

  app.post(
    '/tokens',
    {
      preHandler: admin,
      schema: {
        summary: 'Create an API token (admin); the response is the only time the secret is shown',
        tags: ['tokens'],
        body: {
          type: 'object',
          properties: {
            role: { type: 'string', enum: [...ROLES] },
            name: { type: 'string', minLength: 1, maxLength: 100, description: 'Unique; default <role>-<id>' },
          },
          required: ['role'],
          additionalProperties: false,
        },
        response: {
          201: { type: 'object', properties: { token: { type: 'string', description: 'The secret bearer token' }, ...tokenSchema.properties } },
          ...errorResponses(403, 409),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { role: string; name?: string };
      const { token, record } = await createToken(store, { role: body.role, name: body.name });
      return reply.status(201).send({ token, ...tokenToApi(record) });
    },
  );

  app.post(
    '/tokens/:token/revoke',
    {
      preHandler: admin,
      schema: {
        summary: 'Revoke an API token by id or name (admin); it stops working immediately',
        tags: ['tokens'],
        params: { type: 'object', properties: { token: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['token'] },
        response: { 200: tokenSchema, ...errorResponses(403, 404) },
      },
    },
    async (request) => tokenToApi(await revokeToken(store, (request.params as { token: string }).token)),
  );
}
