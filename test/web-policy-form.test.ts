/**
 * The Policies page's form (src/web/components/policy-form.tsx): the inputs showing a version send
 * back nothing when untouched, every edit is one field of the change's body, and a new policy
 * sends every field as the API takes it.
 */
import { describe, expect, it } from 'vitest';
import { changedFields, formStateOf, versionFields } from '../src/web/components/policy-form.tsx';
import { leadTimeText, lotText, selectorText } from '../src/web/format.ts';
import type { PolicyVersionApi } from '../src/web/types.ts';

const version: PolicyVersionApi = {
  version: 3,
  owner: 'ana',
  rationale: 'A parts at the main warehouse',
  selector: { abc: ['A'], xyz: ['Y', 'X'], skus: ['SKU-1', 'SKU-2'], locations: ['WH-MAIN'] },
  service_target: { kind: 'fill-rate', level: 0.975 },
  review_period_days: 7,
  lead_time_mode: 'fixed',
  lead_time_days: 14,
  lead_time_sd_days: 2,
  order_multiple: 6,
  max_cover_days: 60,
  max_order_value: '2500.00',
  safety_shift: 0.4,
  order_weekdays: [1, 4],
  class_shifts: { lumpy: 0.2 },
  auto_calibrate: true,
  order_cost: '25.00',
  holding_rate: 0.2,
  run_budget: '12000.00',
  active: true,
  created_at: '2026-11-01T00:00:00Z',
  created_by: 'ana',
};

describe('policy form', () => {
  it('sends nothing for a version shown and left alone', () => {
    expect(changedFields(version, formStateOf(version))).toEqual({});
    const plain: PolicyVersionApi = { ...version, selector: {}, lead_time_mode: 'learned', lead_time_days: null, lead_time_sd_days: null, order_multiple: null, max_cover_days: null, max_order_value: null, order_weekdays: null, class_shifts: null, auto_calibrate: false, safety_shift: 0, order_cost: null, holding_rate: 0.25, run_budget: null };
    expect(changedFields(plain, formStateOf(plain))).toEqual({});
  });

  it('sends each edit as its own field', () => {
    const f = formStateOf(version);
    expect(changedFields(version, { ...f, level: '98' })).toEqual({ service_target: { kind: 'fill-rate', level: 0.98 } });
    // money compared as a number: "2500" is the same amount
    expect(changedFields(version, { ...f, maxValue: '2500' })).toEqual({});
    expect(changedFields(version, { ...f, maxValue: '' })).toEqual({ max_order_value: null });
    expect(changedFields(version, { ...f, skus: '' })).toEqual({ selector: { abc: ['A'], xyz: ['X', 'Y'], locations: ['WH-MAIN'] } });
    // lifecycle stages ticked: the selector with them, sorted
    expect(changedFields(version, { ...f, lifecycle: ['slow', 'dead'] })).toEqual({ selector: { abc: ['A'], xyz: ['X', 'Y'], lifecycle: ['dead', 'slow'], skus: ['SKU-1', 'SKU-2'], locations: ['WH-MAIN'] } });
    expect(changedFields(version, { ...f, skus: 'SKU-1, SKU-2 SKU-3,SKU-1' })).toEqual({ selector: { abc: ['A'], xyz: ['X', 'Y'], skus: ['SKU-1', 'SKU-2', 'SKU-3'], locations: ['WH-MAIN'] } });
    expect(changedFields(version, { ...f, leadMode: 'learned' })).toEqual({ lead_time_mode: 'learned', lead_time_days: null, lead_time_sd_days: null });
    expect(changedFields(version, { ...f, days: [] })).toEqual({ order_weekdays: null });
    expect(changedFields(version, { ...f, classes: { ...f.classes, lumpy: '' } })).toEqual({ class_shifts: null });
    expect(changedFields(version, { ...f, auto: false, multiple: '' })).toEqual({ auto_calibrate: false, order_multiple: null });
    // the economic lot's order cost (money, compared as a number) and holding rate (a percentage in the form)
    expect(changedFields(version, { ...f, orderCost: '25' })).toEqual({});
    expect(changedFields(version, { ...f, orderCost: '' })).toEqual({ order_cost: null });
    expect(changedFields(version, { ...f, holding: '30' })).toEqual({ holding_rate: 0.3 });
    // the run budget: money compared as a number, blank = none
    expect(changedFields(version, { ...f, runBudget: '12000' })).toEqual({});
    expect(changedFields(version, { ...f, runBudget: ' 9500.5 ' })).toEqual({ run_budget: '9500.5' });
    expect(changedFields(version, { ...f, runBudget: '' })).toEqual({ run_budget: null });
  });

  it('a new policy starts at the defaults and sends every field', () => {
    const f = formStateOf(null);
    expect(f).toMatchObject({ kind: 'fill-rate', level: '95', review: '7', leadMode: 'learned', shift: '0', auto: false, abc: [], skus: '', orderCost: '', holding: '25', runBudget: '' });
    expect(versionFields({ ...f, abc: ['C', 'B'], locations: 'FBA-US', level: '90' })).toEqual({
      selector: { abc: ['B', 'C'], locations: ['FBA-US'] },
      service_target: { kind: 'fill-rate', level: 0.9 },
      review_period_days: 7,
      lead_time_mode: 'learned',
      lead_time_days: null,
      lead_time_sd_days: null,
      order_multiple: null,
      order_weekdays: null,
      max_cover_days: null,
      max_order_value: null,
      order_cost: null,
      holding_rate: 0.25,
      run_budget: null,
      safety_shift: 0,
      class_shifts: null,
      auto_calibrate: false,
    });
  });

  it('describes selectors and lead times', () => {
    expect(selectorText(version.selector)).toBe('ABC A · XYZ Y,X · 2 SKUs · at WH-MAIN');
    expect([selectorText({}), selectorText(null), selectorText({ abc: [] })]).toEqual(['everything', 'everything', 'everything']);
    expect(selectorText({ lifecycle: ['slow', 'dead'] })).toBe('slow,dead SKUs');
    expect(leadTimeText(version)).toBe('fixed 14 ± 2 d');
    expect(leadTimeText({ lead_time_mode: 'learned', lead_time_days: null, lead_time_sd_days: null })).toBe('learned');
    expect([lotText(version), lotText({ order_cost: null, holding_rate: 0.25 })]).toEqual(['economic (order 25.00, holding 20 %/yr)', 'review period']);
  });
});
