/**
 * The catalog's API shapes: JSON schemas (snake_case, money as decimal strings) and the mapping
 * between them and the catalog module's camelCase objects (money in micro-units).
 */
import type { Location, LocationInput, Sku, SkuInput, Supplier, SupplierInput } from '../../catalog/index.ts';
import { formatMoney, formatMoneyOrNull, moneyInputSchema, moneyOutputSchema, nullableMoneyOutputSchema, parseMoney, parseMoneyOrNull } from '../money.ts';

const codeSchema = { type: 'string', minLength: 1, maxLength: 100 } as const;
const nameSchema = { type: 'string', minLength: 1, maxLength: 1000 } as const;
const instant = { type: 'string', description: 'UTC ISO-8601 instant' } as const;
const nullableMoneyInput = { ...moneyInputSchema, type: ['string', 'number', 'null'] } as const;

// ---- SKUs ----

export const skuSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    unit_cost: moneyOutputSchema,
    price: moneyOutputSchema,
    pack_size: { type: 'integer' },
    default_supplier: { type: ['string', 'null'] },
    backorders_allowed: { type: 'boolean' },
    active: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    created_at: instant,
    updated_at: instant,
  },
} as const;

export const skuInputProperties = {
  code: codeSchema,
  name: nameSchema,
  unit: { type: 'string', minLength: 1, maxLength: 50, description: "Base unit (default 'each')" },
  unit_cost: { ...moneyInputSchema, description: 'Standard unit cost in currency units (default 0)' },
  price: { ...moneyInputSchema, description: 'Selling price in currency units (default 0)' },
  pack_size: { type: 'integer', minimum: 1, description: 'Case pack (default 1)' },
  default_supplier: { type: ['string', 'null'], minLength: 1, maxLength: 100, description: 'Supplier code' },
  backorders_allowed: { type: 'boolean', description: 'Reservations may exceed available (default false)' },
  active: { type: 'boolean' },
  tags: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export interface SkuBody {
  code?: string;
  name?: string;
  unit?: string;
  unit_cost?: string | number;
  price?: string | number;
  pack_size?: number;
  default_supplier?: string | null;
  backorders_allowed?: boolean;
  active?: boolean;
  tags?: string[];
}

export function skuToApi(s: Sku) {
  return {
    code: s.code,
    name: s.name,
    unit: s.unit,
    unit_cost: formatMoney(s.unitCost),
    price: formatMoney(s.price),
    pack_size: s.packSize,
    default_supplier: s.defaultSupplier,
    backorders_allowed: s.backordersAllowed,
    active: s.active,
    tags: s.tags,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

/** API body -> SkuInput (only the fields present). `label` prefixes money field names in errors. */
export function skuFromApi(b: SkuBody, label = ''): SkuInput {
  const out: Record<string, unknown> = { code: b.code };
  if (b.name !== undefined) out.name = b.name;
  if (b.unit !== undefined) out.unit = b.unit;
  if (b.unit_cost !== undefined) out.unitCost = parseMoney(b.unit_cost, `${label}unit_cost`);
  if (b.price !== undefined) out.price = parseMoney(b.price, `${label}price`);
  if (b.pack_size !== undefined) out.packSize = b.pack_size;
  if (b.default_supplier !== undefined) out.defaultSupplier = b.default_supplier;
  if (b.backorders_allowed !== undefined) out.backordersAllowed = b.backorders_allowed;
  if (b.active !== undefined) out.active = b.active;
  if (b.tags !== undefined) out.tags = b.tags;
  return out as unknown as SkuInput;
}

// ---- locations ----

export const locationSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['warehouse', 'fba', '3pl', 'store'] },
    negative_stock_allowed: { type: 'boolean' },
    transfer_region: { type: ['string', 'null'] },
    replenish_from: { type: ['string', 'null'] },
    transfer_lead_time_days: { type: ['number', 'null'] },
    transfer_lead_time_sd_days: { type: ['number', 'null'] },
    active: { type: 'boolean' },
    created_at: instant,
    updated_at: instant,
  },
} as const;

export const locationInputProperties = {
  code: codeSchema,
  name: nameSchema,
  kind: { type: 'string', enum: ['warehouse', 'fba', '3pl', 'store'], description: "Default 'warehouse'" },
  negative_stock_allowed: { type: 'boolean', description: 'On hand may go below zero here (default false)' },
  transfer_region: { type: ['string', 'null'], minLength: 1, maxLength: 100, description: "Locations with the same transfer region send each other stock: a plan run proposes transfers from one's excess to another's order within it (default null: none)" },
  replenish_from: {
    type: ['string', 'null'],
    minLength: 1,
    maxLength: 100,
    description:
      "The location this one is replenished from by transfer (e.g. FBA fed from the main warehouse; default null: bought from suppliers). Another active location that is not itself replenished from one. A plan run turns this location's needs into transfers from it and plans the source's purchases with this location's demand flowing through",
  },
  transfer_lead_time_days: { type: ['number', 'null'], minimum: 0, maximum: 365, description: 'Days a transfer from replenish_from takes until its stock can be sold here (default 7 when a source is set; null without one)' },
  transfer_lead_time_sd_days: { type: ['number', 'null'], minimum: 0, maximum: 365, description: 'Standard deviation of that lead time, days (default 0)' },
  active: { type: 'boolean' },
} as const;

export interface LocationBody {
  code?: string;
  name?: string;
  kind?: Location['kind'];
  negative_stock_allowed?: boolean;
  transfer_region?: string | null;
  replenish_from?: string | null;
  transfer_lead_time_days?: number | null;
  transfer_lead_time_sd_days?: number | null;
  active?: boolean;
}

