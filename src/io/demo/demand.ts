/**
 * The demo demand model: expected daily demand of a SKU at a location and a random draw of it.
 *
 *   mean(d) = baseRate x channel share x weekly(d) x yearly(d, seasonality) x events(d) x lifecycle(d)
 *
 * and the day's demand is drawn by pattern (Syntetos & Boylan 2005 classes by ADI and CV^2):
 * smooth = negative binomial with size k=15 (near Poisson), erratic = negative binomial k=0.7
 * (bursty sizes), intermittent = demand on few days (probability p) of small size, lumpy = demand
 * on very few days of large, highly variable size (B2B and gifting orders). Means are preserved:
 * p x mean size = mean(d).
 */
import type { DemandPattern, DemoSku, Seasonality } from './catalogue.ts';
import type { Rng } from './prng.ts';

/** Day-of-week factors, Sunday first (online orders peak Sunday evening and Monday). */
export const WEEKLY = [1.08, 1.12, 1.04, 1.0, 0.97, 0.9, 0.89];

const dayOfYear = (day: Date) => Math.floor((day.getTime() - Date.UTC(day.getUTCFullYear(), 0, 1)) / 86_400_000);

/** Yearly seasonality factor (mean about 1 over the year) for a calendar day. */
export function yearly(day: Date, s: Seasonality): number {
  const doy = dayOfYear(day);
  const wave = (peak: number, amp: number) => 1 + amp * Math.cos((2 * Math.PI * (doy - peak)) / 365);
  switch (s) {
    case 'summer':
      return wave(190, 0.45);
    case 'winter':
      return wave(10, 0.55);
    case 'gifting':
      return wave(200, 0.15) * (1 + 1.6 * Math.exp(-(((doy - 350) / 11) ** 2)));
    default:
      return 1;
  }
}

/** Promotions and calendar events: Black Friday to Cyber Monday, Prime Day (Amazon only), January lull. */
export function events(day: Date, location: string): number {
  const m = day.getUTCMonth();
  const d = day.getUTCDate();
  if ((m === 10 && d >= 24) || (m === 11 && d <= 1)) return 2.2;
  if (m === 6 && (d === 9 || d === 10) && location === 'FBA-US') return 2.8;
  if (m === 0 && d <= 20) return 0.85;
  return 1;
}

/** Launch ramp over three weeks, then steady; demand nearly stops after the SKU's end day. */
export function lifecycle(sku: DemoSku, dayIndex: number): number {
  if (dayIndex < sku.launchDay) return 0;
  if (dayIndex >= sku.endDay) return 0.01;
  return sku.launchDay > 0 ? Math.min(1, (dayIndex - sku.launchDay + 1) / 21) : 1;
}

/** Expected demand (units) of `sku` at `location` on calendar `day` (history day `dayIndex`). */
export function meanDemand(sku: DemoSku, location: string, day: Date, dayIndex: number): number {
  const share = sku.channels[location] ?? 0;
  if (!share) return 0;
  return sku.baseRate * share * WEEKLY[day.getUTCDay()] * yearly(day, sku.seasonality) * events(day, location) * lifecycle(sku, dayIndex);
}

/** One day's demand (units) with the given mean under the SKU's pattern. */
export function drawDemand(rng: Rng, pattern: DemandPattern, mean: number): number {
  if (mean <= 0) return 0;
  switch (pattern) {
    case 'smooth':
      return rng.negBinomial(mean, 15);
    case 'erratic':
      return rng.negBinomial(mean, 0.7);
    case 'intermittent': {
      const p = Math.min(0.5, mean * 0.8);
      return rng.bernoulli(p) ? 1 + rng.poisson(Math.max(0, mean / p - 1)) : 0;
    }
    case 'lumpy': {
      const p = Math.min(0.15, mean * 0.3);
      return rng.bernoulli(p) ? 1 + rng.negBinomial(Math.max(0, mean / p - 1), 0.5) : 0;
    }
  }
}
