/**
 * Policy calibration (planning/policy-review.ts): the review proposes one safety shift per
 * fill-rate policy from its replay, and applying it writes a policy version whose plans replay to
 * exactly the figures the proposal stated. Both databases.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addPolicyVersion, applyCalibration, autoCalibrateTargets, CALIBRATION_GRID, getPolicy, getReview, listPolicyVersions, listPolicies, listRecommendations, listReviews, reviewPolicies, runPlan, runPolicyReview, startPlanScheduler, acquireReviewSlot, runningReview, runGuardedReview, startReviewJob } from '../src/planning/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, errorOf, HISTORY_DAYS, POISSON_SKUS, seedPoissonRange, seedSmallCatalogue, sellDaily } from './planning-helpers.ts';
import { createSku, updateSku } from '../src/catalog/index.ts';
import { nbSeries } from './helpers/nb-series.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const planner = { actor: 'pat.planner' };

/**
 * Starts the plan schedule with a fake clock that reaches its minute 300 ms from now and resolves
 * with the first firing's review step (the saved review's id, or null, and its error), then stops.
 */
function fireSchedule(store: Store, reviewEveryDays: number, logs: string[]): Promise<{ id: number | null; error?: unknown }> {
  return new Promise((resolve) => {
    const realNow = Date.now();
    const d = new Date(realNow + 120_000);
    const at = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const offset = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()) - realNow - 300;
    const sched = startPlanScheduler(store, {
      schedule: at,
      parameters: { threads: 0 },
      retentionDays: null,
      reviewEveryDays,
      log: (m) => logs.push(m),
      now: () => Date.now() + offset,
      onReview: (id, error) => {
        sched.stop();
        resolve({ id, error });
      },
    });
  });
}

