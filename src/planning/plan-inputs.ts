/**
 * Loads what a plan run reads, in bulk, through the other modules' exported functions: active
 * SKUs, locations and suppliers (catalog), balances and daily demand history (ledger), lead-time
 * statistics from receipts (purchasing). Demand history is read in chunks of SKUs and packed into
 * typed arrays at once, so 10,000 SKUs x a year stays a few tens of MB.
 */
import { listLocations, listSkus, listSuppliers, resolveLocations, type Location, type Sku, type Supplier } from '../catalog/index.ts';
import { demandHistory, getBalances, lotAges, transferTimes, type Balance } from '../ledger/index.ts';
import { leadTimeStats, listPurchaseOrders, listTransfers, type LeadTimeStats } from '../purchasing/index.ts';
import type { Executor } from '../store/executor.ts';
import { addDays, daysBetween } from './dates.ts';
import { listLaunchForecasts, type LaunchForecast } from './launch-forecasts.ts';

/** Days of history used for segmentation (ABC value and XYZ weekly CV). */
export const SEGMENT_DAYS = 365;
/**
 * SKUs per demand-history query. Small enough that on SQLite (synchronous driver) one query does
 * not hold the server's event loop for long while a plan runs inside `serve`.
 */
export const HISTORY_CHUNK = 500;

export interface PairSeries {
  sku: string;
  location: string;
  /** Daily demand over the whole window, oldest first (0 on days without a record). */
  y: Float64Array;
  stockout: Uint8Array;
  /** Index of the first recorded day in the window (earlier days are before the pair's history). */
  firstIndex: number;
}

export interface PlanInputs {
  asOf: string;
  /** Window read: [from, to] inclusive, to = as-of - 1. */
  from: string;
  to: string;
  windowDays: number;
  skus: Map<string, Sku>;
  locations: Map<string, Location>;
  suppliers: Map<string, Supplier>;
  balances: Map<string, Balance>;
  series: Map<string, PairSeries>;
  leadTimes: Map<string, LeadTimeStats>;
  /** Open purchase-order quantities per pair by expected arrival day, with their PO (see loadArrivals). */
  arrivals: Map<string, Arrival[]>;
  /** Value of every open PO line still to come per supplier (micro-units, all locations): its exposure (budget.ts). */
  openValue: Map<string, number>;
  /** Draft transfers per pair (loadDraftTransfers): units to come in and to go out, and their numbers. */
  draftTransfers: Map<string, DraftTransfers>;
  /** Draft purchase orders per pair (loadArrivals): units not placed yet, their expected days and POs. */
  draftOrders: Map<string, DraftOrders>;
  /** Age of each pair's stock on hand (ledger FIFO lots): the oldest units, and the units older than `agedAfterDays`. */
  stockAges: Map<string, StockAge>;
  /** Launch forecasts of the run's SKU x locations (launch-forecasts.ts); empty when not loaded. */
  launches: Map<string, LaunchForecast>;
  /**
   * Per location replenished from another loaded one: the days each shipment on its lane took,
   * received in the 730 days before the run (ledger transferTimes), oldest first.
   */
  laneTimes?: Map<string, number[]>;
}

export const pairKey = (sku: string, location: string): string => `${sku}\u0000${location}`;

