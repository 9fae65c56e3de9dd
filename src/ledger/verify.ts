/**
 * verifyLedger: replays every movement (in id order, i.e. posting order) into an empty in-memory
 * projection with the same rules as posting, then compares it with the stored balances (on hand,
 * inbound; reserved against the open reservation lines), lots (by source movement, location,
 * transit source, receipt instant and cost), movement values and daily demand. Reports every
 * difference; an empty list means the projections agree with the ledger.
 */
import { skuRefsByIds } from '../catalog/index.ts';
import type { Executor } from '../store/executor.ts';
import { codesFor } from './codes.ts';
import { openReservedByPair } from './reservations.ts';
import { keyOf, LedgerState } from './state.ts';
import type { LedgerDifference, MovementKind, VerifyResult } from './types.ts';

const PAGE = 10_000;

interface RawDiff { table: LedgerDifference['table']; skuId: number; locationId: number; field: string; expected: number | string | null; actual: number | string | null }

/** Rebuilds balances, lots and demand from the movements and reports every difference. */
export async function verifyLedger(ex: Executor): Promise<VerifyResult> {
  const std = new Map<number, number>();
  const state = new LedgerState({ enforce: false, negativeAllowed: () => true, backordersAllowed: () => true, standardCost: (id) => std.get(id) ?? 0 });
  const diffs: RawDiff[] = [];
  let movements = 0;
  let after = 0;
  for (;;) {
    const rows = await ex.db.selectFrom('movements').selectAll().where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    const missing = [...new Set(rows.map((r) => Number(r.sku_id)))].filter((id) => !std.has(id));
    for (const [id, s] of await skuRefsByIds(ex, missing)) std.set(id, s.unitCost);
    for (const r of rows) {
      const id = Number(r.id);
      const m = {
        index: id,
        seq: id,
        kind: r.kind as MovementKind,
        skuId: Number(r.sku_id),
        locationId: Number(r.location_id),
        counterpartId: r.counterpart_location_id === null ? null : Number(r.counterpart_location_id),
        quantity: Number(r.quantity),
        unitCost: r.unit_cost === null ? null : Number(r.unit_cost),
        occurredAt: r.occurred_at,
        sku: String(r.sku_id),
        location: String(r.location_id),
      };
      const applied = state.apply(m);
      if (applied.value !== Number(r.value)) diffs.push({ table: 'movements', skuId: m.skuId, locationId: m.locationId, field: `value of movement #${id}`, expected: applied.value, actual: Number(r.value) });
      movements++;
    }
    after = Number(rows[rows.length - 1].id);
  }

  // Balances.
  const reserved = await openReservedByPair(ex);
  for (const r of reserved) state.balance(r.skuId, r.locationId).reserved = r.open;
  const stored = await ex.db.selectFrom('balances').select(['sku_id', 'location_id', 'on_hand', 'reserved', 'inbound']).execute();
  const seen = new Set<number>();
  for (const r of stored) {
    const s = Number(r.sku_id);
    const l = Number(r.location_id);
    const k = keyOf(s, l);
    seen.add(k);
    const e = state.balances.get(k) ?? { onHand: 0, reserved: 0, inbound: 0 };
    for (const [field, exp, act] of [['on_hand', e.onHand, r.on_hand], ['reserved', e.reserved, r.reserved], ['inbound', e.inbound, r.inbound]] as const) {
      if (exp !== Number(act)) diffs.push({ table: 'balances', skuId: s, locationId: l, field, expected: exp, actual: Number(act) });
    }
  }
  for (const [k, e] of state.balances) {
    if (seen.has(k) || (e.onHand === 0 && e.reserved === 0 && e.inbound === 0)) continue;
    diffs.push({ table: 'balances', skuId: e.skuId, locationId: e.locationId, field: 'row', expected: `on_hand ${e.onHand}, reserved ${e.reserved}, inbound ${e.inbound}`, actual: null });
  }

  // Lots, compared as (source movement, location, transit source, received_at, unit_cost) -> quantities.
  const lotKey = (src: number, loc: number, from: number | null, at: string, cost: number) => `${src}|${loc}|${from ?? ''}|${at}|${cost}`;
  const expectedLots = new Map<string, { skuId: number; locationId: number; received: number; remaining: number }>();
  for (const l of state.newLots) {
    const k = lotKey(l.sourceIndex!, l.locationId, l.inTransitFrom, l.receivedAt, l.unitCost);
    const e = expectedLots.get(k) ?? { skuId: l.skuId, locationId: l.locationId, received: 0, remaining: 0 };
    e.received += l.qtyReceived;
    e.remaining += l.qtyRemaining;
    expectedLots.set(k, e);
  }
  const actualLots = new Map<string, { skuId: number; locationId: number; received: number; remaining: number }>();
  let lots = 0;
  for (let lastId = 0; ; ) {
    const rows = await ex.db.selectFrom('lots').selectAll().where('id', '>', lastId).orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const k = lotKey(Number(r.source_movement_id), Number(r.location_id), r.in_transit_from === null ? null : Number(r.in_transit_from), r.received_at, Number(r.unit_cost));
      const a = actualLots.get(k) ?? { skuId: Number(r.sku_id), locationId: Number(r.location_id), received: 0, remaining: 0 };
      a.received += Number(r.qty_received);
      a.remaining += Number(r.qty_remaining);
      actualLots.set(k, a);
      lots++;
    }
    lastId = Number(rows[rows.length - 1].id);
  }
  for (const k of new Set([...expectedLots.keys(), ...actualLots.keys()])) {
    const e = expectedLots.get(k);
    const a = actualLots.get(k);
    const ref = (e ?? a)!;
    const label = `lot of movement #${k.split('|')[0]}${k.split('|')[2] ? ' (in transit)' : ''}`;
    if (!e || !a) {
      diffs.push({ table: 'lots', skuId: ref.skuId, locationId: ref.locationId, field: label, expected: e ? `${e.remaining} of ${e.received}` : null, actual: a ? `${a.remaining} of ${a.received}` : null });
      continue;
    }
    if (e.received !== a.received) diffs.push({ table: 'lots', skuId: ref.skuId, locationId: ref.locationId, field: `${label}: qty_received`, expected: e.received, actual: a.received });
    if (e.remaining !== a.remaining) diffs.push({ table: 'lots', skuId: ref.skuId, locationId: ref.locationId, field: `${label}: qty_remaining`, expected: e.remaining, actual: a.remaining });
  }

  // Daily demand (sales - returns per day).
  const demand = await ex.db.selectFrom('demand_daily').select(['sku_id', 'location_id', 'day', 'demand']).execute();
  const storedDemand = new Map(demand.map((r) => [`${Number(r.sku_id)}:${Number(r.location_id)}:${r.day}`, r]));
  for (const [k, d] of state.demand) {
    const s = storedDemand.get(k);
    if (!s) diffs.push({ table: 'demand_daily', skuId: d.skuId, locationId: d.locationId, field: `demand ${d.day}`, expected: d.demand, actual: null });
    else if (Number(s.demand) !== d.demand) diffs.push({ table: 'demand_daily', skuId: d.skuId, locationId: d.locationId, field: `demand ${d.day}`, expected: d.demand, actual: Number(s.demand) });
    storedDemand.delete(k);
  }
  for (const s of storedDemand.values()) if (Number(s.demand) !== 0) diffs.push({ table: 'demand_daily', skuId: Number(s.sku_id), locationId: Number(s.location_id), field: `demand ${s.day}`, expected: 0, actual: Number(s.demand) });

  const codes = await codesFor(ex, diffs.map((d) => d.skuId), diffs.map((d) => d.locationId));
  return {
    differences: diffs.map((d) => ({ table: d.table, sku: codes.sku(d.skuId), location: codes.location(d.locationId)!, field: d.field, expected: d.expected, actual: d.actual })),
    checked: { movements, balances: stored.length, lots },
  };
}