describe.each(testDatabases())('policy calibration on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
    await seedSmallCatalogue(store);
    await seedPoissonRange(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('proposes the smallest shift from which every higher one replays to the target; applied, the plans replay to the stated figures', async () => {
    const plain = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 });
    const r = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0, calibrate: true });
    // calibrating replays the policy as it stands unchanged (outcome 0, same seeds)
    expect(r.policies.map(({ calibration, ...rest }) => rest)).toEqual(plain.policies);
    const p = r.policies.find((x) => x.policy === 'poisson')!;
    expect(p).toMatchObject({ version: 1, pairs: 12, safetyShift: 1.5 });
    expect(p.fillRate!).toBeGreaterThan(0.915);
    const c = p.calibration!;
    expect(c.status).toBe('calibrated');
    expect(c.currentShift).toBe(1.5);
    expect(c.shift!).toBeLessThan(1.5);
    expect(CALIBRATION_GRID).toContain(c.shift);
    expect(c.fillRate!).toBeGreaterThanOrEqual(0.9);
    expect(c.avgOnHand!).toBeLessThan(p.avgOnHand);
    expect(c.reason).toMatch(/^replayed fill .* at shift 1\.5 -> .* at shift -?\d/);
    // one pair, 60 days: too little to calibrate on
    expect(r.policies.find((x) => x.policy === 'default-a')!.calibration).toMatchObject({ status: 'insufficient-evidence', shift: null });

    // a policy changed since the review: nothing is written
    await addPolicyVersion(store, 'default-a', { owner: 'x', rationale: 'unrelated change' }, planner);
    const before = await listPolicyVersions(store, 'poisson');
    const stale = { ...r, policies: r.policies.map((x) => (x.policy === 'poisson' ? { ...x, version: 0 } : x)) };
    expect(await errorOf(applyCalibration(store, stale, planner))).toMatchObject({ status: 409, code: 'POLICY_VERSION_CONFLICT' });
    expect(await errorOf(applyCalibration(store, r, { ...planner, only: ['nope'] }))).toMatchObject({ status: 400, details: { field: 'only' } });
    expect(await listPolicyVersions(store, 'poisson')).toEqual(before);

    const applied = await applyCalibration(store, r, planner);
    expect(applied).toEqual([{ policy: 'poisson', fromVersion: 1, version: 2, safetyShift: c.shift, classShifts: null, rationale: expect.stringContaining('calibrated by the policy review of 2026-07-31 .. 2026-09-29 (60 days, 12 SKU x locations') }]);
    const v2 = (await getPolicy(store, 'poisson')).current;
    // owner unchanged, the actor recorded, everything else as version 1
    expect(v2).toMatchObject({ version: 2, owner: 'ana', createdBy: 'pat.planner', safetyShift: c.shift, serviceTarget: { kind: 'fill-rate', level: 0.9 }, selector: { skus: POISSON_SKUS } });

    // the applied shift replays to exactly what the proposal stated
    const after = (await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 })).policies.find((x) => x.policy === 'poisson')!;
    expect(after).toMatchObject({ version: 2, safetyShift: c.shift, fillRate: c.fillRate, orders: c.orders });
    expect(after.avgOnHand).toBeCloseTo(c.avgOnHand!, 9);
    // and the next shift down on the grid misses the target: the proposal is the smallest
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'one step lower', safetyShift: c.shift! - 0.05 }, planner);
    const lower = (await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 })).policies.find((x) => x.policy === 'poisson')!;
    expect(lower.fillRate!).toBeLessThan(0.9);
  });

  it('plans apply the shift to the reorder point and explain it', async () => {
    const at = async () => {
      const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, { actor: 'test', trigger: 'test' });
      return (await listRecommendations(store, { limit: 100, filters: { run: run.id } })).items.find((x) => x.sku === 'P01')!;
    };
    const shifted = await at();
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'back to the formula', safetyShift: 0 }, planner);
    const formula = await at();
    const e = shifted.explanation as any;
    const sd = e.protection.demandSd as number;
    expect(sd).toBeGreaterThan(0);
    expect(e.levels.safetyShift).toEqual({ z: 1.5, formulaReorderPoint: formula.reorderPoint, formulaOrderUpTo: formula.orderUpTo });
    expect(shifted.reorderPoint).toBe(Math.round(formula.reorderPoint + 1.5 * sd));
    expect(shifted.orderUpTo - shifted.reorderPoint).toBe(formula.orderUpTo - formula.reorderPoint);
    expect(shifted.safetyStock).toBeCloseTo(formula.safetyStock + shifted.reorderPoint - formula.reorderPoint, 6);
    expect(e.policy.safetyShift).toBe(1.5);
    expect(e.notes.join('\n')).toContain(`reorder point shifted by +1.5 sd of lead-time demand (policy calibration): ${formula.reorderPoint} -> ${shifted.reorderPoint}`);
    expect((formula.explanation as any).levels.safetyShift).toBeNull();
    // out of range: refused, naming the field
    expect(await errorOf(addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'too far', safetyShift: 3.5 }, planner))).toMatchObject({ status: 400, details: { field: 'safetyShift' } });
  });

  it("replays with the history the plan runs read (historyDays, default 365), kept with a saved review", async () => {
    const ctx = { actor: 'pat.planner', trigger: 'test' as const };
    const full = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 });
    expect(full.historyDays).toBe(365);
    // plans reading 60 days: a different replay (the seeded 120 days give the default's plans up to 120)
    const short = await runPolicyReview(store, { asOf: AS_OF, days: 60, threads: 0, historyDays: 60, save: true }, ctx);
    expect(short.review.historyDays).toBe(60);
    const poisson = (r: typeof full) => r.policies.find((p) => p.policy === 'poisson')!;
    expect(poisson(short.review).avgOnHand).not.toBeCloseTo(poisson(full).avgOnHand, 6);
    expect((await getReview(store, short.id!)).historyDays).toBe(60);
    expect(await errorOf(reviewPolicies(store, { asOf: AS_OF, days: 60, historyDays: 20 }))).toMatchObject({ status: 400, details: { field: 'historyDays' } });
  });

  it('keeps reviews: saved with their calibration, applied versions name the review, a conflict keeps nothing', async () => {
    const ctx = { actor: 'pat.planner', trigger: 'test' as const };
    expect(await errorOf(runPolicyReview(store, { asOf: AS_OF, days: 60, only: ['poisson'] }, ctx))).toMatchObject({ status: 400, details: { field: 'only' } });
    // not kept unless asked
    expect((await runPolicyReview(store, { asOf: AS_OF, days: 60, threads: 0 }, ctx)).id).toBeNull();
    expect((await listReviews(store)).items).toEqual([]);

    const saved = await runPolicyReview(store, { asOf: AS_OF, days: 60, threads: 0, calibrate: true, save: true }, ctx);
    expect(saved.id).toEqual(expect.any(Number));
    expect(saved.applied).toBeNull();
    const got = await getReview(store, saved.id!);
    expect(got).toMatchObject({ id: saved.id, asOf: AS_OF, from: '2026-07-31', days: 60, refit: 7, historyDays: 365, calibrated: true, trigger: 'test', requestedBy: 'pat.planner', applied: [] });
    expect(got.policies).toEqual(saved.review.policies);
    expect(got.assumptions).toEqual(saved.review.assumptions);
    expect(await errorOf(getReview(store, 9999))).toMatchObject({ status: 404 });

    // apply: the review is kept with what was applied; the version's rationale names it
    const applied = await runPolicyReview(store, { asOf: AS_OF, days: 60, threads: 0, apply: true }, ctx);
    expect(applied.applied!.map((a) => a.policy)).toEqual(['poisson']);
    expect(applied.applied![0].rationale).toContain(`calibrated by the policy review #${applied.id} of 2026-07-31 .. ${AS_OF}`);
    expect((await getReview(store, applied.id!)).applied).toEqual(applied.applied);
    expect((await getPolicy(store, 'poisson')).current.rationale).toBe(applied.applied![0].rationale);
    const page = await listReviews(store, { limit: 1 });
    expect(page.items.map((r) => r.id)).toEqual([applied.id]);
    expect((await listReviews(store, { cursor: page.nextCursor })).items.map((r) => r.id)).toEqual([saved.id]);

    // a policy changed between the review and its apply: neither versions nor the review are kept
    const before = (await listReviews(store)).items.length;
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'back up', safetyShift: 1.5 }, planner);
    const stale = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0, calibrate: true });
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'meanwhile', safetyShift: 1.4 }, planner);
    expect(await errorOf(applyCalibration(store, stale, planner))).toMatchObject({ status: 409 });
    expect((await listReviews(store)).items.length).toBe(before);
  });

  it('the nightly schedule saves a policy review when the last is a week old, applying nothing without auto-calibrate', async () => {
    const logs: string[] = [];
    const fire = (reviewEveryDays: number) => fireSchedule(store, reviewEveryDays, logs);
    const first = await fire(7);
    expect(first.error).toBeUndefined();
    const r = await getReview(store, first.id!);
    // as of the day it runs (today: the test's history ended earlier, so little is reviewable)
    expect(r).toMatchObject({ trigger: 'schedule', requestedBy: 'system:schedule', calibrated: true, applied: [], days: 180 });
    expect((await getPolicy(store, 'poisson')).current.version).toBe(1);
    expect(logs.join('\n')).toContain(`plan schedule: policy review #${first.id} saved: `);
    // the next night: not due
    expect((await fire(7)).id).toBeNull();
    expect((await listReviews(store)).items.length).toBe(1);
  });

  it('one review at a time: a running review makes the scheduled one wait for the next firing, and a second request is 409', async () => {
    const logs: string[] = [];
    const fire = () => fireSchedule(store, 7, logs);
    // a planner's review holds the slot (as a synchronous request or a job would)
    const release = acquireReviewSlot('request', 'pat.planner');
    expect(runningReview()).toMatchObject({ kind: 'request', by: 'pat.planner' });
    const waited = await fire();
    expect(waited.id).toBeNull();
    expect(waited.error).toMatchObject({ code: 'POLICY_REVIEW_IN_PROGRESS', status: 409 });
    expect(logs.join('\n')).toMatch(/policy review skipped, due again at the next run: a policy review request \(started .* by pat\.planner\) is still running/);
    expect((await listReviews(store)).items.length).toBe(0);
    // nor can a second request or a job start
    expect(await errorOf(runGuardedReview(store, { asOf: AS_OF, days: 60, threads: 0 }, { actor: 'ana', trigger: 'test' }))).toMatchObject({ status: 409, code: 'POLICY_REVIEW_IN_PROGRESS' });
    expect(() => startReviewJob(store, { asOf: AS_OF, days: 60, threads: 0 }, { actor: 'ana', trigger: 'api' })).toThrow(/a policy review request .* is still running/);
    release();
    release(); // idempotent
    expect(runningReview()).toBeNull();
    // the next firing finds the review still due and runs it
    const next = await fire();
    expect(next.error).toBeUndefined();
    expect(next.id).not.toBeNull();
    expect((await getReview(store, next.id!))).toMatchObject({ trigger: 'schedule' });
    expect(runningReview()).toBeNull();
  });

  it('the schedule applies its proposal to a policy marked auto-calibrate, and only to it', async () => {
    // without the flag a review that applies only auto-calibrate policies applies nothing, though
    // poisson (over-delivering at shift 1.5) gets a proposal
    const none = await runPolicyReview(store, { asOf: AS_OF, days: 60, threads: 0, apply: true, onlyAutoCalibrate: true }, { actor: 'pat.planner', trigger: 'test' });
    expect(none.review.policies.find((x) => x.policy === 'poisson')!.calibration!.status).toBe('calibrated');
    expect(none.applied).toEqual([]);
    expect((await getReview(store, none.id!)).applied).toEqual([]);
    expect((await getPolicy(store, 'poisson')).current.version).toBe(1);
    // poisson is marked auto_calibrate; default-a stays as it is
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'let the weekly review tune it', autoCalibrate: true }, planner);
    expect(await errorOf(addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'bad', autoCalibrate: 'yes' as unknown as boolean }, planner))).toMatchObject({ status: 400, details: { field: 'autoCalibrate' } });
    const logs: string[] = [];
    // a clock on the test history's planning day, reaching 02:00 UTC 300 ms from now
    const start = Date.now();
    const base = Date.parse(`${AS_OF}T02:00:00Z`) - 300;
    const result = await new Promise<{ id: number | null; error?: unknown }>((resolve) => {
      const sched = startPlanScheduler(store, {
        schedule: '02:00',
        parameters: { threads: 0 },
        retentionDays: null,
        reviewEveryDays: 7,
        reviewDays: 60,
        log: (m) => logs.push(m),
        now: () => base + (Date.now() - start),
        onReview: (id, error) => {
          sched.stop();
          resolve({ id, error });
        },
      });
    });
    expect(result.error).toBeUndefined();
    const r = await getReview(store, result.id!);
    expect(r).toMatchObject({ trigger: 'schedule', requestedBy: 'system:schedule', asOf: AS_OF, days: 60, calibrated: true });
    const proposal = r.policies.find((x) => x.policy === 'poisson')!.calibration!;
    expect(proposal.status).toBe('calibrated');
    expect(r.applied).toEqual([{ policy: 'poisson', fromVersion: 2, version: 3, safetyShift: proposal.shift, classShifts: null, rationale: expect.stringContaining(`calibrated by the policy review #${result.id} of `) }]);
    const v3 = (await getPolicy(store, 'poisson')).current;
    // the new version keeps the owner and the flag; the scheduler is its author
    expect(v3).toMatchObject({ version: 3, owner: 'ana', createdBy: 'system:schedule', safetyShift: proposal.shift, autoCalibrate: true });
    // a policy without the flag is left for a planner, whatever the review proposed
    expect((await getPolicy(store, 'default-a')).current.version).toBe(1);
    expect(logs.join('\n')).toContain(`poisson `);
    expect(logs.join('\n')).toMatch(new RegExp(`policy review #${result.id} saved: .*poisson [\\d.]+% vs 90\\.0% \\(applied shift ${proposal.shift}: version 3\\)`));
  });

  it('the schedule skips a policy a planner changed while the review ran, and applies the others', async () => {
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'let the weekly review tune it', autoCalibrate: true }, planner);
    await addPolicyVersion(store, 'default-a', { owner: 'ana', rationale: 'this one too', autoCalibrate: true }, planner);
    const review = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0, calibrate: true });
    const proposed = review.policies.filter((p) => p.calibration?.status === 'calibrated' || p.calibration?.status === 'at-limit').map((p) => p.policy);
    expect(proposed).toContain('poisson');
    // nothing changed: every marked policy with a review entry is a target, nothing skipped
    const before = autoCalibrateTargets(review, await listPolicies(store));
    expect(before.skipped).toEqual([]);
    expect(before.only).toContain('poisson');
    expect(before.only).not.toContain('default-b');
    // a planner adds poisson's version 3 while the review runs: it is skipped, named with both
    // versions, and the others are still applied (before: a 409 lost the whole review)
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'planner raised it by hand', safetyShift: 0.5, autoCalibrate: true }, planner);
    const after = autoCalibrateTargets(review, await listPolicies(store));
    expect(after.skipped).toEqual([{ policy: 'poisson', reviewedVersion: 2, currentVersion: 3 }]);
    expect(after.only).toEqual(before.only.filter((c) => c !== 'poisson'));
    const applied = await applyCalibration(store, review, { actor: 'system:schedule', only: after.only });
    expect(applied.map((a) => a.policy)).toEqual(after.only.filter((c) => proposed.includes(c)));
    // the planner's version stands
    expect((await getPolicy(store, 'poisson')).current).toMatchObject({ version: 3, safetyShift: 0.5, createdBy: 'pat.planner' });
    // by hand, the same review is still all or nothing
    expect(await errorOf(applyCalibration(store, review, { actor: 'pat.planner', only: ['poisson'] }))).toMatchObject({ status: 409 });
    // a policy whose flag the planner turned off is not a target
    await addPolicyVersion(store, 'default-a', { owner: 'ana', rationale: 'hands off', autoCalibrate: false }, planner);
    const review2 = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0, calibrate: true });
    expect(autoCalibrateTargets(review2, await listPolicies(store)).only).not.toContain('default-a');
  });

  it('replays orders sized as the plan sizes them: in whole case packs', async () => {
    // PACK (case pack 12, 3 a day) is one of the small catalogue's pairs
    const packed = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 });
    expect(packed.assumptions.join('; ')).toContain('case pack and order multiple rounded up');
    await updateSku(store, 'PACK', { packSize: 1 });
    const loose = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 });
    const stock = (r: typeof packed) => r.policies.map((p) => [p.policy, p.avgOnHand]);
    // the policy holding PACK holds more with packs; the others are unchanged
    const changed = stock(packed).filter(([, x], i) => x !== stock(loose)[i][1]);
    expect(changed.length).toBe(1);
    const i = stock(packed).findIndex(([c]) => c === changed[0][0]);
    expect(packed.policies[i].avgOnHand).toBeGreaterThan(loose.policies[i].avgOnHand);
  });

  it('calibrates each demand class of a policy on its own: applied, each class replays to its stated figures', async () => {
    // 12 sparse sellers (0.5 a day: intermittent) join the 12 Poisson ones (2 a day: smooth)
    const sparse = Array.from({ length: 12 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);
    for (const [k, sku] of sparse.entries()) {
      await createSku(store, { code: sku, name: `Sparse seller ${sku}`, unitCost: 1_000_000, defaultSupplier: 'ACME' });
      const y = nbSeries(HISTORY_DAYS, 0.5, 1, 300 + k);
      await sellDaily(store, sku, 'WH1', (i) => y[i]);
    }
    // and 3 lumpy ones (0.5 a day in bursts): too few for a class shift of their own
    const bursty = ['B1', 'B2', 'B3'];
    for (const [k, sku] of bursty.entries()) {
      await createSku(store, { code: sku, name: `Bursty seller ${sku}`, unitCost: 1_000_000, defaultSupplier: 'ACME' });
      const y = nbSeries(HISTORY_DAYS, 0.5, 8, 700 + k);
      await sellDaily(store, sku, 'WH1', (i) => y[i]);
    }
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'sparse sellers too', selector: { skus: [...POISSON_SKUS, ...sparse, ...bursty] } }, planner);
    const r = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0, calibrate: true });
    const p = r.policies.find((x) => x.policy === 'poisson')!;
    const c = p.calibration!;
    expect(p.pairs).toBe(27);
    expect(c.classes!.map((x) => [x.demandClass, x.pairs])).toEqual([
      ['smooth', 12],
      ['intermittent', 12],
      ['lumpy', 3],
    ]);
    // too little evidence: the lumpy class keeps its whole shift (the policy's 1.5)
    expect(c.classes![2]).toMatchObject({ status: 'insufficient-evidence', shift: 1.5 });
    expect(c.classes![2].offset).toBeCloseTo(1.5 - c.shift!, 9);
    // each class with its own proposal meets the target in its own replay; their class shifts are
    // the whole shifts less the policy's
    const own = c.classes!.filter((x) => x.status === 'calibrated' || x.status === 'at-limit');
    expect(own.length).toBeGreaterThan(0);
    for (const x of c.classes!) {
      if (x.status === 'calibrated') expect(x.proposedAchieved!).toBeGreaterThanOrEqual(0.9);
      expect(x.offset).toBeCloseTo(x.shift - c.shift!, 9);
    }
    expect(c.status).toBe('calibrated');
    expect(c.reason).toContain('per demand class: ');
    const expected = Object.fromEntries(c.classes!.filter((x) => x.offset !== 0).map((x) => [x.demandClass, x.offset]));
    expect(c.classShifts ?? {}).toEqual(expected);

    const [applied] = await applyCalibration(store, r, planner);
    expect(applied).toMatchObject({ policy: 'poisson', version: 3, safetyShift: c.shift, classShifts: c.classShifts });
    expect((await getPolicy(store, 'poisson')).current).toMatchObject({ safetyShift: c.shift, classShifts: c.classShifts });
    // the policy as applied replays to exactly the proposal: per class and pooled
    const after = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0, calibrate: true });
    const q = after.policies.find((x) => x.policy === 'poisson')!;
    expect(q.fillRate).toBe(c.fillRate);
    expect(q.avgOnHand).toBeCloseTo(c.avgOnHand!, 9);
    for (const x of own) expect(q.calibration!.classes!.find((y) => y.demandClass === x.demandClass)!.achieved).toBe(x.proposedAchieved);

    // a plan line of a class with a class shift explains both parts
    // (measured: policy shift +0.1, smooth +0.3 -> whole 0.4, intermittent -0.9 -> whole -0.8,
    // lumpy +1.4 -> whole 1.5 kept; pooled fill 96.4 % -> 91.0 %)
    const cls = Object.keys(c.classShifts ?? {})[0];
    expect(cls).toBeDefined();
    {
      const run = await runPlan(store, { asOf: AS_OF, threads: 0 }, { actor: 'test', trigger: 'test' });
      const lines = (await listRecommendations(store, { limit: 100, filters: { run: run.id } })).items;
      const line = lines.find((l) => (l.explanation as any).forecast.demandClass === cls && (l.explanation as any).levels.safetyShift)!;
      expect((line.explanation as any).levels.safetyShift.classShift).toEqual({ demandClass: cls, z: c.classShifts![cls as 'smooth'] });
      expect((line.explanation as any).notes.join('\n')).toMatch(new RegExp(`policy calibration = policy [+-][\\d.]+ \\+ ${cls} demand [+-][\\d.]+\\)`));
    }
    // bad class shifts are refused naming the field
    expect(await errorOf(addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'bad', classShifts: { steady: 1 } as any }, planner))).toMatchObject({ status: 400, details: { field: 'classShifts.steady' } });
    expect(await errorOf(addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'bad', classShifts: { lumpy: 4 } }, planner))).toMatchObject({ status: 400, details: { field: 'classShifts.lumpy' } });
  });

  it('calibrates a cycle-service policy on the replayed cycle service', async () => {
    await addPolicyVersion(store, 'poisson', { owner: 'ana', rationale: 'stockout-averse range', serviceTarget: { kind: 'cycle-service', level: 0.8 } }, planner);
    const r = await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0, calibrate: true });
    const p = r.policies.find((x) => x.policy === 'poisson')!;
    expect(p.target).toEqual({ kind: 'cycle-service', level: 0.8 });
    expect(p.cycles).toBeGreaterThanOrEqual(30);
    expect(p.cycleService).toBe(1 - p.cyclesShort / p.cycles);
    expect(p.achieved).toBe(p.cycleService);
    const c = p.calibration!;
    expect(c.status).toBe('calibrated');
    expect(c.shift!).toBeLessThan(1.5);
    expect(c.cycleService!).toBeGreaterThanOrEqual(0.8);
    expect(c.reason).toMatch(/^replayed cycle service .* at shift 1\.5 -> .* at shift/);
    await applyCalibration(store, r, planner);
    const after = (await reviewPolicies(store, { asOf: AS_OF, days: 60, threads: 0 })).policies.find((x) => x.policy === 'poisson')!;
    expect([after.safetyShift, after.cycleService, after.fillRate]).toEqual([c.shift, c.cycleService, c.fillRate]);
  });
});
