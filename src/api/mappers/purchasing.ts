/**
 * Purchasing's API shapes: JSON schemas (snake_case, money as decimal strings) and the mapping
 * between them and the purchasing module's camelCase objects (money in micro-units).
 */
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../auth/index.ts';
import type { CrossingEvidence } from '../../engine/policy/order-crossover.ts';
import type { LeadTimeStats, LeadTimeSummaryOut, PurchaseOrder, Receipt, Transfer } from '../../purchasing/index.ts';
import { formatMoney, moneyInputSchema, moneyOutputSchema, parseMoney } from '../money.ts';
import { code, day, instant, nullableDay, nullableInstant, nullableText, numberParams } from '../schemas.ts';

export { code, day, instant, nullableDay, nullableInstant, nullableText, numberParams };
export const text = { type: ['string', 'null'], maxLength: 1000 } as const;
export const qty = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
export const qty0 = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
export const todayQuery = { ...day, description: "Business day the late flags are computed against (default: the server's current UTC day)" } as const;

export const STATUSES = ['draft', 'placed', 'partially_received', 'received', 'closed', 'cancelled'] as const;

// ---- response schemas ----

export const poLineSchema = {
  type: 'object',
  properties: {
    line_no: { type: 'integer' },
    sku: { type: 'string' },
    location: { type: 'string' },
    quantity: { type: 'integer' },
    unit_cost: moneyOutputSchema,
    expected_date: nullableDay,
    received_qty: { type: 'integer', description: 'Good units received (posted to stock)' },
    damaged_qty: { type: 'integer', description: 'Damaged units delivered (recorded, never sellable stock)' },
    open_qty: { type: 'integer', description: 'Units still inbound' },
    late: { type: 'boolean', description: 'Open quantity and expected date before today' },
    suggested_qty: { type: ['integer', 'null'], description: 'From a plan: the suggested quantity' },
    override_reason: nullableText,
    override_by: nullableText,
  },
} as const;

export const poSchema = {
  type: 'object',
  properties: {
    number: { type: 'string' },
    supplier: { type: 'string' },
    status: { type: 'string', enum: STATUSES },
    source: { type: 'string', enum: ['manual', 'csv', 'plan'] },
    note: nullableText,
    created_by: { type: 'string' },
    created_at: instant,
    updated_at: instant,
    placed_at: nullableInstant,
    placed_by: nullableText,
    ended_at: nullableInstant,
    ended_by: nullableText,
    end_reason: nullableText,
    late: { type: 'boolean' },
    open_days: { type: ['integer', 'null'], description: 'Days since it was placed, for an open PO (placed or partially received) as of `today`' },
    draft_days: { type: ['integer', 'null'], description: 'Days since it was created, for a draft, as of `today`' },
    stale: { type: 'boolean', description: "Open longer than stale_after_days: most likely a record to close (or a supplier to chase), though the plan still counts its open lines as inbound. A draft: not placed stale_after_days after it was created; plan runs count a draft's lines as inbound, so it hides its need until placed or cancelled" },
    stale_after_days: { type: ['integer', 'null'], description: "Its supplier's stale threshold: 2 x the longer of its longest lead time received and its default lead time; for a draft 7 days (one weekly review cycle)" },
    total_quantity: { type: 'integer' },
    total_value: moneyOutputSchema,
    open_quantity: { type: 'integer' },
    lines: { type: 'array', items: poLineSchema },
  },
} as const;

export const receiptSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    po: { type: 'string' },
    po_status: { type: 'string', enum: STATUSES },
    supplier: { type: 'string' },
    delivery_ref: { type: 'string' },
    received_at: instant,
    received_by: { type: 'string' },
    lead_time_days: { type: ['integer', 'null'], description: 'Days from the PO being placed to this receipt' },
    note: nullableText,
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['matched', 'unexpected'] },
          sku: { type: 'string' },
          location: { type: 'string' },
          quantity: { type: 'integer', description: 'Good units delivered' },
          damaged_qty: { type: 'integer' },
          posted_qty: { type: 'integer', description: 'Units posted to stock (0 for an unexpected line not accepted)' },
          over_qty: { type: 'integer', description: 'Units beyond the ordered quantity (within tolerance)' },
          unit_cost: moneyOutputSchema,
          accepted: { type: 'boolean' },
          note: nullableText,
        },
      },
    },
  },
} as const;

export const transferSchema = {
  type: 'object',
  properties: {
    number: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    status: { type: 'string', enum: ['draft', 'shipped', 'received', 'cancelled'] },
    note: nullableText,
    created_by: { type: 'string' },
    created_at: instant,
    shipped_at: nullableInstant,
    shipped_by: nullableText,
    received_at: nullableInstant,
    received_by: nullableText,
    draft_days: { type: ['integer', 'null'], description: 'Days since it was created, for a draft, as of `today`' },
    stale: { type: 'boolean', description: 'A draft not shipped 7 days after it was created: plan runs count a draft transfer (inbound at its destination, reserved at its origin), so it hides its need until shipped or cancelled' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          quantity: { type: 'integer' },
          shipped_qty: { type: 'integer' },
          received_qty: { type: 'integer' },
          discrepancy_qty: { type: 'integer', description: 'Shipped but not received (written off as transfer_loss)' },
        },
      },
    },
  },
} as const;

