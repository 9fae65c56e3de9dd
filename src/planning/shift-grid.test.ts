import { describe, expect, it } from 'vitest';
import { CALIBRATION_GRID, smallestMeetingShift } from './shift-grid.ts';

describe('the calibration grid and its selection rule', () => {
  it('spans -3..3 sd in steps of 0.05, exactly', () => {
    expect(CALIBRATION_GRID.length).toBe(121);
    expect([CALIBRATION_GRID[0], CALIBRATION_GRID[60], CALIBRATION_GRID[120], CALIBRATION_GRID[51]]).toEqual([-3, 0, 3, -0.45]);
  });

  it('takes the smallest shift from which every higher one meets the target, past any dip', () => {
    // fills rise with the shift, with a dip below the target at index 4
    const fills = [0.8, 0.85, 0.9, 0.91, 0.89, 0.92, 0.95];
    expect(smallestMeetingShift(fills, 0.9)).toEqual({ index: 5, atLimit: false });
    expect(smallestMeetingShift(fills, 0.85)).toEqual({ index: 1, atLimit: false });
    // null (no demand) counts as a miss
    expect(smallestMeetingShift([0.95, null, 0.96], 0.9)).toEqual({ index: 2, atLimit: false });
  });

  it('reports the ends of the grid', () => {
    expect(smallestMeetingShift([0.5, 0.6, 0.7], 0.9)).toEqual({ index: 2, atLimit: true });
    expect(smallestMeetingShift([0.95, 0.96, 0.97], 0.9)).toEqual({ index: 0, atLimit: true });
  });
});
