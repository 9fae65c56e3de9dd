/**
 * The nightly plan while serving: `startPlanScheduler(store)` runs a plan every day at a UTC time
 * (env PLAN_SCHEDULE, default "02:00"; "off" disables it). A run that would overlap a running one
 * is skipped (the run lock answers 409) and logged. After each run, runs older than
 * PLAN_RETENTION_DAYS (default 90) without decisions are deleted (retention.ts). Then, when the
 * last scheduled policy review is POLICY_REVIEW_EVERY_DAYS old (default 7; "off" disables it), a
 * policy review with its calibration over the last POLICY_REVIEW_DAYS (default 180) is run and
 * saved (review-history.ts). Its proposals are applied only to the policies whose current version
 * has `autoCalibrate` (actor system:schedule, the rationale naming the review); a planner applies
 * the others. A review already running in this process (a planner's) makes the scheduled one wait
 * for the next firing (review-jobs.ts: one review at a time). The timer is unref'd: it never keeps the process alive on its own.
 */
import { AppError, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { runPlan } from './plan-run.ts';
import { lastReviewAt } from './review-history.ts';
import { runGuardedReview } from './review-jobs.ts';
import { prunePlanRuns } from './retention.ts';
import type { PlanParameters, PlanRun } from './types.ts';

export interface SchedulerOptions {
  /** "HH:MM" (UTC) or "off" (default: env PLAN_SCHEDULE, else "02:00"). */
  schedule?: string;
  /** Days to keep plan runs after each scheduled run (default: env PLAN_RETENTION_DAYS, else 90; 'off' = keep all); see retention.ts. */
  retentionDays?: number | null;
  /** Parameters of each scheduled run (as-of = the day it runs). */
  parameters?: Omit<PlanParameters, 'asOf'>;
  /** Logger (default: stdout). */
  log?: (message: string) => void;
  /** Clock for tests (default Date.now). */
  now?: () => number;
  /** Called after each scheduled run (tests, metrics). */
  onRun?: (run: PlanRun | null, error?: unknown) => void;
  /** Days between scheduled policy reviews (default: env POLICY_REVIEW_EVERY_DAYS, else 7; null = off). */
  reviewEveryDays?: number | null;
  /** Days each scheduled review replays (default: env POLICY_REVIEW_DAYS, else 180; 28..730). */
  reviewDays?: number;
  /** Called after each firing's review step: the saved review's id, null when none was due (tests). */
  onReview?: (id: number | null, error?: unknown) => void;
}

export interface PlanScheduler {
  /** The next run instant (ISO), or null when disabled. */
  readonly next: string | null;
  stop(): void;
}

/** Parses "HH:MM" (24 h, UTC) or "off" (null). 400 VALIDATION_FAILED otherwise. */
export function parseSchedule(value: string): { hour: number; minute: number } | null {
  const v = value.trim().toLowerCase();
  if (v === 'off' || v === 'none' || v === 'disabled') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw validationError(`PLAN_SCHEDULE must be HH:MM (UTC, e.g. 02:00) or off (got ${JSON.stringify(value)})`, { field: 'PLAN_SCHEDULE' });
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Parses PLAN_RETENTION_DAYS: a whole number of days >= 1, or "off" (null: keep every run). */
export const parseRetention = (value: string): number | null => parseDaysOrOff('PLAN_RETENTION_DAYS', value);

/** Parses POLICY_REVIEW_EVERY_DAYS: a whole number of days >= 1, or "off" (null: no scheduled review). */
export const parseReviewEvery = (value: string): number | null => parseDaysOrOff('POLICY_REVIEW_EVERY_DAYS', value);

/** Parses POLICY_REVIEW_DAYS: the days a scheduled review replays, a whole number in 28..730. */
export function parseReviewDays(value: string): number {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) < 28 || Number(v) > 730) throw validationError(`POLICY_REVIEW_DAYS must be a whole number of days from 28 to 730 (got ${JSON.stringify(value)})`, { field: 'POLICY_REVIEW_DAYS' });
  return Number(v);
}

/** A setting `variable` that is a whole number of days >= 1, or "off"/"none" (null). 400 VALIDATION_FAILED otherwise. */
function parseDaysOrOff(variable: string, value: string): number | null {
  const v = value.trim().toLowerCase();
  if (v === 'off' || v === 'none') return null;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw validationError(`${variable} must be a number of days >= 1 or off (got ${JSON.stringify(value)})`, { field: variable });
  return Number(v);
}

/** The first instant strictly after `from` (ms) at hour:minute UTC. */
export function nextOccurrence(from: number, at: { hour: number; minute: number }): number {
  const d = new Date(from);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), at.hour, at.minute);
  if (t <= from) t += 86_400_000;
  return t;
}

