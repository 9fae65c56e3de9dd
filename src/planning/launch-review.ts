/**
 * Launch review: how good were the planners' launch forecasts, and what rate cv do their
 * estimates warrant? The launch forecasts' counterpart of the policy review (policy-review.ts):
 * every launch forecast is a stated demand bet, and its outcome is in the ledger.
 *
 * What: for every launch forecast whose launch day is past, the days of its hand-over (launch day
 * .. launch day + hand_over_days - 1, up to the day before `asOf`) are read from the demand history
 * (ledger demandHistory: units sold minus returned per day; stockout days are censored and left
 * out, as the forecasts leave them out). A launch with at least MIN_LAUNCH_OBSERVED_DAYS observed
 * days gets its actual rate (units / observed days) and its ratio to the stated rate. Then:
 * - **coverage**: whether the units sold fall inside the central 80 % band of what the launch
 *   forecast said they would be (negative binomial with mean r d and variance r d + cv^2 (r d)^2 over
 *   the d observed days: the same Gamma-Poisson mixture the plan uses, engine/forecast/launch.ts).
 *   Over many launches about 80 % should; fewer means the stated cvs are too small;
 * - **bias**: the geometric mean of actual / stated (1 = unbiased; 0.7 = launches sell 30 % below
 *   the estimate, as a rule);
 * - **error**: the spread of log(actual / stated) across launches, less the part that is only the
 *   noise of counting d days of sales (about 1 / units sold, by the delta method);
 * - **proposed cv** = half that error. Why half: a fill-rate target is an average over launches, so
 *   the over-estimated ones carry the under-estimated. bench/launch.ts (200 launches, 21-day lead
 *   time) with cv = error / 2: 90.0 / 94.9 % at targets 0.90 / 0.95 for an error of 0.25 (cv
 *   0.125), 90.9 / 95.5 % for 0.5 (cv 0.25), 91.8 / 95.1 % for 1.0 (cv 0.5); cv = error
 *   over-delivers (93.5 / 97.2 % at 0.5) with a third more stock, cv = error / 4 falls short at 1.0
 *   (89.9 / 93.7 %). Proposed only from MIN_LAUNCHES_FOR_PROPOSAL reviewed launches.
 * A launch forecast changed after its launch day is reported but left out of the figures: it is a
 * revised estimate, made with the first sales in view. Reads only; changes nothing.
 */
