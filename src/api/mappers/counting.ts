/**
 * Counting's API shapes: JSON schemas of count sessions (full and blind sheet) and their mapping
 * from the counting module's camelCase objects (money as decimal strings).
 */
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../auth/index.ts';
import type { CountSession, CounterView } from '../../counting/index.ts';
import { formatMoney, formatMoneyOrNull, moneyOutputSchema, nullableMoneyOutputSchema } from '../money.ts';
import { code, day, instant, nullableText, numberParams } from '../schemas.ts';

export { code, day, instant, nullableText, numberParams };

export const nullableInstant = { type: ['string', 'null'] } as const;
export const nullableInt = { type: ['integer', 'null'] } as const;
export const SESSION_STATUSES = ['open', 'posted', 'cancelled'] as const;
export const LINE_STATUSES = ['pending', 'counted', 'posted', 'skipped'] as const;

export const sessionHeader = {
  number: { type: 'string' },
  location: { type: 'string' },
  status: { type: 'string', enum: SESSION_STATUSES },
} as const;

export const countSchema = {
  type: 'object',
  properties: {
    ...sessionHeader,
    snapshot_at: instant,
    blind: { type: 'boolean' },
    tolerance_units: { type: 'integer' },
    tolerance_pct: { type: 'number' },
    approval_units: nullableInt,
    approval_value: nullableMoneyOutputSchema,
    note: nullableText,
    created_by: { type: 'string' },
    created_at: instant,
    posted_at: nullableInstant,
    posted_by: nullableText,
    summary: {
      type: 'object',
      properties: {
        lines: { type: 'integer' },
        counted: { type: 'integer' },
        within_tolerance: { type: 'integer' },
        needs_approval: { type: 'integer' },
        approved: { type: 'integer' },
        variance_qty: { type: 'integer' },
        variance_value: moneyOutputSchema,
      },
    },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          status: { type: 'string', enum: LINE_STATUSES },
          unit_cost: moneyOutputSchema,
          snapshot_qty: { type: 'integer', description: 'On hand when the session started' },
          counted_qty: nullableInt,
          counted_at: nullableInstant,
          counted_by: nullableText,
          net_movements: { ...nullableInt, description: 'Net on-hand movements between the snapshot and the count' },
          expected_qty: { ...nullableInt, description: 'snapshot_qty + net_movements' },
          variance_qty: { ...nullableInt, description: 'counted - expected: the correction' },
          variance_value: nullableMoneyOutputSchema,
          within_tolerance: { type: ['boolean', 'null'] },
          needs_approval: { type: 'boolean' },
          approved_by: nullableText,
          approved_at: nullableInstant,
          reason: nullableText,
          note: nullableText,
        },
      },
    },
  },
} as const;

export const { lines: _lines, ...countSummaryProperties } = countSchema.properties;
export const countSummarySchema = { type: 'object', properties: countSummaryProperties } as const;

export const sheetSchema = {
  type: 'object',
  description: 'The counter’s view: no expected quantity, no variance',
  properties: {
    ...sessionHeader,
    lines: {
      type: 'array',
      items: { type: 'object', properties: { sku: { type: 'string' }, status: { type: 'string', enum: LINE_STATUSES }, counted_qty: nullableInt, counted_at: nullableInstant } },
    },
  },
} as const;

export function countToApi(s: CountSession) {
  return {
    number: s.number,
    location: s.location,
    status: s.status,
    snapshot_at: s.snapshotAt,
    blind: s.blind,
    tolerance_units: s.toleranceUnits,
    tolerance_pct: s.tolerancePct,
    approval_units: s.approvalUnits,
    approval_value: formatMoneyOrNull(s.approvalValue),
    note: s.note,
    created_by: s.createdBy,
    created_at: s.createdAt,
    posted_at: s.postedAt,
    posted_by: s.postedBy,
    summary: {
      lines: s.summary.lines,
      counted: s.summary.counted,
      within_tolerance: s.summary.withinTolerance,
      needs_approval: s.summary.needsApproval,
      approved: s.summary.approved,
      variance_qty: s.summary.varianceQty,
      variance_value: formatMoney(s.summary.varianceValue),
    },
    lines: s.lines.map((l) => ({
      sku: l.sku,
      status: l.status,
      unit_cost: formatMoney(l.unitCost),
      snapshot_qty: l.snapshotQty,
      counted_qty: l.countedQty,
      counted_at: l.countedAt,
      counted_by: l.countedBy,
      net_movements: l.netMovements,
      expected_qty: l.expectedQty,
      variance_qty: l.varianceQty,
      variance_value: formatMoneyOrNull(l.varianceValue),
      within_tolerance: l.withinTolerance,
      needs_approval: l.needsApproval,
      approved_by: l.approvedBy,
      approved_at: l.approvedAt,
      reason: l.reason,
      note: l.note,
    })),
  };
}

/** The sheet (blind) shape, from either view. */
export function sheetToApi(v: CounterView | CountSession) {
  return {
    number: v.number,
    location: v.location,
    status: v.status,
    lines: v.lines.map((l) => ({ sku: l.sku, status: l.status, counted_qty: l.countedQty, counted_at: l.countedAt })),
  };
}

export const ctxOf = (request: FastifyRequest) => ({ actor: actorOf(request) });
export const numberOf = (request: FastifyRequest) => (request.params as { number: string }).number;
export const todayOf = (q: { today?: string }) => q.today ?? new Date().toISOString().slice(0, 10);
