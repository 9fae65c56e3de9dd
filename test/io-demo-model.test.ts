/**
 * The demo data generator's model, without a database: determinism, the long tail, the four
 * demand patterns (classified the Syntetos-Boylan way from the simulated sales), seasonality,
 * stockouts, and that the simulated movements never take stock that is not there.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_LOCATIONS, DEMO_SUPPLIERS, generateSkus, type DemoSku } from '../src/io/demo/catalogue.ts';
import { meanDemand, yearly } from '../src/io/demo/demand.ts';
import { Rng } from '../src/io/demo/prng.ts';
import { simulateHistory, type DemoEvent, type DemoMovement, type DemoPurchaseOrder } from '../src/io/demo/simulate.ts';

function run(seed: number) {
  const rng = new Rng(seed);
  const skus = generateSkus(rng.fork('catalogue'), 365);
  const gen = simulateHistory(rng.fork('history'), skus, DEMO_SUPPLIERS, DEMO_LOCATIONS, { start: new Date(Date.UTC(2025, 0, 1)), days: 365 });
  const days: DemoMovement[][] = [];
  const events: DemoEvent[][] = [];
  let step = gen.next();
  while (!step.done) {
    events.push(step.value);
    // a received PO's lines are receipts into stock (the seeding posts them through purchasing)
    days.push(
      step.value.flatMap((e): DemoMovement[] =>
        e.kind === 'po_placed' ? [] : e.kind === 'po_received' ? e.lines.map((l) => ({ kind: 'receipt', sku: l.sku, location: l.location, quantity: l.quantity, occurredAt: e.receivedAt })) : [e],
      ),
    );
    step = gen.next();
  }
  return { skus, days, events, final: step.value };
}

describe('demo data model', () => {
  const a = run(42);

  it('is deterministic for a seed and differs across seeds', () => {
    const b = run(42);
    expect(JSON.stringify(b.days)).toBe(JSON.stringify(a.days));
    const c = run(7);
    expect(JSON.stringify(c.days.slice(0, 30))).not.toBe(JSON.stringify(a.days.slice(0, 30)));
  });

  it('has a realistic catalogue: 200-500 unique SKUs, long-tailed demand, every category and supplier used', () => {
    expect(a.skus.length).toBeGreaterThanOrEqual(200);
    expect(a.skus.length).toBeLessThanOrEqual(500);
    expect(new Set(a.skus.map((s) => s.code)).size).toBe(a.skus.length);
    const rates = a.skus.map((s) => s.baseRate).sort((x, y) => y - x);
    const total = rates.reduce((x, y) => x + y, 0);
    const top20 = rates.slice(0, Math.round(rates.length * 0.2)).reduce((x, y) => x + y, 0);
    expect(top20 / total).toBeGreaterThan(0.5); // Pareto: a fifth of the SKUs sells most
    expect(new Set(a.skus.map((s) => s.supplier))).toEqual(new Set(DEMO_SUPPLIERS.map((s) => s.code)));
    expect(a.skus.some((s) => s.launchDay > 0)).toBe(true);
    expect(a.skus.some((s) => Number.isFinite(s.endDay))).toBe(true);
  });

  it('never ships stock that is not on hand, and ends where its own books say', () => {
    const onHand = new Map<string, number>();
    let lowest = 0;
    for (const day of a.days) {
      for (const m of day) {
        const k = `${m.sku}|${m.location}`;
        const sign = m.kind === 'sale' || m.kind === 'transfer_out' ? -1 : 1;
        const v = (onHand.get(k) ?? 0) + sign * m.quantity;
        lowest = Math.min(lowest, v);
        onHand.set(k, v);
      }
    }
    expect(lowest).toBe(0);
    for (const [k, v] of a.final) expect(onHand.get(k) ?? 0).toBe(v);
  });

  it("orders from suppliers in POs: one a supplier a Monday, delivered whole after the PO's own lead time, so later POs overtake earlier ones", () => {
    const placed = new Map<number, { po: DemoPurchaseOrder; day: number }>();
    const arrived = new Map<number, number>();
    a.events.forEach((day, d) => {
      for (const e of day) {
        if (e.kind === 'po_placed') {
          expect(new Date(Date.UTC(2025, 0, 1 + d)).getUTCDay()).toBe(1);
          placed.set(e.po.key, { po: e.po, day: d });
        } else if (e.kind === 'po_received') {
          const p = placed.get(e.key)!;
          expect(arrived.has(e.key)).toBe(false); // one delivery a PO ...
          expect(e.lines.map((l) => `${l.sku}|${l.location}|${l.quantity}`).sort()).toEqual(p.po.lines.map((l) => `${l.sku}|${l.location}|${l.quantity}`).sort()); // ... of all its lines
          arrived.set(e.key, d);
        }
      }
    });
    expect(placed.size).toBeGreaterThan(150);
    // one PO per supplier and Monday
    const perDay = new Set([...placed.values()].map((p) => `${p.po.supplier}|${p.day}`));
    expect(perDay.size).toBe(placed.size);
    // POs placed near the end are still in transit
    expect(placed.size - arrived.size).toBeGreaterThan(5);
    // a later PO of the same supplier arriving before an earlier one
    let crossed = 0;
    const bySupplier = new Map<string, { day: number; arrival: number }[]>();
    for (const [key, p] of placed) if (arrived.has(key)) bySupplier.set(p.po.supplier, [...(bySupplier.get(p.po.supplier) ?? []), { day: p.day, arrival: arrived.get(key)! }]);
    for (const list of bySupplier.values()) for (const x of list) for (const y of list) if (y.day > x.day && y.arrival < x.arrival) crossed++;
    expect(crossed).toBeGreaterThan(10);
  });

  it('produces all four Syntetos-Boylan demand classes (ADI 1.32, CV^2 0.49 cut-offs) in the sales', () => {
    const series = new Map<string, number[]>();
    a.days.forEach((day, d) => {
      for (const m of day) {
        if (m.kind !== 'sale') continue;
        const s = series.get(m.sku) ?? new Array(365).fill(0);
        s[d] += m.quantity;
        series.set(m.sku, s);
      }
    });
    const classes = new Map<string, number>();
    for (const s of series.values()) {
      const nz = s.filter((x) => x > 0);
      if (nz.length < 8) continue;
      const adi = s.length / nz.length;
      const mean = nz.reduce((x, y) => x + y, 0) / nz.length;
      const cv2 = nz.reduce((x, y) => x + (y - mean) ** 2, 0) / nz.length / mean ** 2;
      const cls = adi < 1.32 ? (cv2 < 0.49 ? 'smooth' : 'erratic') : cv2 < 0.49 ? 'intermittent' : 'lumpy';
      classes.set(cls, (classes.get(cls) ?? 0) + 1);
    }
    for (const cls of ['smooth', 'erratic', 'intermittent', 'lumpy']) expect(classes.get(cls) ?? 0).toBeGreaterThanOrEqual(5);
  });

  it('has stockout periods, weekly and yearly seasonality', () => {
    // Stockout: a sale that empties the shelf while demand would have continued.
    const onHand = new Map<string, number>();
    let emptied = 0;
    for (const day of a.days) for (const m of day) {
      const k = `${m.sku}|${m.location}`;
      const sign = m.kind === 'sale' || m.kind === 'transfer_out' ? -1 : 1;
      onHand.set(k, (onHand.get(k) ?? 0) + sign * m.quantity);
      if (m.kind === 'sale' && onHand.get(k) === 0) emptied++;
    }
    expect(emptied).toBeGreaterThan(50);
    const hoodie = a.skus.find((s) => s.seasonality === 'winter') as DemoSku;
    expect(yearly(new Date(Date.UTC(2025, 0, 10)), 'winter')).toBeGreaterThan(1.4);
    expect(yearly(new Date(Date.UTC(2025, 6, 10)), 'winter')).toBeLessThan(0.6);
    const monday = meanDemand(hoodie, 'WH-MAIN', new Date(Date.UTC(2025, 2, 3)), 100);
    const saturday = meanDemand(hoodie, 'WH-MAIN', new Date(Date.UTC(2025, 2, 8)), 100);
    expect(monday / saturday).toBeCloseTo(1.12 / 0.89, 1);
    // Units sold in December beat units sold in a spring month (gifting + Black Friday spill-over).
    const unitsIn = (month: number) =>
      a.days.reduce((sum, day, d) => (new Date(Date.UTC(2025, 0, 1 + d)).getUTCMonth() === month ? sum + day.filter((m) => m.kind === 'sale').reduce((x, m) => x + m.quantity, 0) : sum), 0);
    expect(unitsIn(10)).toBeGreaterThan(unitsIn(3));
  });
});
