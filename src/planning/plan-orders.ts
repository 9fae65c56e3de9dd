/**
 * Turns a run's suggestions into draft purchase orders, one per supplier, through purchasing's
 * `createPurchaseOrderFromSuggestions` (which records the suggested quantity next to the ordered one
 * and the override reason when they differ). Each line's final quantity is its latest override,
 * else the suggestion; lines with a final quantity of 0, without a supplier, or already on a PO
 * are skipped. Each supplier's PO and the marking of its lines are one transaction, so a line can
 * never land on two POs.
 */
import { resolveSuppliers } from '../catalog/index.ts';
import { createPurchaseOrderFromSuggestions, type PurchaseOrder } from '../purchasing/index.ts';
import { conflict, refused, validationError } from '../shared/errors.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import { addDays } from './dates.ts';
import { getPlanRun, latestOverrides } from './plan-queries.ts';

export interface RunOrdersResult {
  runId: number;
  purchaseOrders: { supplier: string; number: string; lines: number; totalQuantity: number; totalValue: number; minOrderValue: number | null; belowMinimumOrderValue: boolean; moq: number; skusBelowMoq: string[] }[];
  skipped: { noSupplier: number; alreadyOrdered: number };
}

/** Creates the draft POs of run `runId` (optionally only for `suppliers`). 422 PLAN_RUN_NOT_SUCCEEDED unless the run succeeded. */
export async function createPurchaseOrdersFromRun(
  ex: Executor,
  runId: number,
  options: { suppliers?: string[] } = {},
  ctx: { actor: string },
): Promise<RunOrdersResult> {
  const run = await getPlanRun(ex, runId);
  if (run.status !== 'succeeded') throw refused('PLAN_RUN_NOT_SUCCEEDED', `plan run ${runId} is ${run.status}; only a succeeded run can become purchase orders`, { status: run.status });
  if (options.suppliers !== undefined && (!Array.isArray(options.suppliers) || options.suppliers.some((s) => typeof s !== 'string' || !s))) {
    throw validationError('suppliers must be a list of supplier codes', { field: 'suppliers' });
  }
  const rows = await ex.db
    .selectFrom('recommendations')
    .select(['id', 'sku', 'location', 'supplier', 'suggested_qty', 'unit_cost', 'lead_time_days', 'po_number'])
    .where('run_id', '=', runId)
    .orderBy('id')
    .execute();
  const overrides = await latestOverrides(
    ex,
    rows.map((r) => Number(r.id)),
  );
  const bySupplier = new Map<string, { id: number; sku: string; location: string; suggestedQty: number; quantity: number; reason: string | null; unitCost: number; expectedDate: string }[]>();
  const skipped = { noSupplier: 0, alreadyOrdered: 0 };
  for (const r of rows) {
    const o = overrides.get(Number(r.id));
    const qty = o ? o.quantity : Number(r.suggested_qty);
    if (qty <= 0) continue;
    if (r.po_number) {
      skipped.alreadyOrdered++;
      continue;
    }
    if (!r.supplier) {
      skipped.noSupplier++;
      continue;
    }
    if (options.suppliers && !options.suppliers.includes(r.supplier)) continue;
    const list = bySupplier.get(r.supplier) ?? [];
    list.push({
      id: Number(r.id),
      sku: r.sku,
      location: r.location,
      suggestedQty: Number(r.suggested_qty),
      quantity: qty,
      reason: o && o.quantity !== Number(r.suggested_qty) ? `${o.reason} (override by ${o.author})` : null,
      unitCost: Number(r.unit_cost),
      expectedDate: addDays(run.asOf, Math.ceil(Number(r.lead_time_days))),
    });
    bySupplier.set(r.supplier, list);
  }
  const result: RunOrdersResult = { runId, purchaseOrders: [], skipped };
  const suppliers = bySupplier.size ? await resolveSuppliers(ex, [...bySupplier.keys()]) : new Map();
  for (const [supplier, lines] of [...bySupplier.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const po: PurchaseOrder = await inTransaction(ex, async (tx) => {
      const created = await createPurchaseOrderFromSuggestions(
        tx,
        {
          supplier,
          note: `from plan run ${runId} (as of ${run.asOf})`,
          lines: lines.map((l) => ({ sku: l.sku, location: l.location, suggestedQty: l.suggestedQty, quantity: l.quantity, reason: l.reason, unitCost: l.unitCost, expectedDate: l.expectedDate })),
        },
        ctx,
      );
      const ids = lines.map((l) => l.id);
      let marked = 0;
      for (let i = 0; i < ids.length; i += 5000) {
        const res = await tx.db.updateTable('recommendations').set({ po_number: created.number }).where('id', 'in', ids.slice(i, i + 5000)).where('po_number', 'is', null).executeTakeFirst();
        marked += Number(res.numUpdatedRows);
      }
      if (marked !== ids.length) throw conflict('RECOMMENDATIONS_ALREADY_ORDERED', `some lines of plan run ${runId} for supplier ${supplier} were ordered meanwhile; retry`, { supplier });
      return created;
    });
    const min = suppliers.get(supplier)?.minOrderValue ?? null;
    const moq = suppliers.get(supplier)?.moq ?? 0;
    result.purchaseOrders.push({
      supplier,
      number: po.number,
      lines: po.lines.length,
      totalQuantity: po.totalQuantity,
      totalValue: po.totalValue,
      minOrderValue: min,
      belowMinimumOrderValue: min !== null && po.totalValue < min,
      moq,
      skusBelowMoq: skusBelowMoq(lines, moq),
    });
  }
  return result;
}

/**
 * SKUs whose lines on one supplier's order add up to less than the supplier's MOQ (a plan run
 * raises them to it, moq-consolidation.ts; an override can cut them back), sorted.
 */
function skusBelowMoq(lines: readonly { sku: string; quantity: number }[], moq: number): string[] {
  if (!(moq > 0)) return [];
  const bySku = new Map<string, number>();
  for (const l of lines) if (l.quantity > 0) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.quantity);
  return [...bySku.entries()]
    .filter(([, q]) => q < moq)
    .map(([sku]) => sku)
    .sort();
}

