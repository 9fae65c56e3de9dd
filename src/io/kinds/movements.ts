/**
 * Ledger CSV kinds: `movements` (any movement kind) and `opening-stock` (receipts with a unit cost
 * into a location, as opening balances). Rows are posted with the ledger's postMovements in
 * batches inside the importer's transaction.
 *
 * Idempotency: a row's `idempotency_key` is passed to the ledger; a row without one gets a key
 * derived from the file's SHA-256 and the row's line (`csv:<hash prefix>:<line>`), so importing
 * the very same file again applies nothing twice (the rows come back as "replayed"). This is also
 * what makes `--batch-commit` safe to re-run after a crash.
 */
import { MOVEMENT_KINDS, postMovements, type Movement, type MovementInput, type MovementKind } from '../../ledger/index.ts';
import { formatMoney, parseCode, parseEnum, parseInstant, parseInteger, parseMoney, parseText } from '../fields.ts';
import type { ApplyContext, ApplyOutcome, ColumnSpec, ImportKind, RowRef } from '../import-kind.ts';
import type { Executor } from '../../store/executor.ts';
import { stockValidator } from './stock-check.ts';

const POSITIVE = new Set<MovementKind>(['receipt', 'sale', 'return', 'transfer_out', 'transfer_in']);
const NEEDS_REASON = new Set<MovementKind>(['adjustment', 'count_correction']);

/** CSV column of each MovementInput field (the ledger's error details name the field). */
export const COLUMN_OF_FIELD: Record<string, string> = {
  kind: 'kind',
  sku: 'sku',
  location: 'location',
  quantity: 'quantity',
  unitCost: 'unit_cost',
  occurredAt: 'occurred_at',
  reason: 'reason',
  note: 'note',
  reference: 'reference',
  toLocation: 'to_location',
  fromLocation: 'from_location',
  idempotencyKey: 'idempotency_key',
};

/** The key a row without an idempotency_key gets: stable for the same file bytes and line. */
export const derivedKey = (fileHash: string, line: number) => `csv:${fileHash.slice(0, 24)}:${line}`;

/** Posts one batch; the line of each row completes the derived idempotency key. */
export async function postRows(tx: Executor, rows: { line: number; row: MovementInput }[], ctx: ApplyContext): Promise<ApplyOutcome> {
  const inputs = rows.map(({ line, row }) => (row.idempotencyKey ? row : { ...row, idempotencyKey: derivedKey(ctx.fileHash, line) }));
  const out = await postMovements(tx, inputs, { actor: ctx.actor });
  const replayed = out.replayed.filter(Boolean).length;
  return { applied: rows.length - replayed, replayed };
}

const refsOf = (m: MovementInput): RowRef[] => {
  const r: RowRef[] = [
    { kind: 'sku', code: m.sku, column: 'sku' },
    { kind: 'location', code: m.location, column: 'location' },
  ];
  if (m.toLocation) r.push({ kind: 'location', code: m.toLocation, column: 'to_location' });
  if (m.fromLocation) r.push({ kind: 'location', code: m.fromLocation, column: 'from_location' });
  return r;
};

const common = {
  sku: { name: 'sku', required: true, parse: parseCode, description: 'SKU code (must exist)', example: 'TEE-CLASSIC-BLA-M' },
  location: { name: 'location', required: true, parse: parseCode, description: 'Location code (must exist)', example: 'WH-MAIN' },
  occurredAt: { name: 'occurred_at', parse: parseInstant, description: 'When it happened: ISO date-time with zone, or YYYY-MM-DD (= 12:00 UTC); default: time of import', example: '2026-03-01T09:30:00Z' },
  note: { name: 'note', parse: (t: string) => parseText(t, 4000), description: 'Free text', example: 'pallet 3 of 4' },
  reference: { name: 'reference', parse: (t: string) => parseText(t, 1000), description: 'External reference (PO, order, transfer number)', example: 'PO-1042' },
  key: { name: 'idempotency_key', parse: (t: string) => parseText(t, 255), description: 'Applied at most once; default: derived from the file hash and line', example: 'shopify-order-5521-line-1' },
} satisfies Record<string, ColumnSpec>;

