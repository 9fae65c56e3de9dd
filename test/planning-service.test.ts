import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocation, createSku, createSupplier, updateSupplier } from '../src/catalog/index.ts';
import { postMovements } from '../src/ledger/index.ts';
import { censoredNormalFit, poissonDistribution } from '../src/engine/stats/index.ts';
import {
  addPolicyVersion,
  backtestGroup,
  backtestPlanPolicy,
  createPolicy,
  createPurchaseOrdersFromRun,
  getPlanRun,
  getPolicy,
  listOverrides,
  listPolicies,
  listPolicyVersions,
  listRecommendations,
  overrideRecommendation,
  parseRetention,
  parseReviewEvery,
  planSupplierSummary,
  prunePlanRuns,
  reviewPolicies,
  runPlan,
  startPlanRun,
  startPlanScheduler,
  type PlanRun,
  type Recommendation,
} from '../src/planning/index.ts';
import { createPurchaseOrder, getPurchaseOrder, leadTimeStats, placePurchaseOrder, receivePurchaseOrder } from '../src/purchasing/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, errorOf, HISTORY_DAYS, recs, seedSmallCatalogue, sellDaily } from './planning-helpers.ts';

// Plan runs (worker threads, two databases) get slow on a shared 2-core CI machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const planner = { actor: 'pat.planner' };
const ctx = { actor: 'test', trigger: 'test' as const };


