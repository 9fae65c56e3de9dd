/**
 * FIFO lot queues (pure, in memory). A queue holds the open lots of one SKU at one location
 * (or, for stock in transit, travelling to one location), ordered by (receivedAt, seq): outbound
 * stock consumes the oldest lot first; valuation = sum(qtyRemaining x unitCost) in micro-units.
 *
 * Negative stock (only at locations that allow it): an outbound quantity beyond the positive lots
 * becomes a *negative lot* (qtyRemaining < 0) at the last known unit cost, so that
 * sum(qtyRemaining) = on hand and the value stays sum(qtyRemaining x unitCost). A later inbound
 * fills negative lots first (oldest first, valued at the negative lot's cost), and only the rest
 * opens a new lot. Positive and negative lots never coexist in one queue.
 */

export interface MemLot {
  /** Database id, or null for a lot created in this session. */
  id: number | null;
  /** Order tie-break: the database id, or a session counter above every id for new lots. */
  seq: number;
  skuId: number;
  locationId: number;
  inTransitFrom: number | null;
  receivedAt: string;
  unitCost: number;
  qtyReceived: number;
  qtyRemaining: number;
  /** Index of the creating movement in the session (new lots), resolved to an id at flush. */
  sourceIndex: number | null;
  sourceMovementId: number | null;
  /** qtyRemaining changed since load. */
  dirty: boolean;
}

/** Units taken out of one lot. */
export interface Piece {
  qty: number;
  unitCost: number;
  receivedAt: string;
}

const before = (a: MemLot, b: MemLot) => a.receivedAt < b.receivedAt || (a.receivedAt === b.receivedAt && a.seq < b.seq);

/** The open lots of one SKU at one location (or in transit to it), in FIFO order. */
export class LotQueue {
  private lots: MemLot[] = [];
  private head = 0;
  /** Unit cost of the newest lot seen in this queue (received, loaded or consumed), if any. */
  lastCost: number | null = null;

  /** Inserts a lot in FIFO position. */
  insert(lot: MemLot): void {
    let lo = this.head;
    let hi = this.lots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(lot, this.lots[mid])) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.lots.length) this.lots.push(lot);
    else this.lots.splice(lo, 0, lot);
    if (lo === this.lots.length - 1 || this.lastCost === null) this.lastCost = lot.unitCost;
  }

  /** Open lots, oldest first. */
  open(): MemLot[] {
    return this.lots.slice(this.head).filter((l) => l.qtyRemaining !== 0);
  }

  /** Sum of qtyRemaining (units; negative when the queue holds negative lots). */
  quantity(filter?: (l: MemLot) => boolean): number {
    let s = 0;
    for (let i = this.head; i < this.lots.length; i++) if (!filter || filter(this.lots[i])) s += this.lots[i].qtyRemaining;
    return s;
  }

  private advance(): void {
    while (this.head < this.lots.length && this.lots[this.head].qtyRemaining === 0) this.head++;
  }

  /**
   * Takes up to `qty` units from positive lots, oldest first (only lots passing `filter`).
   * Returns the pieces taken and the units that could not be covered.
   */
  take(qty: number, filter?: (l: MemLot) => boolean): { pieces: Piece[]; shortfall: number } {
    const pieces: Piece[] = [];
    let need = qty;
    for (let i = this.head; i < this.lots.length && need > 0; i++) {
      const lot = this.lots[i];
      if (lot.qtyRemaining <= 0 || (filter && !filter(lot))) continue;
      const t = Math.min(need, lot.qtyRemaining);
      lot.qtyRemaining -= t;
      lot.dirty = true;
      need -= t;
      this.lastCost = lot.unitCost;
      pieces.push({ qty: t, unitCost: lot.unitCost, receivedAt: lot.receivedAt });
    }
    this.advance();
    return { pieces, shortfall: need };
  }

  /** Fills negative lots (oldest first) with up to `qty` units; returns the units used and their value. */
  fillNegatives(qty: number): { used: number; value: number } {
    let used = 0;
    let value = 0;
    for (let i = this.head; i < this.lots.length && used < qty; i++) {
      const lot = this.lots[i];
      if (lot.qtyRemaining >= 0) continue;
      const f = Math.min(qty - used, -lot.qtyRemaining);
      lot.qtyRemaining += f;
      lot.dirty = true;
      used += f;
      value += f * lot.unitCost;
    }
    this.advance();
    return { used, value };
  }
}
