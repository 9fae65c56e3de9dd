/**
 * Model-based property test: random sequences of movement batches and reservation operations are
 * applied both to the ledger and to a tiny reference model of the rules (docs/ledger.md). After
 * every step the balances must equal the model (on hand = sum of the ledger, reserved = open
 * reservation units, inbound), refusals must come with the model's error code and change nothing,
 * available stays >= 0 unless backorders/negative stock are allowed or a physical correction
 * removed reserved stock, and verifyLedger finds no difference.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocation, createSku } from '../src/catalog/index.ts';
import { fulfil, getBalances, postMovements, release, reserve, verifyLedger, type MovementInput } from '../src/ledger/index.ts';
import type { Store } from '../src/store/database.ts';
import { testDatabases } from './helpers/databases.ts';
import { openMigrated } from './ledger-support.ts';

const LOCS = ['L1', 'L2', 'NEG'] as const; // NEG allows negative stock
const SKUS = ['S', 'BO'] as const; // BO allows backorders
type Loc = (typeof LOCS)[number];
type SkuK = (typeof SKUS)[number];

type Mv =
  | { kind: 'receipt' | 'sale' | 'return'; sku: SkuK; loc: Loc; q: number }
  | { kind: 'adjustment' | 'count_correction' | 'inbound'; sku: SkuK; loc: Loc; q: number }
  | { kind: 'transfer_out' | 'transfer_in'; sku: SkuK; loc: Loc; other: Loc; q: number };
type Op = { t: 'mv'; list: Mv[] } | { t: 'reserve'; lines: { sku: SkuK; loc: Loc; q: number }[] } | { t: 'release' | 'fulfil'; pick: number };

const sku = fc.constantFrom(...SKUS);
const loc = fc.constantFrom(...LOCS);
const pos = fc.integer({ min: 1, max: 8 });
const signed = fc.integer({ min: -6, max: 6 }).filter((q) => q !== 0);
const mvArb: fc.Arbitrary<Mv> = fc.oneof(
  fc.record({ kind: fc.constantFrom('receipt' as const, 'sale' as const, 'return' as const), sku, loc, q: pos }),
  fc.record({ kind: fc.constantFrom('adjustment' as const, 'count_correction' as const, 'inbound' as const), sku, loc, q: signed }),
  fc.record({ kind: fc.constantFrom('transfer_out' as const, 'transfer_in' as const), sku, loc, other: loc, q: pos }).filter((m) => m.loc !== m.other),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('mv' as const), list: fc.array(mvArb, { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reserve' as const), lines: fc.array(fc.record({ sku, loc, q: pos }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('release' as const, 'fulfil' as const), pick: fc.nat() }) },
);

interface Model {
  bal: Map<string, { onHand: number; reserved: number; inbound: number }>;
  transit: Map<string, number>; // sku|dest|from
  open: { id: number; lines: { sku: SkuK; loc: Loc; open: number }[] }[];
  /** pairs where a physical correction left available < 0 (not a rule violation) */
  shortByCount: Set<string>;
}
const pk = (s: SkuK, l: Loc) => `${s}|${l}`;
const clone = (m: Model): Model => ({ bal: new Map([...m.bal].map(([k, v]) => [k, { ...v }])), transit: new Map(m.transit), open: m.open.map((r) => ({ id: r.id, lines: r.lines.map((l) => ({ ...l })) })), shortByCount: new Set(m.shortByCount) });
const b = (m: Model, s: SkuK, l: Loc) => {
  let v = m.bal.get(pk(s, l));
  if (!v) m.bal.set(pk(s, l), (v = { onHand: 0, reserved: 0, inbound: 0 }));
  return v;
};

/** Applies the rules to the model; returns the refusal code or null. */
function modelMovements(m: Model, list: Mv[]): string | null {
  for (const mv of list) {
    const x = b(m, mv.sku, mv.loc);
    const neg = mv.loc === 'NEG';
    const bo = mv.sku === 'BO';
    const out = (q: number, checkAvail: boolean): string | null => {
      x.onHand -= q;
      if (x.onHand < 0 && !neg) return 'INSUFFICIENT_STOCK';
      if (checkAvail && x.onHand - x.reserved < 0 && !neg && !bo) return 'INSUFFICIENT_AVAILABLE';
      return null;
    };
    let err: string | null = null;
    switch (mv.kind) {
      case 'receipt':
      case 'return':
        x.onHand += mv.q;
        break;
      case 'sale':
        err = out(mv.q, true);
        break;
      case 'adjustment':
      case 'count_correction':
        if (mv.q > 0) x.onHand += mv.q;
        else {
          err = out(-mv.q, false);
          if (!err && x.onHand - x.reserved < 0) m.shortByCount.add(pk(mv.sku, mv.loc));
        }
        break;
      case 'inbound':
        x.inbound += mv.q;
        if (mv.q < 0) {
          // only the purchase-order part (inbound minus units in transit here) may be reduced
          const transit = [...m.transit].filter(([k]) => k.startsWith(`${mv.sku}|${mv.loc}|`)).reduce((t, [, v]) => t + v, 0);
          if (x.inbound < transit) err = 'INSUFFICIENT_INBOUND';
        }
        break;
      case 'transfer_out':
        err = out(mv.q, true);
        b(m, mv.sku, mv.other).inbound += mv.q;
        m.transit.set(`${mv.sku}|${mv.other}|${mv.loc}`, (m.transit.get(`${mv.sku}|${mv.other}|${mv.loc}`) ?? 0) + mv.q);
        break;
      case 'transfer_in': {
        const k = `${mv.sku}|${mv.loc}|${mv.other}`;
        if ((m.transit.get(k) ?? 0) < mv.q) err = 'INSUFFICIENT_IN_TRANSIT';
        m.transit.set(k, (m.transit.get(k) ?? 0) - mv.q);
        x.onHand += mv.q;
        x.inbound -= mv.q;
        break;
      }
    }
    if (err) return err;
  }
  return null;
}

