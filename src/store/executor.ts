/**
 * The handle every service function takes first: a Kysely instance (the store's, or an open
 * transaction) and the dialect it speaks. A `Store` is an Executor; inside a transaction pass
 * `{ db: trx, dialect: store.dialect }` so several modules write atomically together.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from './config.ts';
import type { Database } from './schema.ts';

export type Executor = { db: Kysely<Database> | Transaction<Database>; dialect: DialectName };

/**
 * Runs `fn` in a transaction: joins the caller's transaction when `ex.db` already is one
 * (`db.isTransaction`), otherwise opens one that commits when `fn` resolves and rolls back when
 * it throws.
 */
export async function inTransaction<T>(ex: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> {
  if (ex.db.isTransaction) return fn(ex);
  return ex.db.transaction().execute((trx) => fn({ db: trx, dialect: ex.dialect }));
}

/** True when `ex` is already inside a transaction (a caller owns commit/rollback). */
export const isInTransaction = (ex: Executor): boolean => ex.db.isTransaction;
