/**
 * Stock balances (on hand, reserved, available, inbound per SKU x location), lots and the FIFO
 * valuation report.
 */
import type { FastifyInstance } from 'fastify';
import { countLocations, countSkus, getSku } from '../../catalog/index.ts';
import { balanceCounts, getBalances, listLots, valuation } from '../../ledger/index.ts';
import { balanceSchema, balanceToApi, lotSchema, lotToApi, valuationSchema, valuationToApi } from '../mappers/ledger.ts';
import { codeParams, errorResponses, pageSchema, splitList } from '../schemas.ts';

const bigPaging = {
  limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100, description: 'Page size (1-10000, default 100)' },
  cursor: { type: 'string', maxLength: 2000, description: 'Opaque cursor from the previous page’s `next_cursor`' },
} as const;
const codeList = (what: string) => ({ type: 'string', minLength: 1, maxLength: 100_000, description: `Comma-separated ${what} codes` }) as const;

/** /balances, /skus/:code/balances, /lots, /reports/valuation, /reports/stock-summary. */
export async function balanceRoutes(app: FastifyInstance): Promise<void> {
  const store = app.store;

  app.get(
    '/balances',
    {
      schema: {
        summary: 'Balances per SKU and location (on hand, reserved, available, inbound), paged',
        tags: ['balances'],
        querystring: {
          type: 'object',
          properties: {
            sku: codeList('SKU'),
            location: codeList('location'),
            only_non_zero: { type: 'boolean', default: false, description: 'Skip rows where on hand, reserved and inbound are all zero' },
            out_of_stock: { type: 'boolean', default: false, description: 'Only rows with nothing on hand (on hand <= 0)' },
            ...bigPaging,
          },
          additionalProperties: false,
        },
        response: { 200: pageSchema(balanceSchema), ...errorResponses(404) },
      },
    },
    async (request) => {
      const q = request.query as { sku?: string; location?: string; only_non_zero?: boolean; out_of_stock?: boolean; limit?: number; cursor?: string };
      const page = await getBalances(store, {
        skus: splitList(q.sku),
        locations: splitList(q.location),
        onlyNonZero: q.only_non_zero,
        outOfStock: q.out_of_stock,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { items: page.items.map(balanceToApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/skus/:code/balances',
    {
      schema: {
        summary: 'Balances of one SKU at every location where it has any',
        tags: ['balances', 'skus'],
        params: codeParams,
        querystring: {
          type: 'object',
          properties: { location: codeList('location'), only_non_zero: { type: 'boolean', default: false }, ...bigPaging },
          additionalProperties: false,
        },
        response: { 200: pageSchema(balanceSchema), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const q = request.query as { location?: string; only_non_zero?: boolean; limit?: number; cursor?: string };
      await getSku(store, code); // 404 for an unknown SKU rather than an empty list
      const page = await getBalances(store, { skus: [code], locations: splitList(q.location), onlyNonZero: q.only_non_zero, limit: q.limit, cursor: q.cursor });
      return { items: page.items.map(balanceToApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/lots',
    {
      schema: {
        summary: 'FIFO cost lots (what stock on hand and in transit is made of), paged',
        tags: ['balances'],
        querystring: {
          type: 'object',
          properties: {
            sku: { type: 'string', minLength: 1, maxLength: 100 },
            location: { type: 'string', minLength: 1, maxLength: 100 },
            include_exhausted: { type: 'boolean', default: false },
            in_transit: { type: 'boolean', description: 'Only in-transit (true) or only on-hand (false) lots' },
            ...bigPaging,
          },
          additionalProperties: false,
        },
        response: { 200: pageSchema(lotSchema), ...errorResponses(404) },
      },
    },
    async (request) => {
      const q = request.query as { sku?: string; location?: string; include_exhausted?: boolean; in_transit?: boolean; limit?: number; cursor?: string };
      const page = await listLots(store, {
        sku: q.sku,
        location: q.location,
        includeExhausted: q.include_exhausted,
        inTransit: q.in_transit,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { items: page.items.map(lotToApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/reports/valuation',
    {
      schema: {
        summary: 'FIFO stock valuation: total, per location, in transit, and aging buckets',
        tags: ['reports'],
        querystring: {
          type: 'object',
          properties: { location: { type: 'string', minLength: 1, maxLength: 100, description: 'Only this location' } },
          additionalProperties: false,
        },
        response: { 200: valuationSchema, ...errorResponses(404) },
      },
    },
    async (request) => valuationToApi(await valuation(store, { location: (request.query as { location?: string }).location })),
  );

  app.get(
    '/reports/stock-summary',
    {
      schema: {
        summary: 'Counts for a dashboard, each one aggregate query: SKUs (active), locations, SKU x location balances, those with nothing on hand and with nothing available',
        description: 'What the web dashboard shows without reading every SKU and balance (a catalogue of 100,000 SKUs has hundreds of thousands of balances). The SKU x locations out of stock are listed by GET /balances?out_of_stock=true.',
        tags: ['reports'],
        querystring: { type: 'object', properties: {}, additionalProperties: false },
        response: {
          200: {
            type: 'object',
            properties: {
              skus: { type: 'integer' },
              active_skus: { type: 'integer' },
              locations: { type: 'integer' },
              active_locations: { type: 'integer' },
              pairs: { type: 'integer', description: 'SKU x location balance rows' },
              out_of_stock: { type: 'integer', description: 'Balance rows with on hand <= 0' },
              no_available: { type: 'integer', description: 'Balance rows with on hand - reserved <= 0' },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async () => {
      const [skus, counts, locations] = await Promise.all([countSkus(store), balanceCounts(store), countLocations(store)]);
      return {
        skus: skus.total,
        active_skus: skus.active,
        locations: locations.total,
        active_locations: locations.active,
        pairs: counts.pairs,
        out_of_stock: counts.outOfStock,
        no_available: counts.noAvailable,
      };
    },
  );
}
