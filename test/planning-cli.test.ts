import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getPlanRun, getPolicy, listPlanRuns } from '../src/planning/index.ts';
import type { Store } from '../src/store/database.ts';
import { runCli } from './cli-helpers.ts';
import { testDatabases } from './helpers/databases.ts';
import { AS_OF, seedPoissonRange, seedSmallCatalogue } from './planning-helpers.ts';

// Plan runs (worker threads, two databases) get slow on a shared 2-core CI machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe.each(testDatabases())('stockloop plan on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open({ file: true });
    await seedSmallCatalogue(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('prints progress and a summary, stores the run; 3 while another run is in progress; 404 for an unknown location', async () => {
    const slow = { timeoutMs: 90_000 }; // each CLI start compiles TypeScript: slow on a busy CI machine
    const res = await runCli(store.url, ['plan', '--as-of', AS_OF, '--threads', '1'], slow);
    expect(res.stderr).toMatch(/load: catalog: 4 active SKUs/);
    expect(res.stderr).toMatch(/compute: computed 4\/4/);
    expect(res.code, res.stderr).toBe(0);
    const runs = await listPlanRuns(store);
    expect(runs.items).toHaveLength(1);
    const run = await getPlanRun(store, runs.items[0].id);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'cli', plannedCount: 4, toOrderCount: 3 });
    expect(res.stdout).toContain(`plan run ${run.id} succeeded (as of ${AS_OF})`);
    expect(res.stdout).toMatch(/SKU x location pairs planned: 4 \(4 SKUs\)/);
    expect(res.stdout).toContain(`to order:                     3 lines, value `);
    expect(res.stdout).toMatch(/time: +\d+\.\d\d s \(load \d+ ms, segment \d+ ms, compute \d+ ms, write \d+ ms\)/);
    expect(res.stdout).toMatch(new RegExp(`${AS_OF}  CONST @ WH1  ACME  \\d+`));

    const json = await runCli(store.url, ['plan', '--as-of', AS_OF, '--threads', '0', '--location', 'WH1', '--json'], slow);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'succeeded', plannedCount: 4, parameters: { location: 'WH1', threads: 0 } });

    // a budget: the progress and the summary say what it cut; a malformed amount exits 2 naming the option
    const budgeted = await runCli(store.url, ['plan', '--as-of', AS_OF, '--threads', '0', '--budget', '600', '--top', '0'], slow);
    expect(budgeted.code, budgeted.stderr).toBe(0);
    expect(budgeted.stderr).toMatch(/compute: budget 600\.00 \(margin\): [1-3] of 3 lines cut/);
    expect(budgeted.stdout).toMatch(/budget: +budget 600\.00 \(margin\): [1-3] of 3 lines cut \(\d to nothing\), \d+\.\d+ of \d+\.\d+ funded; expected sales in the cycle after arrival \d+\.\d of \d+\.\d units/);
    const badBudget = await runCli(store.url, ['plan', '--budget', 'lots'], slow);
    expect(badBudget.code).toBe(2);
    expect(badBudget.stderr).toMatch(/--budget: budget/);

    // the run's POs and transfers from the CLI: one draft PO per supplier; no transfer region, no transfers
    const runId = JSON.parse(json.stdout).id;
    const pos = await runCli(store.url, ['po', 'from-plan', String(runId)], slow);
    expect(pos.code, pos.stderr).toBe(0);
    expect(pos.stdout).toMatch(/^number +supplier +lines +quantity +value/);
    expect(pos.stdout).toMatch(/PO-\d+ +ACME +1 +\d+/);
    expect(pos.stdout).toMatch(/PO-\d+ +BOLT +1 +\d+ .*\n/);
    expect(pos.stdout).toContain('skipped: 1 without supplier, 0 already on a PO');
    expect((await runCli(store.url, ['po', 'from-plan', String(runId), '--json'], slow)).stdout).toContain('"alreadyOrdered": 2');
    const trs = await runCli(store.url, ['transfer', 'from-plan', String(runId)], slow);
    expect([trs.code, trs.stdout]).toEqual([0, `plan run ${runId} proposes no transfers\n`]);

    const at = new Date().toISOString();
    await store.db
      .insertInto('plan_runs')
      .values({ status: 'running', trigger: 'test', requested_by: 'other', as_of: AS_OF, parameters: '{}', active_lock: 'active', created_at: at, started_at: at, heartbeat_at: at })
      .execute();
    const busy = await runCli(store.url, ['plan'], slow);
    expect(busy.code).toBe(3);
    expect(busy.stderr).toMatch(/PLAN_RUN_IN_PROGRESS: plan run \d+ .*still running/);

    const unknown = await runCli(store.url, ['plan', '--location', 'NOWHERE'], slow);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/NOT_FOUND.*NOWHERE/);
    const bad = await runCli(store.url, ['plan', '--as-of', 'tomorrow'], slow);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/asOf must be a day YYYY-MM-DD/);
  }, 300_000);

  it('stockloop launch and `import launch-forecasts`: set, list, remove; bad rows exit 2 naming line and column; the plan uses them', async () => {
    const slow = { timeoutMs: 90_000 };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launch-'));
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'sku,location,rate_per_day,owner,rationale\nIDLE,WH1,2,ana,ok\nNOPE,WH1,2,ana,typo\nIDLE,WH1,0,ana,zero\n');
    const refused = await runCli(store.url, ['import', 'launch-forecasts', bad], slow);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('bad.csv:3: column sku:');
    expect(refused.stderr).toContain('bad.csv:4: column rate_per_day:');
    expect((await runCli(store.url, ['launch', 'list'], slow)).stdout).toBe('no launch forecasts\n'); // nothing half-applied
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, `sku,location,rate_per_day,cv,launch_day,owner,rationale\nIDLE,WH1,3,0.4,${AS_OF},ana,relaunch with new packaging\n`);
    const ok = await runCli(store.url, ['import', 'launch-forecasts', good], slow);
    expect(ok.code, ok.stderr).toBe(0);
    // exported, it re-imports as itself (nothing changes)
    const exported = await runCli(store.url, ['export', 'launch-forecasts', '--output', path.join(dir, 'out.csv')], slow);
    expect(exported.code, exported.stderr).toBe(0);
    const out = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8');
    expect(out.split('\n')[0]).toBe('sku,location,rate_per_day,cv,launch_day,hand_over_days,owner,rationale,updated_at,updated_by');
    expect(out).toContain(`IDLE,WH1,3,0.4,${AS_OF},56,ana,relaunch with new packaging,`);
    expect((await runCli(store.url, ['import', 'launch-forecasts', path.join(dir, 'out.csv')], slow)).code).toBe(0);
    const listed = JSON.parse((await runCli(store.url, ['launch', 'list', '--json'], slow)).stdout);
    expect(listed).toEqual([expect.objectContaining({ sku: 'IDLE', location: 'WH1', ratePerDay: 3, cv: 0.4, launchDay: AS_OF, handOverDays: 56, owner: 'ana' })]);
    // the next plan forecasts IDLE (50 on hand, no sales) at 3 a day
    const plan = await runCli(store.url, ['plan', '--as-of', AS_OF, '--threads', '0'], slow);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain('launch forecasts: 1 SKU x location pairs');
    const run = (await listPlanRuns(store)).items[0];
    const line = (await store.db.selectFrom('recommendations').select(['forecast_per_day', 'explanation']).where('run_id', '=', run.id).where('sku', '=', 'IDLE').executeTakeFirstOrThrow()) as { forecast_per_day: number; explanation: string };
    expect(Number(line.forecast_per_day)).toBeCloseTo(3, 6);
    expect(line.explanation).toContain('launch forecast by ana: 3/day');
    // set replaces; a bad value exits 2 naming the field; remove, then remove again is 404
    const set = await runCli(store.url, ['launch', 'set', 'IDLE', 'WH1', '--rate-per-day', '1.5', '--owner', 'bo', '--rationale', 'slower than hoped'], slow);
    expect([set.code, set.stdout]).toEqual([0, expect.stringContaining('launch forecast IDLE @ WH1: 1.5/day from ')]);
    const badSet = await runCli(store.url, ['launch', 'set', 'IDLE', 'WH1', '--rate-per-day', 'lots', '--owner', 'bo', '--rationale', 'r'], slow);
    expect([badSet.code, badSet.stderr]).toEqual([2, expect.stringContaining('--rate-per-day must be a number')]);
    const badDay = await runCli(store.url, ['launch', 'set', 'IDLE', 'WH1', '--rate-per-day', '1', '--launch-day', '2026-13-01', '--owner', 'bo', '--rationale', 'r'], slow);
    expect([badDay.code, badDay.stderr]).toEqual([2, expect.stringContaining('launch_day must be a day YYYY-MM-DD')]);
    // the launch review: one launch (set today, launching today): not yet launched as of 10-20
    const review = await runCli(store.url, ['launch', 'review', '--as-of', '2026-10-20'], slow);
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain('launch review as of 2026-10-20');
    expect(review.stdout).toMatch(/IDLE\s+WH1\s+bo\s+\S+\s+1\.5\s+0\.25\s+too-early\s+0\/0\s+0/);
    expect(review.stdout).toContain('no cv proposed: 0 launch(es) reviewed');
    const badReview = await runCli(store.url, ['launch', 'review', '--as-of', 'later'], slow);
    expect([badReview.code, badReview.stderr]).toEqual([2, expect.stringContaining('as_of must be a day YYYY-MM-DD')]);
    expect((await runCli(store.url, ['launch', 'remove', 'IDLE', 'WH1'], slow)).code).toBe(0);
    const again = await runCli(store.url, ['launch', 'remove', 'IDLE', 'WH1'], slow);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('NOT_FOUND')]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stockloop backtest prints the table (or JSON) with progress; exit 1 for a bad window', async () => {
    const slow = { timeoutMs: 90_000 };
    const res = await runCli(store.url, ['backtest', '--as-of', AS_OF, '--days', '60'], slow);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/replayed 4\/4 SKU x locations/);
    expect(res.stdout).toContain(`policy backtest: 2026-07-31 .. the day before ${AS_OF} (60 days), re-planned every 7 day(s)`);
    expect(res.stdout).toMatch(/default-a v1 +98\.0% fill-rate +100\.0% +100\.0% +\+2\.0 +1 /);
    expect(res.stdout).toMatch(/skipped \(under the history needed\): \d+/);
    const json = await runCli(store.url, ['backtest', '--as-of', AS_OF, '--days', '60', '--json'], slow);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ asOf: AS_OF, days: 60, policies: expect.arrayContaining([expect.objectContaining({ policy: 'default-a', fillRate: 1 })]) });
    const bad = await runCli(store.url, ['backtest', '--days', '5'], slow);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/days must be an integer in \[28, 730\]/);
  }, 300_000);

  it('stockloop backtest --calibrate proposes a shift per policy; --apply writes it as a version', async () => {
    const slow = { timeoutMs: 90_000 };
    await seedPoissonRange(store);
    const only = await runCli(store.url, ['backtest', '--only', 'poisson'], slow);
    expect([only.code, only.stderr]).toEqual([1, expect.stringContaining('--only needs --apply')]);
    const dry = await runCli(store.url, ['backtest', '--as-of', AS_OF, '--days', '60', '--calibrate', '--quiet'], slow);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).not.toContain('saved');
    expect(dry.stdout).toContain('calibration (safety shift = reorder point moved by z sd of lead-time demand):');
    const row = dry.stdout.match(/poisson v1 +90\.0% +\+1\.50 +\d+\.\d% +\d+ +(-?[+]?\d\.\d\d) +\d+\.\d% +\d+ +calibrated/);
    expect(row, dry.stdout).not.toBeNull();
    expect(dry.stdout).toMatch(/default-a v1 .* insufficient-evidence/);
    // the per-class table: the 12 Poisson sellers are one class (smooth), whose own shift is the policy's
    expect(dry.stdout).toContain("per demand class (whole shift = the policy's proposed shift + the class shift):");
    expect(dry.stdout).toMatch(new RegExp(`poisson +smooth +12 +\\d+\\.\\d% +${row![1].replace('+', '\\+')} +0 +\\d+\\.\\d% +calibrated`));
    expect(dry.stdout).toContain('nothing written: --apply writes the proposed shifts as new policy versions');
    expect((await getPolicy(store, 'poisson')).current.version).toBe(1);
    const applied = await runCli(store.url, ['backtest', '--as-of', AS_OF, '--days', '60', '--apply', '--only', 'poisson', '--actor', 'lee', '--quiet'], slow);
    expect(applied.code, applied.stderr).toBe(0);
    const shift = Number(row![1]);
    expect(applied.stdout).toContain(`policy poisson: version 2 written (safety shift ${shift}; was version 1)`);
    expect(applied.stdout).toMatch(/^review #1 saved$/m); // --apply keeps the review it applied
    expect((await getPolicy(store, 'poisson')).current).toMatchObject({ version: 2, safetyShift: shift, owner: 'ana', createdBy: 'lee' });
  }, 300_000);
});