/** Starts the daily plan schedule (see the file comment). */
export function startPlanScheduler(ex: Executor, options: SchedulerOptions = {}): PlanScheduler {
  const log = options.log ?? ((m: string) => process.stdout.write(`${m}\n`));
  const clock = options.now ?? Date.now;
  const at = parseSchedule(options.schedule ?? process.env.PLAN_SCHEDULE ?? '02:00');
  if (!at) {
    log('plan schedule: off');
    return { next: null, stop: () => undefined };
  }
  const retention = options.retentionDays !== undefined ? options.retentionDays : parseRetention(process.env.PLAN_RETENTION_DAYS ?? '90');
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const reviewEvery = options.reviewEveryDays !== undefined ? options.reviewEveryDays : parseReviewEvery(process.env.POLICY_REVIEW_EVERY_DAYS ?? '7');
  const reviewDays = options.reviewDays ?? parseReviewDays(process.env.POLICY_REVIEW_DAYS ?? '180');
  // the weekly review (see the file comment): due when the last scheduled one is `reviewEvery` days
  // old, less an hour (the nightly firing drifts by seconds)
  const reviewIfDue = async (asOf: string) => {
    if (reviewEvery === null || stopped) return;
    try {
      const last = await lastReviewAt(ex, 'schedule');
      if (last !== null && clock() - Date.parse(last) < reviewEvery * 86_400_000 - 3_600_000) {
        options.onReview?.(null);
        return;
      }
      log('plan schedule: starting the policy review');
      const p = options.parameters ?? {};
      const { review, id, applied, skipped } = await runGuardedReview(ex, { asOf, days: reviewDays, calibrate: true, save: true, apply: true, onlyAutoCalibrate: true, location: p.location, threads: p.threads }, { actor: 'system:schedule', trigger: 'schedule' });
      const done = new Map((applied ?? []).map((a) => [a.policy, a]));
      const passed = new Map(skipped.map((s) => [s.policy, s]));
      const lines = review.policies.map((o) => {
        const a = o.policy !== null ? done.get(o.policy) : undefined;
        const s = o.policy !== null ? passed.get(o.policy) : undefined;
        const what = a ? `applied shift ${o.calibration!.shift}: version ${a.version}` : s ? `proposed shift ${o.calibration!.shift}, not applied: version ${s.currentVersion} was added while the review replayed version ${s.reviewedVersion}` : `proposed shift ${o.calibration?.shift}`;
        const proposal = o.calibration?.status === 'calibrated' ? ` (${what})` : '';
        return `${o.policy ?? '(default)'} ${o.fillRate === null ? '-' : `${(100 * o.fillRate).toFixed(1)}%`} vs ${(100 * o.target.level).toFixed(1)}%${proposal}`;
      });
      log(`plan schedule: policy review #${id} saved: ${lines.join(', ') || 'no pair with enough history'}`);
      options.onReview?.(id);
    } catch (e) {
      // another review of this process holds the slot: the review stays due and runs at the next firing
      if (e instanceof AppError && e.code === 'POLICY_REVIEW_IN_PROGRESS') log(`plan schedule: policy review skipped, due again at the next run: ${e.message}`);
      else log(`plan schedule: policy review failed: ${(e as Error).message}`);
      options.onReview?.(null, e);
    }
  };
  let next = nextOccurrence(clock(), at);
  const arm = () => {
    if (stopped) return;
    // setTimeout holds at most ~24.8 days; a day is far below.
    timer = setTimeout(fire, Math.max(0, next - clock()));
    timer.unref();
  };
  const fire = async () => {
    next = nextOccurrence(Math.max(clock(), next), at);
    // the planning day is the scheduler's own (UTC) day, for the plan and the review alike
    const asOf = new Date(clock()).toISOString().slice(0, 10);
    try {
      log(`plan schedule: starting the nightly plan run`);
      const run = await runPlan(ex, { ...(options.parameters ?? {}), asOf }, { actor: 'system:schedule', trigger: 'schedule' });
      log(`plan schedule: run ${run.id} ${run.status}: ${run.plannedCount} planned, ${run.toOrderCount} to order in ${run.durationMs ?? '?'} ms${run.error ? ` (${run.error})` : ''}`);
      if (retention !== null) {
        const pruned = await prunePlanRuns(ex, { keepDays: retention });
        if (pruned.length) log(`plan schedule: deleted ${pruned.length} plan run(s) older than ${retention} days (${pruned.join(', ')})`);
      }
      options.onRun?.(run);
    } catch (e) {
      if (e instanceof AppError && e.code === 'PLAN_RUN_IN_PROGRESS') log(`plan schedule: skipped, ${e.message}`);
      else log(`plan schedule: run failed to start: ${(e as Error).message}`);
      options.onRun?.(null, e);
    }
    await reviewIfDue(asOf);
    arm();
  };
  arm();
  log(
    `plan schedule: daily at ${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')} UTC (next ${new Date(next).toISOString()}); policy review ${reviewEvery === null ? 'off' : `every ${reviewEvery} days over the last ${reviewDays}`}`,
  );
  return {
    get next() {
      return stopped ? null : new Date(next).toISOString();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
