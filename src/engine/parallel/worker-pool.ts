/**
 * A generic pool of `node:worker_threads` workers that processes the index range [0, total) in
 * chunks: every worker gets a chunk, answers, and is fed the next one until the range is done;
 * results are returned in input order. Like src/engine/forecast/parallel.ts this is not pure
 * computation (it starts threads); the work the workers do is.
 *
 * Protocol: the pool posts `{ jobId, ...chunkMessage(from, to) }` to a worker; the worker answers
 * `{ jobId, results }` with one result per index in [from, to), in order.
 */
import { Worker } from 'node:worker_threads';

export interface ChunkPoolJob {
  /** The worker module (a .ts file; tsx's loader is registered in the worker first). */
  entry: URL;
  /** Number of items: indices 0..total-1. */
  total: number;
  /** Worker threads to start (>= 1). */
  threads: number;
  /** Items per message (>= 1). */
  chunkSize: number;
  /** The payload of the chunk [from, to) (jobId is added by the pool). */
  chunkMessage: (from: number, to: number) => Record<string, unknown>;
  /** Called after each finished chunk with the number of items done. */
  onProgress?: (done: number, total: number) => void;
  /** Names the worker in the error when one exits abnormally, e.g. 'forecast worker'. */
  name: string;
}

/**
 * Runs `job` over `job.threads` workers and returns the results in input order. Rejects on the
 * first worker error or abnormal exit; all workers are terminated before it settles.
 */
export async function runChunksInWorkers<R>(job: ChunkPoolJob): Promise<R[]> {
  const { total } = job;
  const chunk = Math.max(1, job.chunkSize);
  const results: R[] = new Array(total);
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      let failed = false;
      const starts = new Map<number, number>();
      let jobs = 0;
      const feed = (w: Worker) => {
        if (failed) return;
        if (next >= total) {
          if (active === 0) resolve();
          return;
        }
        const from = next;
        next = Math.min(total, next + chunk);
        const jobId = jobs++;
        starts.set(jobId, from);
        active++;
        w.postMessage({ jobId, ...job.chunkMessage(from, next) });
      };
      for (let i = 0; i < job.threads; i++) {
        const w = startWorker(job.entry);
        workers.push(w);
        w.on('message', (msg: { jobId: number; results: R[] }) => {
          const from = starts.get(msg.jobId)!;
          starts.delete(msg.jobId);
          for (let j = 0; j < msg.results.length; j++) results[from + j] = msg.results[j];
          active--;
          done += msg.results.length;
          job.onProgress?.(done, total);
          feed(w);
        });
        w.on('error', (e) => {
          failed = true;
          reject(e);
        });
        w.on('exit', (code) => {
          if (code !== 0 && !failed) {
            failed = true;
            reject(new Error(`${job.name} exited with code ${code}`));
          }
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * Starts one worker on `entry`. Node 20 does not apply `--import tsx` from a worker's execArgv
 * before resolving its .ts entry, so a tiny bootstrap registers tsx's loader hooks in the worker
 * first (the same loader `node --import tsx` uses) and then imports the entry.
 */
function startWorker(entry: URL): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); }).catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(boot, { eval: true, execArgv: [] });
}
