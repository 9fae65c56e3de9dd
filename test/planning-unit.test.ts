import { describe, expect, it } from 'vitest';
import type { Supplier } from '../src/catalog/index.ts';
import { poissonDistribution } from '../src/engine/stats/index.ts';
import {
  choosePolicy,
  computeSuggestion,
  daysUntilDepleted,
  projectedStockoutDay,
  leadTimeFor,
  nextOccurrence,
  parseSchedule,
  resolveParameters,
  segmentSkus,
  weeklyCv,
  xyzClass,
  type PlanItem,
} from '../src/planning/index.ts';

const item = (over: Partial<PlanItem> = {}): PlanItem => ({
  key: 0,
  y: new Float64Array(120).fill(8),
  stockout: new Uint8Array(120),
  season: 7,
  model: 'auto',
  onHand: 0,
  reserved: 0,
  inbound: 0,
  arrivalDays: [],
  arrivalQty: [],
  leadTimeDays: 21,
  leadTimeSdDays: 0,
  target: { kind: 'fill-rate', level: 0.98 },
  reviewPeriodDays: 7,
  moq: 0,
  casePack: 1,
  orderMultiple: null,
  maxOrderUnits: null,
  maxCoverDays: null,
  ...over,
});

/** Smallest s with (n(s) - n(s + Q)) / Q <= 1 - beta for Poisson(mean) demand (brute force). */
function fillRateReorderPoint(mean: number, q: number, beta: number): number {
  const d = poissonDistribution(mean);
  for (let s = 0; ; s++) if ((d.loss(s) - d.loss(s + q)) / q <= 1 - beta) return s;
}

