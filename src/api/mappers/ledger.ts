/**
 * The ledger's API shapes: JSON schemas (snake_case, money as decimal strings) and the mapping
 * between them and the ledger module's camelCase objects (money in micro-units).
 */
import {
  MOVEMENT_KINDS,
  type Balance,
  type Lot,
  type Movement,
  type MovementInput,
  type Reservation,
  type ReservationLineInput,
  type Valuation,
} from '../../ledger/index.ts';
import { formatMoney, formatMoneyOrNull, moneyInputSchema, moneyOutputSchema, nullableMoneyOutputSchema, parseMoney } from '../money.ts';

const code = { type: 'string', minLength: 1, maxLength: 100 } as const;
const nullableString = { type: ['string', 'null'] } as const;
/** An ISO-8601 instant with a zone (`2026-11-23T18:00:00Z`, `...+01:00`). */
export const instantInputSchema = { type: 'string', format: 'date-time', maxLength: 40 } as const;
/** An ISO instant or a day (YYYY-MM-DD), for range filters. */
export const instantOrDaySchema = {
  type: 'string',
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}([Tt ][0-9:.]+([Zz]|[+-]\\d{2}:?\\d{2})?)?$',
} as const;
export const quantitySchema = { type: 'integer', minimum: -1e12, maximum: 1e12 } as const;
export const positiveQuantitySchema = { type: 'integer', minimum: 1, maximum: 1e12 } as const;

// ---- movements ----

export const movementInputSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: [...MOVEMENT_KINDS] },
    sku: code,
    location: code,
    quantity: { ...quantitySchema, description: 'Units; positive for receipt/sale/return/transfer_out/transfer_in, signed (non-zero) for adjustment/count_correction/inbound' },
    unit_cost: { ...moneyInputSchema, description: 'Cost per unit in currency units (receipts, returns, positive adjustments; default: last known cost)' },
    occurred_at: { ...instantInputSchema, description: 'When it happened (default: now); its UTC day is the demand day' },
    reason: { type: 'string', minLength: 1, maxLength: 1000, description: 'Required for adjustment and count_correction' },
    note: { type: 'string', maxLength: 4000 },
    reference: { type: 'string', maxLength: 200, description: 'Order number, PO, ...' },
    to_location: { ...code, description: 'transfer_out: destination' },
    from_location: { ...code, description: 'transfer_in: source' },
    idempotency_key: { type: 'string', minLength: 1, maxLength: 200, description: 'Applied at most once' },
  },
  required: ['kind', 'sku', 'location', 'quantity'],
  additionalProperties: false,
} as const;

export interface MovementBody {
  kind: MovementInput['kind'];
  sku: string;
  location: string;
  quantity: number;
  unit_cost?: string | number;
  occurred_at?: string;
  reason?: string;
  note?: string;
  reference?: string;
  to_location?: string;
  from_location?: string;
  idempotency_key?: string;
}

export const movementSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string' },
    sku: { type: 'string' },
    location: { type: 'string' },
    quantity: { type: 'integer' },
    unit_cost: nullableMoneyOutputSchema,
    value: { ...moneyOutputSchema, description: 'Signed change of FIFO stock value at the location' },
    occurred_at: { type: 'string' },
    created_at: { type: 'string' },
    actor: { type: 'string', description: 'Name of the token that posted it' },
    reason: nullableString,
    note: nullableString,
    reference: nullableString,
    to_location: nullableString,
    from_location: nullableString,
    idempotency_key: nullableString,
  },
} as const;

export function movementFromApi(b: MovementBody, label = ''): MovementInput {
  const m: MovementInput = { kind: b.kind, sku: b.sku, location: b.location, quantity: b.quantity };
  if (b.unit_cost !== undefined) m.unitCost = parseMoney(b.unit_cost, `${label}unit_cost`);
  if (b.occurred_at !== undefined) m.occurredAt = b.occurred_at;
  if (b.reason !== undefined) m.reason = b.reason;
  if (b.note !== undefined) m.note = b.note;
  if (b.reference !== undefined) m.reference = b.reference;
  if (b.to_location !== undefined) m.toLocation = b.to_location;
  if (b.from_location !== undefined) m.fromLocation = b.from_location;
  if (b.idempotency_key !== undefined) m.idempotencyKey = b.idempotency_key;
  return m;
}

export function movementToApi(m: Movement) {
  return {
    id: m.id,
    kind: m.kind,
    sku: m.sku,
    location: m.location,
    quantity: m.quantity,
    unit_cost: formatMoneyOrNull(m.unitCost),
    value: formatMoney(m.value),
    occurred_at: m.occurredAt,
    created_at: m.createdAt,
    actor: m.actor,
    reason: m.reason,
    note: m.note,
    reference: m.reference,
    to_location: m.toLocation,
    from_location: m.fromLocation,
    idempotency_key: m.idempotencyKey,
  };
}

