/** Supplier master data: lead-time defaults and order rules. */
import { validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { EntityService } from './entity.ts';
import type { ListOptions, Page, Supplier, SupplierFilters, SupplierInput, UpsertResult } from './types.ts';
import { checkBool, checkCurrency, checkInt, checkNumber, checkText } from './validate.ts';

const FIELDS = ['code', 'name', 'defaultLeadTimeDays', 'leadTimeSdDays', 'moq', 'minOrderValue', 'maxOpenValue', 'depositPct', 'paymentTermsDays', 'currency', 'receiptTolerancePct', 'active'] as const;

/** The generic service configured for suppliers. */
export const supplierService = new EntityService<Supplier, SupplierInput, SupplierFilters>({
  table: 'suppliers',
  what: 'supplier',
  fields: FIELDS,
  select: (db) => db.selectFrom('suppliers').selectAll('suppliers'),
  fromRow: (r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    defaultLeadTimeDays: Number(r.default_lead_time_days),
    leadTimeSdDays: r.lead_time_sd_days === null ? null : Number(r.lead_time_sd_days),
    moq: Number(r.moq),
    minOrderValue: r.min_order_value === null ? null : Number(r.min_order_value),
    maxOpenValue: r.max_open_value === null || r.max_open_value === undefined ? null : Number(r.max_open_value),
    depositPct: Number(r.deposit_pct ?? 0),
    paymentTermsDays: Number(r.payment_terms_days ?? 0),
    currency: r.currency,
    receiptTolerancePct: Number(r.receipt_tolerance_pct),
    active: Number(r.active) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }),
  toColumns(input, ex, label) {
    const pick = <K extends keyof SupplierInput>(k: K, dflt: SupplierInput[K]): SupplierInput[K] =>
      input[k] !== undefined ? input[k] : ex ? (ex as any)[k] : dflt;
    const name = input.name !== undefined || !ex ? checkText(label, 'name', input.name) : ex.name;
    const sd = pick('leadTimeSdDays', null);
    const mov = pick('minOrderValue', null);
    const xov = pick('maxOpenValue', null);
    return {
      name,
      default_lead_time_days: checkNumber(label, 'defaultLeadTimeDays', pick('defaultLeadTimeDays', 0), 0),
      lead_time_sd_days: sd === null ? null : checkNumber(label, 'leadTimeSdDays', sd, 0),
      moq: checkInt(label, 'moq', pick('moq', 0), 0),
      min_order_value: mov === null ? null : checkInt(label, 'minOrderValue', mov, 0),
      max_open_value: xov === null ? null : checkInt(label, 'maxOpenValue', xov, 0),
      deposit_pct: (() => {
        const v = checkNumber(label, 'depositPct', pick('depositPct', 0), 0);
        if (v > 100) throw validationError(`${label}: depositPct must be at most 100 (got ${JSON.stringify(v)})`, { field: 'depositPct', at: label });
        return v;
      })(),
      payment_terms_days: (() => {
        const v = checkInt(label, 'paymentTermsDays', pick('paymentTermsDays', 0), 0);
        if (v > 365) throw validationError(`${label}: paymentTermsDays must be at most 365 (got ${JSON.stringify(v)})`, { field: 'paymentTermsDays', at: label });
        return v;
      })(),
      currency: checkCurrency(label, 'currency', pick('currency', 'USD')),
      receipt_tolerance_pct: checkNumber(label, 'receiptTolerancePct', pick('receiptTolerancePct', 0), 0),
      active: checkBool(label, 'active', pick('active', true)) ? 1 : 0,
    };
  },
  filter(q, f) {
    if (f.q) q = q.where((eb: any) => eb.or([eb(eb.fn('lower', ['suppliers.code']), 'like', `%${f.q!.toLowerCase()}%`), eb(eb.fn('lower', ['suppliers.name']), 'like', `%${f.q!.toLowerCase()}%`)]));
    if (f.active !== undefined) q = q.where('suppliers.active', '=', f.active ? 1 : 0);
    return q;
  },
});

/** Creates a supplier; 409 ALREADY_EXISTS if the code is taken, 400 VALIDATION_FAILED naming the field. */
export const createSupplier = (ex: Executor, input: SupplierInput): Promise<Supplier> => supplierService.create(ex, input);
/** Changes the given fields of a supplier (code is immutable); 404 NOT_FOUND if unknown. */
export const updateSupplier = (ex: Executor, code: string, patch: Partial<SupplierInput>): Promise<Supplier> => supplierService.update(ex, code, patch);
/** One supplier by code; 404 NOT_FOUND if unknown. */
export const getSupplier = (ex: Executor, code: string): Promise<Supplier> => supplierService.get(ex, code);
/** Suppliers ordered by code, keyset-paged. */
export const listSuppliers = (ex: Executor, opts: ListOptions<SupplierFilters> = {}): Promise<Page<Supplier>> => supplierService.list(ex, opts);
/** Bulk insert-or-update by code, atomic (all rows or none). */
export const upsertSuppliers = (ex: Executor, rows: SupplierInput[]): Promise<UpsertResult> => supplierService.upsert(ex, rows);
/** Suppliers by code; any unknown code -> 404 NOT_FOUND naming it. */
export const resolveSuppliers = (ex: Executor, codes: string[]): Promise<Map<string, Supplier>> => supplierService.resolve(ex, codes);
/** Suppliers by id (unknown ids absent). */
export const getSuppliersByIds = (ex: Executor, ids: number[]): Promise<Map<number, Supplier>> => supplierService.byIds(ex, ids);
