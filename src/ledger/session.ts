/**
 * A ledger session: one transaction's view of the projection. It resolves catalog codes once,
 * locks and loads the touched balances and open lots in bulk (PostgreSQL: SELECT ... FOR UPDATE in
 * (sku_id, location_id) order, so concurrent writers queue instead of deadlocking), lets the pure
 * LedgerState apply movements and reservations in memory, and writes every change back with
 * multi-row upserts chunked under the bound-parameter limits.
 */
import { sql } from 'kysely';
import { locationRefsByIds, resolveLocationRefs, resolveSkuRefs, skuRefsByIds, type BulkColumns, type LocationRef, type SkuRef } from '../catalog/index.ts';
import type { Executor } from '../store/executor.ts';
import type { MemLot } from './fifo.ts';
import { keyOf, LedgerState } from './state.ts';
import { writeAll, writeRows } from './write-rows.ts';

export interface Pair {
  skuId: number;
  locationId: number;
}

/**
 * `(sku_id, location_id) in (<the pairs>)` with the pairs bound as one JSON text (SQLite) or two
 * arrays (PostgreSQL): a constant number of parameters whatever the number of pairs.
 */
export function pairsIn(pairs: Pair[], dialect: 'sqlite' | 'postgres', prefix = '') {
  const cols = sql`(${sql.ref(`${prefix}sku_id`)}, ${sql.ref(`${prefix}location_id`)})`;
  if (dialect === 'postgres') {
    return sql<boolean>`${cols} in (select * from unnest(${pairs.map((p) => p.skuId)}::int8[], ${pairs.map((p) => p.locationId)}::int8[]))`;
  }
  return sql<boolean>`${cols} in (select value->>0, value->>1 from json_each(${JSON.stringify(pairs.map((p) => [p.skuId, p.locationId]))}))`;
}

const PAIR_CHUNK = 20_000;

/** One transaction's loaded projection plus the catalog refs it resolved; see the module comment. */
export class LedgerSession {
  readonly skus = new Map<string, SkuRef>();
  readonly locations = new Map<string, LocationRef>();
  readonly skuById = new Map<number, SkuRef>();
  readonly locationById = new Map<number, LocationRef>();
  readonly state: LedgerState;
  /** Pairs whose balances and lots are loaded, and pairs whose balances only are. */
  private readonly loaded = new Set<number>();
  private readonly balancesOnly = new Set<number>();

  constructor(readonly tx: Executor, enforce = true) {
    this.state = new LedgerState({
      enforce,
      negativeAllowed: (id) => this.locationById.get(id)?.negativeStockAllowed ?? false,
      backordersAllowed: (id) => this.skuById.get(id)?.backordersAllowed ?? false,
      standardCost: (id) => this.skuById.get(id)?.unitCost ?? 0,
    });
  }

  /** Resolves SKU and location codes (unknown -> 404 NOT_FOUND naming the code). */
  async resolve(skuCodes: Iterable<string>, locationCodes: Iterable<string>): Promise<void> {
    const s = [...new Set(skuCodes)].filter((c) => !this.skus.has(c));
    const l = [...new Set(locationCodes)].filter((c) => !this.locations.has(c));
    if (s.length) for (const [c, v] of await resolveSkuRefs(this.tx, s)) (this.skus.set(c, v), this.skuById.set(v.id, v));
    if (l.length) for (const [c, v] of await resolveLocationRefs(this.tx, l)) (this.locations.set(c, v), this.locationById.set(v.id, v));
  }

  /** Makes the catalog rows of these ids known (for ids read from ledger rows). */
  async resolveIds(skuIds: Iterable<number>, locationIds: Iterable<number>): Promise<void> {
    const s = [...new Set(skuIds)].filter((id) => !this.skuById.has(id));
    const l = [...new Set(locationIds)].filter((id) => !this.locationById.has(id));
    if (s.length) for (const [id, v] of await skuRefsByIds(this.tx, s)) (this.skus.set(v.code, v), this.skuById.set(id, v));
    if (l.length) for (const [id, v] of await locationRefsByIds(this.tx, l)) (this.locations.set(v.code, v), this.locationById.set(id, v));
  }