export const summarySchema = {
  type: 'object',
  properties: {
    n: { type: 'integer' },
    mean_days: { type: ['number', 'null'] },
    sd_days: { type: ['number', 'null'], description: 'Sample standard deviation (n-1); null when n < 2' },
    min_days: { type: ['number', 'null'] },
    max_days: { type: ['number', 'null'] },
    last_received_day: nullableDay,
  },
} as const;

export const leadTimeSchema = {
  type: 'object',
  properties: {
    supplier: { type: 'string' },
    default_lead_time_days: { type: 'number' },
    overall: { ...summarySchema, description: 'One observation per receipt' },
    open_orders: {
      type: 'object',
      description:
        "Placed POs with nothing received yet, as right-censored observations: each lead time is more than the PO's age on `to` (default today). The plan run's supplier lead time is the mean and sd fitted to the receipts and these together (maximum likelihood, normal), so a supplier running late shows it before its late orders arrive (docs/purchasing.md \"Lead times\").",
      properties: {
        count: { type: 'integer', description: 'Open POs counted' },
        oldest_days: { type: ['number', 'null'], description: 'Age of the oldest counted, days' },
        stale: { type: 'integer', description: 'Open POs left out as stale: open longer than stale_after_days' },
        stale_after_days: { type: 'number', description: 'Twice the longest lead time received (or the configured default, if longer)' },
        mean_days: { type: ['number', 'null'], description: 'Fitted mean; null without open POs or with fewer than 2 receipts' },
        sd_days: { type: ['number', 'null'], description: 'Fitted sd (divisor n - 1)' },
      },
    },
    by_sku: {
      type: 'array',
      items: {
        ...summarySchema,
        properties: {
          sku: { type: 'string' },
          ...summarySchema.properties,
          open_orders: {
            type: 'object',
            description: 'The open POs that hold this SKU, fitted with its receipts as `open_orders` above (what the plan uses for a SKU with its own history)',
            properties: { count: { type: 'integer' }, mean_days: { type: ['number', 'null'] }, sd_days: { type: ['number', 'null'] } },
          },
        },
      },
    },
    crossing: {
      type: 'object',
      description:
        "Do the supplier's orders overtake each other as independent lead times would? Each PO counts once, placed on its day and delivered on its first receipt's day. The plan run's safety stock uses `independence` (docs/planning.md \"Lead times\").",
      properties: {
        overlapping: { type: 'integer', description: 'Pairs of POs placed on different days that were in transit together' },
        crossed: { type: 'integer', description: 'Of those, pairs where the later PO arrived strictly first' },
        expected: { type: 'number', description: 'Crossings that independent normal lead times of the measured sd would have produced' },
        independence: { type: ['number', 'null'], description: 'crossed / expected, at most 1; null when fewer than 5 crossings were expected (the plan then assumes orders arrive in sequence)' },
      },
    },
  },
} as const;

// ---- mapping ----

export function poToApi(p: PurchaseOrder) {
  return {
    number: p.number,
    supplier: p.supplier,
    status: p.status,
    source: p.source,
    note: p.note,
    created_by: p.createdBy,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    placed_at: p.placedAt,
    placed_by: p.placedBy,
    ended_at: p.endedAt,
    ended_by: p.endedBy,
    end_reason: p.endReason,
    late: p.late ?? false,
    open_days: p.openDays,
    draft_days: p.draftDays,
    stale: p.stale ?? false,
    stale_after_days: p.staleAfterDays,
    total_quantity: p.totalQuantity,
    total_value: formatMoney(p.totalValue),
    open_quantity: p.openQuantity,
    lines: p.lines.map((l) => ({
      line_no: l.lineNo,
      sku: l.sku,
      location: l.location,
      quantity: l.quantity,
      unit_cost: formatMoney(l.unitCost),
      expected_date: l.expectedDate,
      received_qty: l.receivedQty,
      damaged_qty: l.damagedQty,
      open_qty: l.openQty,
      late: l.late ?? false,
      suggested_qty: l.suggestedQty,
      override_reason: l.overrideReason,
      override_by: l.overrideBy,
    })),
  };
}

export function receiptToApi(r: Receipt) {
  return {
    id: r.id,
    po: r.po,
    po_status: r.poStatus,
    supplier: r.supplier,
    delivery_ref: r.deliveryRef,
    received_at: r.receivedAt,
    received_by: r.receivedBy,
    lead_time_days: r.leadTimeDays,
    note: r.note,
    lines: r.lines.map((l) => ({
      kind: l.kind,
      sku: l.sku,
      location: l.location,
      quantity: l.quantity,
      damaged_qty: l.damagedQty,
      posted_qty: l.postedQty,
      over_qty: l.overQty,
      unit_cost: formatMoney(l.unitCost),
      accepted: l.accepted,
      note: l.note,
    })),
  };
}