export function locationToApi(l: Location) {
  return {
    code: l.code,
    name: l.name,
    kind: l.kind,
    negative_stock_allowed: l.negativeStockAllowed,
    transfer_region: l.transferRegion,
    replenish_from: l.replenishFrom,
    transfer_lead_time_days: l.transferLeadTimeDays,
    transfer_lead_time_sd_days: l.transferLeadTimeSdDays,
    active: l.active,
    created_at: l.createdAt,
    updated_at: l.updatedAt,
  };
}

export function locationFromApi(b: LocationBody): LocationInput {
  const out: Record<string, unknown> = { code: b.code };
  if (b.name !== undefined) out.name = b.name;
  if (b.kind !== undefined) out.kind = b.kind;
  if (b.negative_stock_allowed !== undefined) out.negativeStockAllowed = b.negative_stock_allowed;
  if (b.transfer_region !== undefined) out.transferRegion = b.transfer_region;
  if (b.replenish_from !== undefined) out.replenishFrom = b.replenish_from;
  if (b.transfer_lead_time_days !== undefined) out.transferLeadTimeDays = b.transfer_lead_time_days;
  if (b.transfer_lead_time_sd_days !== undefined) out.transferLeadTimeSdDays = b.transfer_lead_time_sd_days;
  if (b.active !== undefined) out.active = b.active;
  return out as unknown as LocationInput;
}

// ---- suppliers ----

export const supplierSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    default_lead_time_days: { type: 'number' },
    lead_time_sd_days: { type: ['number', 'null'] },
    moq: { type: 'integer' },
    min_order_value: nullableMoneyOutputSchema,
    max_open_value: nullableMoneyOutputSchema,
    deposit_pct: { type: 'number' },
    payment_terms_days: { type: 'integer' },
    currency: { type: 'string' },
    receipt_tolerance_pct: { type: 'number' },
    active: { type: 'boolean' },
    created_at: instant,
    updated_at: instant,
  },
} as const;

export const supplierInputProperties = {
  code: codeSchema,
  name: nameSchema,
  default_lead_time_days: { type: 'number', minimum: 0, maximum: 3650, description: 'Lead time assumed until receipts teach better (days)' },
  lead_time_sd_days: { type: ['number', 'null'], minimum: 0, maximum: 3650 },
  moq: { type: 'integer', minimum: 0, description: 'Minimum order quantity in units (0 = none)' },
  min_order_value: { ...nullableMoneyInput, description: 'Minimum order value in currency units, or null' },
  max_open_value: { ...nullableMoneyInput, description: "Exposure cap in currency units, or null: the supplier's open POs plus a plan run's new lines stay at most this (the run cuts its lines to fit)" },
  deposit_pct: { type: 'number', minimum: 0, maximum: 100, description: "Percent of an order's value paid when it is placed (default 0): when the money an order commits leaves (GET /commitments?basis=payment)" },
  payment_terms_days: { type: 'integer', minimum: 0, maximum: 365, description: 'Days after delivery the rest of an order is paid (net days, default 0: on delivery)' },
  currency: { type: 'string', pattern: '^[A-Za-z]{3}$', description: "ISO 4217 code (default 'USD')" },
  receipt_tolerance_pct: { type: 'number', minimum: 0, maximum: 1000, description: 'Percent a receipt may exceed the ordered quantity by' },
  active: { type: 'boolean' },
} as const;

export interface SupplierBody {
  code?: string;
  name?: string;
  default_lead_time_days?: number;
  lead_time_sd_days?: number | null;
  moq?: number;
  min_order_value?: string | number | null;
  max_open_value?: string | number | null;
  deposit_pct?: number;
  payment_terms_days?: number;
  currency?: string;
  receipt_tolerance_pct?: number;
  active?: boolean;
}

export function supplierToApi(s: Supplier) {
  return {
    code: s.code,
    name: s.name,
    default_lead_time_days: s.defaultLeadTimeDays,
    lead_time_sd_days: s.leadTimeSdDays,
    moq: s.moq,
    min_order_value: formatMoneyOrNull(s.minOrderValue),
    max_open_value: formatMoneyOrNull(s.maxOpenValue),
    deposit_pct: s.depositPct,
    payment_terms_days: s.paymentTermsDays,
    currency: s.currency,
    receipt_tolerance_pct: s.receiptTolerancePct,
    active: s.active,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export function supplierFromApi(b: SupplierBody, label = ''): SupplierInput {
  const out: Record<string, unknown> = { code: b.code };
  if (b.name !== undefined) out.name = b.name;
  if (b.default_lead_time_days !== undefined) out.defaultLeadTimeDays = b.default_lead_time_days;
  if (b.lead_time_sd_days !== undefined) out.leadTimeSdDays = b.lead_time_sd_days;
  if (b.moq !== undefined) out.moq = b.moq;
  if (b.min_order_value !== undefined) out.minOrderValue = parseMoneyOrNull(b.min_order_value, `${label}min_order_value`);
  if (b.max_open_value !== undefined) out.maxOpenValue = parseMoneyOrNull(b.max_open_value, `${label}max_open_value`);
  if (b.deposit_pct !== undefined) out.depositPct = b.deposit_pct;
  if (b.payment_terms_days !== undefined) out.paymentTermsDays = b.payment_terms_days;
  if (b.currency !== undefined) out.currency = b.currency;
  if (b.receipt_tolerance_pct !== undefined) out.receiptTolerancePct = b.receipt_tolerance_pct;
  if (b.active !== undefined) out.active = b.active;
  return out as unknown as SupplierInput;
}