describe.each(testDatabases())('planning service on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('plans the worked example (8/day, 21-day lead time, no stock) with an explanation, in worker threads', async () => {
    const run = await runPlan(store, { asOf: AS_OF, threads: 1 }, ctx);
    expect(run.status).toBe('succeeded');
    const r = (await recs(store, run.id)).get('CONST')!;
    expect(r).toMatchObject({ location: 'WH1', supplier: 'ACME', onHand: 0, inbound: 0, reserved: 0, inventoryPosition: 0, leadTimeDays: 21, abc: 'A', xyz: 'X' });
    expect(r.policy).toEqual({ code: 'default-a', version: 1 });
    expect(r.forecastPerDay).toBeCloseTo(8, 6);
    expect(r.reorderPoint).toBeGreaterThan(168); // DESIGN.md: lead-time demand 168 plus safety stock
    // 98% fill rate over the 21-day lead time of 8/day (Poisson 168), lot = the 7-day review period (56);
    // CONST takes no backorders, so lost sales lower s by L (1 - beta) mu = 21 x 0.02 x 8 = 3.36
    const d = poissonDistribution(168);
    let sb = 0;
    while ((d.loss(sb) - d.loss(sb + 56)) / 56 > 0.02) sb++;
    const s = Math.ceil(sb - 3.36);
    expect(r.reorderPoint).toBe(s);
    expect(r.orderUpTo).toBe(s + 56);
    expect(r.suggestedQty).toBe(s + 56);
    expect(r.safetyStock).toBeCloseTo(s - 168, 6);
    expect(r.projectedStockoutDate).toBe(AS_OF);
    expect(r.orderByDate).toBe(AS_OF);
    const e = r.explanation as any;
    expect(e.forecast).toMatchObject({ perDay: 8, historyDays: 120, stockoutDaysCensored: 1 });
    expect(typeof e.forecast.model).toBe('string');
    expect(e.leadTime).toMatchObject({ meanDays: 21, sdDays: 0, source: 'supplier-default' });
    expect(e.policy).toMatchObject({ code: 'default-a', version: 1, owner: 'system', serviceTarget: { kind: 'fill-rate', level: 0.98 }, reviewPeriodDays: 7 });
    expect(e.levels).toMatchObject({ reorderPoint: s, orderUpTo: s + 56 });
    expect(e.levels.safetyStock).toBeCloseTo(s - 168, 3);
    expect(e.order).toMatchObject({ need: s + 56, suggestedQty: s + 56, unitCostMicros: 5_000_000 });
    expect(e.position).toMatchObject({ inventoryPosition: 0 });
  });

  it('applies pack and MOQ, skips idle stock, uses the run default lead time without a supplier; stores the run with its inputs', async () => {
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const all = await recs(store, run.id);
    const pack = all.get('PACK')!;
    expect(pack.suggestedQty % 12).toBe(0);
    // need ~55 -> 60 (packs of 12) -> MOQ 100 -> 108; BOLT's minimum order value 500.00 at 2.00 a unit -> 252 (21 packs, 504.00)
    expect(pack.suggestedQty).toBe(252);
    expect((pack.explanation as any).order.rounding.map((x: any) => [x.rule, x.from, x.to])).toEqual([
      ['round-up-to-pack', expect.any(Number), 60],
      ['moq', 60, 108],
      ['min-order-value', 108, 252],
    ]);
    expect(pack).toMatchObject({ leadTimeDays: 10, leadTimeSdDays: 2 });
    expect(all.get('IDLE')).toMatchObject({ suggestedQty: 0, forecastPerDay: 0, inventoryPosition: 50, daysOfCover: null, orderByDate: null });
    expect(all.get('NOSUP')).toMatchObject({ supplier: null, leadTimeDays: 14 });
    expect((all.get('NOSUP')!.explanation as any).leadTime.source).toBe('run-default');

    const stored = await getPlanRun(store, run.id);
    expect(stored).toMatchObject({ status: 'succeeded', trigger: 'test', asOf: AS_OF, plannedCount: 4, toOrderCount: 3, errorCount: 0, error: null });
    expect(stored.parameters).toMatchObject({ asOf: AS_OF, historyDays: 365, season: 7, forecastModel: 'auto', threads: 0 });
    expect(stored.totalValue).toBe([...all.values()].reduce((t, x) => t + x.suggestedQty * x.unitCost, 0));
    expect(stored.inputs!.policies.map((p) => `${p.code}@${p.version}`).sort()).toEqual(['default-a@1', 'default-b@1', 'default-c@1']);
    expect(stored.inputs!.leadTimes).toEqual([
      { supplier: 'ACME', meanDays: 21, sdDays: 0, source: 'supplier-default', n: 0, skuSpecific: 0, independence: 0 },
      { supplier: 'BOLT', meanDays: 10, sdDays: 2, source: 'supplier-default', n: 0, skuSpecific: 0, independence: 0 },
    ]);
    expect(stored.inputs!.historyTo).toBe('2026-09-28');
    expect(stored.durationMs).toBeGreaterThanOrEqual(0);
    expect(Object.keys(stored.phases!)).toEqual(['loadMs', 'segmentMs', 'computeMs', 'writeMs']);
  });

  it("meets a supplier's MOQ once per SKU and order, not once per location line", async () => {
    // BOLT: MOQ 100 (no minimum order value here); PACK (packs of 12) sells 3/day at WH1 and 1/day at WH2
    await updateSupplier(store, 'BOLT', { minOrderValue: null, moq: 300 });
    await createLocation(store, { code: 'WH2', name: 'Second warehouse' });
    await sellDaily(store, 'PACK', 'WH2', () => 1);
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const page = await listRecommendations(store, { limit: 100, filters: { run: run.id, sku: 'PACK' } });
    const byLoc = new Map(page.items.map((r) => [r.location, r]));
    const w1 = byLoc.get('WH1')!;
    const w2 = byLoc.get('WH2')!;
    const sized = (r: Recommendation) => Math.ceil((r.explanation as any).order.need / 12) * 12;
    expect([sized(w1) > 0, sized(w2) > 0, sized(w1) + sized(w2) < 300]).toEqual([true, true, true]);
    // 300 in all (25 packs), not 300 on each line; each line keeps at least what it needed
    expect(w1.suggestedQty + w2.suggestedQty).toBe(300);
    expect([w1.suggestedQty % 12, w2.suggestedQty % 12]).toEqual([0, 0]);
    expect(w1.suggestedQty).toBeGreaterThanOrEqual(sized(w1));
    expect(w2.suggestedQty).toBeGreaterThanOrEqual(sized(w2));
    // the extra went where it covers the fewest days: the covers end within one pack of each other
    const cover = (r: Recommendation) => (r.inventoryPosition + r.suggestedQty) / r.forecastPerDay;
    expect(Math.abs(cover(w1) - cover(w2))).toBeLessThanOrEqual(12 / Math.min(w1.forecastPerDay, w2.forecastPerDay) + 1e-9);
    for (const r of [w1, w2]) {
      const e = r.explanation as any;
      const step = e.order.rounding.find((x: any) => x.rule === 'moq');
      expect(step).toMatchObject({ from: sized(r), to: r.suggestedQty });
      expect(step.note).toContain(`so the order of PACK from supplier BOLT reaches its minimum order quantity 300 over 2 locations (WH1, WH2;`);
      expect(step.note).toContain(`${sized(w1) + sized(w2)} -> 300 units`);
      expect(e.summary).toMatch(/raised to the supplier's minimum order quantity$/);
    }
    const summary = (await planSupplierSummary(store, run.id)).find((x) => x.supplier === 'BOLT')!;
    expect(summary).toMatchObject({ lines: 2, quantity: 300, moq: 300, skusBelowMoq: [] });
    // an override is a whole number of packs (PACK: 12), unless the planner allows a partial one
    const partial = await errorOf(overrideRecommendation(store, w2.id, { quantity: sized(w2) + 5, reason: 'odd' }, planner));
    expect(partial).toMatchObject({ status: 400, details: { field: 'quantity', step: 12, nearest: [sized(w2), sized(w2) + 12] } });
    expect(partial.message).toBe(`quantity ${sized(w2) + 5} is not a whole number of PACK's order step 12 (case pack / order multiple): ${sized(w2)} or ${sized(w2) + 12} (or allow a partial pack)`);
    expect((await overrideRecommendation(store, w2.id, { quantity: sized(w2) + 5, reason: 'supplier splits a pack this once', allowPartialPack: true }, planner)).finalQty).toBe(sized(w2) + 5);
    // a planner who cuts a line back below the MOQ is warned on the preview and the PO
    await overrideRecommendation(store, w2.id, { quantity: sized(w2), reason: 'shelf space' }, planner);
    const cut = (await planSupplierSummary(store, run.id)).find((x) => x.supplier === 'BOLT')!;
    expect(cut).toMatchObject({ quantity: w1.suggestedQty + sized(w2), moq: 300, skusBelowMoq: ['PACK'] });
    const pos = await createPurchaseOrdersFromRun(store, run.id, { suppliers: ['BOLT'] }, planner);
    expect(pos.purchaseOrders).toMatchObject([{ supplier: 'BOLT', lines: 2, totalQuantity: w1.suggestedQty + sized(w2), moq: 300, skusBelowMoq: ['PACK'] }]);
  });

  it("replays each pair's recent demand with the plan's own policy and pools the outcome per policy", async () => {
    const r = await reviewPolicies(store, { asOf: AS_OF, days: 60 });
    expect(r).toMatchObject({ asOf: AS_OF, days: 60, refit: 7, from: '2026-07-31' });
    // CONST, PACK and NOSUP sell every day for 120 days; IDLE never sold (nothing to replay: no history)
    expect(r.policies.reduce((t, p) => t + p.pairs, 0) + r.skipped).toBe(4);
    const a = r.policies.find((p) => p.policy === 'default-a')!;
    expect(a).toMatchObject({ version: 1, target: { kind: 'fill-rate', level: 0.98 }, reviewPeriodDays: 7 });
    for (const p of r.policies) {
      expect(p.fillRate === null || (p.fillRate >= 0 && p.fillRate <= 1)).toBe(true);
      expect(p.avgOnHand).toBeGreaterThanOrEqual(0);
      expect(p.orders).toBeGreaterThan(0);
    }
    // CONST: 8 a day, every day, 21-day lead time: the plan never runs out of a constant demand
    expect(a.pairs).toBe(1);
    expect(a.fillRate).toBe(1);
    expect(a.stockoutDayShare).toBe(0);
    // the pooled figures are the pair's own backtest: CONST replayed directly gives the same
    // (the last day sold the last unit: a stockout day, censored)
    const y = Float64Array.from({ length: HISTORY_DAYS }, (_, d) => (d === HISTORY_DAYS - 1 ? NaN : 8));
    const direct = backtestPlanPolicy(
      { y, leadTimeDays: 21, leadTimeSdDays: 0 },
      { reviewPeriodDays: 7, warmup: HISTORY_DAYS - 60, burnIn: 28, refit: 7, historyDays: 365, backorders: false, template: { target: { kind: 'fill-rate', level: 0.98 }, lostSales: true, model: 'auto', season: 7, maxCoverDays: null }, seed: 1 },
    );
    expect([a.served, a.demanded, a.orders]).toEqual([direct.served, direct.demanded, direct.orders]);
    expect(a.avgOnHand).toBeCloseTo(direct.avgOnHand, 9);
    expect(a.avgOnHandValue).toBe(Math.round((direct.avgOnHand * 5_000_000) / 10_000) * 10_000);
    expect(r.assumptions.join('; ')).toContain("today's policies, segments and lead times");
    // PACK (BOLT: MOQ 100, case pack 12, 3 a day; the only pair of default-b) replays as a run
    // orders it: its lines raised to the MOQ (backtestGroup), not pack by pack
    const b = r.policies.find((p) => p.policy === 'default-b')!;
    expect(b.pairs).toBe(1);
    const packJob = {
      series: { y: Float64Array.from({ length: HISTORY_DAYS }, (_, d) => (d === HISTORY_DAYS - 1 ? NaN : 3)), leadTimeDays: 10, leadTimeSdDays: 2 },
      // the review's seed is the pair's place in the plan (CONST, IDLE, NOSUP, PACK: 4)
      options: { reviewPeriodDays: 7, warmup: HISTORY_DAYS - 60, burnIn: 17, refit: 7, historyDays: 365, backorders: false, seed: 4, template: { target: { kind: 'fill-rate' as const, level: 0.95 }, lostSales: true, model: 'auto', season: 7, maxCoverDays: null, casePack: 12, orderMultiple: null, maxOrderUnits: null } },
    };
    const [withMoq] = backtestGroup({ members: [packJob], moq: 100 });
    expect([b.served, b.demanded, b.orders]).toEqual([withMoq[0].served, withMoq[0].demanded, withMoq[0].orders]);
    expect(b.avgOnHand).toBeCloseTo(withMoq[0].avgOnHand, 9);
    // measured: 2 orders and 60 units on hand, where pack by pack it orders 4 times with 20
    const packOnly = backtestPlanPolicy(packJob.series, packJob.options);
    expect(b.orders).toBeLessThan(packOnly.orders);
    expect(b.avgOnHand).toBeGreaterThan(packOnly.avgOnHand + 20);
    expect(r.assumptions.join('; ')).toContain("a SKU's lines raised together to its supplier's MOQ as a run raises them (1 SKU(s) with an MOQ, 0 of them replayed over several locations)");
  });

  it('refuses a bad window; pairs without enough history before or inside it are skipped, not guessed', async () => {
    await expect(reviewPolicies(store, { asOf: AS_OF, days: 10 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'days' } });
    await expect(reviewPolicies(store, { asOf: AS_OF, refit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'refit' } });
    // 120 days of history: replaying 100 leaves 20 before it (< 56)
    const r = await reviewPolicies(store, { asOf: AS_OF, days: 100 });
    expect(r.policies).toEqual([]);
    expect(r.skipped).toBe(4);
  });

  it('versions policies (never edited in place) and records the version each suggestion used', async () => {
    await expect(listPolicies(store)).resolves.toHaveLength(3);
    const p = await createPolicy(store, { code: 'const-cycle', name: 'CONST special', owner: 'ana', rationale: 'promo item', selector: { skus: ['CONST'] }, serviceTarget: { kind: 'cycle-service', level: 0.9 } }, planner);
    expect(p.current).toMatchObject({ version: 1, owner: 'ana', reviewPeriodDays: 7, leadTimeMode: 'learned', createdBy: 'pat.planner' });
    const v2 = await addPolicyVersion(store, 'const-cycle', { owner: 'bo', rationale: 'supplier is slower now', leadTimeMode: 'fixed', leadTimeDays: 30, maxCoverDays: 40 }, planner);
    expect(v2.current).toMatchObject({ version: 2, owner: 'bo', serviceTarget: { kind: 'cycle-service', level: 0.9 }, leadTimeDays: 30, maxCoverDays: 40 });
    const versions = await listPolicyVersions(store, 'const-cycle');
    expect(versions.map((v) => [v.version, v.owner, v.rationale, v.leadTimeMode])).toEqual([
      [1, 'ana', 'promo item', 'learned'],
      [2, 'bo', 'supplier is slower now', 'fixed'],
    ]);

    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const r = (await recs(store, run.id)).get('CONST')!;
    expect(r.policy).toEqual({ code: 'const-cycle', version: 2 });
    expect(r.leadTimeDays).toBe(30);
    expect(r.orderUpTo).toBeLessThanOrEqual(Math.max(r.reorderPoint, 8 * 40));
    expect((r.explanation as any).policy.serviceTarget).toEqual({ kind: 'cycle-service', level: 0.9 });
    expect((r.explanation as any).leadTime.source).toBe('policy-fixed');
    expect((await getPlanRun(store, run.id)).inputs!.policies.find((x) => x.code === 'const-cycle')!.version).toBe(2);

    // retiring a policy is a version too; the SKU falls back to its segment's policy
    await addPolicyVersion(store, 'const-cycle', { owner: 'bo', rationale: 'promo over', active: false }, planner);
    expect((await getPolicy(store, 'const-cycle')).current).toMatchObject({ version: 3, active: false });
    expect((await listPolicies(store)).map((x) => x.code)).not.toContain('const-cycle');

    expect(await errorOf(createPolicy(store, { code: 'const-cycle', name: 'again', owner: 'x', rationale: 'y' }, planner))).toMatchObject({ status: 409, code: 'POLICY_EXISTS' });
    expect(await errorOf(addPolicyVersion(store, 'nope', { owner: 'x', rationale: 'y' }, planner))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const noWhy = await errorOf(addPolicyVersion(store, 'default-a', { owner: 'x', rationale: ' ' }, planner));
    expect([noWhy.status, noWhy.message]).toEqual([400, 'rationale must be a non-empty text']);
    expect((await errorOf(addPolicyVersion(store, 'default-a', { owner: 'x', rationale: 'y', serviceTarget: { kind: 'fill-rate', level: 1.2 } }, planner))).message).toMatch(/serviceTarget.level/);
    expect((await errorOf(addPolicyVersion(store, 'default-a', { owner: 'x', rationale: 'y', selector: { abc: ['D'] } as never }, planner))).message).toMatch(/selector.abc\[0\]/);
    expect((await errorOf(addPolicyVersion(store, 'default-a', { owner: 'x', rationale: 'y', leadTimeMode: 'fixed' }, planner))).message).toMatch(/leadTimeDays/);
    expect((await listPolicyVersions(store, 'default-a')).length).toBe(1);
  });

  it('records overrides with reason and author, and turns final quantities into draft POs per supplier', async () => {
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    let all = await recs(store, run.id);
    const constRec = all.get('CONST')!;
    const o = await overrideRecommendation(store, constRec.id, { quantity: 500, reason: 'trade show next month' }, planner);
    expect(o).toMatchObject({ suggestedQty: constRec.suggestedQty, finalQty: 500, finalValue: 500 * 5_000_000 });
    expect(o.override).toMatchObject({ quantity: 500, reason: 'trade show next month', author: 'pat.planner' });
    await overrideRecommendation(store, all.get('NOSUP')!.id, { quantity: 0, reason: 'discontinued' }, planner);
    expect((await listOverrides(store, constRec.id)).map((x) => x.quantity)).toEqual([500]);
    expect((await errorOf(overrideRecommendation(store, constRec.id, { quantity: -1, reason: 'x' }, planner))).message).toMatch(/quantity/);
    expect((await errorOf(overrideRecommendation(store, constRec.id, { quantity: 1, reason: '' }, planner))).message).toMatch(/reason/);
    expect(await errorOf(overrideRecommendation(store, 999_999, { quantity: 1, reason: 'x' }, planner))).toMatchObject({ status: 404 });

    const toOrder = await listRecommendations(store, { filters: { run: run.id, onlyToOrder: true } });
    expect(toOrder.items.map((r) => r.sku).sort()).toEqual(['CONST', 'PACK']);
    expect((await listRecommendations(store, { filters: { run: run.id, supplier: 'BOLT' } })).items.map((r) => r.sku)).toEqual(['PACK']);
    expect((await listRecommendations(store, {})).runId).toBe(run.id); // default: newest succeeded run

    const res = await createPurchaseOrdersFromRun(store, run.id, {}, planner);
    expect(res.skipped).toEqual({ noSupplier: 0, alreadyOrdered: 0 });
    expect(res.purchaseOrders.map((p) => [p.supplier, p.lines, p.totalQuantity])).toEqual([
      ['ACME', 1, 500],
      ['BOLT', 1, 252],
    ]);
    const bolt = res.purchaseOrders[1];
    expect(bolt).toMatchObject({ minOrderValue: 500_000_000, belowMinimumOrderValue: false, totalValue: 252 * 2_000_000 }); // topped up by the run
    const acme = await getPurchaseOrder(store, res.purchaseOrders[0].number);
    expect(acme).toMatchObject({ status: 'draft', source: 'plan', supplier: 'ACME' });
    expect(acme.lines[0]).toMatchObject({ sku: 'CONST', location: 'WH1', quantity: 500, suggestedQty: constRec.suggestedQty, unitCost: 5_000_000, expectedDate: '2026-10-20' });
    expect(acme.lines[0].overrideReason).toMatch(/trade show next month.*pat\.planner/);

    all = await recs(store, run.id);
    expect(all.get('CONST')!.poNumber).toBe(acme.number);
    const again = await createPurchaseOrdersFromRun(store, run.id, {}, planner);
    expect(again).toMatchObject({ purchaseOrders: [], skipped: { alreadyOrdered: 2 } });
    expect(await errorOf(overrideRecommendation(store, constRec.id, { quantity: 1, reason: 'late change' }, planner))).toMatchObject({ status: 422, code: 'RECOMMENDATION_ORDERED' });

    // the next night, the drafts (not placed yet) count as inbound on their expected day: nothing is
    // suggested again for what they bring, and the lines say which drafts hold it
    const progress: string[] = [];
    const next = await runPlan(store, { asOf: AS_OF, threads: 0 }, { ...ctx, onProgress: (p) => progress.push(p.message) });
    const nx = await recs(store, next.id);
    expect(nx.get('CONST')).toMatchObject({ inbound: 500, inventoryPosition: 500, suggestedQty: 0 });
    expect((nx.get('CONST')!.explanation as any).notes).toContain(`draft purchase orders not placed yet: 500 units counted as inbound: ${acme.number} (place them, or cancel those that will not be)`);
    expect((nx.get('CONST')!.explanation as any).dates.arrivals).toEqual([{ inDays: 21, quantity: 500 }]);
    expect(nx.get('PACK')).toMatchObject({ inbound: 252, suggestedQty: 0 });
    expect(progress.join('\n')).toContain('draft purchase orders: 2 not placed yet');
  });

  it("tops a supplier's lines up to its minimum order value in whole packs, most urgent first; other suppliers unchanged", async () => {
    await createSupplier(store, { code: 'MINI', name: 'Small orders refused', defaultLeadTimeDays: 7 });
    await createSku(store, { code: 'M6', name: 'Six to a case', unitCost: 4_000_000, packSize: 6, defaultSupplier: 'MINI' });
    await createSku(store, { code: 'M10', name: 'Ten to a case', unitCost: 1_500_000, packSize: 10, defaultSupplier: 'MINI' });
    await createSku(store, { code: 'MFULL', name: 'Well stocked', unitCost: 1_000_000, defaultSupplier: 'MINI' });
    await sellDaily(store, 'M6', 'WH1', () => 1);
    await sellDaily(store, 'M10', 'WH1', () => 2);
    await postMovements(store, [{ kind: 'receipt', sku: 'MFULL', location: 'WH1', quantity: 500, unitCost: 1_000_000, occurredAt: '2026-06-01T00:00:00Z' }], { actor: 'test' });

    // Without a minimum: the lines as order sizing makes them.
    const plain = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const before = await recs(store, plain.id);
    const b6 = before.get('M6')!.suggestedQty;
    const b10 = before.get('M10')!.suggestedQty;
    expect([b6 > 0, b6 % 6, b10 > 0, b10 % 10, before.get('MFULL')!.suggestedQty]).toEqual([true, 0, true, 0, 0]);
    const min = 400_000_000;
    const valueBefore = b6 * 4_000_000 + b10 * 1_500_000;
    expect(valueBefore).toBeLessThan(min - 2 * (24_000_000 + 15_000_000)); // needs a few rounds

    await updateSupplier(store, 'MINI', { minOrderValue: min });
    const run = await runPlan(store, { asOf: AS_OF, threads: 1 }, ctx);
    const after = await recs(store, run.id);

    // The rule by hand: both out of stock today (same order-by and stockout day); M10 sells more
    // (2/day against 1/day) so it takes the first pack, then one pack each in turn until 400.00
    // (with this history: 30 + 50 units = 195.00 -> M10 +6 packs = 110, M6 +5 packs = 60: 405.00).
    let q6 = b6;
    let q10 = b10;
    let total = valueBefore;
    for (;;) {
      q10 += 10;
      total += 15_000_000;
      if (total >= min) break;
      q6 += 6;
      total += 24_000_000;
      if (total >= min) break;
    }
    expect(after.get('M10')!.suggestedQty).toBe(q10);
    expect(after.get('M6')!.suggestedQty).toBe(q6);
    expect([q6 % 6, q10 % 10]).toEqual([0, 0]);
    expect(total).toBeGreaterThanOrEqual(min);
    expect(after.get('MFULL')!.suggestedQty).toBe(0); // no need: never raised
    for (const sku of ['CONST', 'PACK', 'NOSUP', 'IDLE']) expect(after.get(sku)!.suggestedQty).toBe(before.get(sku)!.suggestedQty);

    const money = (m: number) => (m / 1_000_000).toFixed(2);
    for (const [sku, from, to, cost] of [
      ['M6', b6, q6, 4_000_000],
      ['M10', b10, q10, 1_500_000],
    ] as const) {
      const r = after.get(sku)!;
      const e = r.explanation as any;
      expect(e.order.rounding.at(-1)).toMatchObject({ rule: 'min-order-value', from, to });
      expect(e.order.rounding.at(-1).note).toContain(`supplier MINI reaches its minimum order value 400.00 (order total ${money(valueBefore)} before, ${money(total)} after)`);
      expect(e.order).toMatchObject({ suggestedQty: to, valueMicros: to * cost, need: (before.get(sku)!.explanation as any).order.need });
      expect(e.summary).toMatch(new RegExp(`^order ${to}: .*minimum order value$`));
      // dates and levels come from the inventory position, not the order: unchanged
      expect([r.daysOfCover, r.orderByDate, r.projectedStockoutDate, r.reorderPoint, r.orderUpTo]).toEqual([before.get(sku)!.daysOfCover, before.get(sku)!.orderByDate, before.get(sku)!.projectedStockoutDate, before.get(sku)!.reorderPoint, before.get(sku)!.orderUpTo]);
    }
    expect((after.get('CONST')!.explanation as any).order.rounding.map((x: any) => x.rule)).not.toContain('min-order-value');

    const stored = await getPlanRun(store, run.id);
    expect(stored.toOrderCount).toBe(plain.toOrderCount);
    expect(stored.totalValue).toBe(plain.totalValue + total - valueBefore);
    expect(stored.totalValue).toBe([...after.values()].reduce((t, x) => t + x.suggestedQty * x.unitCost, 0));

    const summary = new Map((await planSupplierSummary(store, run.id)).map((x) => [x.supplier, x]));
    expect(summary.get('MINI')).toMatchObject({ lines: 2, quantity: q6 + q10, value: total, minOrderValue: min, belowMinimumOrderValue: false });
    expect(summary.get('ACME')).toMatchObject({ minOrderValue: null, belowMinimumOrderValue: false });
    // the run made before the minimum was set is flagged against it, as before
    expect((await planSupplierSummary(store, plain.id)).find((x) => x.supplier === 'MINI')).toMatchObject({ value: valueBefore, belowMinimumOrderValue: true });

    // a planner who cuts a line back below the minimum is still warned, on the preview and the PO
    // (M6 got at least one pack, and the top-up overshoots the minimum by less than one pack)
    expect(q6).toBeGreaterThan(b6);
    await overrideRecommendation(store, after.get('M6')!.id, { quantity: b6, reason: 'shelf space' }, planner);
    const cut = total - (q6 - b6) * 4_000_000;
    expect((await planSupplierSummary(store, run.id)).find((x) => x.supplier === 'MINI')).toMatchObject({ value: cut, belowMinimumOrderValue: true });
    const pos = await createPurchaseOrdersFromRun(store, run.id, { suppliers: ['MINI'] }, planner);
    expect(pos.purchaseOrders).toMatchObject([{ supplier: 'MINI', lines: 2, totalQuantity: b6 + q10, totalValue: cut, minOrderValue: min, belowMinimumOrderValue: true }]);
  });

  it('allows one run at a time (409 PLAN_RUN_IN_PROGRESS) and refuses bad parameters before starting', async () => {
    const first = await startPlanRun(store, { asOf: AS_OF, threads: 1 }, ctx);
    const second = await errorOf(startPlanRun(store, { asOf: AS_OF }, ctx));
    expect(second).toMatchObject({ status: 409, code: 'PLAN_RUN_IN_PROGRESS', details: { run_id: first.runId } });
    expect((await first.done).status).toBe('succeeded');
    const third = await runPlan(store, { asOf: AS_OF, threads: 0, location: 'WH1' }, ctx);
    expect(third).toMatchObject({ status: 'succeeded', plannedCount: 4 });
    expect(await errorOf(startPlanRun(store, { location: 'NOWHERE' }, ctx))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await errorOf(startPlanRun(store, { asOf: '2026-13-01' }, ctx))).toMatchObject({ status: 400 });
    expect(await errorOf(getPlanRun(store, 999))).toMatchObject({ status: 404 });
  });

  it('open purchase orders: inbound raises the position, their expected dates drive the stockout date', async () => {
    await createPurchaseOrder(store, { number: 'PO-IN', supplier: 'ACME', lines: [{ sku: 'CONST', location: 'WH1', quantity: 300, expectedDate: '2026-10-09' }] }, planner);
    await placePurchaseOrder(store, 'PO-IN', planner, { placedAt: '2026-09-20T09:00:00Z' });
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const r = (await recs(store, run.id)).get('CONST')!;
    expect(r).toMatchObject({ onHand: 0, inbound: 300, inventoryPosition: 300, suggestedQty: 0, projectedStockoutDate: AS_OF });
    expect(r.daysOfCover).toBeCloseTo(300 / 8, 6);
    expect(r.orderByDate).toBe(new Date(Date.parse(`${AS_OF}T00:00:00Z`) + Math.floor((300 - r.reorderPoint) / 8) * 86_400_000).toISOString().slice(0, 10));
    expect((r.explanation as any).dates.arrivals).toEqual([{ inDays: 10, quantity: 300 }]);
  });

  it('retention deletes old runs without decisions, keeps those with overrides or POs and the newest', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx)).id);
    const [plain, overridden, ordered, newest] = ids;
    const line = async (run: number) => (await listRecommendations(store, { filters: { run, sku: 'CONST' } })).items[0];
    await overrideRecommendation(store, (await line(overridden)).id, { quantity: 1, reason: 'keep me' }, planner);
    await createPurchaseOrdersFromRun(store, ordered, { suppliers: ['ACME'] }, planner);
    await store.db.updateTable('plan_runs').set({ finished_at: '2026-01-01T00:00:00.000Z' }).execute();
    expect(await prunePlanRuns(store, { keepDays: 30, now: new Date('2026-01-20T00:00:00Z') })).toEqual([]);
    expect(await prunePlanRuns(store, { keepDays: 30, now: new Date('2026-03-01T00:00:00Z') })).toEqual([plain]);
    expect(await errorOf(getPlanRun(store, plain))).toMatchObject({ status: 404 });
    expect(await errorOf(listRecommendations(store, { filters: { run: plain } }))).toMatchObject({ status: 404 });
    for (const id of [overridden, ordered, newest]) expect((await getPlanRun(store, id)).status).toBe('succeeded');
    expect((await listRecommendations(store, { limit: 10, filters: { run: newest } })).items).toHaveLength(4);
    expect(parseRetention('off')).toBeNull();
    expect(parseRetention('90')).toBe(90);
    expect(() => parseRetention('0')).toThrow(/PLAN_RETENTION_DAYS/);
    expect(parseReviewEvery('off')).toBeNull();
    expect(parseReviewEvery(' 14 ')).toBe(14);
    expect(() => parseReviewEvery('weekly')).toThrow(/POLICY_REVIEW_EVERY_DAYS must be a number of days >= 1 or off \(got "weekly"\)/);
  });

  it('learns lead times from receipts: per supplier, and per SKU with enough history', async () => {
    await createSku(store, { code: 'LTX', name: 'Lead-time probe', unitCost: 1_000_000, defaultSupplier: 'ACME' });
    const placed = ['2026-01-05', '2026-02-02', '2026-03-02'];
    const days = [28, 30, 35];
    for (let i = 0; i < 3; i++) {
      const number = `LT-${i}`;
      await createPurchaseOrder(store, { number, supplier: 'ACME', lines: [{ sku: 'LTX', location: 'WH1', quantity: 5 }] }, planner);
      await placePurchaseOrder(store, number, planner, { placedAt: `${placed[i]}T09:00:00Z` });
      const received = new Date(Date.parse(`${placed[i]}T15:00:00Z`) + days[i] * 86_400_000).toISOString();
      await receivePurchaseOrder(store, { po: number, deliveryRef: `D-${i}`, receivedAt: received, lines: [{ sku: 'LTX', quantity: 5 }] }, planner);
    }
    const mean = 31;
    const sd = Math.sqrt(((28 - 31) ** 2 + (30 - 31) ** 2 + (35 - 31) ** 2) / 2);
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const all = await recs(store, run.id);
    expect(all.get('CONST')!.leadTimeDays).toBeCloseTo(mean, 9);
    expect(all.get('CONST')!.leadTimeSdDays).toBeCloseTo(sd, 9);
    expect((all.get('CONST')!.explanation as any).leadTime).toMatchObject({ source: 'supplier-history', observations: 3 });
    expect(all.get('LTX')!.leadTimeDays).toBeCloseTo(mean, 9); // 3 < 5 SKU observations: the supplier's
    const perSku = await runPlan(store, { asOf: AS_OF, threads: 0, minSkuLeadTimeObservations: 3 }, ctx);
    expect(((await recs(store, perSku.id)).get('LTX')!.explanation as any).leadTime).toMatchObject({ source: 'sku-history', observations: 3 });
    expect((await getPlanRun(store, perSku.id)).inputs!.leadTimes.find((l) => l.supplier === 'ACME')).toMatchObject({ source: 'supplier-history', n: 3, skuSpecific: 1 });
  });

  it("a supplier's open POs count as lasting at least their age: a supplier running late shows it before the late POs arrive", async () => {
    await createSku(store, { code: 'LTO', name: 'Open-order probe', unitCost: 1_000_000, defaultSupplier: 'ACME' });
    // receipts of 28, 30, 35 days; then two POs placed 60 and 45 days before the run's day, still open
    const po = async (number: string, placedDay: string, days?: number) => {
      await createPurchaseOrder(store, { number, supplier: 'ACME', lines: [{ sku: 'LTO', location: 'WH1', quantity: 5 }] }, planner);
      await placePurchaseOrder(store, number, planner, { placedAt: `${placedDay}T09:00:00Z` });
      if (days !== undefined) {
        const received = new Date(Date.parse(`${placedDay}T15:00:00Z`) + days * 86_400_000).toISOString();
        await receivePurchaseOrder(store, { po: number, deliveryRef: `D-${number}`, receivedAt: received, lines: [{ sku: 'LTO', quantity: 5 }] }, planner);
      }
    };
    await po('LO-0', '2026-05-04', 28);
    await po('LO-1', '2026-06-01', 30);
    await po('LO-2', '2026-06-29', 35);
    await po('LO-3', '2026-07-30'); // 60 days before 2026-09-28, the run's last history day
    await po('LO-4', '2026-08-14'); // 45 days
    const progress: string[] = [];
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, { ...ctx, onProgress: (p) => progress.push(p.message) });
    const fit = censoredNormalFit([28, 30, 35], [60, 45])!;
    expect(fit.mean).toBeGreaterThan(40);
    const r = (await recs(store, run.id)).get('CONST')!;
    expect(r.leadTimeDays).toBeCloseTo(fit.mean, 9);
    expect(r.leadTimeSdDays).toBeCloseTo(fit.sd, 9);
    expect((r.explanation as any).leadTime).toMatchObject({ source: 'supplier-history', observations: 3, openOrders: 2 });
    expect(progress.join('\n')).toContain(`with their open POs: ACME 31.0 -> ${fit.mean.toFixed(1)} d (2 open)`);
  });

  it('inbound on a PO open longer than twice the supplier\'s longest lead time is flagged on the line and in the run', async () => {
    await createSku(store, { code: 'STL', name: 'Stale-PO probe', unitCost: 1_000_000, defaultSupplier: 'ACME' });
    const po = async (number: string, placedDay: string, quantity: number, days?: number) => {
      await createPurchaseOrder(store, { number, supplier: 'ACME', lines: [{ sku: 'STL', location: 'WH1', quantity }] }, planner);
      await placePurchaseOrder(store, number, planner, { placedAt: `${placedDay}T09:00:00Z` });
      if (days !== undefined) {
        const received = new Date(Date.parse(`${placedDay}T15:00:00Z`) + days * 86_400_000).toISOString();
        await receivePurchaseOrder(store, { po: number, deliveryRef: `D-${number}`, receivedAt: received, lines: [{ sku: 'STL', quantity }] }, planner);
      }
    };
    // receipts of 28 and 35 days: stale after 2 x max(35, the configured 21) = 70 days
    await po('ST-0', '2026-05-04', 5, 28);
    await po('ST-1', '2026-06-01', 5, 35);
    await po('ST-OLD', '2026-06-10', 7); // 110 days before the run's day: stale
    await po('ST-NEW', '2026-09-08', 4); // 21 days: on its way
    const progress: string[] = [];
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, { ...ctx, onProgress: (p) => progress.push(p.message) });
    const r = (await recs(store, run.id)).get('STL')!;
    const e = r.explanation as any;
    expect(r.inbound).toBe(11);
    expect(e.position.staleInbound).toEqual([{ po: 'ST-OLD', quantity: 7, ageDays: 111, staleAfterDays: 70 }]);
    expect(e.notes.join('\n')).toContain('stale inbound: 7 of the 11 units inbound are on POs open longer than twice their supplier\'s longest lead time: ST-OLD (7 units, open 111 days; stale after 70)');
    expect(progress.join('\n')).toMatch(/stale inbound: 7 units on 1 PO\(s\) open longer than twice their supplier's longest lead time, counted in the positions of 1 pair\(s\): ST-OLD/);
    // a line without one says nothing
    expect((await recs(store, run.id)).get('CONST')!.explanation as any).toMatchObject({ position: { staleInbound: null } });
  });

  it("a supplier whose POs overtook each other: the run reads its independence and the line's lead-time term shrinks", async () => {
    await createSku(store, { code: 'XOV', name: 'Crossover probe', unitCost: 1_000_000, defaultSupplier: 'ACME' });
    // 30 weekly POs, lead times 40 +- about 10 days in a scrambled order: later POs often arrive first
    const lead = [52, 31, 45, 38, 29, 50, 41, 33, 47, 36, 55, 28, 43, 39, 30, 49, 42, 35, 51, 27, 44, 37, 53, 32, 46, 40, 34, 48, 26, 54];
    const start = Date.parse('2025-10-06T09:00:00Z');
    for (const [i, days] of lead.entries()) {
      const number = `XO-${i}`;
      const placedAt = new Date(start + 7 * i * 86_400_000).toISOString();
      await createPurchaseOrder(store, { number, supplier: 'ACME', lines: [{ sku: 'XOV', location: 'WH1', quantity: 5 }] }, planner);
      await placePurchaseOrder(store, number, planner, { placedAt });
      await receivePurchaseOrder(store, { po: number, deliveryRef: `XD-${i}`, receivedAt: new Date(Date.parse(placedAt) + days * 86_400_000).toISOString(), lines: [{ sku: 'XOV', quantity: 5 }] }, planner);
    }
    const stats = await leadTimeStats(store, 'ACME');
    expect(stats.crossing.expected).toBeGreaterThan(5);
    expect(stats.crossing.independence).toBeGreaterThan(0.5);
    const progress: string[] = [];
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, { ...ctx, onProgress: (p) => progress.push(p.message) });
    expect(progress.join('\n')).toMatch(/orders overtake each other \(independence\) at ACME 0\.\d\d/);
    expect((await getPlanRun(store, run.id)).inputs!.leadTimes.find((l) => l.supplier === 'ACME')).toMatchObject({ source: 'supplier-history', n: 30, independence: stats.crossing.independence });
    const r = (await recs(store, run.id)).get('CONST')!;
    expect(r.leadTimeSdDays).toBeCloseTo(stats.overall.sdDays!, 9);
    // CONST orders weekly (lot 56 at 8/day): its lead-time term uses the pipeline's spread
    expect((r.explanation as any).leadTime.independence).toBeCloseTo(stats.crossing.independence!, 3);
    const notes = (r.explanation as any).notes.join(' ');
    expect(notes).toMatch(/order crossover: the supplier's orders overtake each other \(independence 0\.\d\d\), and this line orders about every 7\.0 days/);
  });

  it('the scheduler runs a plan at the configured UTC time, skips while a run is running, and takes over an abandoned run', async () => {
    const logs: string[] = [];
    /** Starts a scheduler whose fake clock reaches its scheduled minute 300 ms from now; resolves with what its first firing did. */
    const fireSoon = () =>
      new Promise<{ run: PlanRun | null; error?: any; next: string | null }>((resolve) => {
        const realNow = Date.now();
        const d = new Date(realNow + 120_000);
        const at = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
        const fireAt = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
        const offset = fireAt - realNow - 300;
        let next: string | null = null;
        const sched = startPlanScheduler(store, {
          schedule: at,
          parameters: { threads: 0 },
          reviewEveryDays: null, // the weekly review: test/policy-calibration.test.ts
          log: (m) => logs.push(m),
          now: () => Date.now() + offset,
          onRun: (run, error) => {
            sched.stop();
            resolve({ run, error, next });
          },
        });
        next = sched.next;
        expect(next).toBe(new Date(fireAt).toISOString());
      });

    // a run holding the lock with a fresh heartbeat: the nightly run is skipped
    const at = new Date().toISOString();
    const held = await store.db
      .insertInto('plan_runs')
      .values({ status: 'running', trigger: 'test', requested_by: 'other', as_of: AS_OF, parameters: '{}', active_lock: 'active', created_at: at, started_at: at, heartbeat_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const skipped = await fireSoon();
    expect(skipped.run).toBeNull();
    expect(skipped.error).toMatchObject({ code: 'PLAN_RUN_IN_PROGRESS' });
    expect(logs.join('\n')).toMatch(/plan schedule: skipped, plan run \d+ .* is still running/);

    // the same run, silent for longer than STALE_AFTER_MS: it is marked failed and the nightly run proceeds
    await store.db.updateTable('plan_runs').set({ heartbeat_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', held.id).execute();
    const ran = await fireSoon();
    expect(ran.run).toMatchObject({ trigger: 'schedule', requestedBy: 'system:schedule', status: 'succeeded', plannedCount: 4 });
    expect(await getPlanRun(store, Number(held.id))).toMatchObject({ status: 'failed', error: 'abandoned: no heartbeat since 2000-01-01T00:00:00.000Z' });
    expect(logs.join('\n')).toMatch(/plan schedule: run \d+ succeeded: 4 planned/);
    expect(startPlanScheduler(store, { schedule: 'off', log: (m) => logs.push(m) }).next).toBeNull();
  });
});
