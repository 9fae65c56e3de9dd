/**
 * Launch forecasts (planning/launch-forecasts.ts): a new SKU x location is planned from a
 * planner's stated rate (negative binomial: the rate uncertain as a whole), the plan hands over to
 * its own history linearly, and the policy review leaves launches out. Both databases.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSku } from '../src/catalog/index.ts';
import { postMovements } from '../src/ledger/index.ts';
import { listLaunchForecasts, listRecommendations, removeLaunchForecast, reviewLaunches, reviewPolicies, runPlan, setLaunchForecast, type Recommendation } from '../src/planning/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, errorOf, HISTORY_DAYS, seedSmallCatalogue, sellDaily } from './planning-helpers.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ctx = { actor: 'test', trigger: 'test' as const };
const who = { actor: 'pat.planner', today: AS_OF };
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function planOf(store: Store, sku: string): Promise<Recommendation | undefined> {
  const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
  expect(run.status).toBe('succeeded');
  return (await listRecommendations(store, { limit: 1000, filters: { run: run.id } })).items.find((r) => r.sku === sku);
}

describe.each(testDatabases())('launch forecasts on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
    await createSku(store, { code: 'NEWBIE', name: 'Launching next week', unitCost: 3_000_000, defaultSupplier: 'ACME' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('plans a new SKU from the stated rate: negative binomial lead-time demand, explained', async () => {
    // without a launch forecast a SKU without stock or sales is not planned at all
    expect(await planOf(store, 'NEWBIE')).toBeUndefined();
    const reviewBefore = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 });
    await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 4, cv: 0.5, owner: 'ana', rationale: 'like CONST at half the price point' }, who);
    const r = (await planOf(store, 'NEWBIE'))!;
    expect(r.forecastPerDay).toBeCloseTo(4, 9);
    const e = r.explanation as any;
    expect(e.forecast.model).toBe('Launch');
    // 21 days of 4/day: mean 84, variance 84 + 0.5^2 x 84^2 = 1848 (Gamma-Poisson)
    expect(e.protection.demandMean).toBeCloseTo(84, 3);
    expect(e.protection.demandSd).toBeCloseTo(Math.sqrt(1848), 3);
    expect(e.protection.distribution).toBe('negbin');
    expect(r.reorderPoint).toBeGreaterThan(84);
    expect(r.suggestedQty).toBe(r.orderUpTo); // nothing on hand
    // the policy review replays history only: a launched pair without history is not one of its pairs
    const reviewAfter = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 });
    expect([reviewAfter.skipped, reviewAfter.policies.map((p) => p.pairs)]).toEqual([reviewBefore.skipped, reviewBefore.policies.map((p) => p.pairs)]);
    expect(e.notes.join('\n')).toContain(`launch forecast by ana: 4/day from ${AS_OF} (rate cv 0.5; like CONST at half the price point), no own history yet`);
    // a surer rate (cv 0: Poisson) holds less safety stock for the same target
    await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 4, cv: 0, owner: 'ana', rationale: 'sure' }, who);
    const sure = (await planOf(store, 'NEWBIE'))!;
    expect(sure.reorderPoint).toBeLessThan(r.reorderPoint);
    expect((sure.explanation as any).protection).toMatchObject({ demandMean: 84, distribution: 'poisson' });
    // a launch ten days away: only 11 of the 21 lead-time days have demand
    await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 4, cv: 0.5, launchDay: addDays(AS_OF, 10), owner: 'ana', rationale: 'launch on the 9th' }, who);
    const later = (await planOf(store, 'NEWBIE'))!;
    expect((later.explanation as any).protection.demandMean).toBeCloseTo(44, 3);
    expect(later.reorderPoint).toBeLessThan(r.reorderPoint);
  });

  it('hands over to the own history linearly, then lets it alone', async () => {
    // 14 days of 8/day since the launch 14 days ago; the launch said 4/day; hand-over 56 days
    const launchDay = addDays(AS_OF, -14);
    await sellDaily(store, 'NEWBIE', 'WH1', (i) => (i >= 106 ? 8 : 0));
    await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 4, cv: 0.5, launchDay, owner: 'ana', rationale: 'cautious' }, who);
    const r = (await planOf(store, 'NEWBIE'))!;
    const e = r.explanation as any;
    expect(e.forecast.model).toMatch(/^Launch \+ /);
    // history weight 14 / 56 = 25 %: about 0.25 x 8 + 0.75 x 4 = 5 a day
    expect(r.forecastPerDay).toBeGreaterThan(4.8);
    expect(r.forecastPerDay).toBeLessThan(5.2);
    expect(e.notes.join('\n')).toContain('blended with 14 of 56 hand-over days of own history (history weight 25 %)');
    // a 14-day hand-over: the history alone, and the line says so
    await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 4, cv: 0.5, launchDay, handOverDays: 14, owner: 'ana', rationale: 'cautious' }, who);
    const after = (await planOf(store, 'NEWBIE'))!;
    expect((after.explanation as any).forecast.model).not.toMatch(/Launch/);
    expect(after.forecastPerDay).toBeGreaterThan(7);
    expect((after.explanation as any).notes.join('\n')).toContain(`launch forecast by ana handed over: 14 days of own history since ${launchDay} (hand-over 14 days)`);
  });

  it('a relaunch of a selling pair keeps its own forecast until the launch day', async () => {
    // CONST sells 8 a day; relaunched in 10 days at 20 a day: 21 lead-time days = 10 x 8 + 11 x 20
    await setLaunchForecast(store, 'CONST', 'WH1', { ratePerDay: 20, cv: 0.5, launchDay: addDays(AS_OF, 10), owner: 'ana', rationale: 'new packaging and a campaign' }, who);
    const r = (await planOf(store, 'CONST'))!;
    const e = r.explanation as any;
    expect(e.forecast.model).toMatch(/, then Launch$/);
    expect(e.protection.demandMean).toBeCloseTo(300, 0);
    expect(e.notes.join('\n')).toContain('; until then the forecast of its own 120 days of history (a relaunch)');
    // a new SKU launching in 10 days sells nothing before it
    await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 20, cv: 0.5, launchDay: addDays(AS_OF, 10), owner: 'ana', rationale: 'new' }, who);
    const n = (await planOf(store, 'NEWBIE'))!;
    expect((n.explanation as any).protection.demandMean).toBeCloseTo(220, 6);
  });

  it('values a young SKU per year of its own days, and a launch at its launch rates, for ABC', async () => {
    // YOUNG: first recorded 30 days ago, 12 a day at cost 5 -> 60 a day of value, annualized,
    // above CONST's 8 x 5 = 40 (recorded 120 days): per year 21,900 against 14,600. Unannualized,
    // its 30 days (1,800) ranked under CONST's 120 (4,800). Cumulative shares: YOUNG 49 %, CONST
    // 82 % (A: it starts under 80 %), NEWBIE (4 x 3 x 365 = 4,380) 93 % (B), PACK 98 % (B: it
    // starts under 95 %), NOSUP C.
    await createSku(store, { code: 'YOUNG', name: 'Launched a month ago', unitCost: 5_000_000, defaultSupplier: 'ACME' });
    const first = addDays(AS_OF, -30);
    await postMovements(
      store,
      [
        { kind: 'receipt', sku: 'YOUNG', location: 'WH1', quantity: 360, unitCost: 5_000_000, occurredAt: `${first}T00:00:00Z` },
        ...Array.from({ length: 30 }, (_, i) => ({ kind: 'sale' as const, sku: 'YOUNG', location: 'WH1', quantity: 12, occurredAt: `${addDays(first, i)}T12:00:00Z` })),
      ],
      { actor: 'test' },
    );
    // NEWBIE: no sales, a launch forecast of 4 a day at cost 3 -> valued 12 a day: B, not C
    await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 4, owner: 'ana', rationale: 'r' }, who);
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const byS = new Map((await listRecommendations(store, { limit: 1000, filters: { run: run.id } })).items.map((r) => [r.sku, r.abc]));
    expect([byS.get('YOUNG'), byS.get('CONST'), byS.get('NEWBIE'), byS.get('PACK'), byS.get('NOSUP')]).toEqual(['A', 'A', 'B', 'B', 'C']);
  });

  it('reviews past launches: actual against stated rates, band coverage, bias, error and the cv they warrant', async () => {
    // six launches 40 days before the planning day (day 80 of the history), stated at 0.25 cv and
    // made before their launch; they sell a constant rate until the last day (sold out: censored)
    const launchDay = addDays(AS_OF, -40);
    const cases: [string, number, number][] = [
      ['L1', 2, 2],
      ['L2', 4, 2],
      ['L3', 4, 6],
      ['L4', 1, 1],
      ['L5', 3, 3],
      ['L6', 5, 10],
    ];
    for (const [sku, stated, actual] of cases) {
      await createSku(store, { code: sku, name: sku, unitCost: 1_000_000, defaultSupplier: 'ACME' });
      await sellDaily(store, sku, 'WH1', (i) => (i >= HISTORY_DAYS - 40 ? actual : 0));
      await setLaunchForecast(store, sku, 'WH1', { ratePerDay: stated, cv: 0.25, launchDay, owner: sku === 'L6' ? 'bo' : 'ana', rationale: 'test' }, who);
    }
    // one launched 5 days ago (too early to judge) and one changed after its launch (revised)
    await createSku(store, { code: 'L7', name: 'L7', unitCost: 1_000_000, defaultSupplier: 'ACME' });
    await sellDaily(store, 'L7', 'WH1', (i) => (i >= HISTORY_DAYS - 5 ? 2 : 0));
    await setLaunchForecast(store, 'L7', 'WH1', { ratePerDay: 2, launchDay: addDays(AS_OF, -5), owner: 'ana', rationale: 'test' }, who);
    await createSku(store, { code: 'L8', name: 'L8', unitCost: 1_000_000, defaultSupplier: 'ACME' });
    await sellDaily(store, 'L8', 'WH1', (i) => (i >= HISTORY_DAYS - 40 ? 3 : 0));
    await setLaunchForecast(store, 'L8', 'WH1', { ratePerDay: 3, launchDay, owner: 'ana', rationale: 'seen the first weeks' }, who);
    // the estimates were made before the launches (L8's after: it keeps the wall clock's time)
    await store.db.updateTable('launch_forecasts').set({ updated_at: '2026-08-01T09:00:00.000Z' }).where('sku', 'in', ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']).execute();
    await store.db.updateTable('launch_forecasts').set({ updated_at: '2026-09-01T09:00:00.000Z' }).where('sku', '=', 'L8').execute();
    const r = await reviewLaunches(store, { asOf: AS_OF });
    const by = new Map(r.launches.map((o) => [o.sku, o]));
    // 40 days read, the last one sold out (censored): 39 observed days
    expect(by.get('L2')).toMatchObject({ status: 'reviewed', days: 40, stockoutDays: 1, observedDays: 39, sold: 78, actualRate: 2, ratio: 0.5, inBand: false });
    // 4/day over 39 days at cv 0.25: mean 156, sd sqrt(156 + 0.0625 x 156^2) = 40.9; sold 78 is far below
    expect(by.get('L2')!.band!.low).toBeGreaterThan(78);
    expect(by.get('L1')).toMatchObject({ ratio: 1, inBand: true });
    expect(by.get('L6')).toMatchObject({ ratio: 2, inBand: false });
    expect(by.get('L7')).toMatchObject({ status: 'too-early', days: 5 });
    expect(by.get('L8')).toMatchObject({ status: 'revised' });
    // over the six: log ratios 0, ln .5, ln 1.5, 0, 0, ln 2 -> bias exp(mean) = 1.070; sample
    // variance 0.21958 less counting noise mean(1 / sold) = 0.01111 -> error 0.4566; cv 0.25
    expect(r.overall.launches).toBe(6);
    expect(r.overall.bias).toBeCloseTo(Math.exp((Math.log(0.5) + Math.log(1.5) + Math.log(2)) / 6), 9);
    expect(r.overall.error).toBeCloseTo(0.45659, 4);
    expect(r.overall.coverage).toBeCloseTo(3 / 6, 9); // L1, L4, L5 inside; L2, L3, L6 outside
    expect(r.overall.statedCv).toBeCloseTo(0.25, 9);
    expect(r.proposedCv).toBe(0.25);
    expect(r.reason).toContain('6 launches: actual / stated rate 1.07');
    // per owner: bo's one launch sold twice the estimate
    expect(r.byOwner.map((o) => [o.owner, o.launches, o.bias])).toEqual([
      ['ana', 5, expect.closeTo(Math.exp((Math.log(0.5) + Math.log(1.5)) / 5), 9)],
      ['bo', 1, 2],
    ]);
    // fewer than five reviewed launches: no proposal
    const early = await reviewLaunches(store, { asOf: addDays(AS_OF, -30) });
    expect(early.overall.launches).toBe(0);
    expect(early.proposedCv).toBeNull();
    expect(early.reason).toContain('0 launch(es) reviewed');
    expect(await errorOf(reviewLaunches(store, { asOf: '2026-13-01' }))).toMatchObject({ status: 400, details: { field: 'as_of' } });
  });

  it('names the field of a bad value, replaces on a second set, and removes', async () => {
    expect(await errorOf(setLaunchForecast(store, 'NOPE', 'WH1', { ratePerDay: 1, owner: 'a', rationale: 'r' }, who))).toMatchObject({ status: 400, details: { field: 'sku' } });
    expect(await errorOf(setLaunchForecast(store, 'NEWBIE', 'WH9', { ratePerDay: 1, owner: 'a', rationale: 'r' }, who))).toMatchObject({ status: 400, details: { field: 'location' } });
    expect(await errorOf(setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 0, owner: 'a', rationale: 'r' }, who))).toMatchObject({ status: 400, details: { field: 'rate_per_day' } });
    expect(await errorOf(setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 1, cv: -1, owner: 'a', rationale: 'r' }, who))).toMatchObject({ status: 400, details: { field: 'cv' } });
    expect(await errorOf(setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 1, launchDay: '2026-02-30', owner: 'a', rationale: 'r' }, who))).toMatchObject({ status: 400, details: { field: 'launch_day' } });
    expect(await errorOf(setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 1, owner: 'a', rationale: ' ' }, who))).toMatchObject({ status: 400, details: { field: 'rationale' } });
    expect(await listLaunchForecasts(store)).toEqual([]);
    await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 1, owner: 'a', rationale: 'first guess' }, who);
    const second = await setLaunchForecast(store, 'NEWBIE', 'WH1', { ratePerDay: 2.5, owner: 'b', rationale: 'pre-orders came in' }, who);
    expect(second).toMatchObject({ sku: 'NEWBIE', location: 'WH1', ratePerDay: 2.5, cv: 0.25, launchDay: AS_OF, handOverDays: 56, owner: 'b', updatedBy: 'pat.planner' });
    expect((await listLaunchForecasts(store)).map((l) => [l.sku, l.ratePerDay, l.rationale])).toEqual([['NEWBIE', 2.5, 'pre-orders came in']]);
    await removeLaunchForecast(store, 'NEWBIE', 'WH1');
    expect(await errorOf(removeLaunchForecast(store, 'NEWBIE', 'WH1'))).toMatchObject({ status: 404 });
    expect(await listLaunchForecasts(store)).toEqual([]);
  });
});
