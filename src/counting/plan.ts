/**
 * The cycle-count plan: each SKU's ABC class (by annual consumption value) sets how often it is
 * counted at each location that stocks it (default A every 30 days, B every 91, C every 365;
 * configurable). A SKU is due at a location when it was never counted there, or its last posted
 * count is at least its class interval old.
 */
import { resolveSkus } from '../catalog/index.ts';
import { classifyAbc, annualConsumptionValue, type AbcOptions, type AbcResult } from '../engine/segment/abc.ts';
import { demandHistory, getBalances } from '../ledger/index.ts';
import { validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { runRetriedTx } from '../store/retry.ts';
import { addDays, isDue } from './count-rules.ts';
import type { DueCount } from './types.ts';
import { checkCode, checkDay, checkInt, nowOf } from './validate.ts';

const CLASS_RE = /^[A-Z]$/;

/** Count interval in days per ABC class. */
export async function getCountFrequencies(ex: Executor): Promise<Record<string, number>> {
  const rows = await ex.db.selectFrom('count_frequencies').select(['abc_class', 'interval_days']).orderBy('abc_class').execute();
  return Object.fromEntries(rows.map((r) => [r.abc_class, Number(r.interval_days)]));
}

/** Sets count intervals (days, 1..3650) for the given classes (single upper-case letters). */
export async function setCountFrequencies(ex: Executor, frequencies: Record<string, number>, ctx: { actor: string; now?: string }): Promise<Record<string, number>> {
  const entries = Object.entries(frequencies ?? {});
  if (entries.length === 0) throw validationError('give at least one class interval, e.g. {"A": 30}', { field: 'frequencies' });
  for (const [k, v] of entries) {
    if (!CLASS_RE.test(k)) throw validationError(`class ${JSON.stringify(k)} must be one upper-case letter`, { field: k });
    checkInt(k, v, 1);
    if (v > 3650) throw validationError(`${k} interval must be at most 3650 days`, { field: k });
  }
  const now = nowOf(ctx);
  return runRetriedTx(ex, async (tx) => {
    for (const [k, v] of entries) {
      await tx.db
        .insertInto('count_frequencies')
        .values({ abc_class: k, interval_days: v, updated_at: now, updated_by: ctx.actor })
        .onConflict((oc) => oc.column('abc_class').doUpdateSet({ interval_days: v, updated_at: now, updated_by: ctx.actor }))
        .execute();
    }
    return getCountFrequencies(tx);
  });
}

/** Stores ABC classes given by the caller (e.g. from the planning module's segmentation). */
export async function setAbcClasses(ex: Executor, classes: { sku: string; abcClass: string; annualValue?: number }[], ctx: { now?: string } = {}): Promise<number> {
  const now = nowOf(ctx);
  const rows = classes.map((c, i) => {
    const sku = checkCode(`classes[${i}].sku`, c.sku);
    if (!CLASS_RE.test(c.abcClass)) throw validationError(`classes[${i}].abcClass must be one upper-case letter`, { field: `classes[${i}].abcClass` });
    return { sku, abc_class: c.abcClass, annual_value: Math.round(c.annualValue ?? 0), computed_at: now };
  });
  return runRetriedTx(ex, async (tx) => {
    await resolveSkus(tx, rows.map((r) => r.sku));
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.db
        .insertInto('count_classes')
        .values(rows.slice(i, i + 1000))
        .onConflict((oc) =>
          oc.column('sku').doUpdateSet((eb) => ({ abc_class: eb.ref('excluded.abc_class'), annual_value: eb.ref('excluded.annual_value'), computed_at: eb.ref('excluded.computed_at') })),
        )
        .execute();
    }
    return rows.length;
  });
}

/**
 * Computes every SKU's ABC class from its demand over the `days` days ending `today` (all
 * locations) × its catalog unit cost, scaled to a year (engine/segment/abc.ts), and stores it.
 * SKUs with no demand in the window are C. Returns the classification in rank order.
 */
