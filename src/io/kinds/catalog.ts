/**
 * Master-data CSV kinds: products (SKUs), locations and suppliers. Import is an upsert by code:
 * a new code is created (defaults for empty cells), an existing one is updated with the non-empty
 * cells only (an empty cell keeps the current value). Each kind also defines its export columns,
 * which are exactly its import columns, so an export re-imports unchanged.
 */
import {
  LOCATION_KINDS,
  upsertLocations,
  upsertSkus,
  upsertSuppliers,
  type Location,
  type LocationInput,
  type Sku,
  type SkuInput,
  type Supplier,
  type SupplierInput,
} from '../../catalog/index.ts';
import type { Executor } from '../../store/executor.ts';
import { formatMoney, parseBoolean, parseCode, parseDecimal, parseEnum, parseInteger, parseMoney, parseTags, parseText } from '../fields.ts';
import type { ColumnSpec, ImportKind, RowValidator } from '../import-kind.ts';
import { resolveRefs, skusByCodes } from '../refs.ts';

const bool = (b: boolean) => (b ? 'true' : 'false');
const code = (text: string) => parseCode(text);
const name = (text: string) => parseText(text, 1000);

/** Copies the defined values of `values` under new keys: `{unit_cost: 5}` -> `{unitCost: 5}`. */
function pick<T>(values: Record<string, unknown>, mapping: Record<string, keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [col, key] of Object.entries(mapping)) if (values[col] !== undefined) (out as Record<string, unknown>)[key as string] = values[col];
  return out;
}

/** Refuses rows that would create a new entity without a name (updates may omit it). */
function nameForNew<Row extends { code: string; name?: string }>(existing: (ex: Executor, codes: Set<string>) => Promise<Set<string>>): () => RowValidator<Row> {
  return () => {
    const codes = new Set<string>();
    let known = new Set<string>();
    return {
      observe: (row) => void codes.add(row.code),
      prepare: async (ex) => {
        known = await existing(ex, codes);
      },
      check: (row, _line, issues) => {
        if (row.name === undefined && !known.has(row.code)) issues.error('name', 'is required for a new code');
      },
    };
  };
}

// ---------------------------------------------------------------- products

const productColumns: ColumnSpec[] = [
  { name: 'sku', required: true, parse: code, description: 'SKU code (unique); an existing code is updated', example: 'TEE-BLK-M' },
  { name: 'name', parse: name, description: 'Product name (required for a new SKU)', example: 'Organic tee, black, M' },
  { name: 'unit', parse: (t) => parseText(t, 20), description: "Base unit quantities count in (default 'each')", example: 'each' },
  { name: 'unit_cost', parse: (t) => parseMoney(t, { min: 0 }), description: 'Standard unit cost in currency units, up to 6 decimals (default 0)', example: '7.25' },
  { name: 'price', parse: (t) => parseMoney(t, { min: 0 }), description: 'Selling price in currency units (default 0)', example: '24.90' },
  { name: 'pack_size', parse: (t) => parseInteger(t, { min: 1 }), description: 'Units per case/pack for ordering (default 1)', example: '12' },
  { name: 'default_supplier', parse: code, description: 'Code of the default supplier (must exist)', example: 'SUP-TEXTILE' },
  { name: 'backorders_allowed', parse: parseBoolean, description: 'Reservations may exceed available stock (default false)', example: 'false' },
  { name: 'active', parse: parseBoolean, description: 'Active SKU (default true)', example: 'true' },
  { name: 'tags', parse: parseTags, description: 'Tags separated by | (default none)', example: 'apparel|tees' },
];

export const productsKind: ImportKind<SkuInput> = {
  kind: 'products',
  summary: 'SKUs: code, name, unit, cost, price, pack size, default supplier, flags, tags (upsert by code)',
  columns: productColumns,
  ignoredColumns: ['created_at', 'updated_at'],
  rerunSafe: true,
  build: (v) => ({
    code: v.sku as string,
    ...pick<SkuInput>(v, {
      name: 'name',
      unit: 'unit',
      unit_cost: 'unitCost',
      price: 'price',
      pack_size: 'packSize',
      default_supplier: 'defaultSupplier',
      backorders_allowed: 'backordersAllowed',
      active: 'active',
      tags: 'tags',
    }),
  }),
  uniqueKey: (r) => ({ key: r.code, column: 'sku' }),
  refs: (r) => (r.defaultSupplier ? [{ kind: 'supplier', code: r.defaultSupplier, column: 'default_supplier' }] : []),
  fieldColumns: { code: 'sku', unitCost: 'unit_cost', packSize: 'pack_size', defaultSupplier: 'default_supplier', backordersAllowed: 'backorders_allowed' },
  validator: nameForNew<SkuInput>(async (ex, codes) => new Set((await skusByCodes(ex, codes)).keys())),
  apply: async (tx, rows) => {
    await upsertSkus(tx, rows.map((r) => r.row));
    return { applied: rows.length, replayed: 0 };
  },
};