describe.each(testDatabases())('ledger properties on $name', (target) => {
  let store: Store;
  let run = 0;
  beforeAll(async () => {
    store = await openMigrated(target);
    await createLocation(store, { code: 'L1', name: 'one' });
    await createLocation(store, { code: 'L2', name: 'two' });
    await createLocation(store, { code: 'NEG', name: 'negative ok', negativeStockAllowed: true });
  });
  afterAll(async () => {
    await store.close();
  });

  it('random movements and reservations keep balances equal to the ledger and the rules', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 20 }), async (ops) => {
        run++;
        const code = (s: SkuK) => `${s}-${run}`;
        await createSku(store, { code: code('S'), name: 's', unitCost: 100 });
        await createSku(store, { code: code('BO'), name: 'bo', unitCost: 100, backordersAllowed: true });
        const ctx = { actor: 'prop' };
        let model: Model = { bal: new Map(), transit: new Map(), open: [], shortByCount: new Set() };
        for (const op of ops) {
          const next = clone(model);
          let expected: string | null = null;
          let call: () => Promise<unknown>;
          if (op.t === 'mv') {
            expected = modelMovements(next, op.list);
            const inputs: MovementInput[] = op.list.map((mv) => ({
              kind: mv.kind,
              sku: code(mv.sku),
              location: mv.loc,
              quantity: mv.q,
              ...(mv.kind === 'adjustment' || mv.kind === 'count_correction' ? { reason: 'prop' } : {}),
              ...(mv.kind === 'transfer_out' ? { toLocation: (mv as { other: Loc }).other } : {}),
              ...(mv.kind === 'transfer_in' ? { fromLocation: (mv as { other: Loc }).other } : {}),
            }));
            call = () => postMovements(store, inputs, ctx);
          } else if (op.t === 'reserve') {
            const summed = new Map<string, { sku: SkuK; loc: Loc; q: number }>();
            for (const l of op.lines) {
              const e = summed.get(pk(l.sku, l.loc));
              if (e) e.q += l.q;
              else summed.set(pk(l.sku, l.loc), { ...l });
            }
            for (const l of summed.values()) {
              const x = b(next, l.sku, l.loc);
              if (x.onHand - x.reserved < l.q && l.sku !== 'BO') {
                expected = 'INSUFFICIENT_AVAILABLE';
                break;
              }
              x.reserved += l.q;
            }
            call = async () => {
              const r = await reserve(store, { lines: op.lines.map((l) => ({ sku: code(l.sku), location: l.loc, quantity: l.q })) }, ctx);
              next.open.push({ id: r.id, lines: [...summed.values()].map((l) => ({ sku: l.sku, loc: l.loc, open: l.q })) });
            };
          } else {
            if (next.open.length === 0) continue;
            const idx = op.pick % next.open.length;
            const r = next.open[idx];
            for (const l of r.lines) {
              const x = b(next, l.sku, l.loc);
              x.reserved -= l.open;
              if (op.t === 'fulfil') {
                x.onHand -= l.open;
                if (x.onHand < 0 && l.loc !== 'NEG') expected = 'INSUFFICIENT_STOCK';
              }
            }
            next.open.splice(idx, 1);
            call = () => (op.t === 'fulfil' ? fulfil(store, r.id, ctx) : release(store, r.id, ctx));
          }
          if (expected) {
            await expect(call()).rejects.toMatchObject({ code: expected });
          } else {
            await call();
            model = next;
          }
          const actual = (await getBalances(store, { skus: [code('S'), code('BO')], limit: 100 })).items;
          for (const a of actual) {
            const s = a.sku.split('-')[0] as SkuK;
            const e = model.bal.get(pk(s, a.location as Loc)) ?? { onHand: 0, reserved: 0, inbound: 0 };
            expect({ pair: pk(s, a.location as Loc), onHand: a.onHand, reserved: a.reserved, inbound: a.inbound }).toEqual({ pair: pk(s, a.location as Loc), ...e });
            expect(a.available).toBe(a.onHand - a.reserved);
            if (a.available < 0) expect(s === 'BO' || a.location === 'NEG' || model.shortByCount.has(pk(s, a.location as Loc))).toBe(true);
          }
          for (const [k, v] of model.bal) if (v.onHand - v.reserved >= 0) model.shortByCount.delete(k);
          const onHandTotal = [...model.bal.values()].reduce((t, v) => t + v.onHand, 0);
          expect(actual.reduce((t, a) => t + a.onHand, 0)).toBe(onHandTotal);
        }
        expect((await verifyLedger(store)).differences).toEqual([]);
      }),
      { numRuns: Number(process.env.LEDGER_PROP_RUNS ?? 20) },
    );
  });
});
