/**
 * Typed errors that users cause (bad input, unknown SKU, over-receipt, insufficient stock).
 *
 * Every such error carries a stable machine-readable `code`, a message that names the row/field
 * concerned, optional `details`, and the HTTP status the API maps it to. Anything that is not an
 * AppError reaching the API is a bug and becomes a 500.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: { status?: number; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 400;
    this.details = options.details;
  }

  toJSON(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** 400: the request or a file row is malformed (names the field/row in the message). */
export const validationError = (message: string, details?: Record<string, unknown>) =>
  new AppError('VALIDATION_FAILED', message, { status: 400, details });

/** 404: a referenced entity does not exist. */
export const notFound = (what: string, key: string | number, details?: Record<string, unknown>) =>
  new AppError('NOT_FOUND', `${what} ${JSON.stringify(key)} not found`, { status: 404, details: { what, key, ...details } });

/** 409: the request conflicts with current state (duplicate key, idempotency key reused with other content, ...). */
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, message, { status: 409, details });

/** 422: well-formed but refused by a business rule (insufficient stock, over-receipt, ...). */
export const refused = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, message, { status: 422, details });

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
