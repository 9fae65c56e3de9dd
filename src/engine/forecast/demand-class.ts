/**
 * Demand classification of Syntetos, Boylan & Croston (2005), "On the categorization of demand
 * patterns", JORS 56: ADI = average inter-demand interval (periods per non-zero demand) and
 * CV² = squared coefficient of variation of the non-zero demand sizes, with cut-offs
 * ADI 1.32 and CV² 0.49:
 *   smooth (ADI < 1.32, CV² < 0.49), erratic (ADI < 1.32, CV² >= 0.49),
 *   intermittent (ADI >= 1.32, CV² < 0.49), lumpy (ADI >= 1.32, CV² >= 0.49).
 */
import type { DemandClass } from './types.ts';

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

/** ADI, CV² and the class of y (NaN periods are ignored). */
export function classifyDemand(y: ArrayLike<number>): { adi: number; cv2: number; demandClass: DemandClass } {
  let nObs = 0;
  let nz = 0;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== v) continue;
    nObs++;
    if (v !== 0) {
      nz++;
      sum += v;
      sum2 += v * v;
    }
  }
  if (nObs === 0) return { adi: NaN, cv2: NaN, demandClass: 'none' };
  if (nz === 0) return { adi: Infinity, cv2: 0, demandClass: 'intermittent' };
  const adi = nObs / nz;
  const mu = sum / nz;
  const varz = nz > 1 ? (sum2 - nz * mu * mu) / (nz - 1) : 0;
  const cv2 = mu !== 0 ? Math.max(0, varz) / (mu * mu) : 0;
  const demandClass: DemandClass = adi < ADI_CUTOFF ? (cv2 < CV2_CUTOFF ? 'smooth' : 'erratic') : cv2 < CV2_CUTOFF ? 'intermittent' : 'lumpy';
  return { adi, cv2, demandClass };
}