export const productExportColumns = [...productColumns.map((c) => c.name), 'created_at', 'updated_at'];

export const productRecord = (s: Sku): Record<string, string> => ({
  sku: s.code,
  name: s.name,
  unit: s.unit,
  unit_cost: formatMoney(s.unitCost),
  price: formatMoney(s.price),
  pack_size: String(s.packSize),
  default_supplier: s.defaultSupplier ?? '',
  backorders_allowed: bool(s.backordersAllowed),
  active: bool(s.active),
  tags: s.tags.join('|'),
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});

// ---------------------------------------------------------------- locations

const locationColumns: ColumnSpec[] = [
  { name: 'code', required: true, parse: code, description: 'Location code (unique); an existing code is updated', example: 'WH-MAIN' },
  { name: 'name', parse: name, description: 'Name (required for a new location)', example: 'Main warehouse, Leeds' },
  { name: 'kind', parse: (t) => parseEnum(t, LOCATION_KINDS), description: `One of ${LOCATION_KINDS.join(', ')} (default warehouse)`, example: 'fba' },
  { name: 'negative_stock_allowed', parse: parseBoolean, description: 'On hand may go below zero here (default false)', example: 'false' },
  { name: 'transfer_region', parse: (t) => parseText(t, 100), description: "Transfer region: a plan proposes transfers between locations of one region (default none)", example: 'US' },
  { name: 'replenish_from', parse: code, description: 'The location this one is replenished from by transfer (default none: bought from suppliers)', example: 'WH-MAIN' },
  { name: 'transfer_lead_time_days', parse: (t) => parseDecimal(t, { min: 0, max: 365 }), description: 'Days a transfer from replenish_from takes (default 7 with a source)', example: '10' },
  { name: 'transfer_lead_time_sd_days', parse: (t) => parseDecimal(t, { min: 0, max: 365 }), description: 'Standard deviation of that lead time, days (default 0)', example: '3' },
  { name: 'active', parse: parseBoolean, description: 'Active location (default true)', example: 'true' },
];

export const locationsKind: ImportKind<LocationInput> = {
  kind: 'locations',
  summary: "Locations: code, name, kind (warehouse, fba, 3pl, store), negative stock allowed, transfer region, the location it is replenished from and that lane's lead time (upsert by code)",
  columns: locationColumns,
  ignoredColumns: ['created_at', 'updated_at'],
  rerunSafe: true,
  build: (v) => ({
    code: v.code as string,
    ...pick<LocationInput>(v, { name: 'name', kind: 'kind', negative_stock_allowed: 'negativeStockAllowed', transfer_region: 'transferRegion', replenish_from: 'replenishFrom', transfer_lead_time_days: 'transferLeadTimeDays', transfer_lead_time_sd_days: 'transferLeadTimeSdDays', active: 'active' }),
  }),
  uniqueKey: (r) => ({ key: r.code, column: 'code' }),
  fieldColumns: { negativeStockAllowed: 'negative_stock_allowed', transferRegion: 'transfer_region', replenishFrom: 'replenish_from', transferLeadTimeDays: 'transfer_lead_time_days', transferLeadTimeSdDays: 'transfer_lead_time_sd_days' },
  validator: nameForNew<LocationInput>(async (ex, codes) => {
    const refs = await resolveRefs(ex, { sku: new Set(), location: codes, supplier: new Set() });
    return new Set(refs.locations.keys());
  }),
  apply: async (tx, rows) => {
    await upsertLocations(tx, rows.map((r) => r.row));
    return { applied: rows.length, replayed: 0 };
  },
};

export const locationExportColumns = [...locationColumns.map((c) => c.name), 'created_at', 'updated_at'];

export const locationRecord = (l: Location): Record<string, string> => ({
  code: l.code,
  name: l.name,
  kind: l.kind,
  negative_stock_allowed: bool(l.negativeStockAllowed),
  transfer_region: l.transferRegion ?? '',
  replenish_from: l.replenishFrom ?? '',
  transfer_lead_time_days: l.transferLeadTimeDays === null ? '' : String(l.transferLeadTimeDays),
  transfer_lead_time_sd_days: l.transferLeadTimeSdDays === null ? '' : String(l.transferLeadTimeSdDays),
  active: bool(l.active),
  created_at: l.createdAt,
  updated_at: l.updatedAt,
});

// ---------------------------------------------------------------- suppliers

