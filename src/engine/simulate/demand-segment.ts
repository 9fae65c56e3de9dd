/**
 * Demand segment of a history, as the simulator and its calibration group items: the
 * Syntetos-Boylan class (smooth, erratic, intermittent, lumpy; ADI 1.32, CV^2 0.49; Syntetos,
 * Boylan & Croston 2005), or 'none' when the history holds no demand.
 */
import { classifyDemand } from '../forecast/index.ts';

export function demandSegment(history: ArrayLike<number>): string {
  for (let i = 0; i < history.length; i++) {
    if (history[i] > 0) return classifyDemand(history).demandClass;
  }
  return 'none';
}
