/**
 * Saved policy reviews: each review a planner (or the schedule) keeps, with every policy's
 * outcome, the calibration proposed and what was applied, so a policy's record can be read over
 * time ("is it decaying?") and every calibrated version points at the evidence it rests on.
 * Reviews are small (one JSON object per policy) and are kept; nothing prunes them.
 */
import { decodeCursor, encodeCursor, pageLimit, type Page } from '../catalog/index.ts';
import { notFound, validationError } from '../shared/errors.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import { listPolicies } from './policies.ts';
import { applyCalibration, REVIEW_HISTORY_DAYS, reviewPolicies, type AppliedCalibration, type PolicyOutcome, type PolicyReview, type PolicyReviewOptions } from './policy-review.ts';

export type ReviewTrigger = 'cli' | 'api' | 'schedule' | 'test';

export interface SavedPolicyReview extends PolicyReview {
  id: number;
  trigger: ReviewTrigger;
  requestedBy: string;
  createdAt: string;
  durationMs: number;
  /** The policy versions written from this review's calibration (none when not applied). */
  applied: AppliedCalibration[];
}

type Row = { id: number | bigint; as_of: string; from_day: string; days: number; refit: number; calibrated: number; trigger: string; requested_by: string; created_at: string; duration_ms: number; skipped: number; result: string };

function fromRow(r: Row): SavedPolicyReview {
  const result = JSON.parse(r.result) as { policies: PolicyOutcome[]; assumptions: string[]; applied?: AppliedCalibration[]; historyDays?: number };
  return {
    id: Number(r.id),
    asOf: r.as_of,
    from: r.from_day,
    days: Number(r.days),
    refit: Number(r.refit),
    // reviews saved before the option replayed with 365 days of history
    historyDays: result.historyDays ?? REVIEW_HISTORY_DAYS,
    calibrated: Number(r.calibrated) === 1,
    trigger: r.trigger as ReviewTrigger,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    durationMs: Number(r.duration_ms),
    skipped: Number(r.skipped),
    policies: result.policies,
    assumptions: result.assumptions,
    applied: result.applied ?? [],
  };
}

/** The stored result of a review: every outcome, the assumptions, and what was applied from it. */
const resultJson = (review: PolicyReview, applied?: AppliedCalibration[]) => JSON.stringify({ policies: review.policies, assumptions: review.assumptions, historyDays: review.historyDays, ...(applied?.length ? { applied } : {}) });

