/**
 * Route factory for a master-data resource (SKUs, locations, suppliers): paged list with filters,
 * get, create, PATCH update and atomic bulk upsert. Reads need any token; writes need `planner`.
 */
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../auth/index.ts';
import type { Executor } from '../../store/executor.ts';
import { codeParams, errorResponses, pageSchema, pagingQueryProperties } from '../schemas.ts';

/** Most rows one bulk upsert request may carry. */
export const MAX_BULK_ROWS = 10_000;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface MasterDataService<T, I, F> {
  list(ex: Executor, opts: { cursor?: string | null; limit?: number; filters?: F }): Promise<Page<T>>;
  get(ex: Executor, code: string): Promise<T>;
  create(ex: Executor, input: I): Promise<T>;
  update(ex: Executor, code: string, patch: Partial<I>): Promise<T>;
  upsert(ex: Executor, rows: I[]): Promise<{ created: number; updated: number }>;
}

export interface MasterDataConfig<T, I, F, B extends { code?: string }, Q> {
  /** Collection path, e.g. '/skus'. */
  path: string;
  /** Singular noun for summaries, e.g. 'SKU'. */
  what: string;
  /** OpenAPI tag. */
  tag: string;
  itemSchema: Record<string, unknown>;
  /** Properties of a create/upsert body (must include `code`). */
  inputProperties: Record<string, unknown> & { code: unknown };
  /** Fields required on create besides `code`. */
  requiredOnCreate: string[];
  /** Filter query parameters of the list. */
  filterProperties: Record<string, unknown>;
  toFilters(query: Q): F;
  toApi(item: T): unknown;
  fromApi(body: B, label: string): I;
  service: MasterDataService<T, I, F>;
}

/** Registers the five routes of one master-data resource on `app`. */
export function masterDataRoutes<T, I, F, B extends { code?: string }, Q>(app: FastifyInstance, c: MasterDataConfig<T, I, F, B, Q>): void {
  const store = app.store;
  const item = c.itemSchema;
  const { code: _code, ...patchProperties } = c.inputProperties;
  const inputSchema = { type: 'object', properties: c.inputProperties, additionalProperties: false };

  app.get(
    c.path,
    {
      schema: {
        summary: `List ${c.what}s (paged by code)`,
        tags: [c.tag],
        querystring: { type: 'object', properties: { ...pagingQueryProperties, ...c.filterProperties }, additionalProperties: false },
        response: { 200: pageSchema(item), ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as Q & { limit?: number; cursor?: string };
      const page = await c.service.list(store, { limit: q.limit, cursor: q.cursor, filters: c.toFilters(q) });
      return { items: page.items.map(c.toApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    `${c.path}/:code`,
    {
      schema: {
        summary: `Get one ${c.what} by code`,
        tags: [c.tag],
        params: codeParams,
        response: { 200: item, ...errorResponses(404) },
      },
    },
    async (request) => c.toApi(await c.service.get(store, (request.params as { code: string }).code)),
  );

  app.post(
    c.path,
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: `Create a ${c.what} (planner)`,
        tags: [c.tag],
        body: { ...inputSchema, required: ['code', ...c.requiredOnCreate] },
        response: { 201: item, ...errorResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const created = await c.service.create(store, c.fromApi(request.body as B, ''));
      return reply.status(201).send(c.toApi(created));
    },
  );

  app.patch(
    `${c.path}/:code`,
    {
      schema: {
        summary: `Change fields of a ${c.what} (planner); omitted fields keep their values`,
        tags: [c.tag],
        params: codeParams,
        body: { type: 'object', properties: patchProperties, additionalProperties: false, minProperties: 1 },
        response: { 200: item, ...errorResponses(403, 404) },
      },
      preHandler: requireRole('planner'),
    },
    async (request) => {
      const code = (request.params as { code: string }).code;
      const input = c.fromApi({ ...(request.body as B), code } as B, '');
      return c.toApi(await c.service.update(store, code, input));
    },
  );

  app.post(
    `${c.path}/bulk`,
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: `Create or update many ${c.what}s at once, all or nothing (planner)`,
        description: `Up to ${MAX_BULK_ROWS} rows. A new code needs ${['code', ...c.requiredOnCreate].join(', ')}; for an existing code only the fields given change.`,
        tags: [c.tag],
        body: {
          type: 'object',
          properties: { items: { type: 'array', minItems: 1, maxItems: MAX_BULK_ROWS, items: { ...inputSchema, required: ['code'] } } },
          required: ['items'],
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { created: { type: 'integer' }, updated: { type: 'integer' } } },
          ...errorResponses(403, 404),
        },
      },
    },
    async (request) => {
      const rows = (request.body as { items: B[] }).items.map((b, i) => c.fromApi(b, `items[${i}].`));
      return c.service.upsert(store, rows);
    },
  );
}
