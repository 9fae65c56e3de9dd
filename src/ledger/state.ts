/**
 * The ledger's projection in memory: balances, FIFO lot queues and daily demand rows of the
 * SKU x location pairs a session touches, and the effect of each movement kind on them. Pure (no
 * database): the posting path loads it from the tables and writes the changes back; verifyLedger
 * replays every movement into an empty one. One implementation for both guarantees they agree.
 */
import { refused } from '../shared/errors.ts';
import { LotQueue, type MemLot, type Piece } from './fifo.ts';
import { dayOf, movementLabel } from './normalize.ts';
import type { MovementKind } from './types.ts';

export interface BalanceState {
  skuId: number;
  locationId: number;
  onHand: number;
  reserved: number;
  inbound: number;
  dirty: boolean;
}

export interface DemandState {
  skuId: number;
  locationId: number;
  day: string;
  demand: number;
  stockout: 0 | 1;
  closingAvailable: number;
}

/** A movement with catalog ids resolved, as the state applies it. */
export interface ApplyMovement {
  /** Input index (messages, error details). */
  index: number;
  /** Position in the session's list of new movements (links created lots to their movement id). */
  seq: number;
  kind: MovementKind;
  skuId: number;
  locationId: number;
  /** transfer_out: destination; transfer_in: source or null. */
  counterpartId: number | null;
  quantity: number;
  /** Cost for the lots the movement creates (given or stored); null = last known cost. */
  unitCost: number | null;
  occurredAt: string;
  /** A sale fulfilling a reservation (its units were already counted as reserved): no availability check. */
  fromReservation?: boolean;
  /** Codes, for messages (`movements[i] (sale SKU @ LOC)`). */
  sku: string;
  location: string;
}

/** What the state needs to know about SKUs and locations, and whether to enforce the rules. */
export interface Rules {
  enforce: boolean;
  negativeAllowed(locationId: number): boolean;
  backordersAllowed(skuId: number): boolean;
  /** Standard cost of the SKU (catalog), the fallback when no lot cost is known. */
  standardCost(skuId: number): number;
}

export interface Applied {
  /** Change of FIFO value at the movement's location (micro-units). */
  value: number;
  /** Cost of the lots the movement created, or null. */
  unitCost: number | null;
}

/** A numeric key of a SKU x location pair (location ids < 2^22, SKU ids < 2^31 keep it exact). */
export const keyOf = (skuId: number, locationId: number): number => skuId * 4_194_304 + locationId;

/** Balances, lot queues and demand rows in memory, and the rules that change them. */
export class LedgerState {
  readonly balances = new Map<number, BalanceState>();
  readonly lots = new Map<number, LotQueue>();
  readonly transit = new Map<number, LotQueue>();
  readonly demand = new Map<string, DemandState>();
  /** Lots created in this session, in creation order. */
  readonly newLots: MemLot[] = [];
  /** Lots loaded from the database (their changes are written back). */
  readonly loadedLots: MemLot[] = [];
  private seq = Number.MAX_SAFE_INTEGER / 2;

  constructor(readonly rules: Rules) {}

  balance(skuId: number, locationId: number): BalanceState {
    const k = keyOf(skuId, locationId);
    let b = this.balances.get(k);
    if (!b) {
      b = { skuId, locationId, onHand: 0, reserved: 0, inbound: 0, dirty: false };
      this.balances.set(k, b);
    }
    return b;
  }

  queue(map: Map<number, LotQueue>, skuId: number, locationId: number): LotQueue {
    const k = keyOf(skuId, locationId);
    let q = map.get(k);
    if (!q) {
      q = new LotQueue();
      map.set(k, q);
    }
    return q;
  }

  /** Adds a lot read from the database. */
  loadLot(lot: Omit<MemLot, 'seq' | 'sourceIndex' | 'dirty'> & { id: number }): void {
    const m: MemLot = {
      id: lot.id, seq: lot.id, skuId: lot.skuId, locationId: lot.locationId, inTransitFrom: lot.inTransitFrom, receivedAt: lot.receivedAt,
      unitCost: lot.unitCost, qtyReceived: lot.qtyReceived, qtyRemaining: lot.qtyRemaining, sourceIndex: null, sourceMovementId: lot.sourceMovementId, dirty: false,
    };
    this.loadedLots.push(m);
    this.queue(lot.inTransitFrom === null ? this.lots : this.transit, lot.skuId, lot.locationId).insert(m);
  }

