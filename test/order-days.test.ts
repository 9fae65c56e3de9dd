/**
 * Order days (a policy ordering on some weekdays only): the plan's levels cover the gap to the
 * next order day, its order-by dates fall on order days, and the policy review replays orders on
 * those days only. Both databases.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addPolicyVersion, getPolicy, listRecommendations, reviewPolicies, runPlan } from '../src/planning/index.ts';
import { isoWeekday } from '../src/planning/order-days.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, errorOf, seedPoissonRange, seedSmallCatalogue } from './planning-helpers.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
const planner = { actor: 'pat.planner' };

describe.each(testDatabases())('order days on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
    await seedPoissonRange(store);
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'no shift', safetyShift: 0 }, planner);
  });
  afterEach(async () => {
    await store.close();
  });

  const planP01 = async () => {
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, { actor: 'test', trigger: 'test' });
    return (await listRecommendations(store, { limit: 100, filters: { run: run.id } })).items.find((x) => x.sku === 'P01')!;
  };

  it('plans up to the next order day: periodic review over the lead time + the gap, ordered on an order day', async () => {
    expect(isoWeekday(AS_OF)).toBe(2); // a Tuesday
    const nightly = await planP01();
    const v = await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'supplier takes orders on Mondays', orderWeekdays: [1] }, planner);
    expect(v.current.orderWeekdays).toEqual([1]);
    const weekly = await planP01();
    const e = weekly.explanation as any;
    // protection: 21-day lead time + 7 days to the next Monday, against the lead time alone
    expect(e.protection.days).toBe(28);
    expect((nightly.explanation as any).protection.days).toBe(21);
    expect(e.policyModel.policy).toBe('periodic-review-RS');
    expect(e.levels.method).toMatch(/^periodic review \(R, S\) on the order days/);
    expect((nightly.explanation as any).policyModel.policy).toBe('min-max-sS');
    expect(weekly.reorderPoint).toBe(weekly.orderUpTo - 1);
    expect(weekly.orderUpTo).toBeGreaterThan(nightly.reorderPoint);
    expect(e.policy.orderWeekdays).toEqual([1]);
    expect(e.notes.join('\n')).toContain('orders on Mon only: every order day up to');
    expect(e.notes.join('\n')).toContain('today is not an order day (next in 6 day(s))');
    // the order-by date is a Monday (P01 sold out: it is to order now, on the next order day)
    expect(weekly.orderByDate).not.toBeNull();
    expect(isoWeekday(weekly.orderByDate!)).toBe(1);
    expect(weekly.orderByDate).toBe('2026-10-05');
  });

  it('the review replays orders on order days only', async () => {
    const every = (await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 })).policies.find((p) => p.policy === 'poisson')!;
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'Mondays and Thursdays', orderWeekdays: [4, 1] }, planner);
    expect((await getPolicy(store, 'poisson')).current.orderWeekdays).toEqual([1, 4]);
    const twice = (await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 })).policies.find((p) => p.policy === 'poisson')!;
    // 60 days hold 17-18 Mondays and Thursdays: at most that many orders per pair (every order
    // day up to S when below it: more, smaller orders than the nightly min/max's)
    expect(twice.orders).toBeLessThanOrEqual(12 * 18);
    expect(twice.orders).toBeGreaterThan(every.orders);
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'Mondays', orderWeekdays: [1] }, planner);
    const weekly = (await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 })).policies.find((p) => p.policy === 'poisson')!;
    expect(weekly.orders).toBeLessThanOrEqual(12 * 9);
    for (const p of [every, twice, weekly]) expect(p.fillRate!).toBeGreaterThan(0.85);
  });

  it('refuses bad order days, naming the field', async () => {
    expect(await errorOf(addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'x', orderWeekdays: [0] }, planner))).toMatchObject({ status: 400, details: { field: 'orderWeekdays[0]' } });
    expect(await errorOf(addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'x', orderWeekdays: [1, 1] }, planner))).toMatchObject({ status: 400, details: { field: 'orderWeekdays' } });
    expect(await errorOf(addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'x', orderWeekdays: [] }, planner))).toMatchObject({ status: 400, details: { field: 'orderWeekdays' } });
    const back = await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'any day again', orderWeekdays: null }, planner);
    expect(back.current.orderWeekdays).toBeNull();
  });
});
