/**
 * A day-by-day simulation of the demo brand's last year, producing the movements a real ledger
 * would hold: opening stock, supplier receipts, transfers to Amazon FBA, daily sales, customer
 * returns, damage write-offs and cycle-count corrections.
 *
 * Each SKU x location is run by a simple planner, the way a small brand actually works: a weekly
 * review with an (s, S) policy on an exponentially smoothed sales rate (stockout days excluded),
 *   s = rate x (L + R) + z x sd x sqrt(L + R),   S = s + 4 weeks of demand,
 * supplier lead times drawn around the supplier's mean (5% of orders arrive badly late), FBA
 * replenished from the main warehouse with a 6-9 day transit. A supplier's lines of one Monday go
 * out as one purchase order and arrive together, each PO after its own lead time (so a late PO
 * can be overtaken by the next one): the generator yields them as purchase-order events, which the
 * seeding places and receives through the purchasing module, so the demo has a PO history, learned
 * lead times and the POs still in transit at the end. Sales are censored by stock on hand,
 * so late orders, seasonal ramps the planner is slow to see and low safety factors create real
 * stockout periods. Everything is drawn from the seeded `rng`, so a seed reproduces the history.
 */
import type { DemoLocation, DemoSku, DemoSupplier } from './catalogue.ts';
import { drawDemand, meanDemand } from './demand.ts';
import type { Rng } from './prng.ts';

/** A movement as the ledger's MovementInput expects it (see src/ledger/index.ts). */
export interface DemoMovement {
  kind: 'receipt' | 'sale' | 'return' | 'adjustment' | 'transfer_out' | 'transfer_in' | 'count_correction';
  sku: string;
  location: string;
  quantity: number;
  unitCost?: number;
  occurredAt: string;
  reason?: string;
  reference?: string;
  toLocation?: string;
  fromLocation?: string;
}

/** A supplier purchase order of the demo history (placed on a Monday review, one shipment). */
export interface DemoPurchaseOrder {
  /** The generator's own key (the seeding maps it to the PO number purchasing gives). */
  key: number;
  supplier: string;
  placedAt: string;
  /** Day it is expected (placed + the supplier's mean lead time), YYYY-MM-DD. */
  expectedDay: string;
  lines: { sku: string; location: string; quantity: number; unitCost: number }[];
}

/** What one history day yields: ledger movements, and purchase orders placed or received, in posting order. */
export type DemoEvent = DemoMovement | { kind: 'po_placed'; po: DemoPurchaseOrder } | { kind: 'po_received'; key: number; receivedAt: string; lines: { sku: string; location: string; quantity: number }[] };

interface Arrival {
  day: number;
  qty: number;
  kind: 'receipt' | 'transfer_in';
  /** A transfer's reference (a receipt belongs to its PO, `po`, which carries its costs). */
  reference?: string;
  from?: string;
  /** The purchase order (its key) a receipt belongs to. */
  po?: number;
}

interface Pair {
  sku: DemoSku;
  location: DemoLocation;
  onHand: number;
  onOrder: number;
  /** Planner's smoothed estimate of daily demand. */
  rate: number;
  arrivals: Arrival[];
  returns: Map<number, number>;
  started: boolean;
  /** FBA pair fed by this pair (main warehouse), if any. */
  feeds: Pair | null;
}

const REVIEW_DAYS = 7;
const DAY_MS = 86_400_000;
const RETURN_RATE: Record<string, number> = { tees: 0.06, hoodies: 0.07, headwear: 0.04, socks: 0.03, bags: 0.04 };

export interface SimulationOptions {
  /** First history day (UTC midnight). */
  start: Date;
  days: number;
}

/** Final state after the simulation: on hand per `sku|location`. */
export type OnHand = Map<string, number>;

