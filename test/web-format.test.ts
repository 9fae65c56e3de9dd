/**
 * Pure helpers of the web app: money/percent/integer formatting (money stays exact: it is a
 * decimal string, never a float), day arithmetic, movement signs, the daily-demand series behind
 * the SKU page's chart, and API URL building.
 */
import { describe, expect, it } from 'vitest';
import { apiUrl } from '../src/web/api.ts';
import { dailyDemand } from '../src/web/daily-demand.ts';
import { classShiftsText, crossingText, daysBefore, daysBetween, instant, int, money, movementDelta, openOrdersText, orderDaysText, pct, pointsText, shiftText, signed, staleText } from '../src/web/format.ts';

describe('web formatting', () => {
  it("lists a policy's class shifts in demand-class order", () => {
    expect(classShiftsText({ intermittent: -0.9, smooth: 0.3 })).toBe('smooth +0.30, intermittent −0.90');
    expect([classShiftsText(null), classShiftsText(undefined)]).toEqual(['', '']);
  });

  it("names a policy's order days, or 'any'", () => {
    expect([orderDaysText([1, 4]), orderDaysText([7]), orderDaysText(null), orderDaysText([])]).toEqual(['Mon, Thu', 'Sun', 'any', 'any']);
  });

  it('formats money strings exactly, with thousands separators and at least 2 decimals', () => {
    expect(money('384912.20')).toBe('384,912.20');
    expect(money('0.5')).toBe('0.50');
    expect(money('-1234567.123456')).toBe('-1,234,567.123456');
    expect(money('12')).toBe('12.00');
    expect(money('90071992547409931.01')).toBe('90,071,992,547,409,931.01'); // beyond float precision
    expect(money(null)).toBe('–');
  });

  it('formats integers, signed quantities, percentages and instants', () => {
    expect(int(1234567)).toBe('1,234,567');
    expect(int(2.5)).toBe('3');
    expect(int(undefined)).toBe('–');
    expect(signed(12)).toBe('+12');
    expect(signed(-1200)).toBe('−1,200');
    expect(signed(0)).toBe('0');
    expect(pct(0.98)).toBe('98%');
    expect(pct(0.9745)).toBe('97.5%');
    expect(pct(null)).toBe('–');
    expect(instant('2026-11-23T18:07:00.000Z')).toBe('2026-11-23 18:07');
  });

  it('counts days back across month and year ends', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-11-24', '2026-11-10')).toBe(-14);
    expect(shiftText(-1.35)).toBe('−1.35');
    expect(shiftText(0.5)).toBe('+0.50');
    expect(shiftText(null)).toBe('–');
    expect(pointsText(0.986, 0.9)).toBe('+8.6');
    expect(pointsText(0.884, 0.9)).toBe('−1.6');
    expect(daysBefore('2026-01-05', 10)).toBe('2025-12-26');
  });

  it('shows sales and transfers out as stock leaving', () => {
    expect(movementDelta('sale', 5)).toBe(-5);
    expect(movementDelta('transfer_out', 3)).toBe(-3);
    expect(movementDelta('receipt', 7)).toBe(7);
    expect(movementDelta('adjustment', -2)).toBe(-2);
  });
});

describe('daily demand series', () => {
  it('sums the demand history over locations per UTC day over the window ending yesterday, with the stockout locations', () => {
    const d = (location: string, day: string, demand: number, stockout = false) => ({ location, day, demand, stockout });
    const s = dailyDemand(
      [
        d('WH1', '2026-11-20', 4),
        d('WH2', '2026-11-20', 1, true),
        d('WH1', '2026-11-21', -2), // more returns than sales: floored at 0
        d('WH1', '2026-11-22', 0, true), // out of stock all day: censored, nothing sold
        d('WH2', '2026-11-22', 4),
        d('WH1', '2026-11-23', 9), // today: outside the window
        d('WH1', '2026-11-18', 9, true), // before the window
      ],
      '2026-11-23',
      4,
    );
    expect(s.days).toEqual(['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    expect(s.values).toEqual([0, 5, 0, 4]);
    expect(s.stockouts).toEqual([[], ['WH2'], [], ['WH1']]);
  });
});

describe('API URLs', () => {
  it('drops empty query values and encodes the rest', () => {
    expect(apiUrl('/balances', { sku: 'A,B', location: '', only_non_zero: undefined, cursor: null, limit: 50 })).toBe('/api/v1/balances?sku=A%2CB&limit=50');
    expect(apiUrl('/skus')).toBe('/api/v1/skus');
  });
});

describe('openOrdersText (supplier lead times panel)', () => {
  it("a stale PO's reason: open too long, or a draft not placed", () => {
    expect(staleText({ open_days: 540, draft_days: null, stale_after_days: 72 })).toBe("open 540 days; stale after 72 (2 x the supplier's longest lead time or default): the plan still counts its open lines as inbound, so close it or chase the supplier");
    expect(staleText({ open_days: null, draft_days: 12, stale_after_days: 7 })).toBe('a draft for 12 days, not placed; stale after 7: plan runs count its lines as inbound, so it hides their need until it is placed or cancelled');
  });

  it('the fit with the open POs, how many and the oldest; none; too few receipts; stale ones', () => {
    expect(openOrdersText({ count: 9, oldest_days: 119, stale: 0, mean_days: 67.49, sd_days: 19.48 })).toBe('67.5 ± 19.5 d (9 open, oldest 119 d)');
    expect(openOrdersText({ count: 0, oldest_days: null, stale: 0, mean_days: null, sd_days: null })).toBe('none open');
    expect(openOrdersText({ count: 2, oldest_days: 30, stale: 1, mean_days: null, sd_days: null })).toBe('2 open, too few receipts; 1 stale');
    expect(openOrdersText({ count: 1, oldest_days: 3, stale: 2, mean_days: 14, sd_days: 2 })).toBe('14.0 ± 2.0 d (1 open, oldest 3 d; 2 stale)');
  });
});

describe('crossingText (supplier lead times panel)', () => {
  it('says whether POs overtake each other, and when there is too little evidence', () => {
    expect(crossingText({ overlapping: 158, crossed: 16, expected: 19.06, independence: 0.8393 })).toBe(
      'independence 0.84: the later PO arrived first in 16 of 158 pairs in transit together (19.1 expected if independent)',
    );
    expect(crossingText({ overlapping: 8, crossed: 1, expected: 0.34, independence: null })).toBe('too little evidence (the later PO arrived first in 1 of 8 pairs; 0.3 expected if independent)');
    expect(crossingText({ overlapping: 0, crossed: 0, expected: 0, independence: null })).toBe('no POs in transit together yet');
  });
});