// ---- balances ----

export const balanceSchema = {
  type: 'object',
  properties: {
    sku: { type: 'string' },
    location: { type: 'string' },
    on_hand: { type: 'integer' },
    reserved: { type: 'integer' },
    available: { type: 'integer', description: 'on_hand - reserved (negative when backordered)' },
    inbound: { type: 'integer', description: 'On open purchase orders and in-transit transfers' },
  },
} as const;

export const balanceToApi = (b: Balance) => ({
  sku: b.sku,
  location: b.location,
  on_hand: b.onHand,
  reserved: b.reserved,
  available: b.available,
  inbound: b.inbound,
});

// ---- reservations ----

export const reservationLineInputSchema = {
  type: 'object',
  properties: { sku: code, location: code, quantity: positiveQuantitySchema },
  required: ['sku', 'location', 'quantity'],
  additionalProperties: false,
} as const;

export const reservationSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    reference: nullableString,
    status: { type: 'string', enum: ['open', 'fulfilled', 'released', 'closed'] },
    actor: { type: 'string' },
    idempotency_key: nullableString,
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          location: { type: 'string' },
          quantity: { type: 'integer' },
          fulfilled: { type: 'integer' },
          released: { type: 'integer' },
          open: { type: 'integer', description: 'quantity - fulfilled - released' },
          backordered: { type: 'integer', description: 'Units beyond available stock when reserved' },
        },
      },
    },
    replayed: { type: 'boolean', description: 'true when an earlier reservation with the same idempotency key was returned' },
  },
} as const;

export const reservationLinesFromApi = (lines: ReservationLineInput[] | undefined) =>
  lines?.map((l) => ({ sku: l.sku, location: l.location, quantity: l.quantity }));

export function reservationToApi(r: Reservation) {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    actor: r.actor,
    idempotency_key: r.idempotencyKey,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    lines: r.lines.map((l) => ({
      sku: l.sku,
      location: l.location,
      quantity: l.quantity,
      fulfilled: l.fulfilled,
      released: l.released,
      open: l.open,
      backordered: l.backordered,
    })),
    replayed: r.replayed ?? false,
  };
}

// ---- lots and valuation ----

export const lotSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    sku: { type: 'string' },
    location: { type: 'string' },
    in_transit_from: nullableString,
    received_at: { type: 'string' },
    unit_cost: moneyOutputSchema,
    qty_received: { type: 'integer' },
    qty_remaining: { type: 'integer' },
    source_movement_id: { type: 'integer' },
  },
} as const;

export const lotToApi = (l: Lot) => ({
  id: l.id,
  sku: l.sku,
  location: l.location,
  in_transit_from: l.inTransitFrom,
  received_at: l.receivedAt,
  unit_cost: formatMoney(l.unitCost),
  qty_received: l.qtyReceived,
  qty_remaining: l.qtyRemaining,
  source_movement_id: l.sourceMovementId,
});

export const valuationSchema = {
  type: 'object',
  properties: {
    as_of: { type: 'string' },
    value: { ...moneyOutputSchema, description: 'FIFO value of stock on hand' },
    quantity: { type: 'integer' },
    in_transit_value: moneyOutputSchema,
    in_transit_quantity: { type: 'integer' },
    by_location: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          location: { type: 'string' },
          quantity: { type: 'integer' },
          value: moneyOutputSchema,
          in_transit_quantity: { type: 'integer' },
          in_transit_value: moneyOutputSchema,
        },
      },
    },
    aging: {
      type: 'array',
      items: {
        type: 'object',
        properties: { bucket: { type: 'string', description: 'Days since receipt' }, quantity: { type: 'integer' }, value: moneyOutputSchema },
      },
    },
  },
} as const;

export const valuationToApi = (v: Valuation) => ({
  as_of: v.asOf,
  value: formatMoney(v.value),
  quantity: v.quantity,
  in_transit_value: formatMoney(v.inTransitValue),
  in_transit_quantity: v.inTransitQuantity,
  by_location: v.byLocation.map((l) => ({
    location: l.location,
    quantity: l.quantity,
    value: formatMoney(l.value),
    in_transit_quantity: l.inTransitQuantity,
    in_transit_value: formatMoney(l.inTransitValue),
  })),
  aging: v.aging.map((a) => ({ bucket: a.bucket, quantity: a.quantity, value: formatMoney(a.value) })),
});