export interface SupplierSummary {
  /** null = SKUs without a default supplier. */
  supplier: string | null;
  /** Lines with a final quantity > 0 (overrides applied). */
  lines: number;
  quantity: number;
  /** Micro-units. */
  value: number;
  /** The supplier's minimum order value (micro-units) and whether the lines reach it. */
  minOrderValue: number | null;
  belowMinimumOrderValue: boolean;
  /** The supplier's MOQ per SKU and order (0 = none) and the SKUs whose lines add up to less (after overrides). */
  moq: number;
  skusBelowMoq: string[];
  /** Earliest order-by date among the lines. */
  orderBy: string | null;
  /** Lines already on a PO. */
  ordered: number;
}

/**
 * The draft-PO preview of a run: per supplier, the lines to order (final quantities), their
 * quantity and value against the supplier's minimum order value, the SKUs below its MOQ, and the
 * earliest order-by date.
 */
export async function planSupplierSummary(ex: Executor, runId: number): Promise<SupplierSummary[]> {
  await getPlanRun(ex, runId);
  const rows = await ex.db
    .selectFrom('recommendations')
    .select(['id', 'sku', 'supplier', 'suggested_qty', 'unit_cost', 'order_by_date', 'po_number'])
    .where('run_id', '=', runId)
    .orderBy('id')
    .execute();
  const overrides = await latestOverrides(
    ex,
    rows.map((r) => Number(r.id)),
  );
  const out = new Map<string | null, SupplierSummary>();
  const lines = new Map<string | null, { sku: string; quantity: number }[]>();
  for (const r of rows) {
    const o = overrides.get(Number(r.id));
    const qty = o ? o.quantity : Number(r.suggested_qty);
    if (qty <= 0) continue;
    const s = out.get(r.supplier) ?? { supplier: r.supplier, lines: 0, quantity: 0, value: 0, minOrderValue: null, belowMinimumOrderValue: false, moq: 0, skusBelowMoq: [], orderBy: null, ordered: 0 };
    const list = lines.get(r.supplier) ?? [];
    list.push({ sku: r.sku, quantity: qty });
    lines.set(r.supplier, list);
    s.lines++;
    s.quantity += qty;
    s.value += qty * Number(r.unit_cost);
    if (r.po_number) s.ordered++;
    if (r.order_by_date && (s.orderBy === null || r.order_by_date < s.orderBy)) s.orderBy = r.order_by_date;
    out.set(r.supplier, s);
  }
  const codes = [...out.keys()].filter((c): c is string => c !== null);
  const suppliers = codes.length ? await resolveSuppliers(ex, codes) : new Map();
  for (const s of out.values()) {
    if (s.supplier === null) continue;
    s.minOrderValue = suppliers.get(s.supplier)?.minOrderValue ?? null;
    s.belowMinimumOrderValue = s.minOrderValue !== null && s.value < s.minOrderValue;
    s.moq = suppliers.get(s.supplier)?.moq ?? 0;
    s.skusBelowMoq = skusBelowMoq(lines.get(s.supplier) ?? [], s.moq);
  }
  return [...out.values()].sort((a, b) => (a.supplier === null ? 1 : b.supplier === null ? -1 : a.supplier < b.supplier ? -1 : 1));
}
