/**
 * The worker pool of plan runs: spreads chunks of plan items over `threads` workers (each runs
 * plan-worker.ts) with the engine's generic pool (src/engine/parallel/worker-pool.ts); results
 * are in input order.
 * With `threads: 0` the items are computed in the calling thread (same code, same results).
 */
import { availableParallelism } from 'node:os';
import { runChunksInWorkers } from '../engine/parallel/worker-pool.ts';
import { computeSuggestion, type PlanItem, type PlanItemResult } from './suggestion.ts';

export interface PoolOptions {
  /** Worker threads (default: available cores, at most 8). 0 = calling thread. */
  threads?: number;
  /** Items per message (default 32). */
  chunkSize?: number;
  /** Called after each finished chunk. */
  onProgress?: (done: number, total: number) => void;
}

/** Default thread count: the machine's available parallelism, at most 8. */
export const defaultThreads = (): number => Math.max(1, Math.min(8, availableParallelism()));

/** Computes the suggestions of `items` across worker threads; results are in input order. */
export async function computeInWorkers(items: readonly PlanItem[], options: PoolOptions = {}): Promise<PlanItemResult[]> {
  const total = items.length;
  const threads = Math.min(options.threads ?? defaultThreads(), Math.ceil(total / 4));
  if (threads <= 0 || total === 0) {
    const out: PlanItemResult[] = [];
    for (let i = 0; i < total; i++) {
      out.push(computeSuggestion(items[i]));
      if ((i + 1) % 100 === 0 || i + 1 === total) options.onProgress?.(i + 1, total);
    }
    return out;
  }
  return runChunksInWorkers<PlanItemResult>({
    entry: new URL('./plan-worker.ts', import.meta.url),
    total,
    threads,
    chunkSize: options.chunkSize ?? 32,
    chunkMessage: (from, to) => ({ items: items.slice(from, to) }),
    onProgress: options.onProgress,
    name: 'plan worker',
  });
}
