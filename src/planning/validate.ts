/** Input checks of the planning module: each failure is a 400 VALIDATION_FAILED naming the field. */
import { resolveLocationRefs, resolveSkuRefs } from '../catalog/index.ts';
import { isAppError, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A non-empty trimmed text of at most `max` characters. */
export function checkText(field: string, v: unknown, max = 200): string {
  if (typeof v !== 'string' || !v.trim()) throw validationError(`${field} must be a non-empty text`, { field });
  if (v.length > max) throw validationError(`${field} must be at most ${max} characters (got ${v.length})`, { field });
  return v.trim();
}

/** An integer in [min, max]. */
export function checkInt(field: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw validationError(`${field} must be an integer between ${min} and ${max} (got ${JSON.stringify(v)})`, { field });
  }
  return v;
}

/** A finite number in [min, max]. */
export function checkNumber(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw validationError(`${field} must be a number between ${min} and ${max} (got ${JSON.stringify(v)})`, { field });
  }
  return v;
}

/** A business day YYYY-MM-DD that exists in the calendar. */
export function checkDay(field: string, v: unknown): string {
  if (typeof v !== 'string' || !DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw validationError(`${field} must be a day YYYY-MM-DD (got ${JSON.stringify(v)})`, { field });
  }
  return v;
}

/**
 * The codes among `codes` that the catalog does not know (the first 100, and how many in all):
 * none = all exist. For a 400 that names the field, where the catalog would answer 404.
 */
export async function unknownCodes(ex: Executor, kind: 'sku' | 'location', codes: readonly string[]): Promise<{ missing: string[]; count: number }> {
  if (codes.length === 0) return { missing: [], count: 0 };
  try {
    await (kind === 'sku' ? resolveSkuRefs : resolveLocationRefs)(ex, [...codes]);
    return { missing: [], count: 0 };
  } catch (e) {
    if (!isAppError(e) || e.status !== 404) throw e;
    const missing = (e.details?.missing as string[] | undefined) ?? [];
    return { missing, count: (e.details?.missingCount as number | undefined) ?? missing.length };
  }
}

/** `undefined` stays undefined, anything else goes through `check`. */
export function optional<T>(v: unknown, check: (v: unknown) => T): T | undefined {
  return v === undefined ? undefined : check(v);
}

/** `null` stays null, `undefined` stays undefined, anything else goes through `check`. */
export function nullable<T>(v: unknown, check: (v: unknown) => T): T | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  return check(v);
}
