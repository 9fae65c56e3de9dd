/** Recognizes database errors that stockloop turns into user-facing AppErrors. */

/** A unique-constraint violation (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(e: unknown, constraintHint?: string): boolean {
  const err = e as { code?: string; constraint?: string; message?: string } | null;
  if (!err || typeof err !== 'object') return false;
  const unique = err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!unique) return false;
  if (!constraintHint) return true;
  return (err.constraint ?? '').includes(constraintHint) || (err.message ?? '').includes(constraintHint);
}

/** PostgreSQL errors after which the whole transaction may simply be retried (deadlock, serialization). */
export { isRetryableTxError } from '../store/retry.ts';
