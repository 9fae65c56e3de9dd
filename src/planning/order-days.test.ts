import { describe, expect, it } from 'vitest';
import { addWeekdays, isoWeekday, orderCalendar, weekdayNames } from './order-days.ts';

describe('order days', () => {
  it('ISO weekdays of days and offsets', () => {
    expect([isoWeekday('2026-11-23'), isoWeekday('2026-11-29'), isoWeekday('2024-01-01')]).toEqual([1, 7, 1]);
    expect([addWeekdays(7, 1), addWeekdays(1, -1), addWeekdays(3, 14), addWeekdays(2, -9)]).toEqual([1, 7, 3, 7]);
  });

  it('the wait until the next order day and the gap to the one after', () => {
    expect(orderCalendar(3, null)).toEqual({ waitDays: 0, gapDays: 1 });
    // Mondays only: from a Monday, order now, next chance in 7 days; from a Wednesday, wait 5
    expect(orderCalendar(1, [1])).toEqual({ waitDays: 0, gapDays: 7 });
    expect(orderCalendar(3, [1])).toEqual({ waitDays: 5, gapDays: 7 });
    // Monday and Thursday: Mon -> Thu 3 days, Thu -> Mon 4 days
    expect(orderCalendar(1, [1, 4])).toEqual({ waitDays: 0, gapDays: 3 });
    expect(orderCalendar(4, [4, 1])).toEqual({ waitDays: 0, gapDays: 4 });
    expect(orderCalendar(6, [1, 4])).toEqual({ waitDays: 2, gapDays: 3 });
    expect(weekdayNames([4, 1])).toBe('Mon, Thu');
  });
});
