/**
 * JSON-schema pieces shared by the route files: error responses, paging parameters and list
 * envelopes, so every route documents the same shapes in the OpenAPI document.
 */

/** The error body every 4xx/5xx carries. */
export const errorBodySchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code, e.g. INSUFFICIENT_STOCK' },
        message: { type: 'string', description: 'Human-readable message naming the field/row/entity concerned' },
        details: { type: 'object', additionalProperties: true },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (VALIDATION_FAILED, ...)',
  401: 'Missing, unknown or revoked token',
  403: 'The token’s role may not do this',
  404: 'A referenced entity does not exist',
  409: 'Conflict with current state (duplicate code, idempotency key reused with other content)',
  422: 'Refused by a business rule (insufficient stock, ...)',
};

/** Response schemas for the given error statuses (401 is always included). */
export function errorResponses(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const s of new Set([400, 401, ...statuses])) out[s] = { description: ERROR_DESCRIPTIONS[s] ?? 'Error', ...errorBodySchema };
  return out;
}

/** Query-string properties of every paged list. */
export const pagingQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Page size (1-1000, default 100)' },
  cursor: { type: 'string', maxLength: 2000, description: 'Opaque cursor from the previous page’s `next_cursor`' },
} as const;

/** The envelope of a paged list: `{ items, next_cursor }` (`next_cursor` null on the last page). */
export function pageSchema(item: unknown): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: item },
      next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` to get the next page; null when this is the last page' },
    },
    required: ['items', 'next_cursor'],
  };
}

/** A code field (SKU, location, supplier, number...): 1..100 characters. */
export const code = { type: 'string', minLength: 1, maxLength: 100 } as const;
/** A business day field 'YYYY-MM-DD'. */
export const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Business day YYYY-MM-DD' } as const;
/** A business day field, or null. */
export const nullableDay = { type: ['string', 'null'], description: 'Business day YYYY-MM-DD, or null' } as const;
/** An instant field (output): UTC ISO-8601 text. */
export const instant = { type: 'string', description: 'UTC ISO-8601 instant' } as const;
/** An instant field, or null. */
export const nullableInstant = { type: ['string', 'null'], description: 'UTC ISO-8601 instant, or null' } as const;
/** A nullable free-text field. */
export const nullableText = { type: ['string', 'null'] } as const;
/** `{ number }` path parameter (purchase order, receipt, transfer or count number). */
export const numberParams = { type: 'object', properties: { number: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['number'] } as const;

/** `{ code }` path parameter of master-data routes. */
export const codeParams = {
  type: 'object',
  properties: { code: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['code'],
} as const;

/** `{ id }` integer path parameter. */
export const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
  required: ['id'],
} as const;

/** Idempotency-Key request header (optional). */
export const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', minLength: 1, maxLength: 200, description: 'Makes the write safe to retry: the same key with the same content is applied once' },
  },
} as const;

/** Splits a comma-separated filter value ("A,B") into trimmed non-empty codes; undefined stays undefined. */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return items.length ? items : undefined;
}
