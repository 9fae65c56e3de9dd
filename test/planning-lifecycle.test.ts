/**
 * Lifecycle stages in a plan run (engine/segment/lifecycle.ts, plan-run.ts), on both databases:
 * each line carries its SKU's stage and why, the run counts them, the recommendations filter by
 * them, and a policy selects them (a run-down rule for the slow and the dead).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSku } from '../src/catalog/index.ts';
import { postMovements, type MovementInput } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, errorOf, recs, seedSmallCatalogue } from './planning-helpers.ts';
import { addPolicyVersion, createPolicy, listRecommendations, runPlan } from '../src/planning/index.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ctx = { actor: 'test', trigger: 'test' as const };
const planner = { actor: 'pat.planner' };
const dayBefore = (n: number) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** Sells `perDay(k)` at WH1 on each of the `days` days ending `endAgo` days before the planning day, after receiving it all first. */
async function sell(store: Store, sku: string, days: number, endAgo: number, perDay: (k: number) => number, extraStock = 0): Promise<void> {
  const qty = Array.from({ length: days }, (_, k) => perDay(k));
  const first = dayBefore(endAgo + days);
  const moves: MovementInput[] = [{ kind: 'receipt', sku, location: 'WH1', quantity: qty.reduce((a, b) => a + b, 0) + extraStock, unitCost: 1_000_000, occurredAt: `${first}T00:00:00Z` }];
  qty.forEach((q, k) => {
    if (q > 0) moves.push({ kind: 'sale', sku, location: 'WH1', quantity: q, occurredAt: `${dayBefore(endAgo + days - k)}T12:00:00Z` });
  });
  await postMovements(store, moves, { actor: 'test' });
}

describe.each(testDatabases())('lifecycle stages on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
    for (const code of ['FADE', 'DEAD', 'FRESH']) await createSku(store, { code, name: code, unitCost: 1_000_000, defaultSupplier: 'ACME' });
    // FADE: 4 a day for 200 days, then 1 a day for the last 90
    await sell(store, 'FADE', 290, 0, (k) => (k < 200 ? 4 : 1));
    // DEAD: sold for 60 days until 200 days ago, 30 units left on the shelf since
    await sell(store, 'DEAD', 60, 200, () => 2, 30);
    // FRESH: first sold 40 days ago
    await sell(store, 'FRESH', 40, 0, () => 3);
  });
  afterEach(async () => {
    await store.close();
  });

  it('each line carries its stage and why; the run counts them; the recommendations filter by them', async () => {
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const got = await recs(store, run.id);
    const stage = (sku: string) => [got.get(sku)!.lifecycle, (got.get(sku)!.explanation as any).segment.lifecycleReason];
    expect(stage('CONST')).toEqual(['active', 'demand yesterday']);
    expect(stage('FADE')).toEqual(['slow', '1.00/day over the last 90 days against 4.00/day before: fading']);
    expect(stage('DEAD')).toEqual(['dead', 'no demand for 200 days']);
    expect(stage('FRESH')).toEqual(['new', 'first demand 40 days ago']);
    // IDLE: 50 received 120 days ago, never sold: not (yet) dead
    expect(stage('IDLE')).toEqual(['new', 'no demand yet, stock held 120 days']);
    expect(run.inputs!.lifecycles).toEqual({ active: 3, slow: 1, dead: 1, new: 2 });
    const slowOnes = await listRecommendations(store, { filters: { run: run.id, lifecycle: 'slow' } });
    expect(slowOnes.items.map((r) => r.sku)).toEqual(['FADE']);
    expect((await errorOf(listRecommendations(store, { filters: { run: run.id, lifecycle: 'old' as never } })))).toMatchObject({ status: 400, details: { field: 'lifecycle' } });
  });

  it('a policy selects lifecycle stages: the slow and the dead get a run-down rule', async () => {
    await createPolicy(store, { code: 'run-down', name: 'Run down', owner: 'ana', rationale: 'fading and dead SKUs: a low target, no new stock beyond a month', selector: { lifecycle: ['slow', 'dead'] }, serviceTarget: { kind: 'fill-rate', level: 0.8 }, maxCoverDays: 30 }, planner);
    const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, ctx);
    const got = await recs(store, run.id);
    expect(got.get('FADE')!.policy).toEqual({ code: 'run-down', version: 1 });
    expect(got.get('DEAD')!.policy).toEqual({ code: 'run-down', version: 1 });
    // the others keep their ABC policy
    expect(got.get('CONST')!.policy?.code).toMatch(/^default-/);
    // the selector takes the stages in any case, and refuses others naming the field
    const v = await addPolicyVersion(store, 'run-down', { owner: 'ana', rationale: 'dead only', selector: { lifecycle: ['DEAD' as never] } }, planner);
    expect(v.current.selector).toEqual({ lifecycle: ['dead'] });
    expect(await errorOf(addPolicyVersion(store, 'run-down', { owner: 'ana', rationale: 'x', selector: { lifecycle: ['old' as never] } }, planner))).toMatchObject({ status: 400, details: { field: 'selector.lifecycle[0]' } });
  });
});