// ---------------------------------------------------------------- movements

const movementColumns: ColumnSpec[] = [
  { name: 'kind', required: true, parse: (t) => parseEnum(t, MOVEMENT_KINDS), description: `One of ${MOVEMENT_KINDS.join(', ')}`, example: 'sale' },
  common.sku,
  common.location,
  { name: 'quantity', required: true, parse: (t) => parseInteger(t), description: 'Units: > 0 for receipt, sale, return, transfer_out, transfer_in; signed, non-zero for adjustment, count_correction, inbound', example: '3' },
  { name: 'unit_cost', parse: (t) => parseMoney(t, { min: 0 }), description: 'Cost per unit in currency units; only receipts, returns and positive adjustments/count corrections (default: last known cost)', example: '7.25' },
  common.occurredAt,
  { name: 'reason', parse: (t) => parseText(t, 1000), description: 'Why; required for adjustment and count_correction', example: 'damaged in transit' },
  common.note,
  common.reference,
  { name: 'to_location', parse: parseCode, description: 'transfer_out only (required): destination, whose inbound rises', example: 'FBA-US' },
  { name: 'from_location', parse: parseCode, description: 'transfer_in only (optional): source of the in-transit stock', example: 'WH-MAIN' },
  common.key,
];

export const movementsKind: ImportKind<MovementInput> = {
  kind: 'movements',
  summary: 'Ledger movements of any kind (receipt, sale, return, adjustment, transfer_out/in, count_correction, inbound)',
  columns: movementColumns,
  ignoredColumns: ['id', 'created_at', 'actor', 'value'],
  rerunSafe: true,
  build(v, issues) {
    const kind = v.kind as MovementKind;
    const q = v.quantity as number;
    if (POSITIVE.has(kind) ? q <= 0 : q === 0) issues.error('quantity', POSITIVE.has(kind) ? `must be > 0 for ${kind} (got ${q})` : `must be non-zero for ${kind}`);
    if (NEEDS_REASON.has(kind) && v.reason === undefined) issues.error('reason', `is required for ${kind}`);
    const addsLot = kind === 'receipt' || kind === 'return' || ((kind === 'adjustment' || kind === 'count_correction') && q > 0);
    if (v.unit_cost !== undefined && !addsLot) issues.error('unit_cost', 'applies only to receipts, returns and positive adjustments/count corrections');
    if (kind === 'transfer_out') {
      if (v.to_location === undefined) issues.error('to_location', 'is required for transfer_out');
      else if (v.to_location === v.location) issues.error('to_location', 'must differ from location');
    } else if (v.to_location !== undefined) issues.error('to_location', 'applies only to transfer_out');
    if (kind === 'transfer_in') {
      if (v.from_location !== undefined && v.from_location === v.location) issues.error('from_location', 'must differ from location');
    } else if (v.from_location !== undefined) issues.error('from_location', 'applies only to transfer_in');
    const m: MovementInput = { kind, sku: v.sku as string, location: v.location as string, quantity: q };
    if (v.unit_cost !== undefined) m.unitCost = v.unit_cost as number;
    if (v.occurred_at !== undefined) m.occurredAt = v.occurred_at as string;
    if (v.reason !== undefined) m.reason = v.reason as string;
    if (v.note !== undefined) m.note = v.note as string;
    if (v.reference !== undefined) m.reference = v.reference as string;
    if (v.to_location !== undefined) m.toLocation = v.to_location as string;
    if (v.from_location !== undefined) m.fromLocation = v.from_location as string;
    if (v.idempotency_key !== undefined) m.idempotencyKey = v.idempotency_key as string;
    return m;
  },
  uniqueKey: (m) => (m.idempotencyKey ? { key: m.idempotencyKey, column: 'idempotency_key' } : undefined),
  refs: refsOf,
  validator: stockValidator((m: MovementInput) => m),
  fieldColumns: COLUMN_OF_FIELD,
  apply: postRows,
};