export function transferToApi(t: Transfer) {
  return {
    number: t.number,
    from: t.fromLocation,
    to: t.toLocation,
    status: t.status,
    note: t.note,
    created_by: t.createdBy,
    created_at: t.createdAt,
    shipped_at: t.shippedAt,
    shipped_by: t.shippedBy,
    received_at: t.receivedAt,
    received_by: t.receivedBy,
    draft_days: t.draftDays,
    stale: t.stale,
    lines: t.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, shipped_qty: l.shippedQty, received_qty: l.receivedQty, discrepancy_qty: l.discrepancyQty })),
  };
}

/** Open POs fitted with the receipts: a SKU's (`by_sku[].open_orders`), or the supplier's with its oldest and stale ones. */
export const openFitToApi = (o: LeadTimeStats['bySku'][number]['openOrders']) => ({ count: o.count, mean_days: o.meanDays, sd_days: o.sdDays });
export const openOrdersToApi = (o: LeadTimeStats['openOrders']) => ({ ...openFitToApi(o), oldest_days: o.oldestDays, stale: o.stale, stale_after_days: o.staleAfterDays });
export const crossingToApi = (c: CrossingEvidence) => ({ overlapping: c.overlapping, crossed: c.crossed, expected: c.expected, independence: c.independence });

export const summaryToApi = (s: LeadTimeSummaryOut) => ({
  n: s.n,
  mean_days: s.meanDays,
  sd_days: s.sdDays,
  min_days: s.minDays,
  max_days: s.maxDays,
  last_received_day: s.lastReceivedDay,
});

export const todayOf = (q: { today?: string }) => q.today ?? new Date().toISOString().slice(0, 10);
export const ctxOf = (request: FastifyRequest) => ({ actor: actorOf(request) });
export const optMoney = (v: string | number | undefined | null, field: string) => (v === undefined || v === null ? undefined : parseMoney(v, field));

// ---- input schemas ----

export const poLineInput = {
  type: 'object',
  properties: { sku: code, location: code, quantity: qty, unit_cost: { ...moneyInputSchema, description: "Default: the SKU's unit cost" }, expected_date: { ...day, type: ['string', 'null'] } },
  required: ['sku', 'location', 'quantity'],
  additionalProperties: false,
} as const;

export const poInput = {
  type: 'object',
  properties: {
    number: { ...code, description: 'Unique PO number (default PO-000123)' },
    supplier: code,
    note: text,
    place: { type: 'boolean', description: 'Place the PO right away (default false: a draft)' },
    lines: { type: 'array', minItems: 1, maxItems: 10_000, items: poLineInput },
  },
  required: ['supplier', 'lines'],
  additionalProperties: false,
} as const;

export const suggestionsInput = {
  type: 'object',
  properties: {
    number: code,
    supplier: code,
    note: text,
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 10_000,
      items: {
        type: 'object',
        properties: {
          ...poLineInput.properties,
          suggested_qty: qty0,
          reason: { ...text, description: 'Required when quantity differs from suggested_qty' },
        },
        required: ['sku', 'location', 'quantity', 'suggested_qty'],
        additionalProperties: false,
      },
    },
  },
  required: ['supplier', 'lines'],
  additionalProperties: false,
} as const;

export const receiptInput = {
  type: 'object',
  properties: {
    po: code,
    delivery_ref: { ...code, description: "The supplier's delivery reference; a second receipt of the same one is a 409" },
    received_at: { ...instant, description: 'Default: now' },
    close: { type: 'boolean', description: 'Close the PO after this receipt, giving up what is still open (short shipment)' },
    note: text,
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 10_000,
      items: {
        type: 'object',
        properties: {
          sku: code,
          location: { ...code, description: 'Needed when the SKU is on the PO at several locations or not at all' },
          quantity: { ...qty0, description: 'Good units' },
          damaged: { ...qty0, description: 'Damaged units (recorded, not added to sellable stock)' },
          accept: { type: 'boolean', description: 'Unexpected SKU: take it into stock anyway' },
          unit_cost: { ...moneyInputSchema, description: "Unexpected accepted SKU: unit cost (default: the SKU's)" },
          note: text,
        },
        required: ['sku', 'quantity'],
        additionalProperties: false,
      },
    },
  },
  required: ['po', 'delivery_ref', 'lines'],
  additionalProperties: false,
} as const;

export const skuQtyLines = {
  type: 'array',
  minItems: 1,
  maxItems: 10_000,
  items: { type: 'object', properties: { sku: code, quantity: qty0 }, required: ['sku', 'quantity'], additionalProperties: false },
} as const;

export const reasonBody = { type: ['object', 'null'], properties: { reason: text }, additionalProperties: false } as const;

export type PoLineBody = { sku: string; location: string; quantity: number; unit_cost?: string | number; expected_date?: string | null };
export const poLineFromApi = (l: PoLineBody, i: number) => ({
  sku: l.sku,
  location: l.location,
  quantity: l.quantity,
  unitCost: optMoney(l.unit_cost, `lines[${i}].unit_cost`),
  expectedDate: l.expected_date ?? null,
});
