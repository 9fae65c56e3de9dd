/**
 * Money at the API boundary: the JSON schemas of money inputs and outputs. The conversions
 * (integer micro-units <-> decimal strings) live in src/shared/money.ts and are re-exported here
 * for the mappers and routes.
 */
export { MICROS_PER_UNIT, formatMoney, formatMoneyOrNull, parseMoney, parseMoneyOrNull } from '../shared/money.ts';

/** JSON schema of a money input: a decimal string (up to 6 decimals) or a number. */
export const moneyInputSchema = {
  type: ['string', 'number'],
  pattern: '^\\s*[+-]?\\d+(\\.\\d*)?\\s*$',
  description: 'Amount in currency units: a decimal string ("12.50", up to 6 decimals) or a number',
} as const;

/** JSON schema of a money output. */
export const moneyOutputSchema = { type: 'string', description: 'Amount in currency units, decimal string (e.g. "12.50")' } as const;
export const nullableMoneyOutputSchema = { type: ['string', 'null'], description: 'Amount in currency units, decimal string, or null' } as const;