export const movementExportColumns = ['id', ...movementColumns.map((c) => c.name), 'actor', 'created_at', 'value'];

/** A ledger movement as a CSV record that re-imports as the same movement. */
export const movementRecord = (m: Movement): Record<string, string> => ({
  id: String(m.id),
  kind: m.kind,
  sku: m.sku,
  location: m.location,
  quantity: String(m.quantity),
  // Only movements that create lots accept a unit cost on import.
  unit_cost: m.unitCost === null || !(m.kind === 'receipt' || m.kind === 'return' || ((m.kind === 'adjustment' || m.kind === 'count_correction') && m.quantity > 0)) ? '' : formatMoney(m.unitCost),
  occurred_at: m.occurredAt,
  reason: m.reason ?? '',
  note: m.note ?? '',
  reference: m.reference ?? '',
  to_location: m.kind === 'transfer_out' ? (m.toLocation ?? '') : '',
  from_location: m.kind === 'transfer_in' ? (m.fromLocation ?? '') : '',
  idempotency_key: m.idempotencyKey ?? '',
  actor: m.actor,
  created_at: m.createdAt,
  value: formatMoney(m.value),
});

// ---------------------------------------------------------------- opening stock

interface OpeningRow {
  sku: string;
  location: string;
  quantity: number;
  unitCost?: number;
  occurredAt?: string;
  reference: string;
  note?: string;
  idempotencyKey?: string;
}

const toReceipt = (r: OpeningRow): MovementInput => {
  const m: MovementInput = { kind: 'receipt', sku: r.sku, location: r.location, quantity: r.quantity, reference: r.reference };
  if (r.unitCost !== undefined) m.unitCost = r.unitCost;
  if (r.occurredAt !== undefined) m.occurredAt = r.occurredAt;
  if (r.note !== undefined) m.note = r.note;
  if (r.idempotencyKey !== undefined) m.idempotencyKey = r.idempotencyKey;
  return m;
};

export const openingStockKind: ImportKind<OpeningRow> = {
  kind: 'opening-stock',
  summary: 'Opening balances: one receipt per SKU x location with its unit cost (a FIFO lot)',
  columns: [
    common.sku,
    common.location,
    { name: 'quantity', required: true, parse: (t) => parseInteger(t, { min: 1 }), description: 'Units on hand (> 0)', example: '120' },
    { name: 'unit_cost', parse: (t) => parseMoney(t, { min: 0 }), description: "Cost per unit in currency units (default: the SKU's last known cost)", example: '7.25' },
    { ...common.occurredAt, name: 'received_at', description: 'When the stock was received (drives FIFO order and aging): ISO date-time or YYYY-MM-DD; default: time of import' },
    { ...common.reference, description: "Reference recorded on the receipt (default 'opening-stock')" },
    common.note,
    common.key,
  ],
  ignoredColumns: ['on_hand_value'],
  rerunSafe: true,
  build: (v) => ({
    sku: v.sku as string,
    location: v.location as string,
    quantity: v.quantity as number,
    unitCost: v.unit_cost as number | undefined,
    occurredAt: v.received_at as string | undefined,
    reference: (v.reference as string | undefined) ?? 'opening-stock',
    note: v.note as string | undefined,
    idempotencyKey: v.idempotency_key as string | undefined,
  }),
  uniqueKey: (r) => (r.idempotencyKey ? { key: r.idempotencyKey, column: 'idempotency_key' } : undefined),
  refs: (r) => refsOf(toReceipt(r)),
  fieldColumns: { ...COLUMN_OF_FIELD, occurredAt: 'received_at' },
  apply: (tx, rows, ctx) => postRows(tx, rows.map(({ line, row }) => ({ line, row: toReceipt(row) })), ctx),
};
