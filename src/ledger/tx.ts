/**
 * Transactions for ledger writes: joins the caller's transaction, or opens one and retries it
 * (up to 5 attempts, jittered back-off) when PostgreSQL reports a deadlock/serialization failure,
 * SQLite reports BUSY, or a concurrent writer committed the same idempotency key first (the retry
 * then finds the key and replays or reports the conflict).
 */
import { isUniqueViolation } from '../catalog/index.ts';
import { conflict } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { isRetryableTxError, runRetriedTx } from '../store/retry.ts';

const isBusy = (e: unknown) => String((e as { code?: string } | null)?.code ?? '').startsWith('SQLITE_BUSY');
const keyRace = (e: unknown) => isUniqueViolation(e, 'idempotency_key');
const retryable = (e: unknown) => isRetryableTxError(e) || isBusy(e) || keyRace(e);

/** Runs `fn` in a (possibly retried) transaction; see the module comment. */
export async function ledgerTransaction<T>(ex: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> {
  const joined = ex.db.isTransaction;
  try {
    return await runRetriedTx(ex, fn, { retryable });
  } catch (e) {
    if (keyRace(e)) {
      throw joined
        ? conflict('IDEMPOTENCY_KEY_IN_USE', 'an idempotency key of this request was committed concurrently by another request; retry to get its result', {})
        : conflict('IDEMPOTENCY_KEY_IN_USE', 'an idempotency key of this request is being used concurrently; retry', {});
    }
    throw e;
  }
}
