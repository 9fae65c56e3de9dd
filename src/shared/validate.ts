/**
 * Input checks shared by the domain modules (purchasing, counting): each failure is a 400
 * VALIDATION_FAILED AppError whose message and `details.field` name the field.
 */
import { validationError } from './errors.ts';

const CODE_RE = /^[^\s\u0000-\u001f][^\u0000-\u001f]{0,99}$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a valid 'YYYY-MM-DD' calendar day. */
export function isBusinessDay(s: unknown): s is string {
  if (typeof s !== 'string' || !DAY_RE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** A non-empty code of at most 100 characters (no control characters, no leading space). */
export function checkCode(label: string, v: unknown): string {
  if (typeof v !== 'string' || !CODE_RE.test(v) || v.trim() !== v) {
    throw validationError(`${label} must be a non-empty code of at most 100 characters (got ${JSON.stringify(v)})`, { field: label });
  }
  return v;
}

/** An integer >= min. */
export function checkInt(label: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw validationError(`${label} must be an integer >= ${min} (got ${JSON.stringify(v)})`, { field: label });
  }
  return v;
}

/** Optional 'YYYY-MM-DD' day (null/undefined -> null). */
export function checkOptDay(label: string, v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (!isBusinessDay(v)) throw validationError(`${label} must be a date YYYY-MM-DD (got ${JSON.stringify(v)})`, { field: label });
  return v;
}

/** A required 'YYYY-MM-DD' day. */
export function checkDay(label: string, v: unknown): string {
  if (!isBusinessDay(v)) throw validationError(`${label} must be a date YYYY-MM-DD (got ${JSON.stringify(v)})`, { field: label });
  return v;
}

/** An ISO-8601 instant, normalised to UTC `...Z` with milliseconds. */
export function checkInstant(label: string, v: unknown): string {
  const t = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw validationError(`${label} must be an ISO-8601 instant (got ${JSON.stringify(v)})`, { field: label });
  return new Date(t).toISOString();
}

/** Optional free text, at most `max` characters. */
export function checkOptText(label: string, v: unknown, max = 1000): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || v.length > max) throw validationError(`${label} must be text of at most ${max} characters`, { field: label });
  return v;
}

/** A non-empty array of at most `max` items. */
export function checkLines<T>(label: string, v: unknown, max = 10_000): T[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > max) {
    throw validationError(`${label} must be a list of 1..${max} lines`, { field: label });
  }
  return v as T[];
}

/** The instant to record: ctx.now when given (validated), else the current time. */
export function nowOf(ctx: { now?: string }): string {
  return ctx.now ? checkInstant('now', ctx.now) : new Date().toISOString();
}

/** A listing's `order`: true for 'newest' first, false for 'oldest' (the default, also when absent); anything else is refused. */
export function isNewestFirst(order: unknown): boolean {
  if (order === undefined || order === 'oldest') return false;
  if (order === 'newest') return true;
  throw validationError(`order must be oldest or newest (got ${JSON.stringify(order)})`, { field: 'order' });
}
