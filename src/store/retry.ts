/**
 * Transactions retried on transient PostgreSQL conflicts. Concurrent requests that lock the same
 * rows (e.g. ledger balances) in different orders can be chosen as a deadlock victim (SQLSTATE
 * 40P01) or fail serialization (40001); the whole transaction may then simply run again.
 */
import { inTransaction, type Executor } from './executor.ts';

/** PostgreSQL errors after which the whole transaction may simply be retried (deadlock, serialization). */
export function isRetryableTxError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Runs `fn` in a transaction: joins the caller's transaction when `ex.db` already is one (the
 * caller owns commit and retry), otherwise opens one and retries it (up to 5 attempts, jittered
 * back-off of up to 10 ms × attempt) when it fails with an error `retryable` accepts (default
 * {@link isRetryableTxError}). Any other error, or the 5th failure, is rethrown.
 */
export async function runRetriedTx<T>(
  ex: Executor,
  fn: (tx: Executor) => Promise<T>,
  options: { retryable?: (e: unknown) => boolean } = {},
): Promise<T> {
  if (ex.db.isTransaction) return fn(ex);
  const retryable = options.retryable ?? isRetryableTxError;
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ex, fn);
    } catch (e) {
      if (attempt < 5 && retryable(e)) {
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        continue;
      }
      throw e;
    }
  }
}
