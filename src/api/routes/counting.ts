/**
 * Cycle-count routes under /counts: sessions (start, blind count sheet, entries, approve, post,
 * cancel), the ABC count plan (due list, class frequencies, ABC classes) and inventory record
 * accuracy. Blind counting: while a blind session is open, its expected quantities and variances
 * are shown only to `planner` and above (GET /counts/:number); counters use the sheet
 * (GET /counts/:number/sheet), which never carries them. Shapes in ../mappers/counting.ts; work in
 * src/counting.
 */
import type { FastifyInstance } from 'fastify';
import { requireRole, roleAtLeast } from '../../auth/index.ts';
import * as counting from '../../counting/index.ts';
import { AppError } from '../../shared/errors.ts';
import { formatMoney, moneyInputSchema, moneyOutputSchema, parseMoney } from '../money.ts';
import {
  code,
  day,
  instant,
  numberParams,
  SESSION_STATUSES,
  countSchema,
  countSummarySchema,
  sheetSchema,
  countToApi,
  sheetToApi,
  ctxOf,
  numberOf,
  todayOf,
} from '../mappers/counting.ts';
import { errorResponses, pageSchema, pagingQueryProperties } from '../schemas.ts';

/** Registers the /counts routes. */
export async function countingRoutes(app: FastifyInstance): Promise<void> {
  const store = app.store;

  app.get(
    '/counts',
    {
      schema: {
        summary: 'List count sessions (oldest first; without lines)',
        tags: ['counts'],
        querystring: { type: 'object', properties: { ...pagingQueryProperties, location: code, status: { type: 'string', enum: SESSION_STATUSES } }, additionalProperties: false },
        response: { 200: pageSchema(countSummarySchema), ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as { limit?: number; cursor?: string; location?: string; status?: any };
      const page = await counting.listCounts(store, { limit: q.limit, cursor: q.cursor, filters: { location: q.location, status: q.status } });
      return {
        items: page.items.map((s) => {
          const { lines: _l, ...rest } = countToApi({ ...s, lines: [] });
          return rest;
        }),
        next_cursor: page.nextCursor,
      };
    },
  );

  app.post(
    '/counts',
    {
      preHandler: requireRole('operator'),
      schema: {
        summary: 'Start a count session at a location, snapshotting on hand (operator)',
        description:
          'Give `skus`, or `due: true` to take the SKUs due by the ABC count plan on `today`. Refused: a SKU the location does not stock ' +
          '(422 SKU_NOT_STOCKED), a SKU already in another open count there (409 SKU_IN_OPEN_COUNT).',
        tags: ['counts'],
        body: {
          type: 'object',
          properties: {
            number: code,
            location: code,
            skus: { type: 'array', minItems: 1, maxItems: 10_000, items: code },
            due: { type: 'boolean' },
            today: day,
            blind: { type: 'boolean', description: 'Hide expected quantities from counters (default true)' },
            tolerance_units: { type: 'integer', minimum: 0, description: 'IRA tolerance in units (default 0)' },
            tolerance_pct: { type: 'number', minimum: 0, maximum: 100, description: 'IRA tolerance in % of expected (default 0)' },
            approval_units: { type: ['integer', 'null'], minimum: 0, description: 'A variance above this many units needs a second person' },
            approval_value: { ...moneyInputSchema, type: ['string', 'number', 'null'], description: 'A variance worth more than this needs a second person' },
            note: { type: ['string', 'null'], maxLength: 1000 },
          },
          required: ['location'],
          additionalProperties: false,
        },
        response: { 201: sheetSchema, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body as {
        number?: string;
        location: string;
        skus?: string[];
        due?: boolean;
        today?: string;
        blind?: boolean;
        tolerance_units?: number;
        tolerance_pct?: number;
        approval_units?: number | null;
        approval_value?: string | number | null;
        note?: string | null;
      };
      const s = await counting.startCount(
        store,
        {
          number: b.number,
          location: b.location,
          skus: b.skus,
          due: b.due,
          today: b.due ? todayOf(b) : b.today,
          blind: b.blind,
          toleranceUnits: b.tolerance_units,
          tolerancePct: b.tolerance_pct,
          approvalUnits: b.approval_units,
          approvalValue: b.approval_value === undefined || b.approval_value === null ? null : parseMoney(b.approval_value, 'approval_value'),
          note: b.note,
        },
        ctxOf(request),
      );
      return reply.status(201).send(sheetToApi(s));
    },
  );

  app.get(
    '/counts/due',
    {
      schema: {
        summary: 'SKUs due for a cycle count at a location (ABC class frequency)',
        tags: ['counts'],
        querystring: { type: 'object', properties: { location: code, today: day }, required: ['location'], additionalProperties: false },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: { type: 'object', properties: { sku: { type: 'string' }, abc_class: { type: 'string' }, interval_days: { type: 'integer' }, last_counted_day: { type: ['string', 'null'] } } },
              },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const q = request.query as { location: string; today?: string };
      const due = await counting.dueForCount(store, { location: q.location, today: todayOf(q) });
      return { items: due.map((d) => ({ sku: d.sku, abc_class: d.abcClass, interval_days: d.intervalDays, last_counted_day: d.lastCountedDay })) };
    },
  );

  app.get(
    '/counts/accuracy',
    {
      schema: {
        summary: 'Inventory record accuracy (share of counted lines within tolerance) per location, optionally per month',
        tags: ['counts'],
        querystring: { type: 'object', properties: { location: code, from: day, to: day, by_month: { type: 'boolean' } }, additionalProperties: false },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { location: { type: 'string' }, period: { type: ['string', 'null'] }, counted: { type: 'integer' }, within_tolerance: { type: 'integer' }, ira: { type: ['number', 'null'] } },
                },
              },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const q = request.query as { location?: string; from?: string; to?: string; by_month?: boolean };
      const rows = await counting.inventoryRecordAccuracy(store, { location: q.location, from: q.from, to: q.to, byMonth: q.by_month });
      return { items: rows.map((r) => ({ location: r.location, period: r.period, counted: r.counted, within_tolerance: r.withinTolerance, ira: r.ira })) };
    },
  );

  const freqSchema = { type: 'object', additionalProperties: { type: 'integer' }, description: 'Days between counts per ABC class, e.g. {"A":30,"B":91,"C":365}' } as const;
  app.get(
    '/counts/frequencies',
    { schema: { summary: 'Count interval (days) per ABC class', tags: ['counts'], response: { 200: freqSchema, ...errorResponses() } } },
    async () => counting.getCountFrequencies(store),
  );
  app.put(
    '/counts/frequencies',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Set count intervals for some ABC classes (planner)',
        tags: ['counts'],
        body: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Z]$' }, additionalProperties: { type: 'integer', minimum: 1, maximum: 3650 } },
        response: { 200: freqSchema, ...errorResponses(403) },
      },
    },
    async (request) => counting.setCountFrequencies(store, request.body as Record<string, number>, ctxOf(request)),
  );

  app.post(
    '/counts/abc-classes/compute',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Recompute every SKU’s ABC class from demand history x unit cost (planner)',
        tags: ['counts'],
        body: {
          type: ['object', 'null'],
          properties: {
            today: day,
            days: { type: 'integer', minimum: 1, maximum: 3660, description: 'History window (default 365)' },
            a_share: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Cumulative value share closing A (default 0.8)' },
            b_share: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Cumulative value share closing B (default 0.95)' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: { type: 'object', properties: { sku: { type: 'string' }, abc_class: { type: 'string' }, annual_value: moneyOutputSchema, cumulative_share: { type: 'number' } } },
              },
            },
          },
          ...errorResponses(403),
        },
      },
    },
    async (request) => {
      const b = (request.body ?? {}) as { today?: string; days?: number; a_share?: number; b_share?: number };
      const r = await counting.computeAbcClasses(store, { today: todayOf(b), days: b.days, aShare: b.a_share, bShare: b.b_share });
      return { items: r.map((x) => ({ sku: x.key, abc_class: x.abcClass, annual_value: formatMoney(Math.round(x.value)), cumulative_share: x.cumulativeShare })) };
    },
  );

  app.put(
    '/counts/abc-classes',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Set ABC classes of SKUs directly (planner)',
        tags: ['counts'],
        body: {
          type: 'object',
          properties: {
            classes: {
              type: 'array',
              minItems: 1,
              maxItems: 100_000,
              items: { type: 'object', properties: { sku: code, abc_class: { type: 'string', pattern: '^[A-Z]$' } }, required: ['sku', 'abc_class'], additionalProperties: false },
            },
          },
          required: ['classes'],
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { updated: { type: 'integer' } } }, ...errorResponses(403, 404) },
      },
    },
    async (request) => {
      const b = request.body as { classes: { sku: string; abc_class: string }[] };
      return { updated: await counting.setAbcClasses(store, b.classes.map((c) => ({ sku: c.sku, abcClass: c.abc_class }))) };
    },
  );

  app.get(
    '/counts/:number',
    {
      schema: {
        summary: 'A count with expected quantities and variances (planner while a blind count is open)',
        tags: ['counts'],
        params: numberParams,
        response: { 200: countSchema, ...errorResponses(403, 404) },
      },
    },
    async (request) => {
      const s = await counting.getCount(store, numberOf(request));
      const role = request.principal?.role;
      if (s.blind && s.status === 'open' && (!role || !roleAtLeast(role, 'planner'))) {
        throw new AppError('FORBIDDEN', `count ${s.number} is blind and open: its expected quantities need the planner role; counters use GET /counts/${s.number}/sheet`, {
          status: 403,
          details: { required_role: 'planner', role },
        });
      }
      return countToApi(s);
    },
  );

  app.get(
    '/counts/:number/sheet',
    { schema: { summary: 'The count sheet for counters: SKUs to count, never the expected quantity', tags: ['counts'], params: numberParams, response: { 200: sheetSchema, ...errorResponses(404) } } },
    async (request) => sheetToApi(await counting.getCount(store, numberOf(request))),
  );

  app.post(
    '/counts/:number/entries',
    {
      preHandler: requireRole('operator'),
      schema: {
        summary: 'Record physical counts (operator); counting a line again replaces its count',
        tags: ['counts'],
        params: numberParams,
        body: {
          type: 'object',
          properties: {
            lines: {
              type: 'array',
              minItems: 1,
              maxItems: 10_000,
              items: {
                type: 'object',
                properties: {
                  sku: code,
                  counted_qty: { type: 'integer', minimum: 0 },
                  counted_at: { ...instant, description: 'When the shelf was counted (default now); movements up to it are netted' },
                  note: { type: ['string', 'null'], maxLength: 1000 },
                },
                required: ['sku', 'counted_qty'],
                additionalProperties: false,
              },
            },
          },
          required: ['lines'],
          additionalProperties: false,
        },
        response: { 200: sheetSchema, ...errorResponses(403, 404, 422) },
      },
    },
    async (request) => {
      const b = request.body as { lines: { sku: string; counted_qty: number; counted_at?: string; note?: string | null }[] };
      const v = await counting.recordCounts(store, numberOf(request), b.lines.map((l) => ({ sku: l.sku, countedQty: l.counted_qty, countedAt: l.counted_at, note: l.note })), ctxOf(request));
      return sheetToApi(v);
    },
  );

  app.post(
    '/counts/:number/approve',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Approve variances above the threshold as a second person (planner); approving twice is a 409',
        tags: ['counts'],
        params: numberParams,
        body: { type: ['object', 'null'], properties: { skus: { type: 'array', minItems: 1, items: code } }, additionalProperties: false },
        response: { 200: countSchema, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (request) => countToApi(await counting.approveCount(store, numberOf(request), ctxOf(request), { skus: (request.body as { skus?: string[] } | null)?.skus })),
  );

  app.post(
    '/counts/:number/post',
    {
      preHandler: requireRole('operator'),
      schema: {
        summary: 'Post the count: variances become count_correction movements (operator); refused while an approval is missing',
        tags: ['counts'],
        params: numberParams,
        body: { type: ['object', 'null'], properties: { reason: { type: 'string', minLength: 1, maxLength: 200, description: "Default 'cycle_count'" } }, additionalProperties: false },
        response: { 200: countSchema, ...errorResponses(403, 404, 422) },
      },
    },
    async (request) => countToApi(await counting.postCount(store, numberOf(request), ctxOf(request), { reason: (request.body as { reason?: string } | null)?.reason })),
  );

  app.post(
    '/counts/:number/cancel',
    { preHandler: requireRole('operator'), schema: { summary: 'Cancel an open count (operator)', tags: ['counts'], params: numberParams, response: { 200: sheetSchema, ...errorResponses(403, 404, 422) } } },
    async (request) => sheetToApi(await counting.cancelCount(store, numberOf(request), ctxOf(request))),
  );
}
