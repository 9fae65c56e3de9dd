/**
 * Reservations: commit stock to an order (all lines or none), release it, or fulfil it (posts the
 * sale movements and consumes the reservation atomically).
 */
import type { FastifyInstance } from 'fastify';
import { actorOf, requireRole } from '../../auth/index.ts';
import { fulfil, getReservation, listReservations, release, reserve, type ReservationLineInput, type ReservationStatus } from '../../ledger/index.ts';
import { validationError } from '../../shared/errors.ts';
import {
  instantInputSchema,
  movementSchema,
  movementToApi,
  reservationLineInputSchema,
  reservationLinesFromApi,
  reservationSchema,
  reservationToApi,
} from '../mappers/ledger.ts';
import { errorResponses, idempotencyHeaders, idParams, pageSchema, pagingQueryProperties } from '../schemas.ts';

const MAX_LINES = 1000;
const fulfilResultSchema = {
  type: 'object',
  properties: { ...reservationSchema.properties, movements: { type: 'array', items: movementSchema, description: 'The sale movements posted' } },
} as const;
const linesSchema = { type: 'array', minItems: 1, maxItems: MAX_LINES, items: reservationLineInputSchema } as const;

/** /reservations routes. */
export async function reservationRoutes(app: FastifyInstance): Promise<void> {
  const store = app.store;
  const operator = requireRole('operator');

  app.post(
    '/reservations',
    {
      preHandler: operator,
      schema: {
        summary: 'Reserve stock for an order, all lines or none (operator)',
        description:
          'Lines of the same SKU and location are summed before the check; a shortfall is a 422 INSUFFICIENT_AVAILABLE ' +
          'unless the SKU allows backorders. With an idempotency key (header or field) a retry returns the first reservation (status 200).',
        tags: ['reservations'],
        headers: idempotencyHeaders,
        body: {
          type: 'object',
          properties: {
            lines: linesSchema,
            reference: { type: 'string', maxLength: 200, description: 'Order number' },
            idempotency_key: { type: 'string', minLength: 1, maxLength: 200 },
          },
          required: ['lines'],
          additionalProperties: false,
        },
        response: { 201: reservationSchema, 200: reservationSchema, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body as { lines: ReservationLineInput[]; reference?: string; idempotency_key?: string };
      const headerKey = (request.headers['idempotency-key'] as string | undefined)?.trim() || undefined;
      if (headerKey && body.idempotency_key && headerKey !== body.idempotency_key) {
        throw validationError('the Idempotency-Key header and the idempotency_key field differ', { field: 'idempotency_key' });
      }
      const r = await reserve(
        store,
        { lines: reservationLinesFromApi(body.lines)!, reference: body.reference, idempotencyKey: headerKey ?? body.idempotency_key },
        { actor: actorOf(request) },
      );
      return reply.status(r.replayed ? 200 : 201).send(reservationToApi(r));
    },
  );

  app.get(
    '/reservations',
    {
      schema: {
        summary: 'List reservations, newest first, paged',
        tags: ['reservations'],
        querystring: {
          type: 'object',
          properties: {
            ...pagingQueryProperties,
            status: { type: 'string', enum: ['open', 'fulfilled', 'released', 'closed'] },
            reference: { type: 'string', minLength: 1, maxLength: 200 },
            sku: { type: 'string', minLength: 1, maxLength: 100 },
            location: { type: 'string', minLength: 1, maxLength: 100 },
          },
          additionalProperties: false,
        },
        response: { 200: pageSchema(reservationSchema), ...errorResponses(404) },
      },
    },
    async (request) => {
      const q = request.query as { limit?: number; cursor?: string; status?: ReservationStatus; reference?: string; sku?: string; location?: string };
      const page = await listReservations(store, q);
      return { items: page.items.map(reservationToApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/reservations/:id',
    {
      schema: {
        summary: 'Get one reservation with its lines',
        tags: ['reservations'],
        params: idParams,
        response: { 200: reservationSchema, ...errorResponses(404) },
      },
    },
    async (request) => reservationToApi(await getReservation(store, (request.params as { id: number }).id)),
  );

  app.post(
    '/reservations/:id/release',
    {
      preHandler: operator,
      schema: {
        summary: 'Release a reservation, or part of it (operator)',
        description: 'Without `lines`, everything still open is released. A line may not release more than is open on it (422).',
        tags: ['reservations'],
        params: idParams,
        body: { type: 'object', properties: { lines: linesSchema }, additionalProperties: false },
        response: { 200: reservationSchema, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as { lines?: ReservationLineInput[] };
      const r = await release(store, (request.params as { id: number }).id, { actor: actorOf(request) }, { lines: reservationLinesFromApi(body.lines) });
      return reservationToApi(r);
    },
  );

  app.post(
    '/reservations/:id/fulfil',
    {
      preHandler: operator,
      schema: {
        summary: 'Fulfil a reservation, or part of it: posts the sale movements and consumes the reservation atomically (operator)',
        description: 'Without `lines`, everything still open is shipped.',
        tags: ['reservations'],
        params: idParams,
        body: {
          type: 'object',
          properties: { lines: linesSchema, occurred_at: { ...instantInputSchema, description: 'When it shipped (default: now)' } },
          additionalProperties: false,
        },
        response: { 200: fulfilResultSchema, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as { lines?: ReservationLineInput[]; occurred_at?: string };
      const r = await fulfil(store, (request.params as { id: number }).id, { actor: actorOf(request) }, {
        lines: reservationLinesFromApi(body.lines),
        occurredAt: body.occurred_at,
      });
      return { ...reservationToApi(r), movements: r.movements.map(movementToApi) };
    },
  );
}
