/**
 * Policy reviews run in the background for a caller that should not wait (the web app, an HTTP
 * client on a large catalogue: about a minute for 10,000 SKU x locations, 7.9 ms a pair). A job
 * holds the review's progress (pairs replayed of all) and, once done, its result or error. Jobs
 * live in the serving process only: the result that matters is kept by the review itself when it
 * is saved (review-history.ts); a restart forgets the jobs, not the saved reviews.
 *
 * One review runs at a time in the serving process, whoever started it (a review uses every worker
 * thread): a background job, a synchronous request (`runGuardedReview`) and the scheduler's weekly
 * review share one slot, and starting another while one runs is 409 POLICY_REVIEW_IN_PROGRESS,
 * naming the running one. Finished jobs are kept for an hour, at most the last 50. A review run
 * by `stockloop backtest` in another process is not counted (it does not share this process).
 */
import { conflict, notFound } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import type { AppliedCalibration, PolicyReview } from './policy-review.ts';
import { runPolicyReview, type ReviewTrigger, type RunReviewOptions } from './review-history.ts';

export interface ReviewJob {
  id: number;
  status: 'running' | 'succeeded' | 'failed';
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
  /** SKU x location pairs replayed so far, of all (0 of 0 while the inputs load). */
  progress: { done: number; total: number };
  result: { review: PolicyReview; id: number | null; applied: AppliedCalibration[] | null } | null;
  /** The error a failed job ended with (its code and HTTP status when it was an application error). */
  error: { code: string; message: string; status: number } | null;
}

const KEEP_MS = 3_600_000;
const KEEP_MAX = 50;
const jobs = new Map<number, ReviewJob>();
let nextId = 1;

/** What holds the one review slot: a job, a synchronous request or the scheduler. */
interface RunningReview {
  kind: 'job' | 'request' | 'schedule';
  by: string;
  since: string;
  jobId: number | null;
}
let running: RunningReview | null = null;

/**
 * Takes the review slot for a review run some other way than the two below (and for tests), or
 * 409 POLICY_REVIEW_IN_PROGRESS naming what holds it. Returns the release (idempotent).
 */
export function acquireReviewSlot(kind: RunningReview['kind'], by: string, jobId: number | null = null): () => void {
  if (running) {
    const what = running.kind === 'job' ? `policy review job ${running.jobId}` : running.kind === 'schedule' ? 'the scheduled policy review' : 'a policy review request';
    throw conflict('POLICY_REVIEW_IN_PROGRESS', `${what} (started ${running.since} by ${running.by}) is still running`, running.jobId !== null ? { job_id: running.jobId } : undefined);
  }
  const mine: RunningReview = { kind, by, since: new Date().toISOString(), jobId };
  running = mine;
  return () => {
    if (running === mine) running = null;
  };
}

/** What holds the review slot now (null when free): for logs and tests. */
export function runningReview(): Readonly<RunningReview> | null {
  return running;
}

/**
 * Runs a policy review (runPolicyReview) in the review slot: 409 POLICY_REVIEW_IN_PROGRESS while
 * another review of this process runs (a job, a request, the scheduler). The slot is released
 * however the review ends.
 */
export async function runGuardedReview(ex: Executor, opts: RunReviewOptions, ctx: { actor: string; trigger: ReviewTrigger }): Promise<Awaited<ReturnType<typeof runPolicyReview>>> {
  const release = acquireReviewSlot(ctx.trigger === 'schedule' ? 'schedule' : 'request', ctx.actor);
  try {
    return await runPolicyReview(ex, opts, ctx);
  } finally {
    release();
  }
}

function prune(now: number): void {
  for (const [id, j] of jobs) if (j.finishedAt && now - Date.parse(j.finishedAt) > KEEP_MS) jobs.delete(id);
  const finished = [...jobs.values()].filter((j) => j.finishedAt).sort((a, b) => a.id - b.id);
  for (const j of finished.slice(0, Math.max(0, jobs.size - KEEP_MAX))) jobs.delete(j.id);
}

/**
 * Starts a policy review (runPolicyReview, the same options) in the background and returns its job
 * at once; 409 POLICY_REVIEW_IN_PROGRESS while another runs. Option errors the review finds before
 * it starts replaying (e.g. `only` without `apply`) end the job as failed, with their code.
 */
export function startReviewJob(ex: Executor, opts: RunReviewOptions, ctx: { actor: string; trigger: ReviewTrigger }): ReviewJob {
  prune(Date.now());
  const release = acquireReviewSlot('job', ctx.actor, nextId);
  const job: ReviewJob = { id: nextId++, status: 'running', requestedBy: ctx.actor, startedAt: new Date().toISOString(), finishedAt: null, progress: { done: 0, total: 0 }, result: null, error: null };
  jobs.set(job.id, job);
  void runPolicyReview(ex, { ...opts, onProgress: (done, total) => void (job.progress = { done, total }) }, ctx).then(
    (result) => {
      release();
      job.result = result;
      job.status = 'succeeded';
      job.finishedAt = new Date().toISOString();
    },
    (e: unknown) => {
      release();
      const err = e as { code?: string; message?: string; status?: number };
      job.error = { code: typeof err.code === 'string' ? err.code : 'INTERNAL', message: err.message ?? String(e), status: typeof err.status === 'number' ? err.status : 500 };
      job.status = 'failed';
      job.finishedAt = new Date().toISOString();
    },
  );
  return job;
}

/** One job; 404 NOT_FOUND for an unknown id (or one forgotten: a restart, or finished over an hour ago). */
export function getReviewJob(id: number): ReviewJob {
  const j = jobs.get(id);
  if (!j) throw notFound('policy review job', id);
  return j;
}
