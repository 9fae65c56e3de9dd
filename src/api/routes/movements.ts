/**
 * The ledger's write and read routes for movements: POST /movements (one, or a batch of up to
 * 10,000 applied atomically) and GET /movements (the ledger, oldest first, paged).
 */
import type { FastifyInstance } from 'fastify';
import { actorOf, requireRole } from '../../auth/index.ts';
import { MOVEMENT_KINDS, listMovements, postMovements, type MovementInput, type MovementKind } from '../../ledger/index.ts';
import { validationError } from '../../shared/errors.ts';
import { instantOrDaySchema, movementFromApi, movementInputSchema, movementSchema, movementToApi, type MovementBody } from '../mappers/ledger.ts';
import { errorResponses, idempotencyHeaders, pageSchema } from '../schemas.ts';

/** Most movements one POST may carry. */
export const MAX_BATCH = 10_000;

const batchSchema = {
  type: 'object',
  properties: { movements: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: movementInputSchema } },
  required: ['movements'],
  additionalProperties: false,
} as const;

/**
 * Validation picks the batch schema when the body has `movements`, else the single-movement one
 * (if/then/else, so errors speak of one shape only); the OpenAPI document shows it as oneOf.
 */
const postBodySchema = {
  type: 'object',
  if: { required: ['movements'] },
  then: batchSchema,
  else: movementInputSchema,
} as const;

const postResultSchema = {
  type: 'object',
  properties: {
    movement: movementSchema,
    movements: { type: 'array', items: movementSchema },
    replayed: { anyOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'boolean' } }] },
    applied: { type: 'integer', description: 'How many movements were newly applied' },
    ids: { type: 'array', items: { type: 'integer' }, description: 'With `Prefer: return=minimal`: the movement ids, in input order' },
  },
} as const;

const preferHeaders = {
  type: 'object',
  properties: {
    ...idempotencyHeaders.properties,
    prefer: { type: 'string', maxLength: 200, description: '`return=minimal`: answer with movement ids only (a 10,000-movement batch echoes ~3 MB otherwise)' },
  },
} as const;

/** /movements routes. */
export async function movementRoutes(app: FastifyInstance): Promise<void> {
  const store = app.store;

  app.post(
    '/movements',
    {
      preHandler: requireRole('operator'),
      config: {
        swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, body: { oneOf: [movementInputSchema, batchSchema] } }, url }),
      },
      schema: {
        summary: 'Post one movement, or a batch `{ movements: [...] }` of up to 10,000 applied all or nothing (operator)',
        description:
          'Balances, FIFO lots and daily demand change in the same transaction. Idempotency: an `Idempotency-Key` header ' +
          'applies to a single movement (for a batch, movement i without its own `idempotency_key` gets `<header>:<i>`), ' +
          'or each movement carries `idempotency_key`. A key seen before with the same content returns the first result ' +
          '(`replayed: true`, status 200) and applies nothing; with different content it is a 409 IDEMPOTENCY_CONFLICT. ' +
          'Stock going below zero is a 422 INSUFFICIENT_STOCK (unless the location allows negative stock). ' +
          'With `Prefer: return=minimal` the answer carries only the movement ids (`ids`), `replayed` and `applied`.',
        tags: ['movements'],
        headers: preferHeaders,
        body: postBodySchema,
        response: {
          201: { description: 'Applied (single: `movement` + `replayed`; batch: `movements` + `replayed[]`)', ...postResultSchema },
          200: { description: 'Everything was an idempotent replay; nothing applied', ...postResultSchema },
          ...errorResponses(403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as MovementBody | { movements: MovementBody[] };
      const headerKey = (request.headers['idempotency-key'] as string | undefined)?.trim() || undefined;
      const isBatch = 'movements' in body;
      let inputs: MovementInput[];
      if (isBatch) {
        inputs = body.movements.map((m, i) => {
          const input = movementFromApi(m, `movements[${i}].`);
          if (headerKey && input.idempotencyKey === undefined) input.idempotencyKey = `${headerKey}:${i}`;
          return input;
        });
      } else {
        const input = movementFromApi(body, '');
        if (headerKey) {
          if (input.idempotencyKey !== undefined && input.idempotencyKey !== headerKey) {
            throw validationError('the Idempotency-Key header and the idempotency_key field differ', { field: 'idempotency_key' });
          }
          input.idempotencyKey = headerKey;
        }
        inputs = [input];
      }
      const result = await postMovements(store, inputs, { actor: actorOf(request) });
      const applied = result.replayed.filter((r) => !r).length;
      reply.status(applied > 0 ? 201 : 200);
      if (applied === 0) reply.header('idempotency-replayed', 'true');
      if (/(^|[\s,;])return=minimal\b/i.test(String(request.headers.prefer ?? ''))) {
        reply.header('preference-applied', 'return=minimal');
        return { ids: result.movements.map((m) => m.id), replayed: isBatch ? result.replayed : result.replayed[0], applied };
      }
      return isBatch
        ? { movements: result.movements.map(movementToApi), replayed: result.replayed, applied }
        : { movement: movementToApi(result.movements[0]), replayed: result.replayed[0], applied };
    },
  );

  app.get(
    '/movements',
    {
      schema: {
        summary: 'The ledger: movements oldest first (or newest first with order=newest), paged, with filters',
        tags: ['movements'],
        querystring: {
          type: 'object',
          properties: {
            sku: { type: 'string', minLength: 1, maxLength: 100 },
            location: { type: 'string', minLength: 1, maxLength: 100 },
            kind: { type: 'string', enum: [...MOVEMENT_KINDS] },
            from: { ...instantOrDaySchema, description: 'occurred_at >= from (ISO instant or YYYY-MM-DD)' },
            to: { ...instantOrDaySchema, description: 'occurred_at < to (exclusive)' },
            reference: { type: 'string', minLength: 1, maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100, description: 'Page size (1-10000, default 100)' },
            cursor: { type: 'string', maxLength: 2000, description: 'Opaque cursor from the previous page’s `next_cursor`' },
            order: { type: 'string', enum: ['oldest', 'newest'], default: 'oldest', description: 'oldest first (default) or newest first; keep it across the pages of one listing' },
          },
          additionalProperties: false,
        },
        response: { 200: pageSchema(movementSchema), ...errorResponses(404) },
      },
    },
    async (request) => {
      const q = request.query as { sku?: string; location?: string; kind?: MovementKind; from?: string; to?: string; reference?: string; limit?: number; cursor?: string; order?: 'oldest' | 'newest' };
      const page = await listMovements(store, q);
      return { items: page.items.map(movementToApi), next_cursor: page.nextCursor };
    },
  );
}