  private newLot(q: LotQueue, skuId: number, locationId: number, inTransitFrom: number | null, p: Piece, sourceIndex: number): void {
    const lot: MemLot = {
      id: null,
      seq: this.seq++,
      skuId,
      locationId,
      inTransitFrom,
      receivedAt: p.receivedAt,
      unitCost: p.unitCost,
      qtyReceived: p.qty,
      qtyRemaining: p.qty,
      sourceIndex,
      sourceMovementId: null,
      dirty: true,
    };
    this.newLots.push(lot);
    q.insert(lot);
  }

  private costFor(m: ApplyMovement, q: LotQueue): number {
    return m.unitCost ?? q.lastCost ?? this.rules.standardCost(m.skuId);
  }

  /** Puts pieces into on-hand stock: negative lots are filled first, the rest opens lots. Returns the value added. */
  private addStock(m: ApplyMovement, pieces: Piece[]): number {
    const q = this.queue(this.lots, m.skuId, m.locationId);
    let value = 0;
    for (const p of pieces) {
      const { used, value: v } = q.fillNegatives(p.qty);
      value += v;
      if (p.qty > used) {
        this.newLot(q, m.skuId, m.locationId, null, { ...p, qty: p.qty - used }, m.seq);
        value += (p.qty - used) * p.unitCost;
      }
    }
    return value;
  }

  /** Takes `qty` units out of on-hand lots, oldest first; a shortfall becomes a negative lot. */
  private removeStock(m: ApplyMovement, qty: number): { pieces: Piece[]; value: number; shortfallCost: number | null } {
    const q = this.queue(this.lots, m.skuId, m.locationId);
    const { pieces, shortfall } = q.take(qty);
    let value = 0;
    for (const p of pieces) value -= p.qty * p.unitCost;
    let shortfallCost: number | null = null;
    if (shortfall > 0) {
      shortfallCost = this.costFor(m, q);
      const piece = { qty: shortfall, unitCost: shortfallCost, receivedAt: m.occurredAt };
      this.newLot(q, m.skuId, m.locationId, null, { ...piece, qty: -shortfall }, m.seq);
      value -= shortfall * shortfallCost;
      pieces.push(piece);
    }
    return { pieces, value, shortfallCost };
  }

  private checkOnHand(m: ApplyMovement, b: BalanceState, requested: number): void {
    if (!this.rules.enforce || b.onHand >= 0 || this.rules.negativeAllowed(m.locationId)) return;
    const had = b.onHand + requested;
    throw refused('INSUFFICIENT_STOCK', `${movementLabel(m.index, m)}: insufficient stock of ${m.sku} at ${m.location}: on hand ${had}, requested ${requested}`, {
      index: m.index, sku: m.sku, location: m.location, onHand: had, requested,
    });
  }

  private checkAvailable(m: ApplyMovement, b: BalanceState, requested: number): void {
    if (!this.rules.enforce || b.onHand - b.reserved >= 0) return;
    if (this.rules.negativeAllowed(m.locationId) || this.rules.backordersAllowed(m.skuId)) return;
    const had = b.onHand + requested - b.reserved;
    throw refused('INSUFFICIENT_AVAILABLE', `${movementLabel(m.index, m)}: insufficient available stock of ${m.sku} at ${m.location}: available ${had} (on hand ${b.onHand + requested}, reserved ${b.reserved}), requested ${requested}`, {
      index: m.index, sku: m.sku, location: m.location, available: had, onHand: b.onHand + requested, reserved: b.reserved, requested,
    });
  }

  /** Records demand and the stockout flag of the day after a change of on hand or reserved. */
  touchDay(skuId: number, locationId: number, day: string, demand: number): void {
    const b = this.balance(skuId, locationId);
    const k = `${skuId}:${locationId}:${day}`;
    let d = this.demand.get(k);
    if (!d) {
      d = { skuId, locationId, day, demand: 0, stockout: 0, closingAvailable: 0 };
      this.demand.set(k, d);
    }
    const available = b.onHand - b.reserved;
    d.demand += demand;
    d.closingAvailable = available;
    if (available <= 0) d.stockout = 1;
  }