async function allPages<T>(fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetch(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** `code`, the location it is replenished from and the locations replenished from it (catalog `replenishFrom`). */
export function networkOf(code: string, locations: readonly Location[]): Set<string> {
  const out = new Set([code]);
  for (const l of locations) {
    if (l.code === code && l.replenishFrom) out.add(l.replenishFrom);
    if (l.replenishFrom === code) out.add(l.code);
  }
  return out;
}

/** Loads the inputs of a run planning `asOf` with `windowDays` of history, optionally for one location (`launches: false`: without launch forecasts, as the policy review replays history). */
export async function loadPlanInputs(
  ex: Executor,
  opts: { asOf: string; windowDays: number; location?: string; onProgress?: (what: string) => void; launches?: boolean; agedAfterDays?: number },
): Promise<PlanInputs> {
  const to = addDays(opts.asOf, -1);
  const from = addDays(opts.asOf, -opts.windowDays);
  if (opts.location) await resolveLocations(ex, [opts.location]); // 404 for an unknown code
  const skuList = await allPages((cursor) => listSkus(ex, { cursor, limit: 1000, filters: { active: true } }));
  const allLocations = await allPages((cursor) => listLocations(ex, { cursor, limit: 1000, filters: { active: true } }));
  // a run for one location reads its replenishment partners too: the source it draws on (its
  // stock) and the locations it feeds (their demand flows through it); it plans its own lines only
  const wanted = opts.location ? networkOf(opts.location, allLocations) : null;
  const locList = allLocations.filter((l) => !wanted || wanted.has(l.code));
  const supList = await allPages((cursor) => listSuppliers(ex, { cursor, limit: 1000 }));
  const skus = new Map(skuList.map((s) => [s.code, s]));
  const locations = new Map(locList.map((l) => [l.code, l]));
  const suppliers = new Map(supList.map((s) => [s.code, s]));
  opts.onProgress?.(`catalog: ${skus.size} active SKUs, ${locations.size} locations, ${suppliers.size} suppliers`);

  const balances = new Map<string, Balance>();
  if (locations.size > 0) {
    const locCodes = [...locations.keys()];
    for (const b of await allPages((cursor) => getBalances(ex, { locations: locCodes, onlyNonZero: true, cursor, limit: 10_000 }))) {
      if (skus.has(b.sku)) balances.set(pairKey(b.sku, b.location), b);
    }
  }
  opts.onProgress?.(`balances: ${balances.size} SKU x location pairs with stock, reservations or inbound`);

  const series = new Map<string, PairSeries>();
  const W = opts.windowDays;
  const codes = [...skus.keys()];
  for (let i = 0; i < codes.length && locations.size > 0; i += HISTORY_CHUNK) {
    const rows = await demandHistory(ex, { from, to, skus: codes.slice(i, i + HISTORY_CHUNK), locations: wanted ? [...wanted] : undefined, fillStockoutGaps: true });
    for (const r of rows) {
      if (!locations.has(r.location)) continue;
      const k = pairKey(r.sku, r.location);
      let s = series.get(k);
      if (!s) {
        s = { sku: r.sku, location: r.location, y: new Float64Array(W), stockout: new Uint8Array(W), firstIndex: W };
        series.set(k, s);
      }
      const idx = daysBetween(from, r.day);
      if (idx < 0 || idx >= W) continue;
      s.y[idx] += r.demand;
      if (r.stockout) s.stockout[idx] = 1;
      if (idx < s.firstIndex) s.firstIndex = idx;
    }
    if ((i / HISTORY_CHUNK) % 4 === 3 || i + HISTORY_CHUNK >= codes.length) opts.onProgress?.(`demand history: ${Math.min(codes.length, i + HISTORY_CHUNK)}/${codes.length} SKUs read`);
    await new Promise((resolve) => setImmediate(resolve)); // let waiting requests in between chunks
  }

  const leadTimes = new Map<string, LeadTimeStats>();
  const used = new Set<string>();
  for (const s of skus.values()) if (s.defaultSupplier && suppliers.has(s.defaultSupplier)) used.add(s.defaultSupplier);
  for (const code of [...used].sort()) leadTimes.set(code, await leadTimeStats(ex, code, { from: addDays(opts.asOf, -730), to }));
  const crossing = [...leadTimes.values()].filter((l) => (l.crossing.independence ?? 0) > 0).map((l) => `${l.supplier} ${l.crossing.independence!.toFixed(2)}`);
  // open POs counted as lasting at least their age (purchasing's leadTimeStats `openOrders`)
  const late = [...leadTimes.values()]
    .filter((l) => l.openOrders.meanDays !== null && l.overall.meanDays !== null && Math.abs(l.openOrders.meanDays - l.overall.meanDays) >= 0.05)
    .map((l) => `${l.supplier} ${l.overall.meanDays!.toFixed(1)} -> ${l.openOrders.meanDays!.toFixed(1)} d (${l.openOrders.count} open)`);
  opts.onProgress?.(
    `lead times: ${leadTimes.size} suppliers${crossing.length ? `; orders overtake each other (independence) at ${crossing.join(', ')}` : ''}${late.length ? `; with their open POs: ${late.join(', ')}` : ''}`,
  );
  const { arrivals, openValue, draftOrders } = await loadArrivals(ex, suppliers, locations, opts.asOf);
  if (draftOrders.size) opts.onProgress?.(`draft purchase orders: ${new Set([...draftOrders.values()].flatMap((d) => d.arrivals.map((a) => a.po))).size} not placed yet, counted in their pairs' positions`);
  const draftTransfers = await loadDraftTransfers(ex);
  if (draftTransfers.size) opts.onProgress?.(`draft transfers: ${new Set([...draftTransfers.values()].flatMap((d) => d.numbers)).size} not shipped yet, counted in their pairs' positions`);
  // the age of the stock on hand (FIFO lots): the oldest units, and those older than the excess horizon
  const agedBefore = addDays(opts.asOf, -(opts.agedAfterDays ?? 180));
  const stockAges = new Map<string, StockAge>();
  for (const a of await lotAges(ex, agedBefore)) {
    if (!locations.has(a.location)) continue;
    stockAges.set(pairKey(a.sku, a.location), { oldestDays: Math.max(0, daysBetween(a.oldestReceivedAt.slice(0, 10), opts.asOf)), agedUnits: a.agedQty });
  }
  opts.onProgress?.(`open purchase orders: ${[...arrivals.values()].reduce((n, a) => n + a.length, 0)} lines with quantity to come`);
  const launches = new Map<string, LaunchForecast>();
  if (opts.launches !== false) {
    for (const l of await listLaunchForecasts(ex)) if (skus.has(l.sku) && locations.has(l.location)) launches.set(pairKey(l.sku, l.location), l);
    if (launches.size > 0) opts.onProgress?.(`launch forecasts: ${launches.size} SKU x location pairs`);
  }
  // the transfer lead times of the lanes feeding locations replenished from another
  const laneTimes = new Map<string, number[]>();
  for (const l of locations.values()) {
    if (!l.replenishFrom || !locations.has(l.replenishFrom)) continue;
    const times = (await transferTimes(ex, { from: l.replenishFrom, to: l.code, since: addDays(opts.asOf, -730) })).filter((t) => t.receivedAt.slice(0, 10) < opts.asOf);
    laneTimes.set(l.code, times.map((t) => t.days));
    opts.onProgress?.(`transfer lane ${l.replenishFrom} -> ${l.code}: ${times.length} shipments received in the last 730 days`);
  }
  return { asOf: opts.asOf, from, to, windowDays: W, skus, locations, suppliers, balances, series, leadTimes, arrivals, openValue, draftOrders, draftTransfers, stockAges, launches, laneTimes };
}

/** The age of a pair's stock on hand: days since its oldest lot still holding units was received, and the units received before the aged cutoff. */
export interface StockAge {
  oldestDays: number;
  agedUnits: number;
}

/** A pair's draft transfers: units to come in, units to go out, the transfers' numbers, and each one's day of creation and units for the pair. */
export interface DraftTransfers {
  in: number;
  out: number;
  numbers: string[];
  drafts: (DraftRef & { direction: 'in' | 'out' })[];
}

/** One draft (PO or transfer) a pair counts: its number, the day it was created, and its units for the pair. */
export interface DraftRef {
  number: string;
  createdDay: string;
  quantity: number;
}

/**
 * Draft transfers (created, not shipped: the ledger does not know them yet) per pair: a run counts
 * their units as inbound at the destination and as committed (reserved) at the origin, so the
 * transfers a run proposed and a planner created are not proposed, or bought, again.
 */
export async function loadDraftTransfers(ex: Executor): Promise<Map<string, DraftTransfers>> {
  const out = new Map<string, DraftTransfers>();
  const add = (sku: string, location: string, key: 'in' | 'out', qty: number, number: string, createdDay: string) => {
    const k = pairKey(sku, location);
    const d = out.get(k) ?? { in: 0, out: 0, numbers: [], drafts: [] };
    d[key] += qty;
    if (!d.numbers.includes(number)) d.numbers.push(number);
    const ref = d.drafts.find((x) => x.number === number && x.direction === key);
    if (ref) ref.quantity += qty;
    else d.drafts.push({ number, createdDay, quantity: qty, direction: key });
    out.set(k, d);
  };
  for (const t of await allPages((cursor) => listTransfers(ex, { cursor, limit: 1000, filters: { status: 'draft' } }))) {
    for (const l of t.lines) {
      if (!(l.quantity > 0)) continue;
      add(l.sku, t.toLocation, 'in', l.quantity, t.number, t.createdAt.slice(0, 10));
      add(l.sku, t.fromLocation, 'out', l.quantity, t.number, t.createdAt.slice(0, 10));
    }
  }
  return out;
}

/** A pair's lines on draft purchase orders (not placed: the ledger's inbound does not hold them yet), and each draft's day of creation and units. */
export interface DraftOrders {
  quantity: number;
  arrivals: Arrival[];
  drafts: DraftRef[];
}

/** One open PO line's quantity to come for a pair: its expected day, and the PO it is on. */
export interface Arrival {
  day: string;
  quantity: number;
  po: string;
  supplier: string;
  /** The day the PO was placed (null: not recorded). */
  placedDay: string | null;
}

/**
 * The open purchase orders' lines per pair by expected day (placed and partly received: already in
 * the ledger's inbound; the line's expected date, else the PO's placed day plus the supplier's
 * default lead time), every supplier's open value (its exposure, budget.ts), and the **draft**
 * POs' lines per pair: not placed yet, so the ledger does not count them, but a run does (as
 * inbound, on their expected day, else `asOf` + the supplier's default lead time), so that the POs a
 * run's suggestions became are not suggested, and bought, again the next night.
 */
export async function loadArrivals(
  ex: Executor,
  suppliers: Map<string, Supplier>,
  locations: Map<string, Location>,
  asOf: string,
): Promise<{ arrivals: Map<string, Arrival[]>; openValue: Map<string, number>; draftOrders: Map<string, DraftOrders> }> {
  const out = new Map<string, Arrival[]>();
  const openValue = new Map<string, number>();
  const draftOrders = new Map<string, DraftOrders>();
  for (const po of await allPages((cursor) => listPurchaseOrders(ex, { cursor, limit: 1000, filters: { status: 'draft' } }))) {
    const fallback = addDays(asOf, Math.round(suppliers.get(po.supplier)?.defaultLeadTimeDays ?? 0));
    for (const l of po.lines) {
      if (!(l.quantity > 0)) continue;
      openValue.set(po.supplier, (openValue.get(po.supplier) ?? 0) + l.quantity * l.unitCost);
      if (!locations.has(l.location)) continue;
      const k = pairKey(l.sku, l.location);
      const d = draftOrders.get(k) ?? { quantity: 0, arrivals: [], drafts: [] };
      d.quantity += l.quantity;
      const ref = d.drafts.find((x) => x.number === po.number);
      if (ref) ref.quantity += l.quantity;
      else d.drafts.push({ number: po.number, createdDay: po.createdAt.slice(0, 10), quantity: l.quantity });
      d.arrivals.push({ day: l.expectedDate && l.expectedDate > asOf ? l.expectedDate : fallback, quantity: l.quantity, po: po.number, supplier: po.supplier, placedDay: null });
      draftOrders.set(k, d);
    }
  }
  for (const status of ['placed', 'partially_received'] as const) {
    for (const po of await allPages((cursor) => listPurchaseOrders(ex, { cursor, limit: 1000, filters: { status } }))) {
      const fallback = po.placedDay ? addDays(po.placedDay, Math.round(suppliers.get(po.supplier)?.defaultLeadTimeDays ?? 0)) : null;
      for (const l of po.lines) {
        if (l.openQty > 0) openValue.set(po.supplier, (openValue.get(po.supplier) ?? 0) + l.openQty * l.unitCost);
        const day = l.expectedDate ?? fallback;
        if (l.openQty <= 0 || !day || !locations.has(l.location)) continue;
        const k = pairKey(l.sku, l.location);
        const list = out.get(k) ?? [];
        list.push({ day, quantity: l.openQty, po: po.number, supplier: po.supplier, placedDay: po.placedDay ?? null });
        out.set(k, list);
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return { arrivals: out, openValue, draftOrders };
}