import { fromMoments } from '../engine/stats/index.ts';
import { demandHistory } from '../ledger/index.ts';
import { validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { addDays, daysBetween } from './dates.ts';
import { listLaunchForecasts } from './launch-forecasts.ts';

/** Observed (uncensored) days a launch needs before its outcome counts. */
export const MIN_LAUNCH_OBSERVED_DAYS = 14;
/** Reviewed launches needed for a proposed cv. */
export const MIN_LAUNCHES_FOR_PROPOSAL = 5;
/** The central band whose coverage is reported (80 %: 10 % to 90 %). */
export const LAUNCH_BAND = { low: 0.1, high: 0.9 } as const;

export interface LaunchOutcome {
  sku: string;
  location: string;
  owner: string;
  launchDay: string;
  ratePerDay: number;
  cv: number;
  handOverDays: number;
  /**
   * reviewed: counted in the figures; too-early: under MIN_LAUNCH_OBSERVED_DAYS observed days yet
   * (or not launched); revised: the forecast was changed after its launch day.
   */
  status: 'reviewed' | 'too-early' | 'revised';
  /** Days of the window read so far (launch day .. the day before asOf, at most hand_over_days). */
  days: number;
  /** Of them, stockout days (censored, left out) and observed days. */
  stockoutDays: number;
  observedDays: number;
  /** Units sold on the observed days. */
  sold: number;
  /** sold / observedDays (null without observed days). */
  actualRate: number | null;
  /** actualRate / ratePerDay. */
  ratio: number | null;
  /** The 80 % band of units sold the launch forecast stated for the observed days, and whether `sold` fell in it. */
  band: { low: number; high: number } | null;
  inBand: boolean | null;
}

export interface LaunchFigures {
  launches: number;
  /** Geometric mean of actual / stated. */
  bias: number | null;
  /** Spread of log(actual / stated), counting noise removed (null under 2 launches). */
  error: number | null;
  /** Share of launches whose sales fell inside their stated 80 % band. */
  coverage: number | null;
  /** Mean stated cv. */
  statedCv: number | null;
}

export interface LaunchReview {
  asOf: string;
  launches: LaunchOutcome[];
  /** Over the reviewed launches; and per owner (who made the estimates). */
  overall: LaunchFigures;
  byOwner: (LaunchFigures & { owner: string })[];
  /** error / 2, rounded to 0.05 (null with too few launches); why: the file comment. */
  proposedCv: number | null;
  reason: string;
}


/** The figures over some reviewed launches (see the file comment). */
export function launchFigures(outcomes: readonly LaunchOutcome[]): LaunchFigures {
  const rs = outcomes.filter((o) => o.status === 'reviewed' && o.ratio !== null);
  if (!rs.length) return { launches: 0, bias: null, error: null, coverage: null, statedCv: null };
  // a launch that sold nothing has no log ratio: it counts as half a unit sold (a floor, not a guess of zero)
  const logs = rs.map((o) => Math.log(Math.max(o.sold, 0.5) / o.observedDays / o.ratePerDay));
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  let error: number | null = null;
  if (logs.length >= 2) {
    const variance = logs.reduce((t, x) => t + (x - mean) ** 2, 0) / (logs.length - 1);
    const noise = rs.reduce((t, o) => t + 1 / Math.max(o.sold, 1), 0) / rs.length;
    error = Math.sqrt(Math.max(0, variance - noise));
  }
  return {
    launches: rs.length,
    bias: Math.exp(mean),
    error,
    coverage: rs.filter((o) => o.inBand).length / rs.length,
    statedCv: rs.reduce((t, o) => t + o.cv, 0) / rs.length,
  };
}

/** Reviews every launch forecast as of `asOf` (default today, UTC); see the file comment. */
export async function reviewLaunches(ex: Executor, opts: { asOf?: string } = {}): Promise<LaunchReview> {
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) throw validationError(`as_of must be a day YYYY-MM-DD (got ${JSON.stringify(asOf)})`, { field: 'as_of' });
  const forecasts = await listLaunchForecasts(ex);
  const launches: LaunchOutcome[] = [];
  for (const lf of forecasts) {
    const last = addDays(asOf, -1);
    const end = addDays(lf.launchDay, lf.handOverDays - 1) < last ? addDays(lf.launchDay, lf.handOverDays - 1) : last;
    const days = Math.max(0, daysBetween(lf.launchDay, end) + 1);
    let stockoutDays = 0;
    let sold = 0;
    if (days > 0) {
      // sparse: a day without a row sold nothing and had stock
      for (const r of await demandHistory(ex, { from: lf.launchDay, to: end, skus: [lf.sku], locations: [lf.location], fillStockoutGaps: true })) {
        if (r.stockout) stockoutDays++;
        else sold += r.demand;
      }
    }
    const observedDays = days - stockoutDays;
    const revised = lf.updatedAt.slice(0, 10) > lf.launchDay;
    const status: LaunchOutcome['status'] = revised ? 'revised' : observedDays < MIN_LAUNCH_OBSERVED_DAYS ? 'too-early' : 'reviewed';
    let band: LaunchOutcome['band'] = null;
    if (observedDays > 0) {
      const m = lf.ratePerDay * observedDays;
      const dist = fromMoments(m, m + lf.cv * lf.cv * m * m, 'negbin');
      band = { low: dist.quantile(LAUNCH_BAND.low), high: dist.quantile(LAUNCH_BAND.high) };
    }
    const actualRate = observedDays > 0 ? sold / observedDays : null;
    launches.push({
      sku: lf.sku,
      location: lf.location,
      owner: lf.owner,
      launchDay: lf.launchDay,
      ratePerDay: lf.ratePerDay,
      cv: lf.cv,
      handOverDays: lf.handOverDays,
      status,
      days,
      stockoutDays,
      observedDays,
      sold,
      actualRate,
      ratio: actualRate === null ? null : actualRate / lf.ratePerDay,
      band,
      inBand: band ? sold >= band.low && sold <= band.high : null,
    });
  }
  const overall = launchFigures(launches);
  const owners = [...new Set(launches.filter((o) => o.status === 'reviewed').map((o) => o.owner))].sort();
  const byOwner = owners.map((owner) => ({ owner, ...launchFigures(launches.filter((o) => o.owner === owner)) }));
  let proposedCv: number | null = null;
  let reason: string;
  if (overall.launches < MIN_LAUNCHES_FOR_PROPOSAL || overall.error === null) {
    reason = `${overall.launches} launch(es) reviewed; a cv is proposed from ${MIN_LAUNCHES_FOR_PROPOSAL} (each needs ${MIN_LAUNCH_OBSERVED_DAYS} days of observed sales after its launch day)`;
  } else {
    proposedCv = Math.round((overall.error / 2) * 20) / 20;
    const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
    reason =
      `${overall.launches} launches: actual / stated rate ${overall.bias!.toFixed(2)} (geometric mean), log error ${overall.error.toFixed(2)} after counting noise; ` +
      `${pct(overall.coverage!)} sold inside their stated 80 % band (mean cv ${overall.statedCv!.toFixed(2)}). ` +
      `A cv of half the error (${proposedCv.toFixed(2)}) meets a fill-rate target over launches (bench/launch.ts)` +
      (Math.abs(Math.log(overall.bias!)) > overall.error / 2 ? `; the estimates are biased: scale them by about ${overall.bias!.toFixed(2)} as well` : '');
  }
  return { asOf, launches, overall, byOwner, proposedCv, reason };
}
