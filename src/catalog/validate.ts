/**
 * Field validation for catalog inputs. Every failure is a VALIDATION_FAILED AppError whose message
 * names the field (and the row, for bulk inputs) and the offending value.
 */
import { validationError } from '../shared/errors.ts';

/** Where a value came from, for messages: e.g. `SKU "A-1"` or `row 12`. */
export type Label = string;

const CONTROL = /[\u0000-\u001f\u007f]/;
/** Longest code, and longest free text (names), in characters. */
export const MAX_CODE_LENGTH = 100;
export const MAX_TEXT_LENGTH = 1000;

function fail(label: Label, field: string, problem: string, value: unknown): never {
  throw validationError(`${label}: ${field} ${problem} (got ${JSON.stringify(value)})`, { field, value: value as never, at: label });
}

/** A code: non-empty text, no surrounding blanks or control characters, at most 100 characters. */
export function checkCode(label: Label, field: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) fail(label, field, 'must be a non-empty string', v);
  if (v !== v.trim()) fail(label, field, 'must not start or end with blanks', v);
  if (CONTROL.test(v)) fail(label, field, 'must not contain control characters', v);
  if (v.length > MAX_CODE_LENGTH) fail(label, field, `must be at most ${MAX_CODE_LENGTH} characters`, v);
  return v;
}

/** Non-empty text (trimmed), at most `max` characters. */
export function checkText(label: Label, field: string, v: unknown, max = MAX_TEXT_LENGTH): string {
  if (typeof v !== 'string' || v.trim().length === 0) fail(label, field, 'must be a non-empty string', v);
  const t = v.trim();
  if (t.length > max) fail(label, field, `must be at most ${max} characters`, v);
  return t;
}

/** An integer >= min (safe integer range). */
export function checkInt(label: Label, field: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(label, field, 'must be an integer', v);
  if (v < min) fail(label, field, `must be >= ${min}`, v);
  return v;
}

/** A finite number >= min. */
export function checkNumber(label: Label, field: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(label, field, 'must be a finite number', v);
  if (v < min) fail(label, field, `must be >= ${min}`, v);
  return v;
}

/** A boolean (true/false only: the CSV/API layers convert their spellings). */
export function checkBool(label: Label, field: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(label, field, 'must be true or false', v);
  return v;
}

/** One of the allowed values. */
export function checkEnum<T extends string>(label: Label, field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(label, field, `must be one of ${allowed.join(', ')}`, v);
  return v as T;
}

/** A list of distinct non-empty tags (each trimmed, at most 100 characters), order kept. */
export function checkTags(label: Label, field: string, v: unknown): string[] {
  if (!Array.isArray(v)) fail(label, field, 'must be an array of strings', v);
  const out: string[] = [];
  for (const t of v) {
    const s = checkText(label, field, t, MAX_CODE_LENGTH);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** A three-letter ISO 4217 currency code (upper case). */
export function checkCurrency(label: Label, field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Za-z]{3}$/.test(v)) fail(label, field, 'must be a three-letter currency code', v);
  return v.toUpperCase();
}

/** Rejects keys that are not fields of the input (catches typos such as `unit_cost`). */
export function checkKnownKeys(label: Label, input: object, allowed: readonly string[]): void {
  for (const k of Object.keys(input)) {
    if (!allowed.includes(k) && (input as Record<string, unknown>)[k] !== undefined) fail(label, k, 'is not a known field', (input as Record<string, unknown>)[k]);
  }
}
