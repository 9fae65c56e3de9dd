/**
 * Money as text. The database holds integer micro-units (1e-6 of the currency unit); API responses,
 * CLI output and explanation notes show decimal strings in currency units with at least 2 and at
 * most 6 decimals (1234500 -> "1.2345", 1000000 -> "1.00", -500 -> "-0.0005"); inputs may be a
 * decimal string or a JSON number. Conversion is exact (string arithmetic, no binary floating
 * point). The API's JSON schemas for money are in src/api/money.ts.
 */
import { validationError } from '../shared/errors.ts';

export const MICROS_PER_UNIT = 1_000_000;

/** Formats integer micro-units as a decimal string in currency units ("1.2345"). */
export function formatMoney(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError(`money must be an integer number of micro-units, got ${micros}`);
  const negative = micros < 0;
  const abs = Math.abs(micros);
  const units = Math.floor(abs / MICROS_PER_UNIT);
  let frac = String(abs % MICROS_PER_UNIT).padStart(6, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${negative ? '-' : ''}${units}.${frac}`;
}

/** formatMoney, passing null/undefined through as null. */
export function formatMoneyOrNull(micros: number | null | undefined): string | null {
  return micros === null || micros === undefined ? null : formatMoney(micros);
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d*))?$/;

/**
 * Parses a money amount in currency units (a decimal string like "12.50" or a JSON number) into
 * integer micro-units. More than 6 decimals, exponents, non-numbers and amounts beyond 2^53
 * micro-units are refused with 400 VALIDATION_FAILED naming `field`.
 */
export function parseMoney(value: string | number, field = 'amount'): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw validationError(`${field} must be a finite amount`, { field });
    // Shortest round-trip representation; reject exponent forms (1e-7, 1e21).
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw validationError(`${field} must be a decimal string or a number`, { field });
  }
  const m = DECIMAL_RE.exec(text);
  if (!m) throw validationError(`${field} ${JSON.stringify(value)} is not a decimal amount (e.g. "12.50")`, { field, value });
  const [, sign, intPart, fracPart = ''] = m;
  const frac = fracPart.replace(/0+$/, '');
  if (frac.length > 6) throw validationError(`${field} ${JSON.stringify(value)} has more than 6 decimals`, { field, value });
  const int = intPart.replace(/^0+(?=\d)/, '');
  if (int.length > 10) throw validationError(`${field} ${JSON.stringify(value)} is too large`, { field, value });
  const micros = Number(int) * MICROS_PER_UNIT + Number(frac.padEnd(6, '0') || '0');
  if (!Number.isSafeInteger(micros)) throw validationError(`${field} ${JSON.stringify(value)} is too large`, { field, value });
  return sign === '-' && micros !== 0 ? -micros : micros;
}

/** parseMoney for optional fields: undefined stays undefined, null stays null. */
export function parseMoneyOrNull<T extends null | undefined>(value: string | number | T, field: string): number | T {
  if (value === null || value === undefined) return value as T;
  return parseMoney(value, field);
}