/** Yields the movements of each history day in posting order; returns the final on hand. */
export function* simulateHistory(rng: Rng, skus: DemoSku[], suppliers: DemoSupplier[], locations: DemoLocation[], opts: SimulationOptions): Generator<DemoEvent[], OnHand> {
  const supplierOf = new Map(suppliers.map((s) => [s.code, s]));
  const pairs: Pair[] = [];
  for (const sku of skus) {
    const bySku = new Map<string, Pair>();
    for (const location of locations) {
      if (!sku.channels[location.code]) continue;
      const p: Pair = { sku, location, onHand: 0, onOrder: 0, rate: 0, arrivals: [], returns: new Map(), started: false, feeds: null };
      bySku.set(location.code, p);
      pairs.push(p);
    }
    for (const p of bySku.values()) if (p.location.replenishedFrom) {
      const src = bySku.get(p.location.replenishedFrom);
      if (src) src.feeds = p;
    }
  }
  let poNumber = 1000;
  let poKey = 0;
  let trNumber = 100;
  const at = (day: number, hh: string) => `${new Date(opts.start.getTime() + day * DAY_MS).toISOString().slice(0, 10)}T${hh}:00:00.000Z`;
  const round2 = (micro: number) => Math.max(10_000, Math.round(micro / 10_000) * 10_000);

  const leadTime = (p: Pair) => (p.location.replenishedFrom ? 7.5 : supplierOf.get(p.sku.supplier)!.leadTimeDays);
  const sd = (rate: number, p: Pair) => Math.sqrt(rate + (rate * rate) / (p.sku.pattern === 'smooth' ? 15 : 0.7));
  const levels = (p: Pair) => {
    const rate = p.rate + (p.feeds ? p.feeds.rate : 0);
    const horizon = leadTime(p) + REVIEW_DAYS;
    const s = rate * horizon + p.sku.z * sd(rate, p) * Math.sqrt(horizon);
    return { s, S: s + Math.max(rate * 28, p.sku.packSize) };
  };
  const roundUp = (q: number, pack: number) => Math.ceil(q / pack) * pack;

  for (let day = 0; day < opts.days; day++) {
    const date = new Date(opts.start.getTime() + day * DAY_MS);
    const out: DemoEvent[] = [];
    // 1. Opening stock (day 0) or first stock shortly before a launch.
    for (const p of pairs) {
      if (p.started || day < p.sku.launchDay - 3) continue;
      p.started = true;
      p.rate = meanDemand(p.sku, p.location.code, date, Math.max(day, p.sku.launchDay)) || p.sku.baseRate * (p.sku.channels[p.location.code] ?? 0);
      const qty = roundUp(levels(p).S * rng.uniform(0.6, 1.1), p.sku.packSize);
      if (qty <= 0) continue;
      p.onHand += qty;
      const opening = day === 0;
      out.push({ kind: 'receipt', sku: p.sku.code, location: p.location.code, quantity: qty, unitCost: round2(p.sku.unitCost * (opening ? 0.97 : 1)), occurredAt: at(day, '08'), reference: opening ? 'opening-stock' : `PO-${++poNumber}` });
    }
    // 2. Arrivals: supplier POs (each delivered whole) and FBA transfers in.
    const received = new Map<number, { sku: string; location: string; quantity: number }[]>();
    for (const p of pairs) {
      if (!p.arrivals.length) continue;
      const due = p.arrivals.filter((a) => a.day === day);
      if (!due.length) continue;
      p.arrivals = p.arrivals.filter((a) => a.day !== day);
      for (const a of due) {
        p.onHand += a.qty;
        p.onOrder -= a.qty;
        if (a.kind === 'receipt') {
          const lines = received.get(a.po!) ?? [];
          lines.push({ sku: p.sku.code, location: p.location.code, quantity: a.qty });
          received.set(a.po!, lines);
        } else {
          out.push({ kind: 'transfer_in', sku: p.sku.code, location: p.location.code, quantity: a.qty, fromLocation: a.from, occurredAt: at(day, '09'), reference: a.reference });
        }
      }
    }
    for (const [key, lines] of [...received].sort((a, b) => a[0] - b[0])) out.push({ kind: 'po_received', key, receivedAt: at(day, '09'), lines });
    // 3. Weekly review (Mondays): supplier orders and FBA transfers out of the main warehouse. A
    //    supplier's lines of the day form one PO, shipped together after one lead time.
    if (date.getUTCDay() === 1) {
      const orders = new Map<string, { po: DemoPurchaseOrder; arrival: number }>();
      for (const p of pairs) {
        if (!p.started || day >= p.sku.endDay) continue;
        const { s, S } = levels(p);
        const position = p.onHand + p.onOrder;
        if (position > s) continue;
        const want = roundUp(S - position, p.sku.packSize);
        if (p.location.replenishedFrom) {
          const src = pairs.find((q) => q.feeds === p);
          const qty = src ? Math.floor(Math.min(want, src.onHand * 0.6) / p.sku.packSize) * p.sku.packSize : 0;
          if (!src || qty <= 0) continue;
          src.onHand -= qty;
          const ref = `TR-${++trNumber}`;
          out.push({ kind: 'transfer_out', sku: p.sku.code, location: src.location.code, quantity: qty, toLocation: p.location.code, occurredAt: at(day, '10'), reference: ref });
          p.onOrder += qty;
          p.arrivals.push({ day: day + rng.int(6, 9), qty, kind: 'transfer_in', reference: ref, from: src.location.code });
        } else {
          const sup = supplierOf.get(p.sku.supplier)!;
          let order = orders.get(sup.code);
          if (!order) {
            let lt = Math.max(2, Math.round(sup.leadTimeDays + sup.leadTimeSdDays * rng.normal()));
            if (rng.bernoulli(0.05)) lt = Math.round(lt * 1.7);
            order = { po: { key: ++poKey, supplier: sup.code, placedAt: at(day, '10'), expectedDay: at(day + sup.leadTimeDays, '00').slice(0, 10), lines: [] }, arrival: day + lt };
            orders.set(sup.code, order);
          }
          const unitCost = round2(p.sku.unitCost * (1 + 0.03 * rng.normal()));
          order.po.lines.push({ sku: p.sku.code, location: p.location.code, quantity: want, unitCost });
          p.onOrder += want;
          p.arrivals.push({ day: order.arrival, qty: want, kind: 'receipt', po: order.po.key });
        }
      }
      for (const { po } of orders.values()) out.push({ kind: 'po_placed', po });
    }
    // 4. Customer returns of earlier sales.
    for (const p of pairs) {
      const r = p.returns.get(day);
      if (!r) continue;
      p.returns.delete(day);
      p.onHand += r;
      out.push({ kind: 'return', sku: p.sku.code, location: p.location.code, quantity: r, unitCost: p.sku.unitCost, occurredAt: at(day, '12') });
    }
    // 5. Sales, censored by stock on hand; the planner learns from days that did not stock out.
    for (const p of pairs) {
      const mean = meanDemand(p.sku, p.location.code, date, day);
      if (mean <= 0 || !p.started) continue;
      const demand = drawDemand(rng, p.sku.pattern, mean);
      const sold = Math.min(demand, p.onHand);
      if (sold === demand) p.rate = 0.92 * p.rate + 0.08 * demand;
      if (sold <= 0) continue;
      p.onHand -= sold;
      out.push({ kind: 'sale', sku: p.sku.code, location: p.location.code, quantity: sold, occurredAt: at(day, '18') });
      const rr = RETURN_RATE[p.sku.category] ?? 0.02;
      const back = Math.min(sold, rng.poisson(sold * rr));
      if (back > 0) {
        const when = day + rng.int(7, 21);
        p.returns.set(when, (p.returns.get(when) ?? 0) + back);
      }
    }
    // 6. Damage write-offs and monthly cycle-count corrections.
    for (const p of pairs) {
      if (p.onHand > 0 && rng.bernoulli(0.001)) {
        const q = Math.min(p.onHand, rng.int(1, 2));
        p.onHand -= q;
        out.push({ kind: 'adjustment', sku: p.sku.code, location: p.location.code, quantity: -q, reason: 'damaged in warehouse', occurredAt: at(day, '20') });
      }
      if (date.getUTCDate() === 1 && p.location.kind === 'warehouse' && p.onHand > 5 && rng.bernoulli(0.03)) {
        const q = rng.bernoulli(0.6) ? -rng.int(1, 3) : rng.int(1, 2);
        p.onHand += q;
        out.push({ kind: 'count_correction', sku: p.sku.code, location: p.location.code, quantity: q, reason: 'cycle count', occurredAt: at(day, '20') });
      }
    }
    yield out;
  }
  return new Map(pairs.map((p) => [`${p.sku.code}|${p.location.code}`, p.onHand]));
}