  /** Applies one movement (throws a 422 AppError when a rule refuses it and rules.enforce). */
  apply(m: ApplyMovement): Applied {
    const b = this.balance(m.skuId, m.locationId);
    const q = m.quantity;
    let value = 0;
    let unitCost: number | null = null;
    let demand = 0;
    switch (m.kind) {
      case 'receipt':
      case 'return':
      case 'adjustment':
      case 'count_correction': {
        if (q > 0) {
          unitCost = this.costFor(m, this.queue(this.lots, m.skuId, m.locationId));
          value = this.addStock(m, [{ qty: q, unitCost, receivedAt: m.occurredAt }]);
          b.onHand += q;
        } else {
          b.onHand += q;
          this.checkOnHand(m, b, -q);
          const r = this.removeStock(m, -q);
          value = r.value;
          unitCost = r.shortfallCost;
        }
        if (m.kind === 'return') demand = -q;
        break;
      }
      case 'sale': {
        b.onHand -= q;
        this.checkOnHand(m, b, q);
        if (!m.fromReservation) this.checkAvailable(m, b, q);
        const r = this.removeStock(m, q);
        value = r.value;
        unitCost = r.shortfallCost;
        demand = q;
        break;
      }
      case 'transfer_out': {
        const dest = m.counterpartId!;
        b.onHand -= q;
        this.checkOnHand(m, b, q);
        this.checkAvailable(m, b, q);
        const r = this.removeStock(m, q);
        value = r.value;
        unitCost = r.shortfallCost;
        const tq = this.queue(this.transit, m.skuId, dest);
        for (const p of r.pieces) this.newLot(tq, m.skuId, dest, m.locationId, p, m.seq);
        const d = this.balance(m.skuId, dest);
        d.inbound += q;
        d.dirty = true;
        break;
      }
      case 'transfer_in': {
        const tq = this.queue(this.transit, m.skuId, m.locationId);
        const from = m.counterpartId;
        const filter = from === null ? undefined : (l: MemLot) => l.inTransitFrom === from;
        const inTransit = tq.quantity(filter);
        if (inTransit < q && this.rules.enforce) {
          throw refused('INSUFFICIENT_IN_TRANSIT', `${movementLabel(m.index, m)}: only ${inTransit} units of ${m.sku} are in transit to ${m.location}${from === null ? '' : ' from that location'}, requested ${q}`, {
            index: m.index, sku: m.sku, location: m.location, inTransit, requested: q,
          });
        }
        const { pieces, shortfall } = tq.take(q, filter);
        if (shortfall > 0) pieces.push({ qty: shortfall, unitCost: this.costFor(m, this.queue(this.lots, m.skuId, m.locationId)), receivedAt: m.occurredAt });
        value = this.addStock(m, pieces);
        b.onHand += q;
        b.inbound -= q;
        break;
      }
      case 'inbound': {
        b.inbound += q;
        // Inbound = expected from purchase orders + in transit: the purchase-order part never goes below zero.
        const transit = q < 0 && this.rules.enforce ? this.queue(this.transit, m.skuId, m.locationId).quantity() : 0;
        if (b.inbound < transit && this.rules.enforce) {
          throw refused('INSUFFICIENT_INBOUND', `${movementLabel(m.index, m)}: expected inbound of ${m.sku} at ${m.location} would become ${b.inbound - transit} (inbound ${b.inbound - q}, of which ${transit} in transit)`, {
            index: m.index, sku: m.sku, location: m.location, inbound: b.inbound - q, inTransit: transit, requested: q,
          });
        }
        break;
      }
    }
    b.dirty = true;
    if (m.kind !== 'inbound') this.touchDay(m.skuId, m.locationId, dayOf(m.occurredAt), demand);
    return { value, unitCost };
  }

  /**
   * Reserves `qty` units (refused with INSUFFICIENT_AVAILABLE unless the SKU allows backorders);
   * returns the units beyond available stock (the backordered part).
   */
  reserve(skuId: number, locationId: number, qty: number, day: string, label: { sku: string; location: string; index: number }): number {
    const b = this.balance(skuId, locationId);
    const available = b.onHand - b.reserved;
    if (this.rules.enforce && available < qty && !this.rules.backordersAllowed(skuId)) {
      throw refused('INSUFFICIENT_AVAILABLE', `lines[${label.index}]: insufficient available stock of ${label.sku} at ${label.location}: available ${available}, requested ${qty}`, {
        index: label.index, sku: label.sku, location: label.location, available, requested: qty,
      });
    }
    b.reserved += qty;
    b.dirty = true;
    this.touchDay(skuId, locationId, day, 0);
    return Math.max(0, qty - Math.max(0, available));
  }

  /** Lowers reserved by `qty` (release or fulfilment). */
  unreserve(skuId: number, locationId: number, qty: number): void {
    const b = this.balance(skuId, locationId);
    b.reserved -= qty;
    b.dirty = true;
  }
}