describe('computeSuggestion', () => {
  it('8/day, 21-day lead time, weekly review, no stock: reorder point = 98% fill-rate level of 168 Poisson units (lead time), order up to s + 56', () => {
    const r = computeSuggestion(item());
    expect(r.error).toBeNull();
    expect(r.forecast.perDay).toBeCloseTo(8, 6);
    // the plan runs nightly: s protects the lead time alone; the review period sets the lot
    expect(r.protection).toMatchObject({ days: 21 });
    expect(r.protection.mean).toBeCloseTo(8 * 21, 6);
    const s = fillRateReorderPoint(168, 56, 0.98);
    expect(s).toBeGreaterThan(168);
    expect(r.reorderPoint).toBe(s); // DESIGN.md: 168 units plus safety stock
    expect(r.orderUpTo).toBe(s + 56);
    expect(r.suggestedQty).toBe(s + 56);
    expect(r.safetyStock).toBeCloseTo(s - 168, 6);
    expect(r.daysOfCover).toBe(0);
    expect(r.orderInDays).toBe(0);
  });

  it('economic lots: with an order cost the lot is the EOQ sqrt(2 K D / (h c)) of the forecast annual demand, s meeting the fill rate for it', () => {
    // 4 a day = 1460 a year, K = 8, h = 0.225 x unit cost 1: Q* = sqrt(2 x 8 x 1460 / 0.225)
    const y = new Float64Array(120).fill(4);
    const q = Math.sqrt((2 * 8 * 1460) / 0.225);
    const eco = computeSuggestion(item({ y, economicLot: { orderCost: 8, holdingRate: 0.225, unitCost: 1 } }));
    expect(eco.error).toBeNull();
    expect(eco.forecast.perDay).toBeCloseTo(4, 6);
    expect(eco.policy!.orderQuantity).toBeCloseTo(q, 4);
    const s = fillRateReorderPoint(84, q, 0.98);
    expect(eco.reorderPoint).toBe(s);
    expect(eco.orderUpTo).toBe(s + Math.ceil(q));
    expect(eco.notes.join(' ')).toContain(`economic lot: ${q.toFixed(1)} units = sqrt(2 x order cost 8.00 x 1460.0 units a year / (holding 22.5 %/year x unit cost 1.00)), about every 81 days, instead of 7 days of demand (28.0)`);
    // a bigger lot leaves fewer cycles to short: s is lower than with the week's lot
    const weekly = computeSuggestion(item({ y }));
    expect(weekly.policy!.orderQuantity).toBeCloseTo(28, 6);
    expect(eco.reorderPoint).toBeLessThan(weekly.reorderPoint);
    // with order days the lot is the calendar's: noted, not used
    const days = computeSuggestion(item({ y, economicLot: { orderCost: 8, holdingRate: 0.225, unitCost: 1 }, orderWeekdays: [1], weekday: 1 }));
    expect(days.notes).toContain('economic lot not used: with order days the lot is what sells until the next order day');
    expect(days.orderUpTo).toBe(computeSuggestion(item({ y, orderWeekdays: [1], weekday: 1 })).orderUpTo);
  });

  it('a SKU without backorders loses what it cannot serve: fill-rate reorder point lowered by L (1 - beta) mu', () => {
    const bo = computeSuggestion(item());
    const ls = computeSuggestion(item({ lostSales: true }));
    expect(ls.reorderPoint).toBe(Math.ceil(bo.reorderPoint - 21 * 0.02 * 8));
    expect(ls.orderUpTo).toBe(ls.reorderPoint + 56);
    expect(ls.policy!.assumptions.join(' ')).toContain('lost sales: min lowered by L (1 - beta) mu = 3.360 units');
  });

  it('does not order above the reorder point and dates the order by when the position reaches it', () => {
    const r = computeSuggestion(item({ onHand: 400 }));
    expect(r.suggestedQty).toBe(0);
    expect(r.daysOfCover).toBeCloseTo(400 / 8, 6);
    expect(r.stockoutInDays).toBe(50);
    expect(r.orderInDays).toBe(Math.floor((400 - r.reorderPoint) / 8));
  });

  it('inventory position counts inbound and subtracts reserved', () => {
    const r = computeSuggestion(item({ onHand: 100, inbound: 50, reserved: 30 }));
    expect(r.inventoryPosition).toBe(120);
    expect(r.need).toBe(r.orderUpTo - 120);
  });

  it('applies case pack and the value cap, recording every step; the MOQ is left to the run (per SKU and order)', () => {
    const packed = computeSuggestion(item({ casePack: 12, moq: 400 }));
    expect(packed.suggestedQty % 12).toBe(0);
    expect(packed.suggestedQty).toBeLessThan(400);
    expect(packed.suggestedQty).toBe(Math.ceil(packed.need / 12) * 12);
    expect(packed.rounding.map((s) => s.rule)).toEqual(['round-up-to-pack']);
    expect(packed.orderStep).toBe(12);
    // a value cap below the MOQ is raised to it, so that one line can carry the SKU's MOQ
    const low = computeSuggestion(item({ moq: 400, maxOrderUnits: 100 }));
    expect(low.maxOrder).toBe(400);
    expect(low.notes.join(' ')).toMatch(/below the supplier MOQ 400: the cap is raised to the MOQ/);
    const capped = computeSuggestion(item({ maxOrderUnits: 100 }));
    expect(capped.suggestedQty).toBe(100);
    expect(capped.meetsNeed).toBe(false);
    expect(capped.rounding.map((s) => s.rule)).toContain('max-order');
  });

  it('caps the order-up-to level at max cover days, never below the reorder point', () => {
    const free = computeSuggestion(item());
    const r = computeSuggestion(item({ maxCoverDays: 25 }));
    expect(free.orderUpTo).toBeGreaterThan(200);
    expect(r.reorderPoint).toBeLessThan(200);
    expect(r.orderUpTo).toBe(200);
    expect(r.notes.join(' ')).toContain(`order-up-to capped from ${free.orderUpTo} to 200 units (25 days of cover)`);
    const tight = computeSuggestion(item({ maxCoverDays: 10 }));
    expect(tight.orderUpTo).toBe(tight.reorderPoint);
    expect(tight.notes.join(' ')).toMatch(/below the reorder point/);
  });

  it('random lead time raises the reorder point', () => {
    const fixed = computeSuggestion(item());
    const random = computeSuggestion(item({ leadTimeSdDays: 5 }));
    expect(random.reorderPoint).toBeGreaterThan(fixed.reorderPoint);
    expect(random.protection.sd).toBeGreaterThan(40 - 1); // sqrt(224 + 64 * 25) ~ 42.7
  });

  it("order crossover: a supplier whose orders overtake each other gets the pipeline's lead-time term, not one order's", () => {
    const textbook = computeSuggestion(item({ leadTimeSdDays: 15 }));
    const crossing = computeSuggestion(item({ leadTimeSdDays: 15, leadTimeIndependence: 1 }));
    const half = computeSuggestion(item({ leadTimeSdDays: 15, leadTimeIndependence: 0.5 }));
    // about 8/day, a lot of 56 units (7 days): mu^2 x 15^2 against mu^2 x 7 x 15 / sqrt(pi)
    const demandVar = textbook.protection.leadTimeSd ** 2 - (8 * 15) ** 2;
    expect(crossing.protection.leadTimeSd).toBeCloseTo(Math.sqrt(demandVar + 64 * ((7 * 15) / Math.sqrt(Math.PI))), 0);
    expect(half.protection.leadTimeSd).toBeGreaterThan(crossing.protection.leadTimeSd);
    expect(half.protection.leadTimeSd).toBeLessThan(textbook.protection.leadTimeSd);
    expect(crossing.reorderPoint).toBeLessThan(half.reorderPoint);
    expect(half.reorderPoint).toBeLessThan(textbook.reorderPoint);
    expect(crossing.notes.join(' ')).toMatch(/order crossover: .*independence 1\.00.*about every 7\.0 days: the lead-time term uses an sd of 7\.7 days instead of 15\.0/);
    expect(textbook.notes.join(' ')).not.toMatch(/order crossover/);
    // with order days the interval is the gap to the next order day (Mondays only: 7 days)
    const mondays = computeSuggestion(item({ leadTimeSdDays: 15, leadTimeIndependence: 1, orderWeekdays: [1], weekday: 1 }));
    expect(mondays.notes.join(' ')).toMatch(/about every 7\.0 days/);
    // a narrow spread against the order interval: orders rarely overtake, the textbook term stays
    const narrow = computeSuggestion(item({ leadTimeSdDays: 2, leadTimeIndependence: 1 }));
    expect(narrow.reorderPoint).toBe(computeSuggestion(item({ leadTimeSdDays: 2 })).reorderPoint);
    expect(narrow.notes.join(' ')).not.toMatch(/order crossover/);
  });

  it('no demand: nothing to order except backorders', () => {
    const idle = computeSuggestion(item({ y: new Float64Array(60), stockout: new Uint8Array(60), onHand: 10 }));
    expect([idle.reorderPoint, idle.orderUpTo, idle.suggestedQty]).toEqual([0, 0, 0]);
    expect(idle.daysOfCover).toBeNull();
    const backordered = computeSuggestion(item({ y: new Float64Array(0), stockout: new Uint8Array(0), reserved: 5 }));
    expect(backordered.inventoryPosition).toBe(-5);
    expect(backordered.suggestedQty).toBe(5);
  });

  it('censors stockout days: a series that sold 0 while out of stock still forecasts its real rate', () => {
    const y = new Float64Array(120).fill(8);
    const so = new Uint8Array(120);
    for (let i = 90; i < 120; i++) {
      y[i] = 0;
      so[i] = 1;
    }
    expect(computeSuggestion(item({ y, stockout: so })).forecast.perDay).toBeCloseTo(8, 4);
    expect(computeSuggestion(item({ y, stockout: new Uint8Array(120) })).forecast.perDay).toBeLessThan(4);
  });

  it('a slow mover selling in lumps: its reorder point also covers the undershoot beyond the day of demand the protection holds', () => {
    // 3 units every 30 days: an order is placed 0, 1 or 2 units below s (mean 1, variance 2/3)
    const y = new Float64Array(365);
    for (let d = 5; d < 365; d += 30) y[d] = 3;
    const r = computeSuggestion(item({ y, stockout: new Uint8Array(365) }));
    const mu = r.forecast.perDay;
    expect(mu).toBeGreaterThan(0.05);
    expect(mu).toBeLessThan(0.2);
    expect(r.protection.undershoot).toMatchObject({ days: 12, daySize: 3 });
    expect(r.protection.undershoot!.mean).toBeCloseTo(1 - mu, 9);
    expect(r.protection.undershoot!.sd).toBeCloseTo(Math.sqrt(2 / 3), 9);
    expect(r.protection.mean).toBeCloseTo(r.protection.leadTimeMean + 1 - mu, 9);
    expect(r.notes.join(' ')).toMatch(/undershoot: this line sells 3\.00 units a day when it sells \(12 days/);
    expect(r.policy!.assumptions.join(' ')).toContain('undershoot of the min');
    // a stockout day's lump is not a transaction
    const so = new Uint8Array(365);
    so[5] = 1;
    expect(computeSuggestion(item({ y, stockout: so })).protection.undershoot).toMatchObject({ days: 11 });
    // with order days the levels are periodic review: no undershoot
    expect(computeSuggestion(item({ y, stockout: new Uint8Array(365), orderWeekdays: [1] })).protection.undershoot ?? null).toBeNull();
  });

  it('a seller with demand every day keeps the lead-time protection as it is (its undershoot is below a day of demand)', () => {
    const r = computeSuggestion(item());
    expect(r.protection.undershoot).toBeNull();
    expect(r.protection.mean).toBeCloseTo(8 * 21, 6);
    expect(r.notes.join(' ')).not.toContain('undershoot');
  });
});

describe('projected stockout', () => {
  it('counts stock at hand and scheduled arrivals day by day', () => {
    expect(projectedStockoutDay(20, [], [], [8, 8, 8])).toBe(2); // 12, 4, -4
    expect(projectedStockoutDay(16, [], [], [8])).toBe(2); // exactly empty after day 1: short on day 2
    expect(projectedStockoutDay(10, [5], [100], [8])).toBe(1); // the PO comes too late
    expect(projectedStockoutDay(10, [1], [100], [8])).toBe(Math.floor(1 + (102 - 8) / 8) + 1); // 2, 102 on day 1, ...
    expect(projectedStockoutDay(0, [], [], [8])).toBe(0);
    expect(projectedStockoutDay(0, [0], [50], [8])).toBe(6);
    expect(projectedStockoutDay(5, [], [], [0])).toBeNull();
  });

  it('a suggestion uses open PO dates for the stockout date, the inventory position for cover and order-by', () => {
    const r = computeSuggestion(item({ onHand: 40, inbound: 300, arrivalDays: [21], arrivalQty: [300] }));
    expect(r.inventoryPosition).toBe(340);
    expect(r.stockoutInDays).toBe(5); // 40 units at 8/day; the PO lands on day 21
    expect(r.daysOfCover).toBeCloseTo(340 / 8, 9);
    expect(r.suggestedQty).toBe(0);
    const unscheduled = computeSuggestion(item({ onHand: 40, inbound: 300 }));
    expect(unscheduled.stockoutInDays).toBe(Math.floor(340 / 8)); // inbound without a PO date counts from today
  });
});

describe('days of cover', () => {
  it('steps through the forecast and continues with the last mean', () => {
    expect(daysUntilDepleted(20, [8, 8, 8])).toBeCloseTo(2.5, 12);
    expect(daysUntilDepleted(30, [10, 5])).toBeCloseTo(2 + 15 / 5, 12);
    expect(daysUntilDepleted(0, [1])).toBe(0);
    expect(daysUntilDepleted(5, [0, 0])).toBeNull();
  });
});

describe('segmentation', () => {
  it('weekly CV and XYZ limits', () => {
    expect(weeklyCv([10, 10, 10, 10])).toBe(0);
    expect(weeklyCv([0, 20, 0, 20])).toBeCloseTo(Math.sqrt(400 / 3) / 10, 12);
    expect(weeklyCv([1, 2, 3])).toBeNull();
    expect([xyzClass(0.5), xyzClass(0.51), xyzClass(1), xyzClass(1.01), xyzClass(null)]).toEqual(['X', 'Y', 'Y', 'Z', 'Z']);
  });

  it('ABC by annual value (units x unit cost)', () => {
    const seg = segmentSkus([
      { sku: 'A1', unitCost: 10, annualUnits: 800, weekly: [1, 1, 1, 1] },
      { sku: 'B1', unitCost: 10, annualUnits: 150, weekly: [1, 1, 1, 1] },
      { sku: 'C1', unitCost: 10, annualUnits: 50, weekly: [1, 1, 1, 1] },
      { sku: 'Z0', unitCost: 10, annualUnits: 0, weekly: [0, 0, 0, 0] },
    ]);
    expect(['A1', 'B1', 'C1', 'Z0'].map((k) => seg.get(k)!.abc + seg.get(k)!.xyz)).toEqual(['AX', 'BX', 'CX', 'CZ']);
    expect(seg.get('A1')!.annualValue).toBe(8000);
  });
});

describe('policy choice', () => {
  const policies = [
    { code: 'default-a', selector: { abc: ['A' as const] } },
    { code: 'ax', selector: { abc: ['A' as const], xyz: ['X' as const] } },
    { code: 'wh2', selector: { locations: ['WH2'] } },
    { code: 'sku', selector: { skus: ['S1'] } },
    { code: 'all', selector: {} },
  ];
  it('the most specific matching selector wins', () => {
    expect(choosePolicy(policies, { sku: 'S1', location: 'WH1', abc: 'A', xyz: 'X' })!.code).toBe('sku');
    expect(choosePolicy(policies, { sku: 'S2', location: 'WH1', abc: 'A', xyz: 'X' })!.code).toBe('ax');
    expect(choosePolicy(policies, { sku: 'S2', location: 'WH1', abc: 'A', xyz: 'Y' })!.code).toBe('default-a');
    expect(choosePolicy(policies, { sku: 'S2', location: 'WH1', abc: 'B', xyz: 'Y' })!.code).toBe('all');
    expect(choosePolicy(policies.slice(0, 1), { sku: 'S2', location: 'WH1', abc: 'B', xyz: 'Y' })).toBeNull();
  });
  it('a lifecycle selector beats ABC and XYZ (a run-down rule whatever the class), SKUs beat it; no stage known: it does not match', () => {
    const withRunDown = [...policies, { code: 'run-down', selector: { lifecycle: ['slow' as const, 'dead' as const] } }];
    expect(choosePolicy(withRunDown, { sku: 'S2', location: 'WH1', abc: 'A', xyz: 'X', lifecycle: 'dead' })!.code).toBe('run-down');
    expect(choosePolicy(withRunDown, { sku: 'S2', location: 'WH1', abc: 'A', xyz: 'X', lifecycle: 'active' })!.code).toBe('ax');
    expect(choosePolicy(withRunDown, { sku: 'S1', location: 'WH1', abc: 'A', xyz: 'X', lifecycle: 'dead' })!.code).toBe('sku');
    expect(choosePolicy(withRunDown, { sku: 'S2', location: 'WH1', abc: 'A', xyz: 'X' })!.code).toBe('ax');
  });
  it('ties go to the alphabetically first code', () => {
    expect(choosePolicy([{ code: 'b', selector: { abc: ['A' as const] } }, { code: 'a', selector: { xyz: ['X' as const] } }], { sku: 'S', location: 'L', abc: 'A', xyz: 'X' })!.code).toBe('a');
  });
});

describe('lead-time assumption', () => {
  const supplier = { code: 'ACME', defaultLeadTimeDays: 21, leadTimeSdDays: 3 } as Supplier;
  const learned = { leadTimeMode: 'learned' as const, leadTimeDays: null, leadTimeSdDays: null };
  const opts = { minSku: 5, minSupplier: 3, defaultDays: 14 };
  const sum = (n: number, mean: number, sd: number | null) => ({ n, meanDays: mean, sdDays: sd, minDays: null, maxDays: null, lastReceivedDay: null });
  it('SKU history, else supplier history, else the configured default', () => {
    expect(leadTimeFor(supplier, { sku: sum(5, 30, 4), overall: sum(10, 25, 2) }, learned, opts)).toEqual({ meanDays: 30, sdDays: 4, source: 'sku-history', n: 5, independence: 0, openOrders: 0 });
    expect(leadTimeFor(supplier, { sku: sum(4, 30, 4), overall: sum(10, 25, 2) }, learned, opts)).toEqual({ meanDays: 25, sdDays: 2, source: 'supplier-history', n: 10, independence: 0, openOrders: 0 });
    expect(leadTimeFor(supplier, { overall: sum(2, 25, 2) }, learned, opts)).toEqual({ meanDays: 21, sdDays: 3, source: 'supplier-default', n: 0, independence: 0, openOrders: 0 });
    expect(leadTimeFor(supplier, { overall: sum(3, 25, null) }, learned, opts).sdDays).toBe(3);
  });
  it("a learned lead time carries the supplier's independence from order to order; a configured one assumes orders arrive in sequence", () => {
    expect(leadTimeFor(supplier, { sku: sum(5, 30, 4), overall: sum(10, 25, 2), independence: 0.9 }, learned, opts).independence).toBe(0.9);
    expect(leadTimeFor(supplier, { overall: sum(10, 25, 2), independence: 0.9 }, learned, opts).independence).toBe(0.9);
    expect(leadTimeFor(supplier, { overall: sum(10, 25, 2), independence: null }, learned, opts).independence).toBe(0);
    expect(leadTimeFor(supplier, { overall: sum(2, 25, 2), independence: 0.9 }, learned, opts)).toMatchObject({ source: 'supplier-default', independence: 0 });
    expect(leadTimeFor(supplier, { overall: sum(10, 25, 2), independence: 0.9 }, { leadTimeMode: 'fixed', leadTimeDays: 40, leadTimeSdDays: 5 }, opts).independence).toBe(0);
  });
  it("the supplier's history counts its open POs (the fit with them), a SKU's the open POs that hold it", () => {
    const open = { count: 2, meanDays: 31.5, sdDays: 9 };
    expect(leadTimeFor(supplier, { overall: sum(10, 25, 2), open }, learned, opts)).toEqual({ meanDays: 31.5, sdDays: 9, source: 'supplier-history', n: 10, independence: 0, openOrders: 2 });
    expect(leadTimeFor(supplier, { sku: sum(5, 30, 4), overall: sum(10, 25, 2), open }, learned, opts)).toMatchObject({ meanDays: 30, source: 'sku-history', openOrders: 0 });
    // a SKU's own history counts the open POs that hold it
    expect(leadTimeFor(supplier, { sku: { ...sum(5, 30, 4), openOrders: { count: 1, meanDays: 34, sdDays: 6 } }, overall: sum(10, 25, 2), open }, learned, opts)).toEqual({ meanDays: 34, sdDays: 6, source: 'sku-history', n: 5, independence: 0, openOrders: 1 });
    // no fit (too few receipts to fit, or none open): the receipts
    expect(leadTimeFor(supplier, { overall: sum(10, 25, 2), open: { count: 2, meanDays: null, sdDays: null } }, learned, opts)).toMatchObject({ meanDays: 25, openOrders: 0 });
    expect(leadTimeFor(supplier, { overall: sum(2, 25, 2), open }, learned, opts).source).toBe('supplier-default');
  });
  it('policy-fixed and SKUs without a supplier', () => {
    expect(leadTimeFor(supplier, {}, { leadTimeMode: 'fixed', leadTimeDays: 40, leadTimeSdDays: null }, opts)).toEqual({ meanDays: 40, sdDays: 0, source: 'policy-fixed', n: 0, independence: 0, openOrders: 0 });
    expect(leadTimeFor(null, {}, learned, opts)).toEqual({ meanDays: 14, sdDays: 0, source: 'run-default', n: 0, independence: 0, openOrders: 0 });
    expect(leadTimeFor(supplier, { overall: sum(10, 25, 2) }, { ...learned, leadTimeMode: 'supplier-default' }, opts).source).toBe('supplier-default');
  });
});

describe('schedule and parameters', () => {
  it('parses HH:MM or off and finds the next occurrence (UTC)', () => {
    expect(parseSchedule('02:00')).toEqual({ hour: 2, minute: 0 });
    expect(parseSchedule('off')).toBeNull();
    expect(() => parseSchedule('25:00')).toThrow(/PLAN_SCHEDULE/);
    expect(() => parseSchedule('2am')).toThrow(/HH:MM/);
    const at = { hour: 2, minute: 0 };
    expect(new Date(nextOccurrence(Date.parse('2026-11-23T01:59:00Z'), at)).toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(new Date(nextOccurrence(Date.parse('2026-11-23T02:00:00Z'), at)).toISOString()).toBe('2026-11-24T02:00:00.000Z');
  });
  it('fills defaults and names the bad field', () => {
    expect(resolveParameters({}, '2026-01-05')).toMatchObject({ asOf: '2026-01-05', historyDays: 365, season: 7, forecastModel: 'auto', location: null });
    expect(() => resolveParameters({ asOf: '2026-02-30' })).toThrow(/asOf/);
    expect(() => resolveParameters({ asOf: '2026-01-06' }, '2026-01-05')).toThrow(/asOf 2026-01-06 is after today/);
    expect(() => resolveParameters({ historyDays: 5 })).toThrow(/historyDays/);
    expect(() => resolveParameters({ forecastModel: 'magic' })).toThrow(/forecastModel/);
    expect(() => resolveParameters({ bogus: 1 } as never)).toThrow(/bogus/);
    expect(resolveParameters({ forecastModel: 'ETS(A,N,N)' }).forecastModel).toBe('ets(a,n,n)');
  });
});
