/**
 * The stock of one item as the simulator steps it, period by period: on hand, on order (with the
 * arrival schedule) and backlog. One place for the inventory mechanics that the policy backtest
 * (simulate-series.ts) and the calibration replay (segment-calibration.ts) must share exactly:
 * - receive: what is due this period arrives first and clears the backlog;
 * - order up to S: orders S - (on hand + on order - backlog) if positive (or a given quantity,
 *   `order`), arriving after a lead time sampled as round(L + sd Z) (sampleLeadTime; the RNG is
 *   drawn only when an order is placed), at once when that is 0;
 * - serve: demand is met from on hand; the rest is lost, or backlogged with backorders.
 * Periods are whatever index the caller uses, consistently (0- or 1-based).
 */
import type { Rng } from '../stats/index.ts';

/**
 * Sampled lead time in whole periods: round(L + sd Z), Z standard normal, floored at 0.
 * Deterministic (rounded mean) when sd is 0.
 */
export function sampleLeadTime(mean: number, sd: number, rng: Rng): number {
  if (!(sd > 0)) return Math.max(0, Math.round(mean));
  return Math.max(0, Math.round(mean + sd * rng.normal()));
}

export class PeriodStock {
  onHand = 0;
  onOrder = 0;
  backlog = 0;
  private readonly arrivals: Float64Array;

  /** `lastPeriod` = the largest period index the caller will use. */
  constructor(
    lastPeriod: number,
    private readonly leadTime: number,
    private readonly leadTimeSd: number,
    private readonly backorders: boolean,
    private readonly rng: Rng,
  ) {
    this.arrivals = new Float64Array(lastPeriod + Math.ceil(leadTime + 8 * leadTimeSd) + 3);
  }

  /** Receives what is due in period `p`, clearing backlog first. */
  receive(p: number): void {
    const a = this.arrivals[p];
    if (a > 0) {
      this.onHand += a;
      this.onOrder -= a;
      if (this.backlog > 0) this.clearBacklog();
    }
  }

  /** Orders up to `level` in period `p`; returns the quantity ordered (0 when the position covers it). */
  orderUpTo(level: number, p: number): number {
    const q = level - (this.onHand + this.onOrder - this.backlog);
    if (!(q > 0)) return 0;
    this.order(q, p);
    return q;
  }

  /** Orders `q` (> 0) units in period `p`, arriving after a sampled lead time (at once when it is 0). */
  order(q: number, p: number): void {
    const lead = sampleLeadTime(this.leadTime, this.leadTimeSd, this.rng);
    if (lead === 0) {
      this.onHand += q;
      this.clearBacklog();
    } else {
      this.arrivals[Math.min(p + lead, this.arrivals.length - 1)] += q;
      this.onOrder += q;
    }
  }

  /** Serves demand `d` (> 0) from on hand; returns the units served (the rest is lost or backlogged). */
  serve(d: number): number {
    const s = Math.min(this.onHand, d);
    this.onHand -= s;
    if (this.backorders && s < d) this.backlog += d - s;
    return s;
  }

  private clearBacklog(): void {
    const f = Math.min(this.backlog, this.onHand);
    this.backlog -= f;
    this.onHand -= f;
  }
}