export async function computeAbcClasses(ex: Executor, options: { today: string; days?: number } & AbcOptions, ctx: { now?: string } = {}): Promise<AbcResult[]> {
  const today = checkDay('today', options.today);
  const days = options.days === undefined ? 365 : checkInt('days', options.days, 1);
  // the shares close A then B: 0 < aShare <= bShare <= 1 (with the defaults for the one not given)
  const aShare = options.aShare ?? 0.8;
  const bShare = options.bShare ?? 0.95;
  for (const [field, v] of [['aShare', aShare], ['bShare', bShare]] as const) {
    if (!(typeof v === 'number' && v > 0 && v <= 1)) throw validationError(`${field} must be a share in (0, 1] (got ${JSON.stringify(v)})`, { field });
  }
  if (aShare > bShare) {
    throw validationError(`aShare ${aShare} closes class A after bShare ${bShare} closes class B: give aShare <= bShare${options.bShare === undefined ? ' (bShare defaults to 0.95)' : ''}`, { field: options.bShare === undefined ? 'aShare' : 'bShare' });
  }
  const rows = await demandHistory(ex, { from: addDays(today, -(days - 1)), to: today });
  const units = new Map<string, number>();
  for (const r of rows) units.set(r.sku, (units.get(r.sku) ?? 0) + r.demand);
  if (units.size === 0) return [];
  const skus = await resolveSkus(ex, [...units.keys()]);
  const result = classifyAbc(
    [...units.entries()].map(([key, u]) => ({ key, value: annualConsumptionValue(u, days, skus.get(key)!.unitCost) })),
    options,
  );
  await setAbcClasses(ex, result.map((r) => ({ sku: r.key, abcClass: r.abcClass, annualValue: r.value })), ctx);
  return result;
}

/**
 * SKUs due for a cycle count at `location` on `today`: every SKU the location stocks (has a
 * balance record) whose last posted count there is at least its class interval old (never
 * counted = due). SKUs without a stored class are C. Ordered by class, then oldest count first.
 */
export async function dueForCount(ex: Executor, options: { location: string; today: string }): Promise<DueCount[]> {
  const location = checkCode('location', options.location);
  const today = checkDay('today', options.today);
  const stocked: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof getBalances>> = await getBalances(ex, { locations: [location], cursor, limit: 10_000 });
    for (const b of page.items) stocked.push(b.sku);
    cursor = page.nextCursor;
  } while (cursor);
  if (stocked.length === 0) return [];
  const freq = await getCountFrequencies(ex);
  const classes = new Map<string, string>();
  const last = new Map<string, string>();
  for (let i = 0; i < stocked.length; i += 5000) {
    const chunk = stocked.slice(i, i + 5000);
    for (const r of await ex.db.selectFrom('count_classes').select(['sku', 'abc_class']).where('sku', 'in', chunk).execute()) classes.set(r.sku, r.abc_class);
    const counted = await ex.db
      .selectFrom('count_lines as l')
      .innerJoin('count_sessions as s', 's.id', 'l.session_id')
      .select(['l.sku', (eb) => eb.fn.max('l.counted_at').as('last')])
      .where('s.location', '=', location)
      .where('l.status', '=', 'posted')
      .where('l.sku', 'in', chunk)
      .groupBy('l.sku')
      .execute();
    for (const r of counted) if (r.last) last.set(r.sku, String(r.last).slice(0, 10));
  }
  const out: DueCount[] = [];
  for (const sku of stocked) {
    const abcClass = classes.get(sku) ?? 'C';
    const intervalDays = freq[abcClass] ?? freq.C ?? 365;
    const lastCountedDay = last.get(sku) ?? null;
    if (isDue(lastCountedDay, intervalDays, today)) out.push({ sku, abcClass, intervalDays, lastCountedDay });
  }
  return out.sort((a, b) => (a.abcClass < b.abcClass ? -1 : a.abcClass > b.abcClass ? 1 : (a.lastCountedDay ?? '') < (b.lastCountedDay ?? '') ? -1 : a.sku < b.sku ? -1 : 1));
}
