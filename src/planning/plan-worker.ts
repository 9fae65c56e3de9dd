/**
 * Worker-thread entry of the plan pool (worker-pool.ts): receives chunks of plan items and answers
 * with their suggestions (forecast + policy levels + order sizing, all pure engine code).
 */
import { parentPort } from 'node:worker_threads';
import { computeSuggestion, type PlanItem } from './suggestion.ts';

parentPort?.on('message', (job: { jobId: number; items: PlanItem[] }) => {
  parentPort!.postMessage({ jobId: job.jobId, results: job.items.map(computeSuggestion) });
});
