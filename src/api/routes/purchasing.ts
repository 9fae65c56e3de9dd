/**
 * Purchasing routes: /purchase-orders (create by hand, from CSV, from plan suggestions; place,
 * cancel, close; list with late flags), /receipts (receive a delivery against a PO), /transfers
 * (draft -> shipped -> received) and GET /suppliers/:code/lead-time (lead-time statistics).
 * JSON is snake_case; money is a decimal string in currency units. Reads need any token; POs need
 * `planner`; receipts and transfers need `operator`. Shapes in ../mappers/purchasing.ts; work in
 * src/purchasing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireRole } from '../../auth/index.ts';
import * as purchasing from '../../purchasing/index.ts';
import {
  code,
  day,
  instant,
  text,
  qty,
  todayQuery,
  STATUSES,
  poSchema,
  receiptSchema,
  transferSchema,
  leadTimeSchema,
  poToApi,
  receiptToApi,
  transferToApi,
  summaryToApi,
  crossingToApi,
  openFitToApi,
  openOrdersToApi,
  todayOf,
  ctxOf,
  optMoney,
  poInput,
  poLineInput,
  suggestionsInput,
  receiptInput,
  skuQtyLines,
  numberParams,
  reasonBody,
  PoLineBody,
  poLineFromApi,
} from '../mappers/purchasing.ts';
import { codeParams, errorResponses, idParams, pageSchema, pagingQueryProperties } from '../schemas.ts';
import { formatMoney, moneyOutputSchema } from '../money.ts';

/** Registers the purchasing routes. */
export async function purchasingRoutes(app: FastifyInstance): Promise<void> {
  const store = app.store;
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get(
    '/purchase-orders',
    {
      schema: {
        summary: 'List purchase orders (oldest first, or newest first with order=newest), with late and stale flags',
        tags: ['purchasing'],
        querystring: {
          type: 'object',
          properties: {
            ...pagingQueryProperties,
            status: { type: 'string', enum: STATUSES },
            supplier: code,
            sku: { ...code, description: 'POs holding this SKU' },
            late: { type: 'boolean', description: 'Only open POs with (true) / without (false) a late line' },
            stale: { type: 'boolean', description: "Only open POs older than their supplier's stale threshold and drafts not placed 7 days after their creation (true), or every other PO (false)" },
            placed_from: { ...day, description: 'Only POs placed on or after this day (drafts are never placed)' },
            placed_to: { ...day, description: 'Only POs placed on or before this day' },
            today: todayQuery,
            order: { type: 'string', enum: ['oldest', 'newest'], default: 'oldest', description: 'oldest first (default) or newest first; keep it across the pages of one listing' },
          },
          additionalProperties: false,
        },
        response: { 200: pageSchema(poSchema), ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as { limit?: number; cursor?: string; status?: any; supplier?: string; sku?: string; late?: boolean; stale?: boolean; placed_from?: string; placed_to?: string; today?: string; order?: 'oldest' | 'newest' };
      const page = await purchasing.listPurchaseOrders(store, {
        limit: q.limit,
        cursor: q.cursor,
        order: q.order,
        filters: { status: q.status, supplier: q.supplier, sku: q.sku, late: q.late, stale: q.stale, placedFrom: q.placed_from, placedTo: q.placed_to, today: todayOf(q) },
      });
      return { items: page.items.map(poToApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/purchase-orders/:number',
    {
      schema: {
        summary: 'One purchase order with its lines',
        tags: ['purchasing'],
        params: numberParams,
        querystring: { type: 'object', properties: { today: todayQuery }, additionalProperties: false },
        response: { 200: poSchema, ...errorResponses(404) },
      },
    },
    async (request) => poToApi(await purchasing.getPurchaseOrder(store, (request.params as { number: string }).number, { today: todayOf(request.query as { today?: string }) })),
  );

  app.get(
    '/purchase-orders/:number/csv',
    {
      schema: {
        summary: 'One purchase order as CSV (to send its supplier, or to re-import with POST /purchase-orders/import)',
        description:
          'The columns of the PO CSV import `po_number,supplier,sku,location,quantity,unit_cost,expected_date,placed_day,received_day`, ' +
          'one row per line (unit_cost in currency units). A draft has no placed_day; a placed PO has its placed_day; a delivered line ' +
          'has one row per delivery day with its received_day, and a partly received line one more row, without received_day, for what ' +
          'is still open; a cancelled PO has no rows. Sent as an attachment named after the PO.',
        tags: ['purchasing'],
        params: numberParams,
        response: { 200: { description: 'CSV text', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const number = (request.params as { number: string }).number;
      const po = await purchasing.getPurchaseOrder(store, number);
      const csv = await purchasing.purchaseOrdersCsv(store, [po]);
      const file = `${number.replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(csv);
    },
  );

  app.post(
    '/purchase-orders',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Create a purchase order by hand (planner); a draft unless `place` is true',
        tags: ['purchasing'],
        body: poInput,
        response: { 201: poSchema, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body as { number?: string; supplier: string; note?: string | null; place?: boolean; lines: PoLineBody[] };
      const ctx = ctxOf(request);
      const po = await purchasing.createPurchaseOrder(store, { number: b.number, supplier: b.supplier, note: b.note, lines: b.lines.map(poLineFromApi) }, ctx);
      const out = b.place ? await purchasing.placePurchaseOrder(store, po.number, ctx) : po;
      return reply.status(201).send(poToApi(out));
    },
  );

  app.patch(
    '/purchase-orders/:number',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Edit a draft purchase order: its note and/or all its lines (planner)',
        description: 'Only a draft can change (422 PO_NOT_DRAFT). `lines` replaces every line. On a PO from plan suggestions, a line ordered at another quantity than suggested needs `reason`.',
        tags: ['purchasing'],
        params: numberParams,
        body: {
          type: 'object',
          minProperties: 1,
          properties: {
            note: text,
            lines: { type: 'array', minItems: 1, maxItems: 10_000, items: { ...poLineInput, properties: { ...poLineInput.properties, reason: text } } },
          },
          additionalProperties: false,
        },
        response: { 200: poSchema, ...errorResponses(403, 404, 422) },
      },
    },
    async (request) => {
      const b = request.body as { note?: string | null; lines?: (PoLineBody & { reason?: string | null })[] };
      const lines = b.lines?.map((l, i) => ({ ...poLineFromApi(l, i), reason: l.reason }));
      return poToApi(await purchasing.updatePurchaseOrder(store, (request.params as { number: string }).number, { note: b.note, lines }, ctxOf(request)));
    },
  );

  app.post(
    '/purchase-orders/from-suggestions',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: "Create a draft purchase order from a plan's suggestions (planner)",
        description: 'Each line keeps the suggested quantity; a line ordered at another quantity needs a reason, stored with the author.',
        tags: ['purchasing'],
        body: suggestionsInput,
        response: { 201: poSchema, ...errorResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body as { number?: string; supplier: string; note?: string | null; lines: (PoLineBody & { suggested_qty: number; reason?: string | null })[] };
      const po = await purchasing.createPurchaseOrderFromSuggestions(
        store,
        { number: b.number, supplier: b.supplier, note: b.note, lines: b.lines.map((l, i) => ({ ...poLineFromApi(l, i), suggestedQty: l.suggested_qty, reason: l.reason })) },
        ctxOf(request),
      );
      return reply.status(201).send(poToApi(po));
    },
  );

  app.post(
    '/purchase-orders/import',
    {
      preHandler: requireRole('planner'),
      schema: {
        summary: 'Import purchase orders from CSV, all or nothing (planner)',
        description:
          'Body: `text/csv` with header `po_number,supplier,sku,location,quantity,unit_cost,expected_date` (unit_cost in currency units, ' +
          'empty = the SKU cost; expected_date YYYY-MM-DD or empty), or JSON `{ "csv": "..." }`. Rows sharing a po_number form one PO. ' +
          'Optional `placed_day` and `received_day` import PO history: rows with a received_day are deliveries (recorded with their receipts and lead times, nothing posted to stock: the PO is received, or partially received when it also has rows without received_day, which are in transit); a PO with a placed_day and no received_day is placed as of that day. GET /purchase-orders/{number}/csv writes this format. ' +
          "A bad file is a 400 whose `details.errors` lists every bad row's `line` (the header is line 1), `column` and `reason`.",
        tags: ['purchasing'],
        querystring: { type: 'object', properties: { place: { type: 'boolean', description: 'Place the imported POs (default: drafts)' } }, additionalProperties: false },
        response: { 201: { type: 'object', properties: { created: { type: 'integer' }, purchase_orders: { type: 'array', items: poSchema } } }, ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      const body = request.body as string | { csv?: string } | undefined;
      const csv = typeof body === 'string' ? body : typeof body?.csv === 'string' ? body.csv : '';
      const created = await purchasing.importPurchaseOrdersCsv(store, csv, ctxOf(request), { place: (request.query as { place?: boolean }).place === true });
      return reply.status(201).send({ created: created.length, purchase_orders: created.map(poToApi) });
    },
  );

  for (const [action, fn, what] of [
    ['place', (n: string, r: FastifyRequest) => purchasing.placePurchaseOrder(store, n, ctxOf(r)), 'Place a draft PO: its quantities become inbound'],
    ['cancel', (n: string, r: FastifyRequest) => purchasing.cancelPurchaseOrder(store, n, ctxOf(r), { reason: (r.body as { reason?: string } | null)?.reason }), 'Cancel a draft or placed PO (nothing received yet); open quantity stops being inbound'],
    ['close', (n: string, r: FastifyRequest) => purchasing.closePurchaseOrder(store, n, ctxOf(r), { reason: (r.body as { reason?: string } | null)?.reason }), 'Close a placed or partially received PO, giving up the rest'],
  ] as const) {
    app.post(
      `/purchase-orders/:number/${action}`,
      {
        preHandler: requireRole('planner'),
        schema: {
          summary: `${what} (planner)`,
          tags: ['purchasing'],
          params: numberParams,
          body: reasonBody,
          response: { 200: poSchema, ...errorResponses(403, 404, 422) },
        },
      },
      async (request) => poToApi(await fn((request.params as { number: string }).number, request)),
    );
  }

  app.post(
    '/receipts',
    {
      preHandler: requireRole('operator'),
      schema: {
        summary: 'Receive a delivery against a purchase order (operator)',
        description:
          'Good units are posted as receipts (FIFO lots at the PO unit cost); damaged units are recorded only; lines not on the PO are ' +
          'recorded as unexpected and posted only with `accept: true`. Delivering beyond the supplier’s receipt tolerance is a 422 ' +
          'OVER_RECEIPT; the same supplier delivery_ref twice is a 409 DUPLICATE_DELIVERY. The lead time (placed -> received) is recorded.',
        tags: ['purchasing'],
        body: receiptInput,
        response: { 201: receiptSchema, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body as {
        po: string;
        delivery_ref: string;
        received_at?: string;
        close?: boolean;
        note?: string | null;
        lines: { sku: string; location?: string; quantity: number; damaged?: number; accept?: boolean; unit_cost?: string | number; note?: string | null }[];
      };
      const receipt = await purchasing.receivePurchaseOrder(
        store,
        {
          po: b.po,
          deliveryRef: b.delivery_ref,
          receivedAt: b.received_at,
          close: b.close,
          note: b.note,
          lines: b.lines.map((l, i) => ({ sku: l.sku, location: l.location, quantity: l.quantity, damaged: l.damaged, accept: l.accept, unitCost: optMoney(l.unit_cost, `lines[${i}].unit_cost`), note: l.note })),
        },
        ctxOf(request),
      );
      return reply.status(201).send(receiptToApi(receipt));
    },
  );

  app.get(
    '/receipts',
    {
      schema: {
        summary: 'List receipts (oldest first)',
        tags: ['purchasing'],
        querystring: {
          type: 'object',
          properties: { ...pagingQueryProperties, po: code, supplier: code, unexpected: { type: 'boolean', description: 'Only receipts with unexpected lines' } },
          additionalProperties: false,
        },
        response: { 200: pageSchema(receiptSchema), ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as { limit?: number; cursor?: string; po?: string; supplier?: string; unexpected?: boolean };
      const page = await purchasing.listReceipts(store, { limit: q.limit, cursor: q.cursor, filters: { po: q.po, supplier: q.supplier, unexpected: q.unexpected } });
      return { items: page.items.map(receiptToApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/receipts/:id',
    { schema: { summary: 'One receipt', tags: ['purchasing'], params: idParams, response: { 200: receiptSchema, ...errorResponses(404) } } },
    async (request) => receiptToApi(await purchasing.getReceipt(store, (request.params as { id: number }).id)),
  );

  app.get(
    '/suppliers/:code/lead-time',
    {
      schema: {
        summary: "A supplier's observed lead times: mean, sd, n overall (per receipt) and per SKU, and whether its orders overtake each other",
        tags: ['purchasing'],
        params: codeParams,
        querystring: { type: 'object', properties: { sku: code, from: day, to: day }, additionalProperties: false },
        response: { 200: leadTimeSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const q = request.query as { sku?: string; from?: string; to?: string };
      const s = await purchasing.leadTimeStats(store, (request.params as { code: string }).code, q);
      return { supplier: s.supplier, default_lead_time_days: s.defaultLeadTimeDays, overall: summaryToApi(s.overall), open_orders: openOrdersToApi(s.openOrders), by_sku: s.bySku.map((x) => ({ sku: x.sku, ...summaryToApi(x), open_orders: openFitToApi(x.openOrders) })), crossing: crossingToApi(s.crossing) };
    },
  );

  app.get(
    '/suppliers/:code/lead-time/history',
    {
      schema: {
        summary: "A supplier's lead-time observations (oldest first): one per SKU per receipt",
        tags: ['purchasing'],
        params: codeParams,
        querystring: { type: 'object', properties: { sku: code, limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 } }, additionalProperties: false },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    sku: { type: 'string' },
                    po: { type: 'string' },
                    receipt_id: { type: 'integer' },
                    placed_day: day,
                    received_day: day,
                    lead_time_days: { type: 'integer' },
                  },
                },
              },
            },
          },
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const supplier = (request.params as { code: string }).code;
      const q = request.query as { sku?: string; limit?: number };
      const rows = await purchasing.leadTimeHistory(store, { supplier, sku: q.sku, limit: q.limit });
      return { items: rows.map((r) => ({ sku: r.sku, po: r.po, receipt_id: r.receiptId, placed_day: r.placedDay, received_day: r.receivedDay, lead_time_days: r.leadTimeDays })) };
    },
  );

  // ---- commitments ----

  const bucketSchema = {
    type: 'object',
    properties: { value: moneyOutputSchema, units: { type: 'integer' }, pos: { type: 'integer', description: 'Purchase orders with a line in it' } },
  } as const;
  const bucketToApi = (b: purchasing.CommitmentBucket) => ({ value: formatMoney(b.value), units: b.units, pos: b.pos });
  const kindsSchema = { type: 'object', properties: { open: bucketSchema, draft: bucketSchema, payable: bucketSchema } } as const;
  const kindsToApi = (k: Record<purchasing.CommitmentKind, purchasing.CommitmentBucket>) => ({ open: bucketToApi(k.open), draft: bucketToApi(k.draft), payable: bucketToApi(k.payable) });
  app.get(
    '/commitments',
    {
      schema: {
        summary: 'Cash committed to stock still to come, by week of expected arrival or of payment: open POs, drafts and (by payment) received units not paid yet',
        description:
          "basis=arrival (default): open POs (placed, partially received): each line's open quantity at its unit cost, on its expected date, else the PO's placed day + the supplier's default lead time; a day already passed is `overdue`. " +
          "Drafts: every line, on its expected date when after today, else today + the supplier's default lead time. " +
          "basis=payment: the same orders under each supplier's payment terms (`deposit_pct` paid on placing, the rest `payment_terms_days` after delivery): an open line's deposit is already paid, its rest due on arrival (today at the earliest) + the terms; a draft's deposit is due today, its rest on arrival + the terms; `payable`: units received whose rest is not due yet (received day + terms >= today). Payments are not recorded (a balance counts as paid on its due day); units count on the balance; `overdue` stays empty. " +
          "Weeks are ISO weeks (Monday first) from the one holding `today`; what comes after the last is `later`.",
        tags: ['purchasing'],
        querystring: {
          type: 'object',
          properties: {
            today: todayQuery,
            weeks: { type: 'integer', minimum: 1, maximum: 104, default: 13, description: 'Weeks shown (default 13, a quarter)' },
            basis: { type: 'string', enum: ['arrival', 'payment'], default: 'arrival', description: 'Bucket by expected arrival (default) or by when the money is paid (payment terms)' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              today: { type: 'string' },
              basis: { type: 'string', enum: ['arrival', 'payment'] },
              weeks: { type: 'array', items: { type: 'object', properties: { week_start: { type: 'string', description: 'Monday of the week' }, open: bucketSchema, draft: bucketSchema, payable: bucketSchema } } },
              overdue: bucketSchema,
              later: kindsSchema,
              total: kindsSchema,
            },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const q = request.query as { today?: string; weeks?: number; basis?: purchasing.CommitmentBasis };
      const c = await purchasing.commitments(store, { today: todayOf(q), weeks: q.weeks, basis: q.basis });
      return {
        today: c.today,
        basis: c.basis,
        weeks: c.weeks.map((w) => ({ week_start: w.weekStart, ...kindsToApi(w) })),
        overdue: bucketToApi(c.overdue),
        later: kindsToApi(c.later),
        total: kindsToApi(c.total),
      };
    },
  );

  // ---- transfers ----

  app.get(
    '/transfers',
    {
      schema: {
        summary: 'List transfers (oldest first, or newest first with order=newest), with the drafts\' age and stale flag',
        tags: ['transfers'],
        querystring: {
          type: 'object',
          properties: {
            ...pagingQueryProperties,
            status: { type: 'string', enum: ['draft', 'shipped', 'received', 'cancelled'] },
            from: code,
            to: code,
            today: todayQuery,
            order: { type: 'string', enum: ['oldest', 'newest'], default: 'oldest', description: 'oldest first (default) or newest first; keep it across the pages of one listing' },
          },
          additionalProperties: false,
        },
        response: { 200: pageSchema(transferSchema), ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query as { limit?: number; cursor?: string; status?: any; from?: string; to?: string; today?: string; order?: 'oldest' | 'newest' };
      const page = await purchasing.listTransfers(store, { limit: q.limit, cursor: q.cursor, order: q.order, filters: { status: q.status, from: q.from, to: q.to, today: todayOf(q) } });
      return { items: page.items.map(transferToApi), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/transfers/:number',
    {
      schema: {
        summary: 'One transfer',
        tags: ['transfers'],
        params: numberParams,
        querystring: { type: 'object', properties: { today: todayQuery }, additionalProperties: false },
        response: { 200: transferSchema, ...errorResponses(404) },
      },
    },
    async (request) => transferToApi(await purchasing.getTransfer(store, (request.params as { number: string }).number, { today: todayOf(request.query as { today?: string }) })),
  );

  app.post(
    '/transfers',
    {
      preHandler: requireRole('operator'),
      schema: {
        summary: 'Create a draft transfer between two locations (operator)',
        tags: ['transfers'],
        body: {
          type: 'object',
          properties: {
            number: code,
            from: code,
            to: code,
            note: text,
            lines: { ...skuQtyLines, items: { ...skuQtyLines.items, properties: { sku: code, quantity: qty } } },
          },
          required: ['from', 'to', 'lines'],
          additionalProperties: false,
        },
        response: { 201: transferSchema, ...errorResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body as { number?: string; from: string; to: string; note?: string | null; lines: { sku: string; quantity: number }[] };
      return reply.status(201).send(transferToApi(await purchasing.createTransfer(store, b, ctxOf(request))));
    },
  );

  const stepBody = (at: string) =>
    ({
      type: ['object', 'null'],
      properties: { lines: { ...skuQtyLines, description: 'Quantities per SKU (omitted SKUs: the full quantity)' }, [at]: { ...instant, description: 'Default: now' } },
      additionalProperties: false,
    }) as const;

  app.post(
    '/transfers/:number/ship',
    {
      preHandler: requireRole('operator'),
      schema: {
        summary: 'Ship a draft transfer: stock leaves the origin and is in transit (inbound) at the destination (operator)',
        tags: ['transfers'],
        params: numberParams,
        body: stepBody('shipped_at'),
        response: { 200: transferSchema, ...errorResponses(403, 404, 422) },
      },
    },
    async (request) => {
      const b = (request.body ?? {}) as { lines?: { sku: string; quantity: number }[]; shipped_at?: string };
      return transferToApi(await purchasing.shipTransfer(store, (request.params as { number: string }).number, ctxOf(request), { lines: b.lines, shippedAt: b.shipped_at }));
    },
  );

  app.post(
    '/transfers/:number/receive',
    {
      preHandler: requireRole('operator'),
      schema: {
        summary: 'Receive a shipped transfer; a shortfall is recorded as a discrepancy and written off as transfer_loss (operator)',
        tags: ['transfers'],
        params: numberParams,
        body: stepBody('received_at'),
        response: { 200: transferSchema, ...errorResponses(403, 404, 422) },
      },
    },
    async (request) => {
      const b = (request.body ?? {}) as { lines?: { sku: string; quantity: number }[]; received_at?: string };
      return transferToApi(await purchasing.receiveTransfer(store, (request.params as { number: string }).number, ctxOf(request), { lines: b.lines, receivedAt: b.received_at }));
    },
  );

  app.post(
    '/transfers/:number/cancel',
    {
      preHandler: requireRole('operator'),
      schema: { summary: 'Cancel a draft transfer (operator)', tags: ['transfers'], params: numberParams, response: { 200: transferSchema, ...errorResponses(403, 404, 422) } },
    },
    async (request) => transferToApi(await purchasing.cancelTransfer(store, (request.params as { number: string }).number, ctxOf(request))),
  );
}
