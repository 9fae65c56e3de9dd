/**
 * Retention of plan runs: a nightly plan of 10,000 SKUs stores ~30 MB of explained suggestions,
 * so old runs are deleted after `keepDays` days - except the runs that carry decisions (a line put
 * on a purchase order, or a planner override) and the newest succeeded run, which are kept for
 * review. Runs still running are never touched.
 */
import { inTransaction, type Executor } from '../store/executor.ts';
import { latestSucceededRunId } from './plan-queries.ts';
import { checkInt } from './validate.ts';

/** Deletes runs (and their recommendations) that finished more than `keepDays` days before `now`; returns the ids deleted. */
export async function prunePlanRuns(ex: Executor, options: { keepDays: number; now?: Date }): Promise<number[]> {
  const keepDays = checkInt('keepDays', options.keepDays, 1, 36_500);
  const cutoff = new Date((options.now ?? new Date()).getTime() - keepDays * 86_400_000).toISOString();
  const latest = await latestSucceededRunId(ex);
  const candidates = await ex.db
    .selectFrom('plan_runs as p')
    .select('p.id')
    .where('p.status', '<>', 'running')
    .where('p.finished_at', '<', cutoff)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('recommendations as r').select('r.id').whereRef('r.run_id', '=', 'p.id').where('r.po_number', 'is not', null))))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('recommendations as r').innerJoin('overrides as o', 'o.recommendation_id', 'r.id').select('o.id').whereRef('r.run_id', '=', 'p.id'))),
    )
    .orderBy('p.id')
    .execute();
  const ids = candidates.map((c) => Number(c.id)).filter((id) => id !== latest);
  for (const id of ids) {
    await inTransaction(ex, async (tx) => {
      await tx.db.deleteFrom('recommendations').where('run_id', '=', id).execute();
      await tx.db.deleteFrom('plan_runs').where('id', '=', id).execute();
    });
  }
  return ids;
}
