/**
 * Validation and normalization of movement inputs (pure, no database), and their content hash
 * (what tells an idempotent replay from a conflicting reuse of the same key).
 */
import crypto from 'node:crypto';
import { validationError } from '../shared/errors.ts';
import { MOVEMENT_KINDS, type MovementInput, type MovementKind } from './types.ts';

/** A validated movement input. */
export interface NormalizedMovement {
  index: number;
  kind: MovementKind;
  sku: string;
  location: string;
  quantity: number;
  unitCost: number | null;
  occurredAt: string;
  reason: string | null;
  note: string | null;
  reference: string | null;
  toLocation: string | null;
  fromLocation: string | null;
  idempotencyKey: string | null;
  hash: string;
}

/** Most movements one postMovements call accepts. */
export const MAX_BATCH = 10_000;
const POSITIVE_KINDS = new Set<MovementKind>(['receipt', 'sale', 'return', 'transfer_out', 'transfer_in']);
const REASON_KINDS = new Set<MovementKind>(['adjustment', 'count_correction']);
const KNOWN = new Set(['kind', 'sku', 'location', 'quantity', 'unitCost', 'occurredAt', 'reason', 'note', 'reference', 'toLocation', 'fromLocation', 'idempotencyKey']);
const ISO_START = /^\d{4}-\d{2}-\d{2}(?:$|T)/;

/** `movements[i] (kind SKU @ LOC)`, the prefix of every message about input i. */
export function movementLabel(i: number, m: { kind?: string; sku?: string; location?: string } | undefined): string {
  return `movements[${i}] (${m?.kind ?? '?'} ${m?.sku ?? '?'} @ ${m?.location ?? '?'})`;
}

function bad(i: number, m: Partial<MovementInput> | undefined, field: string, problem: string, value: unknown): never {
  throw validationError(`${movementLabel(i, m)}: ${field} ${problem} (got ${JSON.stringify(value)})`, { index: i, field, value: value as never });
}

function optText(i: number, m: MovementInput, field: keyof MovementInput, max: number): string | null {
  const v = m[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') bad(i, m, field, 'must be a string', v);
  if (v.length > max) bad(i, m, field, `must be at most ${max} characters`, v);
  return v;
}

function code(i: number, m: MovementInput, field: 'sku' | 'location' | 'toLocation' | 'fromLocation'): string {
  const v = m[field];
  if (typeof v !== 'string' || v.length === 0) bad(i, m, field, 'must be a non-empty code', v);
  return v;
}

/** Parses an ISO date or instant into canonical `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export function canonicalInstant(v: string): string | null {
  if (!ISO_START.test(v)) return null;
  const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(t)) return null;
  return new Date(t).toISOString();
}

/**
 * Checks one input and returns it normalized. `now` is the default occurredAt. Throws
 * VALIDATION_FAILED naming movements[i], the field and the value.
 */
export function normalizeMovement(m: MovementInput, i: number, now: string): NormalizedMovement {
  if (!m || typeof m !== 'object') bad(i, m, 'movement', 'must be an object', m);
  for (const k of Object.keys(m)) if (!KNOWN.has(k) && (m as any)[k] !== undefined) bad(i, m, k, 'is not a known field', (m as any)[k]);
  const kind = m.kind;
  if (!(MOVEMENT_KINDS as readonly string[]).includes(kind)) bad(i, m, 'kind', `must be one of ${MOVEMENT_KINDS.join(', ')}`, kind);
  const sku = code(i, m, 'sku');
  const location = code(i, m, 'location');
  const q = m.quantity;
  if (typeof q !== 'number' || !Number.isSafeInteger(q)) bad(i, m, 'quantity', 'must be an integer', q);
  if (POSITIVE_KINDS.has(kind) ? q <= 0 : q === 0) bad(i, m, 'quantity', POSITIVE_KINDS.has(kind) ? `must be > 0 for ${kind}` : `must be non-zero for ${kind}`, q);

  let unitCost: number | null = null;
  if (m.unitCost !== undefined && m.unitCost !== null) {
    const addsLot = kind === 'receipt' || kind === 'return' || ((kind === 'adjustment' || kind === 'count_correction') && q > 0);
    if (!addsLot) bad(i, m, 'unitCost', 'applies only to receipts, returns and positive adjustments/count corrections', m.unitCost);
    if (typeof m.unitCost !== 'number' || !Number.isSafeInteger(m.unitCost) || m.unitCost < 0) bad(i, m, 'unitCost', 'must be an integer >= 0 (micro-units)', m.unitCost);
    unitCost = m.unitCost;
  }

  let occurredAt = now;
  if (m.occurredAt !== undefined && m.occurredAt !== null) {
    const c = typeof m.occurredAt === 'string' ? canonicalInstant(m.occurredAt) : null;
    if (!c) bad(i, m, 'occurredAt', 'must be an ISO date or instant', m.occurredAt);
    occurredAt = c;
  }

  const reason = optText(i, m, 'reason', 1000);
  if (REASON_KINDS.has(kind) && (reason === null || reason.trim() === '')) bad(i, m, 'reason', `is required for ${kind}`, m.reason);
  const note = optText(i, m, 'note', 4000);
  const reference = optText(i, m, 'reference', 1000);
  const idempotencyKey = optText(i, m, 'idempotencyKey', 255);
  if (idempotencyKey === '') bad(i, m, 'idempotencyKey', 'must not be empty', idempotencyKey);

  let toLocation: string | null = null;
  let fromLocation: string | null = null;
  if (kind === 'transfer_out') {
    toLocation = code(i, m, 'toLocation');
    if (toLocation === location) bad(i, m, 'toLocation', 'must differ from location', toLocation);
  } else if (m.toLocation !== undefined && m.toLocation !== null) bad(i, m, 'toLocation', 'applies only to transfer_out', m.toLocation);
  if (kind === 'transfer_in') {
    if (m.fromLocation !== undefined && m.fromLocation !== null) {
      fromLocation = code(i, m, 'fromLocation');
      if (fromLocation === location) bad(i, m, 'fromLocation', 'must differ from location', fromLocation);
    }
  } else if (m.fromLocation !== undefined && m.fromLocation !== null) bad(i, m, 'fromLocation', 'applies only to transfer_in', m.fromLocation);

  // The hash covers what the caller sent (occurredAt only when given: a replay without it must
  // match). It only serves idempotency, so movements without a key skip the cost and store ''.
  const hash =
    idempotencyKey === null
      ? ''
      : crypto
          .createHash('sha256')
          .update(JSON.stringify([kind, sku, location, q, unitCost, m.occurredAt == null ? null : occurredAt, reason, note, reference, toLocation, fromLocation]))
          .digest('base64url');
  return { index: i, kind, sku, location, quantity: q, unitCost, occurredAt, reason, note, reference, toLocation, fromLocation, idempotencyKey, hash };
}

/** Validates a batch (1..10,000 inputs). */
export function normalizeBatch(inputs: MovementInput[], now: string): NormalizedMovement[] {
  if (!Array.isArray(inputs)) throw validationError('movements must be an array');
  if (inputs.length === 0) throw validationError('movements must hold at least one movement');
  if (inputs.length > MAX_BATCH) throw validationError(`at most ${MAX_BATCH} movements per call (got ${inputs.length})`, { count: inputs.length });
  return inputs.map((m, i) => normalizeMovement(m, i, now));
}

/** The UTC business day (YYYY-MM-DD) of an ISO instant. */
export const dayOf = (instant: string): string => instant.slice(0, 10);
