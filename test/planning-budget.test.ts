/**
 * A plan run's budget and exposure caps (src/planning/budget.ts), on both databases: the run's
 * budget, a supplier's open-value cap (its open POs counted) and a policy's run budget cut the
 * run's lines by their expected sales per money, keep the supplier MOQ, and say so on every line
 * and in the run.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { updateSupplier } from '../src/catalog/index.ts';
import { addPolicyVersion, getPolicy, runPlan, type Recommendation } from '../src/planning/index.ts';
import { createPurchaseOrder, placePurchaseOrder } from '../src/purchasing/index.ts';
import type { Store } from '../src/store/database.ts';
import { allMigrations, migrateToLatest } from '../src/store/migrate.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, errorOf, recs, seedSmallCatalogue } from './planning-helpers.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ctx = { actor: 'test', trigger: 'test' as const };

const value = (m: Map<string, Recommendation>) => [...m.values()].reduce((t, r) => t + r.suggestedQty * r.unitCost, 0);

describe.each(testDatabases())('plan budget on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('a budget that covers the plan changes nothing; a smaller one funds the surest sales first, keeps the MOQ and says what it cut', async () => {
    const free = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const asked = await recs(store, free.id);
    const askedValue = value(asked);
    // CONST 8/day at 5.00 (lead time 21 days), PACK 3/day at 2.00 (BOLT: MOQ 100, packs of 12), NOSUP 2/day at 1.00
    expect(free.inputs!.budget ?? null).toBeNull();

    const ample = await runPlan(store, { asOf: AS_OF, threads: 0, budget: askedValue }, ctx);
    expect(ample.totalValue).toBe(askedValue);
    expect(ample.inputs!.budget).toMatchObject({ budget: askedValue, objective: 'margin', asked: askedValue, spent: askedValue, linesAsked: 3, linesCut: 0, linesDropped: 0, cutoff: null });

    const budget = 600_000_000;
    const run = await runPlan(store, { asOf: AS_OF, threads: 0, budget }, ctx);
    const got = await recs(store, run.id);
    expect(run.totalValue).toBe(value(got));
    expect(run.totalValue).toBeLessThanOrEqual(budget);
    const b = run.inputs!.budget!;
    expect(b).toMatchObject({ budget, objective: 'margin', asked: askedValue, spent: run.totalValue, linesAsked: 3, unpriced: 3, medianMarkup: 1 });
    expect(b.linesCut).toBeGreaterThanOrEqual(1);
    expect(b.cutoff).toBeGreaterThan(0);
    // the units sure to sell in the week after arrival are funded: CONST's first 7 days (56 units), NOSUP's 14
    const c = got.get('CONST')!;
    expect(c.suggestedQty).toBeGreaterThanOrEqual(56);
    expect(got.get('NOSUP')!.suggestedQty).toBeGreaterThanOrEqual(14);
    // PACK: the cuts alone would keep BOLT's MOQ (108 units, 216.00) but leave its order below BOLT's
    // minimum order value of 500.00, a PO it refuses. Raising it to 252 units (504.00) would leave 96.00
    // for CONST, whose units sell surer and earn more; so BOLT's order is dropped, and CONST and NOSUP
    // keep every unit they sell in the cycle after arrival
    expect(got.get('PACK')!.suggestedQty).toBe(0);
    expect(b.minimumOrderRepairs).toEqual([{ supplier: 'BOLT', minimum: 500_000_000, before: 216_000_000, after: 0, decision: 'dropped' }]);
    expect(b.belowMinimumOrderValue).toEqual([]);
    const packE = got.get('PACK')!.explanation as any;
    expect(packE.budget).toMatchObject({ asked: 252, funded: 0, limitedBy: 'minimum:supplier:BOLT' });
    expect(packE.notes.at(-1)).toMatch(/^cut by supplier BOLT's minimum order value of 500\.00: within the budget its order would have been 216\.00, a PO it refuses, .* so the whole order was dropped and its money went to other lines: 252 -> 0 units/);
    expect(packE.summary).toMatch(/cut to nothing by supplier BOLT's minimum order value \(its order dropped: raising it would have displaced more\)/);
    expect((got.get('CONST')!.explanation as any).budget).toMatchObject({ fundedCycleSales: 56, askedCycleSales: 56 });
    expect((got.get('NOSUP')!.explanation as any).budget).toMatchObject({ fundedCycleSales: 14, askedCycleSales: 14 });
    // what the cut costs: PACK's cycle sales, as the summary says
    expect(b.fundedCycleSales).toBeCloseTo(b.askedCycleSales - (packE.budget.askedCycleSales as number), 6);
    // every line cut by the budget carries the step, a note, its explanation and a summary that says so
    const cut = [...got.values()].filter((r) => r.suggestedQty < asked.get(r.sku)!.suggestedQty);
    expect(cut.length).toBe(b.linesCut);
    for (const r of cut.filter((x) => x.sku !== 'PACK')) {
      const e = r.explanation as any;
      expect(e.budget).toMatchObject({ asked: asked.get(r.sku)!.suggestedQty, funded: r.suggestedQty, limitedBy: 'budget', objective: 'margin' });
      expect(e.budget.fundedCycleSales).toBeLessThanOrEqual(e.budget.askedCycleSales);
      expect(e.order.rounding.at(-1)).toMatchObject({ rule: 'budget', from: asked.get(r.sku)!.suggestedQty, to: r.suggestedQty });
      expect(e.notes.at(-1)).toMatch(/^cut by the run's budget of 600\.00: \d+ -> \d+ units/);
      expect(e.summary).toMatch(/cut (from \d+ by|to nothing by) the run's budget/);
    }

    // with 1,000.00 the cuts would leave BOLT at 240.00 again; raised to its minimum (252 units,
    // 504.00) it funds more expected margin than dropped, so CONST gives up units for it
    const more = await runPlan(store, { asOf: AS_OF, threads: 0, budget: 1_000_000_000 }, ctx);
    const moreGot = await recs(store, more.id);
    expect(more.inputs!.budget!.minimumOrderRepairs).toEqual([{ supplier: 'BOLT', minimum: 500_000_000, before: 240_000_000, after: 504_000_000, decision: 'raised' }]);
    expect([moreGot.get('PACK')!.suggestedQty, moreGot.get('NOSUP')!.suggestedQty, moreGot.get('CONST')!.suggestedQty]).toEqual([252, 42, 90]);
    expect(more.totalValue).toBeLessThanOrEqual(1_000_000_000);

    // a budget of 0 orders nothing
    const none = await runPlan(store, { asOf: AS_OF, threads: 0, budget: 0 }, ctx);
    expect(none).toMatchObject({ totalValue: 0, toOrderCount: 0 });
    expect(none.inputs!.budget).toMatchObject({ spent: 0, linesCut: 3, linesDropped: 3 });
  });

  it("the objective 'units' funds the cheap units first; bad budget parameters are refused naming the field", async () => {
    const units = await runPlan(store, { asOf: AS_OF, threads: 0, budget: 200_000_000, budgetObjective: 'units' }, ctx);
    const got = await recs(store, units.id);
    expect(units.inputs!.budget).toMatchObject({ objective: 'units', unpriced: 0 });
    // NOSUP's units cost 1.00 against CONST's 5.00: at the same sale probability it goes first
    expect(got.get('NOSUP')!.suggestedQty).toBeGreaterThanOrEqual(14);
    expect(units.totalValue).toBeLessThanOrEqual(200_000_000);

    for (const [params, field] of [
      [{ budget: -1 }, 'budget'],
      [{ budget: 1.5 }, 'budget'],
      [{ budgetObjective: 'profit' as never }, 'budgetObjective'],
    ] as const) {
      expect(await errorOf(runPlan(store, { asOf: AS_OF, ...params }, ctx))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: { field } });
    }
  });

  it("a supplier's open-value cap counts its open POs; a policy's run budget caps its own lines", async () => {
    const free = await recs(store, (await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx)).id);
    // ACME: an open PO worth 100.00 (IDLE, 100 units at 1.00), a cap of 400.00: 300.00 left for CONST
    const po = await createPurchaseOrder(store, { supplier: 'ACME', lines: [{ sku: 'IDLE', location: 'WH1', quantity: 100, unitCost: 1_000_000 }] }, { actor: 'test' });
    await placePurchaseOrder(store, po.number, { actor: 'test' });
    await updateSupplier(store, 'ACME', { maxOpenValue: 400_000_000 });
    const capped = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const got = await recs(store, capped.id);
    const cst = got.get('CONST')!;
    expect(cst.suggestedQty * 5_000_000).toBeLessThanOrEqual(300_000_000);
    expect(cst.suggestedQty).toBe(60); // 300.00 / 5.00: its units all sell in the cycle or later, each worth more than nothing
    expect((cst.explanation as any).budget).toMatchObject({ limitedBy: 'supplier:ACME', asked: free.get('CONST')!.suggestedQty, funded: 60 });
    expect((cst.explanation as any).notes.at(-1)).toMatch(/supplier ACME's open-value cap of 400\.00 \(open POs 100\.00\)/);
    // the other suppliers' lines are untouched (no overall budget)
    expect(got.get('PACK')!.suggestedQty).toBe(free.get('PACK')!.suggestedQty);
    expect(got.get('NOSUP')!.suggestedQty).toBe(free.get('NOSUP')!.suggestedQty);
    expect(capped.inputs!.budget).toMatchObject({ budget: null, caps: [{ key: 'supplier:ACME', limit: 400_000_000, committed: 100_000_000, spent: 300_000_000 }] });

    // default-a plans CONST (class A): a run budget of 100.00 caps it at 20 units
    await updateSupplier(store, 'ACME', { maxOpenValue: null });
    const a = await getPolicy(store, 'default-a');
    await addPolicyVersion(store, 'default-a', { owner: 'ana', rationale: 'cash for A items this month', runBudget: 100_000_000 }, { actor: 'pat.planner' });
    expect((await getPolicy(store, 'default-a')).current).toMatchObject({ version: a.current.version + 1, runBudget: 100_000_000 });
    const byPolicy = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const gp = await recs(store, byPolicy.id);
    expect(gp.get('CONST')!.suggestedQty).toBe(20);
    expect((gp.get('CONST')!.explanation as any).budget.limitedBy).toBe('policy:default-a');
    expect(byPolicy.inputs!.budget!.caps).toEqual([{ key: 'policy:default-a', limit: 100_000_000, committed: 0, asked: free.get('CONST')!.suggestedQty * 5_000_000, spent: 100_000_000 }]);
    expect(await errorOf(addPolicyVersion(store, 'default-a', { owner: 'ana', rationale: 'x', runBudget: -5 }, { actor: 'pat.planner' }))).toMatchObject({ status: 400, details: { field: 'runBudget' } });
  });

  it("a database migrated before the suppliers' cap takes the new catalog migration after the planning ones", async () => {
    const old = await target.open({ migrate: false });
    try {
      const all = allMigrations();
      const before = Object.fromEntries(Object.entries(all).filter(([name]) => name !== '0101_supplier_max_open_value'));
      await migrateToLatest(old, before);
      const res = await migrateToLatest(old);
      expect(res.results?.map((r) => [r.migrationName, r.status])).toEqual([['0101_supplier_max_open_value', 'Success']]);
      await seedSmallCatalogue(old);
      await updateSupplier(old, 'ACME', { maxOpenValue: 1_000_000 });
    } finally {
      await old.close();
    }
  });
});
