/**
 * Daily demand history of one SKU (GET /skus/:code/demand): what the forecasts read, units sold
 * minus returned per UTC day and location, with the stockout flag that marks a day as censored
 * (available reached 0: the demand that day is a lower bound, and the forecast treats it as
 * unknown). The web app's SKU page charts it; a planner or an outside tool can check what the plan
 * saw.
 */
import type { FastifyInstance } from 'fastify';
import { getSku } from '../../catalog/index.ts';
import { demandHistory } from '../../ledger/index.ts';
import { validationError } from '../../shared/errors.ts';
import { codeParams, errorResponses, splitList } from '../schemas.ts';

/** The longest window one request reads (the plan reads at most 1,095 days too). */
export const MAX_DEMAND_DAYS = 1095;
const DEFAULT_DAYS = 90;
const DAY_MS = 86_400_000;
const dayPattern = '^\\d{4}-\\d{2}-\\d{2}$';

const rowSchema = {
  type: 'object',
  required: ['location', 'day', 'demand', 'stockout'],
  properties: {
    location: { type: 'string' },
    day: { type: 'string', format: 'date' },
    demand: { type: 'number', description: 'Units sold minus units returned that UTC day' },
    stockout: { type: 'boolean', description: 'Available reached 0 at some point of the day, or the day began out of stock: demand is censored (a lower bound)' },
  },
} as const;

/** /skus/:code/demand. */
export async function demandRoutes(app: FastifyInstance): Promise<void> {
  const store = app.store;
  app.get(
    '/skus/:code/demand',
    {
      schema: {
        summary: 'Daily demand history of one SKU per location, with its stockout (censored) days',
        description:
          'The series the plan forecasts from: per location and UTC day, units sold minus returned and whether the day was a stockout day (censored). ' +
          `Sparse: a day not listed had no demand and stock all day. Out-of-stock days without movements are listed (demand 0, stockout true). Default window: the ${DEFAULT_DAYS} days up to \`to\` (default today, UTC); at most ${MAX_DEMAND_DAYS} days.`,
        tags: ['balances', 'skus'],
        params: codeParams,
        querystring: {
          type: 'object',
          properties: {
            location: { type: 'string', minLength: 1, maxLength: 100_000, description: 'Comma-separated location codes (default: all)' },
            from: { type: 'string', pattern: dayPattern, description: `First day, YYYY-MM-DD (default: ${DEFAULT_DAYS - 1} days before \`to\`)` },
            to: { type: 'string', pattern: dayPattern, description: 'Last day, YYYY-MM-DD (default: today, UTC)' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            required: ['sku', 'from', 'to', 'items'],
            properties: { sku: { type: 'string' }, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, items: { type: 'array', items: rowSchema } },
          },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const q = request.query as { location?: string; from?: string; to?: string };
      const sku = await getSku(store, code); // 404 for an unknown SKU rather than an empty history
      const to = q.to ?? new Date().toISOString().slice(0, 10);
      const toMs = Date.parse(`${to}T00:00:00Z`);
      if (Number.isNaN(toMs)) throw validationError(`to must be a day YYYY-MM-DD (got ${JSON.stringify(to)})`, { field: 'to' });
      const from = q.from ?? new Date(toMs - (DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
      const fromMs = Date.parse(`${from}T00:00:00Z`);
      if (Number.isNaN(fromMs)) throw validationError(`from must be a day YYYY-MM-DD (got ${JSON.stringify(from)})`, { field: 'from' });
      if (fromMs > toMs) throw validationError(`from (${from}) is after to (${to})`, { field: 'from' });
      const days = (toMs - fromMs) / DAY_MS + 1;
      if (days > MAX_DEMAND_DAYS) throw validationError(`the window from ${from} to ${to} is ${days} days; at most ${MAX_DEMAND_DAYS}`, { field: 'from' });
      const rows = await demandHistory(store, { from, to, skus: [sku.code], locations: splitList(q.location), fillStockoutGaps: true });
      return { sku: sku.code, from, to, items: rows.map((r) => ({ location: r.location, day: r.day, demand: r.demand, stockout: r.stockout === 1 })) };
    },
  );
}
