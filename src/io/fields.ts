/**
 * Parsers for single CSV cell values. Each returns `{ ok: true, value }` or `{ ok: false, reason }`
 * with a reason that reads well after "column <name>: " in an error report. Empty cells are
 * handled by the caller (the column spec says whether a column is required and what the default is).
 *
 * Units follow src/store/schema.ts: quantities are integers in the SKU's base unit, money is a
 * decimal amount in the currency's units in CSV (`12.5`, `0.000001`) and integer micro-units (1e-6)
 * inside stockloop, business days are `YYYY-MM-DD`, instants are ISO-8601 with a zone.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

/** Largest integer stockloop accepts in a quantity or micro-unit amount (2^53 - 1). */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** An integer, optionally restricted to a range: `12`, `-3`, `+4`; thousands separators are refused. */
export function parseInteger(text: string, opts: { min?: number; max?: number } = {}): Parsed<number> {
  if (!/^[+-]?\d+$/.test(text)) return bad(`must be an integer (got ${JSON.stringify(text)})`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return bad(`integer out of range (got ${JSON.stringify(text)})`);
  if (opts.min !== undefined && n < opts.min) return bad(`must be >= ${opts.min} (got ${n})`);
  if (opts.max !== undefined && n > opts.max) return bad(`must be <= ${opts.max} (got ${n})`);
  return ok(n);
}

/** A finite decimal number (lead times, percentages): `4`, `4.5`, `-0.25`. */
export function parseDecimal(text: string, opts: { min?: number; max?: number } = {}): Parsed<number> {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return bad(`must be a number (got ${JSON.stringify(text)})`);
  const n = Number(text);
  if (!Number.isFinite(n)) return bad(`number out of range (got ${JSON.stringify(text)})`);
  if (opts.min !== undefined && n < opts.min) return bad(`must be >= ${opts.min} (got ${n})`);
  if (opts.max !== undefined && n > opts.max) return bad(`must be <= ${opts.max} (got ${n})`);
  return ok(n);
}

/**
 * A money amount in currency units with at most 6 decimals, converted exactly (string arithmetic,
 * no floating point) to integer micro-units: `"12.5"` -> 12_500_000, `"0.000001"` -> 1.
 */
export function parseMoney(text: string, opts: { min?: number } = {}): Parsed<number> {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return bad(`must be an amount like 12.50 (got ${JSON.stringify(text)})`);
  const frac = m[3] ?? '';
  if (frac.length > 6) return bad(`has more than 6 decimals (got ${JSON.stringify(text)})`);
  const micro = Number(m[2] || '0') * 1_000_000 + Number(frac.padEnd(6, '0'));
  if (!Number.isSafeInteger(micro)) return bad(`amount out of range (got ${JSON.stringify(text)})`);
  const value = m[1] === '-' ? -micro : micro;
  if (opts.min !== undefined && value < opts.min) return bad(`must be >= ${formatMoney(opts.min)} (got ${text})`);
  return ok(value === 0 ? 0 : value);
}

/** Integer micro-units as a decimal string without trailing zeros: 12_500_000 -> "12.5", 1 -> "0.000001". */
export function formatMoney(micro: number): string {
  const neg = micro < 0;
  const abs = Math.abs(micro);
  const units = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${units}${frac ? `.${frac}` : ''}`;
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 't']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'f']);

/** A boolean: 1/0, true/false, yes/no, y/n (any case). */
export function parseBoolean(text: string): Parsed<boolean> {
  const t = text.toLowerCase();
  if (TRUE.has(t)) return ok(true);
  if (FALSE.has(t)) return ok(false);
  return bad(`must be true/false, yes/no or 1/0 (got ${JSON.stringify(text)})`);
}

/** A business day `YYYY-MM-DD` that exists in the calendar. */
export function parseDay(text: string): Parsed<string> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return bad(`must be a date YYYY-MM-DD (got ${JSON.stringify(text)})`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    return bad(`is not a calendar date (got ${JSON.stringify(text)})`);
  }
  return ok(text);
}

/**
 * An instant: ISO-8601 with a zone (`2026-03-01T09:30:00Z`, `2026-03-01T09:30:00+02:00`) or a bare
 * day `YYYY-MM-DD` (read as 12:00 UTC that day, so that the business day is the same in every zone
 * from UTC-11 to UTC+11). Returned normalised to UTC ISO text with milliseconds.
 */
export function parseInstant(text: string): Parsed<string> {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = parseDay(text);
    return day.ok ? ok(`${text}T12:00:00.000Z`) : day;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    return bad(`must be an ISO date-time with a zone, e.g. 2026-03-01T09:30:00Z, or a date YYYY-MM-DD (got ${JSON.stringify(text)})`);
  }
  const t = Date.parse(text.replace(' ', 'T'));
  if (!Number.isFinite(t)) return bad(`is not a valid date-time (got ${JSON.stringify(text)})`);
  return ok(new Date(t).toISOString());
}

/** One of a fixed set of values (case-insensitive; returned in the canonical spelling). */
export function parseEnum<T extends string>(text: string, values: readonly T[]): Parsed<T> {
  const found = values.find((v) => v.toLowerCase() === text.toLowerCase());
  return found ? ok(found) : bad(`must be one of ${values.join(', ')} (got ${JSON.stringify(text)})`);
}

/** A code (SKU, location, supplier): no leading/trailing space, no control characters, <= 100 chars. */
export function parseCode(text: string): Parsed<string> {
  if (text.length > 100) return bad(`is longer than 100 characters`);
  if (/[\u0000-\u001f\u007f]/.test(text)) return bad(`contains control characters`);
  return ok(text);
}

/** A list of tags separated by `|` (or `;`), each trimmed, empty items dropped, duplicates removed. */
export function parseTags(text: string): Parsed<string[]> {
  const tags = [...new Set(text.split(/[|;]/).map((t) => t.trim()).filter(Boolean))];
  return ok(tags);
}

/** Free text up to `max` characters. */
export function parseText(text: string, max = 1000): Parsed<string> {
  return text.length > max ? bad(`is longer than ${max} characters`) : ok(text);
}
