/**
 * postMovements: validates a batch, resolves codes once, locks and loads the touched balances and
 * lots in bulk, applies the movements in order in memory (refusing the whole batch on the first
 * broken rule), then appends the movements and writes the projection with multi-row statements.
 */
import { valuesIn, type BulkColumns } from '../catalog/index.ts';
import { conflict, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { movementLabel, normalizeBatch, type NormalizedMovement } from './normalize.ts';
import { LedgerSession, type Pair } from './session.ts';
import { ledgerTransaction } from './tx.ts';
import type { Movement, MovementInput, PostContext, PostResult } from './types.ts';
import { writeRows } from './write-rows.ts';

/** The actor of a write: a non-empty string of at most 200 characters (400 VALIDATION_FAILED otherwise). */
export function checkActor(ctx: PostContext | undefined): string {
  const actor = ctx?.actor;
  if (typeof actor !== 'string' || actor.trim() === '' || actor.length > 200) throw validationError('ctx.actor must be a non-empty string (who posts)', { field: 'actor' });
  return actor;
}

/**
 * Posts 1..10,000 movements atomically (all or none) with balances, FIFO lots and daily demand in
 * the same transaction. Joins `ex`'s transaction if it is one. Errors: 400 VALIDATION_FAILED,
 * 404 NOT_FOUND (unknown SKU/location), 409 IDEMPOTENCY_CONFLICT (key reused with other content),
 * 422 INSUFFICIENT_STOCK / INSUFFICIENT_AVAILABLE / INSUFFICIENT_IN_TRANSIT / INSUFFICIENT_INBOUND
 * (naming movements[i], SKU and location).
 */
export async function postMovements(ex: Executor, inputs: MovementInput[], ctx: PostContext): Promise<PostResult> {
  const actor = checkActor(ctx);
  const now = new Date().toISOString();
  const norm = normalizeBatch(inputs, now);
  return ledgerTransaction(ex, async (tx) => {
    const session = new LedgerSession(tx);
    return postInSession(session, norm, actor, now);
  });
}

/** Posts normalized movements through an open session (used by postMovements and fulfil). */
export async function postInSession(session: LedgerSession, norm: NormalizedMovement[], actor: string, now: string, fromReservation = false): Promise<PostResult> {
  const tx = session.tx;
  const locCodes: string[] = [];
  for (const m of norm) {
    locCodes.push(m.location);
    if (m.toLocation) locCodes.push(m.toLocation);
    if (m.fromLocation) locCodes.push(m.fromLocation);
  }
  await session.resolve(
    norm.map((m) => m.sku),
    locCodes,
  );
  const pairs: Pair[] = [];
  for (const m of norm) {
    const skuId = session.skus.get(m.sku)!.id;
    pairs.push({ skuId, locationId: session.locations.get(m.location)!.id });
    if (m.toLocation) pairs.push({ skuId, locationId: session.locations.get(m.toLocation)!.id });
  }
  // Locks first: a concurrent writer of the same pairs (and so of the same keys, in practice) has committed.
  await session.load(pairs);

  // Idempotency: keys already in the ledger, or repeated within this batch.
  const replayOf = new Array<Movement | null>(norm.length).fill(null);
  const firstInBatch = new Map<string, number>();
  const keys = norm.filter((m) => m.idempotencyKey !== null).map((m) => m.idempotencyKey!);
  const stored = new Map<string, any>();
  if (keys.length > 0) {
    for (const r of await tx.db.selectFrom('movements').selectAll().where(valuesIn(tx, 'idempotency_key', [...new Set(keys)], 'text')).execute()) stored.set(r.idempotency_key!, r);
  }
  const fresh: NormalizedMovement[] = [];
  const fromBatch = new Array<number>(norm.length).fill(-1);
  for (const m of norm) {
    const k = m.idempotencyKey;
    if (k === null) {
      fresh.push(m);
      continue;
    }
    const row = stored.get(k);
    if (row) {
      if (row.content_hash !== m.hash) throw idemConflict(m, row.id);
      replayOf[m.index] = rowToMovement(row, m);
      continue;
    }
    const first = firstInBatch.get(k);
    if (first !== undefined) {
      if (norm[first].hash !== m.hash) throw idemConflict(m, null);
      fromBatch[m.index] = first;
      continue;
    }
    firstInBatch.set(k, m.index);
    fresh.push(m);
  }

  // Apply in order, in memory; each movement becomes its row in MOVEMENT_COLUMNS order.
  const rows: unknown[][] = new Array(fresh.length);
  const results = new Array<{ unitCost: number | null; value: number }>(fresh.length);
  for (let i = 0; i < fresh.length; i++) {
    const m = fresh[i];
    const skuId = session.skus.get(m.sku)!.id;
    const locationId = session.locations.get(m.location)!.id;
    const counterpart = m.toLocation ?? m.fromLocation;
    const counterpartId = counterpart ? session.locations.get(counterpart)!.id : null;
    const r = session.state.apply({
      index: m.index,
      seq: i,
      kind: m.kind,
      skuId,
      locationId,
      counterpartId,
      quantity: m.quantity,
      unitCost: m.unitCost,
      occurredAt: m.occurredAt,
      sku: m.sku,
      location: m.location,
      fromReservation,
    });
    results[i] = r;
    rows[i] = [m.kind, skuId, locationId, m.quantity, r.unitCost, r.value, m.occurredAt, now, actor, m.reason, m.note, m.reference, counterpartId, m.idempotencyKey, m.hash];
  }

  const ids = await writeRows(tx, 'movements', MOVEMENT_COLUMNS, rows, { returning: 'id' });
  await session.flush(ids);

  const out: Movement[] = new Array(norm.length);
  fresh.forEach((m, i) => {
    const a = results[i];
    out[m.index] = {
      id: ids[i], kind: m.kind, sku: m.sku, location: m.location, quantity: m.quantity, unitCost: a.unitCost, value: a.value,
      occurredAt: m.occurredAt, createdAt: now, actor, reason: m.reason, note: m.note, reference: m.reference,
      toLocation: m.toLocation, fromLocation: m.fromLocation, idempotencyKey: m.idempotencyKey,
    };
  });
  const replayed = norm.map((m) => replayOf[m.index] !== null || fromBatch[m.index] >= 0);
  for (const m of norm) {
    if (replayOf[m.index]) out[m.index] = replayOf[m.index]!;
    else if (fromBatch[m.index] >= 0) out[m.index] = out[fromBatch[m.index]];
  }
  return { movements: out, replayed };
}

function idemConflict(m: NormalizedMovement, existingId: number | null) {
  return conflict('IDEMPOTENCY_CONFLICT', `${movementLabel(m.index, m)}: idempotency key ${JSON.stringify(m.idempotencyKey)} was already used for a different movement${existingId ? ` (#${existingId})` : ' in this batch'}`, {
    index: m.index, idempotencyKey: m.idempotencyKey, existingMovementId: existingId,
  });
}

/** A stored row as a Movement; codes come from the matching input (same content hash). */
function rowToMovement(r: any, m: NormalizedMovement): Movement {
  return {
    id: Number(r.id), kind: r.kind, sku: m.sku, location: m.location, quantity: Number(r.quantity),
    unitCost: r.unit_cost === null ? null : Number(r.unit_cost), value: Number(r.value), occurredAt: r.occurred_at, createdAt: r.created_at,
    actor: r.actor, reason: r.reason, note: r.note, reference: r.reference, toLocation: m.toLocation, fromLocation: m.fromLocation, idempotencyKey: r.idempotency_key,
  };
}

/** Column order of the movement rows built by postInSession (keep the two in step). */
const MOVEMENT_COLUMNS: BulkColumns = [
  ['kind', 'text'], ['sku_id', 'int8'], ['location_id', 'int8'], ['quantity', 'int8'], ['unit_cost', 'int8'], ['value', 'int8'],
  ['occurred_at', 'text'], ['created_at', 'text'], ['actor', 'text'], ['reason', 'text'], ['note', 'text'], ['reference', 'text'],
  ['counterpart_location_id', 'int8'], ['idempotency_key', 'text'], ['content_hash', 'text'],
];
