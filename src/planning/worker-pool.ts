/**
 * The worker pools of planning: plan runs spread chunks of plan items over `threads` workers (each
 * runs plan-worker.ts), the policy review chunks of backtests (backtest-worker.ts), both with the
 * engine's generic pool (src/engine/parallel/worker-pool.ts); results are in input order.
 * With `threads: 0` the items are computed in the calling thread (same code, same results).
 */
import { availableParallelism } from 'node:os';
import { runChunksInWorkers } from '../engine/parallel/worker-pool.ts';
import { runReviewJob, type BacktestGroupJob, type BacktestJob, type BacktestOutcome } from './plan-backtest.ts';
import { computeSuggestion, type PlanItem, type PlanItemResult } from './suggestion.ts';

export interface PoolOptions {
  /** Worker threads (default: available cores, at most 8). 0 = calling thread. */
  threads?: number;
  /** Items per message (default 32 plan items, 4 backtests). */
  chunkSize?: number;
  /** Called after each finished chunk. */
  onProgress?: (done: number, total: number) => void;
}

/** Default thread count: the machine's available parallelism, at most 8. */
export const defaultThreads = (): number => Math.max(1, Math.min(8, availableParallelism()));

/**
 * Runs `compute` over `items`: in `threads` workers running `entry` (chunks of `chunkSize`), or in
 * the calling thread with `threads: 0`; results in input order.
 */
async function runPool<T, R>(items: readonly T[], compute: (item: T) => R, entry: URL, name: string, options: PoolOptions, chunkSize: number): Promise<R[]> {
  const total = items.length;
  const threads = Math.min(options.threads ?? defaultThreads(), Math.ceil(total / 4));
  if (threads <= 0 || total === 0) {
    const out: R[] = [];
    const every = Math.max(1, Math.round(100 / chunkSize) * chunkSize);
    for (let i = 0; i < total; i++) {
      out.push(compute(items[i]));
      if ((i + 1) % every === 0 || i + 1 === total) options.onProgress?.(i + 1, total);
    }
    return out;
  }
  return runChunksInWorkers<R>({
    entry,
    total,
    threads,
    chunkSize: options.chunkSize ?? chunkSize,
    chunkMessage: (from, to) => ({ items: items.slice(from, to) }),
    onProgress: options.onProgress,
    name,
  });
}

/** Computes the suggestions of `items` across worker threads (plan-worker.ts); results are in input order. */
export function computeInWorkers(items: readonly PlanItem[], options: PoolOptions = {}): Promise<PlanItemResult[]> {
  return runPool(items, computeSuggestion, new URL('./plan-worker.ts', import.meta.url), 'plan worker', options, 32);
}

/**
 * Runs the backtests of `jobs` (the policy review) across worker threads (backtest-worker.ts), the
 * same way; results in input order, a group job's members each in their place. A backtest
 * re-plans many times, so chunks are small (4).
 */
export async function backtestInWorkers(jobs: readonly (BacktestJob | BacktestGroupJob)[], options: PoolOptions = {}): Promise<BacktestOutcome[][]> {
  // a group job (one SKU's pairs under its supplier's MOQ) counts as its members, in the results
  // (one entry per pair, members in order) and, approximately until done, in the progress
  const sizes = jobs.map((j) => ('members' in j ? j.members.length : 1));
  const pairs = sizes.reduce((t, x) => t + x, 0);
  const report = options.onProgress;
  const onProgress = report ? (done: number, total: number) => report(done >= total ? pairs : Math.round((pairs * done) / total), pairs) : undefined;
  const results = await runPool(jobs, runReviewJob, new URL('./backtest-worker.ts', import.meta.url), 'backtest worker', { ...options, onProgress }, 4);
  return results.flatMap((r, i) => ('members' in jobs[i] ? (r as BacktestOutcome[][]) : [r as BacktestOutcome[]]));
}
