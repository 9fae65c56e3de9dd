/**
 * The API's error mapping: every failure leaves as `{ error: { code, message, details } }`.
 * - AppError -> its status and code;
 * - JSON-schema validation -> 400 VALIDATION_FAILED, the message naming each offending field
 *   (`body.items[3].quantity must be integer`, `body: unknown field "qty"`);
 * - Fastify's own 4xx (malformed JSON, empty body, media type, body too large) -> stable codes;
 * - database data/constraint errors that slipped past validation -> 400/409 (logged: each one
 *   is a validation gap to close);
 * - anything else -> 500 INTERNAL (a bug; logged with the stack).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../shared/errors.ts';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

/** `/items/3/quantity` -> `items[3].quantity`. */
function jsonPath(context: string, instancePath: string | undefined): string {
  let out = context;
  for (const part of (instancePath ?? '').split('/').filter(Boolean)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  return out;
}

/** One readable sentence per validation issue, naming the field. */
export function describeValidationIssues(context: string, issues: ValidationIssue[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const issue of issues) {
    const path = jsonPath(context, issue.instancePath);
    let text: string;
    if (issue.keyword === 'additionalProperties') text = `${path}: unknown field ${JSON.stringify(issue.params?.additionalProperty)}`;
    else if (issue.keyword === 'required') text = `${path}: missing required field ${JSON.stringify(issue.params?.missingProperty)}`;
    else if (issue.keyword === 'enum') text = `${path} must be one of ${(issue.params?.allowedValues as unknown[] | undefined)?.map((v) => JSON.stringify(v)).join(', ')}`;
    else if (issue.keyword === 'oneOf' || issue.keyword === 'anyOf' || issue.keyword === 'if') continue; // the branch issues say more
    else text = `${path} ${issue.message ?? 'is invalid'}`;
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out.length ? out : [`${context} is invalid`];
}

function dbErrorCode(err: unknown): { status: number; code: string; message: string } | null {
  const e = err as { code?: string; message?: string };
  if (typeof e?.code !== 'string') return null;
  if (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return { status: 409, code: 'CONFLICT', message: 'the request conflicts with an existing row' };
  }
  if (/^22/.test(e.code) || e.code === 'SQLITE_TOOBIG' || e.code === 'SQLITE_RANGE') {
    return { status: 400, code: 'VALIDATION_FAILED', message: 'a value in the request is out of range or malformed for the database' };
  }
  return null;
}

/** The Fastify error handler (installed by buildServer). */
export function apiErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isAppError(err)) return reply.status(err.status).send(err.toJSON());
  if (err.validation) {
    const lines = describeValidationIssues(err.validationContext ?? 'request', err.validation as ValidationIssue[]);
    return reply.status(400).send({
      error: {
        code: 'VALIDATION_FAILED',
        message: lines.slice(0, 5).join('; ') + (lines.length > 5 ? `; and ${lines.length - 5} more` : ''),
        details: { issues: err.validation },
      },
    });
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    const code = (err.code && FASTIFY_CODES[err.code]) ?? 'BAD_REQUEST';
    return reply.status(err.statusCode).send({ error: { code, message: err.message, details: { cause: err.code } } });
  }
  const db = dbErrorCode(err);
  if (db) {
    request.log.warn({ err }, 'database rejected a request value (a validation gap)');
    return reply.status(db.status).send({ error: { code: db.code, message: db.message } });
  }
  request.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error (this is a bug; see the server log)' } });
}

/**
 * Fastify's `frameworkErrors`: errors raised before routing (a malformed URL, a path parameter
 * longer than the router accepts), in the same envelope as every other error.
 */
export function apiFrameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  return reply
    .status(tooLong ? 414 : 400)
    .send({ error: { code: tooLong ? 'URI_TOO_LONG' : 'BAD_URL', message: err.message, details: { cause: err.code } } });
}