  /**
   * Locks (PostgreSQL) and loads the balances and open lots of the given pairs, once each.
   * Missing balance rows are created first so that they can be locked too.
   */
  async load(pairs: Pair[], withLots = true): Promise<void> {
    const todo = [...new Map(pairs.map((p) => [keyOf(p.skuId, p.locationId), p])).entries()]
      .filter(([k]) => !this.loaded.has(k) && !(this.balancesOnly.has(k) && !withLots))
      .map(([, p]) => p)
      .sort((a, b) => a.skuId - b.skuId || a.locationId - b.locationId);
    if (todo.length === 0) return;
    const db = this.tx.db;
    const pg = this.tx.dialect === 'postgres';
    const found = new Set<number>();
    const readBalances = async (list: Pair[]) => {
      for (let i = 0; i < list.length; i += PAIR_CHUNK) {
        let q = db.selectFrom('balances').select(['sku_id', 'location_id', 'on_hand', 'reserved', 'inbound']).where(pairsIn(list.slice(i, i + PAIR_CHUNK), this.tx.dialect));
        if (pg) q = q.orderBy('sku_id').orderBy('location_id').forUpdate();
        for (const r of await q.execute()) {
          const b = this.state.balance(Number(r.sku_id), Number(r.location_id));
          b.onHand = Number(r.on_hand);
          b.reserved = Number(r.reserved);
          b.inbound = Number(r.inbound);
          found.add(keyOf(b.skuId, b.locationId));
        }
      }
    };
    const fresh = todo.filter((p) => !this.balancesOnly.has(keyOf(p.skuId, p.locationId)));
    await readBalances(fresh);
    const missing = fresh.filter((p) => !found.has(keyOf(p.skuId, p.locationId)));
    if (pg && missing.length > 0) {
      const now = new Date().toISOString();
      await writeRows(this.tx, 'balances', BALANCE_COLUMNS, missing.map((p) => [p.skuId, p.locationId, 0, 0, 0, now]), { onConflict: 'on conflict (sku_id, location_id) do nothing' });
      await readBalances(missing);
    }
    for (const p of todo) this.state.balance(p.skuId, p.locationId);
    if (!withLots) {
      for (const p of todo) this.balancesOnly.add(keyOf(p.skuId, p.locationId));
      return;
    }

    for (let i = 0; i < todo.length; i += PAIR_CHUNK) {
      const rows = await db
        .selectFrom('lots')
        .selectAll()
        .where(pairsIn(todo.slice(i, i + PAIR_CHUNK), this.tx.dialect))
        .where('qty_remaining', '<>', 0)
        .execute(); // no ORDER BY: each queue inserts in FIFO position itself
      for (const r of rows) {
        this.state.loadLot({
          id: Number(r.id),
          skuId: Number(r.sku_id),
          locationId: Number(r.location_id),
          inTransitFrom: r.in_transit_from === null ? null : Number(r.in_transit_from),
          receivedAt: r.received_at,
          unitCost: Number(r.unit_cost),
          qtyReceived: Number(r.qty_received),
          qtyRemaining: Number(r.qty_remaining),
          sourceMovementId: Number(r.source_movement_id),
        });
      }
    }
    for (const p of todo) this.loaded.add(keyOf(p.skuId, p.locationId));
  }

  /**
   * Writes the changed balances, lots and demand rows. `movementIds[i]` is the id of the movement
   * at session index i (for the source of new lots).
   */
  async flush(movementIds: number[]): Promise<void> {
    const tx = this.tx;
    const now = new Date().toISOString();
    const st = this.state;

    const newLots = st.newLots.map((l) => [l.skuId, l.locationId, l.inTransitFrom, l.receivedAt, l.unitCost, l.qtyReceived, l.qtyRemaining, l.sourceIndex === null ? l.sourceMovementId! : movementIds[l.sourceIndex]]);
    const changed = st.loadedLots.filter((l: MemLot) => l.dirty);
    const balances = [...st.balances.values()].filter((b) => b.dirty);
    // New lots and updated (loaded) lots are different rows, as are the other tables' rows: the
    // four writes are independent (one round trip on PostgreSQL, see writeAll).
    await writeAll(tx, [
      { table: 'lots', columns: LOT_COLUMNS, rows: newLots },
      {
        table: 'lots',
        columns: [['id', 'int8'], ...LOT_COLUMNS],
        rows: changed.map((l) => [l.id, l.skuId, l.locationId, l.inTransitFrom, l.receivedAt, l.unitCost, l.qtyReceived, l.qtyRemaining, l.sourceMovementId]),
        onConflict: 'on conflict (id) do update set qty_remaining = excluded.qty_remaining',
      },
      {
        table: 'balances',
        columns: BALANCE_COLUMNS,
        rows: balances.map((b) => [b.skuId, b.locationId, b.onHand, b.reserved, b.inbound, now]),
        onConflict: 'on conflict (sku_id, location_id) do update set on_hand = excluded.on_hand, reserved = excluded.reserved, inbound = excluded.inbound, updated_at = excluded.updated_at',
      },
      {
        table: 'demand_daily',
        columns: DEMAND_COLUMNS,
        rows: [...st.demand.values()].map((r) => [r.skuId, r.locationId, r.day, r.demand, r.stockout, r.closingAvailable]),
        onConflict:
          'on conflict (sku_id, location_id, day) do update set demand = demand_daily.demand + excluded.demand, ' +
          'stockout = case when excluded.stockout = 1 then 1 else demand_daily.stockout end, closing_available = excluded.closing_available',
      },
    ]);
    st.newLots.length = 0;
    for (const l of changed) l.dirty = false;
    for (const b of balances) b.dirty = false;
    st.demand.clear();
  }
}

const LOT_COLUMNS: BulkColumns = [
  ['sku_id', 'int8'], ['location_id', 'int8'], ['in_transit_from', 'int8'], ['received_at', 'text'],
  ['unit_cost', 'int8'], ['qty_received', 'int8'], ['qty_remaining', 'int8'], ['source_movement_id', 'int8'],
];
const BALANCE_COLUMNS: BulkColumns = [['sku_id', 'int8'], ['location_id', 'int8'], ['on_hand', 'int8'], ['reserved', 'int8'], ['inbound', 'int8'], ['updated_at', 'text']];
const DEMAND_COLUMNS: BulkColumns = [['sku_id', 'int8'], ['location_id', 'int8'], ['day', 'text'], ['demand', 'int8'], ['stockout', 'int8'], ['closing_available', 'int8']];
