import { describe, expect, it } from 'vitest';
import { nbSeries } from '../../test/helpers/nb-series.ts';
import { backtestGroup, backtestPlanPolicy, backtestPlanShifts, type BacktestJob, type BacktestOptions } from './plan-backtest.ts';
import { computeSuggestion, type PlanItem } from './suggestion.ts';

/** Pooled fill rate, mean on hand and orders per series of `count` Poisson series under the plan's policy. */
function pooled(rate: number, count: number, opts: BacktestOptions, leadTimeDays = 14) {
  let served = 0;
  let demanded = 0;
  let onHand = 0;
  let orders = 0;
  let days = 0;
  for (let i = 0; i < count; i++) {
    const o = backtestPlanPolicy({ y: nbSeries(420, rate, 1, 100 + i), leadTimeDays }, opts);
    served += o.served;
    demanded += o.demanded;
    onHand += o.avgOnHand;
    orders += o.orders;
    days = o.days;
  }
  return { fill: served / demanded, onHand: onHand / count, ordersPerSeries: orders / count, days };
}

describe('backtestPlanPolicy: the plan delivers the fill rate its policy promises', () => {
  // Stationary Poisson demand is the case the formulas are exact for (up to the min/max heuristic
  // and the first-order lost-sales correction): the plan has to land on its target there. The
  // earlier levels (s over lead time + review period, then S = s + Q) delivered 99-100 % here.
  it.each([0.9, 0.95])('Poisson 4/day, 14-day lead time, 7-day order cycle, lost sales: fill within 1.5 points of %s', (target) => {
    const r = pooled(4, 24, { fillRate: target, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1 });
    expect(r.days).toBe(210);
    expect(Math.abs(r.fill - target)).toBeLessThanOrEqual(0.015);
    // one order about every order cycle (R = 7 days): 30 cycles in 210 days
    expect(r.ordersPerSeries).toBeGreaterThan(20);
    expect(r.ordersPerSeries).toBeLessThan(40);
  });

  it('random lead times drawn per order: with the order crossover term (independence 1) the plan keeps its target, with the one-order term it over-delivers', () => {
    // Poisson 4/day, lead times N(42, 14) drawn for every order, weekly order cycle: orders a week
    // apart overtake each other, and the stock depends on how much of the pipeline has arrived
    const run = (fillRate: number, independence: number) => {
      let served = 0;
      let demanded = 0;
      let onHand = 0;
      for (let i = 0; i < 24; i++) {
        const o = backtestPlanPolicy(
          { y: nbSeries(420, 4, 1, 100 + i), leadTimeDays: 42, leadTimeSdDays: 14 },
          { fillRate, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1, seed: i + 1, burnIn: 49, warmup: 210, template: { leadTimeIndependence: independence } },
        );
        served += o.served;
        demanded += o.demanded;
        onHand += o.avgOnHand;
      }
      return { fill: served / demanded, onHand: onHand / 24 };
    };
    for (const target of [0.9, 0.95]) {
      const crossing = run(target, 1);
      const textbook = run(target, 0);
      expect(Math.abs(crossing.fill - target)).toBeLessThanOrEqual(0.015); // 89.3 / 95.7 %
      expect(textbook.fill).toBeGreaterThan(target + 0.04); // 97.4 / 99.8 %
      expect(textbook.onHand).toBeGreaterThan(1.4 * crossing.onHand); // 62 / 95 units against 40 / 54
    }
  });

  it('sizes orders as the plan sizes a line: a case pack raises stock and fill, a line cap splits orders', () => {
    // 1/day, 14-day lead time, 90 % target: the plan's lot is about 7 units; a case pack of 24
    // rounds every order up (the review used to replay without it and under-stated the service the
    // plan delivers, by 4 points on the demo's class-C parts)
    const base = { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1 };
    const loose = pooled(1, 24, base);
    const packed = pooled(1, 24, { ...base, template: { casePack: 24 } });
    expect(packed.fill).toBeGreaterThan(loose.fill);
    expect(packed.onHand).toBeGreaterThan(loose.onHand + 6); // about half a pack more on average
    // about 210 units over the replay: at most ~9 packs, where the loose plan orders every cycle
    expect(packed.ordersPerSeries).toBeLessThan(12);
    expect(loose.ordersPerSeries).toBeGreaterThan(20);
    // a line cap of 3 units (maxOrderUnits) splits each need over more orders
    const capped = pooled(1, 24, { ...base, template: { maxOrderUnits: 3 } });
    expect(capped.ordersPerSeries).toBeGreaterThan(loose.ordersPerSeries);
  });

  it('replays a new product from its launch forecast, as the nightly plan orders ahead of the launch', () => {
    // 24 launches at 4 a day from day 35, a 21-day lead time: the replay starts on day 7 with
    // nothing on hand and is measured from the launch for 84 days
    const run = (launch: BacktestOptions['launch']) => {
      let served = 0;
      let demanded = 0;
      for (let i = 0; i < 24; i++) {
        const y = new Float64Array(35 + 84);
        y.set(nbSeries(84, 4, 1, 300 + i), 35);
        const o = backtestPlanPolicy({ y, leadTimeDays: 21 }, { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, warmup: 7, burnIn: 28, model: 'ses', season: 1, launch, startOnHand: 0, seed: i + 1 });
        expect(o.days).toBe(84);
        served += o.served;
        demanded += o.demanded;
      }
      return served / demanded;
    };
    const launched = run({ ratePerDay: 4, cv: 0.5, launchIndex: 35, handOverDays: 56 });
    const historyOnly = run({ launchIndex: 35 });
    expect(launched).toBeGreaterThan(0.88);
    // without a launch forecast nothing is on the shelf at the launch, and the first order takes a lead time
    expect(historyOnly).toBeLessThan(launched - 0.1);
  });

  it('with backorders (no lost-sales correction) it lands up to 2.5 points under: the undershoot of s between nightly runs is ignored', () => {
    // measured: 88.9 % at 0.90 (lost sales with the correction: 88.7 %); the min/max heuristic treats
    // the position as reaching s exactly, while a day's demand (4 units) takes it below first
    const bo = pooled(4, 24, { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1, backorders: true });
    expect(bo.fill).toBeGreaterThanOrEqual(0.875);
    expect(bo.fill).toBeLessThanOrEqual(0.905);
  });

  it('replays several safety shifts at once: outcome k is the single replay at shift k', () => {
    // the policy review's calibration replays every candidate shift from one set of forecasts;
    // each must be exactly the plan a policy with that shift would make (random lead times, a cap,
    // lost sales and backorders)
    const shifts = [-1.5, -0.35, 0, 0.8, 2];
    for (const backorders of [false, true]) {
      for (const seed of [1, 2]) {
        const series = { y: nbSeries(240, 3, 2.5, 40 + seed), leadTimeDays: 9, leadTimeSdDays: 2 };
        const opts: BacktestOptions = { fillRate: 0.92, reviewPeriodDays: 7, refit: 3, model: 'ses', season: 1, backorders, burnIn: 16, seed, template: { maxCoverDays: 30 } };
        const many = backtestPlanShifts(series, opts, shifts);
        const one = shifts.map((z) => backtestPlanPolicy(series, { ...opts, template: { ...opts.template, safetyShift: z } }));
        expect(many).toEqual(one);
      }
    }
    // the alternatives are the levels a plan with that shift computes (exposure cap binding or not)
    const y = nbSeries(200, 3, 2.5, 5);
    for (const maxCoverDays of [null, 12]) {
      const item: PlanItem = { key: 0, y, stockout: new Uint8Array(200), season: 1, model: 'ses', onHand: 10, reserved: 0, inbound: 0, arrivalDays: [], arrivalQty: [], leadTimeDays: 9, leadTimeSdDays: 2, target: { kind: 'fill-rate', level: 0.95 }, reviewPeriodDays: 7, moq: 0, casePack: 1, orderMultiple: null, maxOrderUnits: null, maxCoverDays, lostSales: true };
      const alt = computeSuggestion({ ...item, alternativeShifts: shifts }).alternatives!;
      shifts.forEach((z, k) => {
        const r = computeSuggestion({ ...item, safetyShift: z });
        expect([alt[k].shift, alt[k].reorderPoint, alt[k].orderUpTo]).toEqual([z, r.reorderPoint, r.orderUpTo]);
      });
    }
    // higher shifts hold more stock
    const series = { y: nbSeries(240, 3, 2.5, 7), leadTimeDays: 9 };
    const o = backtestPlanShifts(series, { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1 }, [-1, 0, 1]);
    expect(o[0].avgOnHand).toBeLessThan(o[1].avgOnHand);
    expect(o[1].avgOnHand).toBeLessThan(o[2].avgOnHand);
    expect(() => backtestPlanShifts(series, { fillRate: 0.9, reviewPeriodDays: 7 }, [])).toThrow(/shift/);
  });

  it('measures recovery after a shock: one demand spike empties the shelf, which stays empty until the next order arrives', () => {
    // 3 a day, then on day 250 a spike of 200 units; lead time 9 days, orders any day (R = 7)
    const y = Float64Array.from({ length: 300 }, (_, t) => (t === 250 ? 200 : 3));
    const [o] = backtestPlanShifts({ y, leadTimeDays: 9 }, { fillRate: 0.95, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1, burnIn: 16 }, [0]);
    expect(o.stockoutEpisodes).toBe(1);
    // out from the spike until the order in transit, or one placed that day, arrives: within the
    // lead time and a day; and every later day sold in full
    expect(o.longestStockoutDays).toBeGreaterThanOrEqual(2);
    expect(o.longestStockoutDays).toBeLessThanOrEqual(10);
    expect(o.stockoutEpisodeDays).toBe(o.longestStockoutDays);
    // every day with demand left unserved lies in the episode: here each of its days
    expect(o.stockoutDays).toBe(o.stockoutEpisodeDays);
  });

  it('stockout episodes hold every short day; lower levels run out more often and recover no faster', () => {
    const series = { y: nbSeries(300, 3, 2.5, 11), leadTimeDays: 9 };
    const [low, high] = backtestPlanShifts(series, { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1, burnIn: 16 }, [-2, 2]);
    for (const o of [low, high]) {
      expect(o.stockoutEpisodes).toBeLessThanOrEqual(o.stockoutDays);
      expect(o.stockoutEpisodeDays).toBeGreaterThanOrEqual(o.stockoutDays);
      expect(o.longestStockoutDays).toBeLessThanOrEqual(o.stockoutEpisodeDays);
      if (o.stockoutEpisodes > 0) expect(o.longestStockoutDays).toBeGreaterThanOrEqual(o.stockoutEpisodeDays / o.stockoutEpisodes);
    }
    expect(low.stockoutEpisodes).toBeGreaterThan(high.stockoutEpisodes);
    expect(low.stockoutEpisodeDays).toBeGreaterThan(high.stockoutEpisodeDays);
  });

  it('counts replenishment cycles: from one order to the next, short when demand went unserved in it', () => {
    const series = { y: nbSeries(300, 3, 2.5, 11), leadTimeDays: 9 };
    const opts: BacktestOptions = { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1, burnIn: 16 };
    const [low, high] = backtestPlanShifts(series, opts, [-2, 2]);
    for (const o of [low, high]) {
      // every measured cycle is closed by an order: fewer cycles than orders
      expect(o.cycles).toBeGreaterThan(5);
      expect(o.cycles).toBeLessThan(o.orders);
      expect(o.cyclesShort).toBeLessThanOrEqual(o.cycles);
      // a short cycle has at least one stockout day
      expect(o.cyclesShort).toBeLessThanOrEqual(o.stockoutDays);
    }
    // low levels run short in more cycles than high ones
    expect(low.cyclesShort / low.cycles).toBeGreaterThan(high.cyclesShort / high.cycles);
    expect(low.cyclesShort).toBeGreaterThan(0);
  });

  it('orders on order days only: a plan told its order days keeps its target, one that is not falls short', () => {
    // Poisson 4/day, 14-day lead time, orders on Mondays only (day 0 is a Monday)
    const weekly = { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1, firstWeekday: 1, template: { orderWeekdays: [1] } };
    const told = pooled(4, 24, weekly);
    const naive = pooled(4, 24, { ...weekly, template: { orderWeekdays: null }, replayOrderWeekdays: [1] });
    // measured: 92.2 % told (periodic review up to the next Monday; 91.3 % with backorders, where
    // the formula is exact for the forecast's spread), 77.5 % not told (levels for nightly ordering)
    expect(told.fill).toBeGreaterThanOrEqual(0.9 - 0.015);
    expect(told.fill).toBeLessThanOrEqual(0.9 + 0.025);
    expect(naive.fill).toBeLessThan(0.8);
    // one order a week at most: 30 Mondays in 210 days
    expect(told.ordersPerSeries).toBeLessThanOrEqual(30);
  });

  it("replays a SKU's locations together under the supplier MOQ, as a plan run consolidates their lines", () => {
    const opts: BacktestOptions = { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1, burnIn: 21 };
    const member = (seed: number, rate: number): BacktestJob => ({ series: { y: nbSeries(420, rate, 1, seed), leadTimeDays: 14 }, options: { ...opts, seed }, shifts: [0, 1] });
    // an MOQ no order falls below changes nothing: the group replay is the single replay
    const solo = member(3, 4);
    expect(backtestGroup({ members: [solo], moq: 1 })).toEqual([backtestPlanShifts(solo.series, solo.options, solo.shifts!)]);
    // two locations at 1 and 0.5 a day, MOQ 200: each of the SKU's orders is 200 units in all,
    // shared by the two lines (the forced units go where stock covers the fewest days), so the
    // lines order rarely and hold far more stock, and serve more
    const a = member(5, 1);
    const b = member(6, 0.5);
    const alone = [a, b].map((m) => backtestPlanShifts(m.series, m.options, m.shifts!));
    const together = backtestGroup({ members: [a, b], moq: 200 });
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 2; k++) {
        expect(together[i][k].orders).toBeLessThan(alone[i][k].orders / 3);
        expect(together[i][k].avgOnHand).toBeGreaterThan(alone[i][k].avgOnHand + 25);
        expect(together[i][k].served).toBeGreaterThanOrEqual(alone[i][k].served);
        expect(together[i][k].demanded).toBe(alone[i][k].demanded);
      }
    }
    // about 1.5 units a day over 420 - 210 days: the 200-unit orders of the group total at least
    // what it sold over the replay (they are its only receipts after the starting stock)
    const units = together.reduce((t, m) => t + m[0].served, 0);
    expect(units).toBeGreaterThan(250);
    // the lower-demand location takes units it did not ask for: it orders as often as the other
    expect(Math.abs(together[0][0].orders - together[1][0].orders)).toBeLessThanOrEqual(2);
    // a SKU's locations under two policies: each policy's candidate shifts are replayed with the
    // other location held at its current shift (outcome 0), not moved along the same grid
    const grid = [0, -1, 1];
    const pa = { ...a, shifts: grid };
    const pb = { ...b, shifts: grid };
    const held = (m: BacktestJob) => ({ ...m, shifts: [0, 0, 0] });
    const split = backtestGroup({ members: [pa, pb], moq: 200, policies: ['P', 'Q'] });
    expect(split[0]).toEqual(backtestGroup({ members: [pa, held(pb)], moq: 200 })[0]);
    expect(split[1]).toEqual(backtestGroup({ members: [held(pa), pb], moq: 200 })[1]);
    // one policy: the same grid for both, as without `policies`
    expect(backtestGroup({ members: [pa, pb], moq: 200, policies: ['P', 'P'] })).toEqual(backtestGroup({ members: [pa, pb], moq: 200 }));
    // and the coupling is real: moved along the same grid, the other location's shift changes b's outcome
    expect(backtestGroup({ members: [pa, pb], moq: 200 })[1]).not.toEqual(split[1]);
    expect(() => backtestGroup({ members: [pa, pb], moq: 200, policies: ['P'] })).toThrow(/policies/);
    expect(() => backtestGroup({ members: [a, b], moq: 0 })).toThrow(/moq/);
    expect(() => backtestGroup({ members: [a, { ...b, series: { ...b.series, y: b.series.y.slice(0, 400) } }], moq: 200 })).toThrow(/same days/);
    expect(() => backtestGroup({ members: [a, { ...b, shifts: [0] }], moq: 200 })).toThrow(/same number of shifts/);
  });

  it('refuses a bad warm-up or refit', () => {
    const y = nbSeries(30, 2, 1, 1);
    expect(() => backtestPlanPolicy({ y, leadTimeDays: 3 }, { fillRate: 0.9, reviewPeriodDays: 7, warmup: 30 })).toThrow(/warm-up/);
    expect(() => backtestPlanPolicy({ y, leadTimeDays: 3 }, { fillRate: 0.9, reviewPeriodDays: 7, refit: 0 })).toThrow(/refit/);
  });
});