/** Saves a review (with what was applied from it, if anything); returns its id. */
export async function saveReview(ex: Executor, review: PolicyReview, ctx: { actor: string; trigger: ReviewTrigger; durationMs: number; applied?: AppliedCalibration[] }): Promise<number> {
  const row = await ex.db
    .insertInto('policy_reviews')
    .values({
      as_of: review.asOf,
      from_day: review.from,
      days: review.days,
      refit: review.refit,
      calibrated: review.calibrated ? 1 : 0,
      trigger: ctx.trigger,
      requested_by: ctx.actor,
      created_at: new Date().toISOString(),
      duration_ms: Math.round(ctx.durationMs),
      skipped: review.skipped,
      result: resultJson(review, ctx.applied),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Records what was applied from saved review `id` (applyCalibration runs after the review is saved). */
async function recordApplied(ex: Executor, id: number, review: PolicyReview, applied: AppliedCalibration[]): Promise<void> {
  await ex.db.updateTable('policy_reviews').set({ result: resultJson(review, applied) }).where('id', '=', id).execute();
}

/** One saved review; 404 NOT_FOUND for an unknown id. */
export async function getReview(ex: Executor, id: number): Promise<SavedPolicyReview> {
  const r = await ex.db.selectFrom('policy_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('policy review', String(id));
  return fromRow(r as Row);
}

/** Saved reviews, newest first (cursor-paged); `trigger` filters by who ran them. */
export async function listReviews(ex: Executor, opts: { cursor?: string | null; limit?: number; trigger?: ReviewTrigger } = {}): Promise<Page<SavedPolicyReview>> {
  const limit = pageLimit(opts.limit);
  const after = decodeCursor(opts.cursor, (v): v is number => Number.isSafeInteger(v));
  let q = ex.db.selectFrom('policy_reviews').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (after !== null) q = q.where('id', '<', after);
  if (opts.trigger) q = q.where('trigger', '=', opts.trigger);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  return { items: page.map((r) => fromRow(r as Row)), nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1].id)) : null };
}

/** When the newest review by `trigger` was saved (ISO instant), or null. */
export async function lastReviewAt(ex: Executor, trigger: ReviewTrigger): Promise<string | null> {
  const r = await ex.db.selectFrom('policy_reviews').select('created_at').where('trigger', '=', trigger).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r?.created_at ?? null;
}

export interface RunReviewOptions extends PolicyReviewOptions {
  /** Keep the review (implied by `apply`). */
  save?: boolean;
  /** Write the calibration's proposals as policy versions (implies `calibrate` and `save`). */
  apply?: boolean;
  /** With `apply`: only these policy codes. */
  only?: string[];
  /**
   * With `apply`: only the reviewed policies whose current version has `autoCalibrate` (the
   * scheduled review); none such = the review is saved, nothing applied. A policy changed while
   * the review ran is skipped, not a conflict (autoCalibrateTargets).
   */
  onlyAutoCalibrate?: boolean;
}

/** A proposal the scheduled review did not apply because a planner changed the policy meanwhile. */
export interface SkippedCalibration {
  policy: string;
  /** The version the review replayed, and the current one. */
  reviewedVersion: number;
  currentVersion: number;
}

/**
 * The policies a scheduled review applies its proposals to: each reviewed policy (with a proposal)
 * whose current version is marked auto-calibrate. A policy that got a version while the review ran
 * (a planner's change, which wins) is skipped and reported, not a 409 that would lose the whole
 * review and every other policy's calibration: its next review replays the new version. A planner
 * who applies a review by hand still gets the all-or-nothing 409 (applyCalibration).
 */
export function autoCalibrateTargets(review: PolicyReview, current: readonly { code: string; current: { version: number; autoCalibrate: boolean } }[], only?: readonly string[]): { only: string[]; skipped: SkippedCalibration[] } {
  const byCode = new Map(current.map((p) => [p.code, p.current]));
  const targets: string[] = [];
  const skipped: SkippedCalibration[] = [];
  for (const p of review.policies) {
    if (p.policy === null || (only && !only.includes(p.policy))) continue;
    const now = byCode.get(p.policy);
    if (!now?.autoCalibrate) continue;
    const proposed = p.calibration?.status === 'calibrated' || p.calibration?.status === 'at-limit';
    if (now.version !== p.version) {
      if (proposed) skipped.push({ policy: p.policy, reviewedVersion: p.version!, currentVersion: now.version });
      continue;
    }
    targets.push(p.policy);
  }
  return { only: targets, skipped };
}

/**
 * Runs a policy review and, as asked, keeps it and applies its calibration: the review is saved
 * and the proposals written in one transaction, each version's rationale naming the review (so a
 * conflict writes nothing, not even the review). The CLI, the API and the schedule all run this.
 */
export async function runPolicyReview(ex: Executor, opts: RunReviewOptions, ctx: { actor: string; trigger: ReviewTrigger }): Promise<{ review: PolicyReview; id: number | null; applied: AppliedCalibration[] | null; skipped: SkippedCalibration[] }> {
  if (opts.only !== undefined && !opts.apply) throw validationError('only needs apply', { field: 'only' });
  const t0 = performance.now();
  const review = await reviewPolicies(ex, { ...opts, calibrate: !!(opts.calibrate || opts.apply) });
  if (!opts.save && !opts.apply) return { review, id: null, applied: null, skipped: [] };
  const durationMs = performance.now() - t0;
  return inTransaction(ex, async (tx) => {
    const id = await saveReview(tx, review, { ...ctx, durationMs });
    if (!opts.apply) return { review, id, applied: null, skipped: [] };
    let only = opts.only;
    let skipped: SkippedCalibration[] = [];
    if (opts.onlyAutoCalibrate) {
      ({ only, skipped } = autoCalibrateTargets(review, await listPolicies(tx), only));
      if (only.length === 0) return { review, id, applied: [], skipped };
    }
    const applied = await applyCalibration(tx, review, { actor: ctx.actor, only, reviewId: id });
    if (applied.length) await recordApplied(tx, id, review, applied);
    return { review, id, applied, skipped };
  });
}