const supplierColumns: ColumnSpec[] = [
  { name: 'code', required: true, parse: code, description: 'Supplier code (unique); an existing code is updated', example: 'SUP-TEXTILE' },
  { name: 'name', parse: name, description: 'Name (required for a new supplier)', example: 'Anatolia Textiles' },
  { name: 'lead_time_days', parse: (t) => parseDecimal(t, { min: 0, max: 3650 }), description: 'Default mean lead time in days, order to available (default 0)', example: '35' },
  { name: 'lead_time_sd_days', parse: (t) => parseDecimal(t, { min: 0, max: 3650 }), description: 'Standard deviation of the lead time in days (default unknown)', example: '6' },
  { name: 'moq', parse: (t) => parseInteger(t, { min: 0 }), description: 'Minimum order quantity in units (default 0 = none)', example: '500' },
  { name: 'min_order_value', parse: (t) => parseMoney(t, { min: 0 }), description: 'Minimum order value in currency units (default none)', example: '2500' },
  { name: 'max_open_value', parse: (t) => parseMoney(t, { min: 0 }), description: "Exposure cap in currency units (default none): the supplier's open POs plus a plan run's new lines stay at most this", example: '40000' },
  { name: 'deposit_pct', parse: (t) => parseDecimal(t, { min: 0, max: 100 }), description: "Percent of an order's value paid when it is placed (default 0)", example: '30' },
  { name: 'payment_terms_days', parse: (t) => parseInteger(t, { min: 0, max: 365 }), description: 'Days after delivery the rest is paid (default 0: on delivery)', example: '30' },
  { name: 'currency', parse: (t) => (/^[A-Za-z]{3}$/.test(t) ? { ok: true, value: t.toUpperCase() } : { ok: false, reason: `must be a 3-letter ISO 4217 code (got ${JSON.stringify(t)})` }), description: "Currency of the supplier's prices (default USD)", example: 'USD' },
  { name: 'receipt_tolerance_pct', parse: (t) => parseDecimal(t, { min: 0, max: 1000 }), description: 'Over-receipt tolerance in percent of the ordered quantity (default 0)', example: '5' },
  { name: 'active', parse: parseBoolean, description: 'Active supplier (default true)', example: 'true' },
];

export const suppliersKind: ImportKind<SupplierInput> = {
  kind: 'suppliers',
  summary: 'Suppliers: code, name, lead time mean/sd, MOQ, minimum order value, open-value cap, payment terms (deposit, net days), currency, receipt tolerance (upsert by code)',
  columns: supplierColumns,
  ignoredColumns: ['created_at', 'updated_at'],
  rerunSafe: true,
  build: (v) => ({
    code: v.code as string,
    ...pick<SupplierInput>(v, {
      name: 'name',
      lead_time_days: 'defaultLeadTimeDays',
      lead_time_sd_days: 'leadTimeSdDays',
      moq: 'moq',
      min_order_value: 'minOrderValue',
      max_open_value: 'maxOpenValue',
      deposit_pct: 'depositPct',
      payment_terms_days: 'paymentTermsDays',
      currency: 'currency',
      receipt_tolerance_pct: 'receiptTolerancePct',
      active: 'active',
    }),
  }),
  uniqueKey: (r) => ({ key: r.code, column: 'code' }),
  fieldColumns: { defaultLeadTimeDays: 'lead_time_days', leadTimeSdDays: 'lead_time_sd_days', minOrderValue: 'min_order_value', maxOpenValue: 'max_open_value', depositPct: 'deposit_pct', paymentTermsDays: 'payment_terms_days', receiptTolerancePct: 'receipt_tolerance_pct' },
  validator: nameForNew<SupplierInput>(async (ex, codes) => {
    const refs = await resolveRefs(ex, { sku: new Set(), location: new Set(), supplier: codes });
    return new Set(refs.suppliers.keys());
  }),
  apply: async (tx, rows) => {
    await upsertSuppliers(tx, rows.map((r) => r.row));
    return { applied: rows.length, replayed: 0 };
  },
};

export const supplierExportColumns = [...supplierColumns.map((c) => c.name), 'created_at', 'updated_at'];

export const supplierRecord = (s: Supplier): Record<string, string> => ({
  code: s.code,
  name: s.name,
  lead_time_days: String(s.defaultLeadTimeDays),
  lead_time_sd_days: s.leadTimeSdDays === null ? '' : String(s.leadTimeSdDays),
  moq: String(s.moq),
  min_order_value: s.minOrderValue === null ? '' : formatMoney(s.minOrderValue),
  max_open_value: s.maxOpenValue === null ? '' : formatMoney(s.maxOpenValue),
  deposit_pct: String(s.depositPct),
  payment_terms_days: String(s.paymentTermsDays),
  currency: s.currency,
  receipt_tolerance_pct: String(s.receiptTolerancePct),
  active: bool(s.active),
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});
