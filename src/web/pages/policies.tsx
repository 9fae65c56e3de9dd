/**
 * Policies: every replenishment policy's current version (who owns it, why, its target and
 * levers), and the policy review: each policy replayed on the ledger's recent demand (fill
 * achieved against the target, stock held), with the calibration it proposes and a button that
 * applies it as new policy versions (POST /policy-reviews as a job with its progress shown, GET
 * /policy-review-jobs/:id; docs/planning.md "Policy review").
 * Reviews run here are saved; the history lists every saved review (the weekly scheduled ones
 * too), so a policy's record over time is one glance.
 */
import { Fragment, useState } from 'react';
import { ApiError, get, post } from '../api.ts';
import { PolicyForm } from '../components/policy-form.tsx';
import { Badge, ErrorBox, Loading, PageHeader } from '../components/ui.tsx';
import { classShiftParts, classShiftsText, instant, int, leadTimeText, money, num1, num2, orderDaysText, pct, pointsText, selectorText, shiftText } from '../format.ts';
import { applicable } from '../review-status.ts';
import { LaunchReviewPanel } from '../components/launch-review.tsx';
import { useApi } from '../hooks.ts';
import type { Page, PolicyApi, PolicyOutcomeApi, PolicyReviewApi, ReviewJobApi } from '../types.ts';

const shift = shiftText;
const points = pointsText;


export function PoliciesPage() {
  const [retired, setRetired] = useState(false);
  const [creating, setCreating] = useState(false);
  const policies = useApi(() => get<{ items: PolicyApi[] }>('/policies', { include_inactive: retired || undefined }), [retired]);
  const history = useApi(() => get<Page<PolicyReviewApi>>('/policy-reviews', { limit: 20 }), []);
  const [days, setDays] = useState(180);
  // the history each replayed plan reads (a plan run's default, 365 days): set it to the plan runs' own
  const [historyDays, setHistoryDays] = useState(365);
  const [review, setReview] = useState<PolicyReviewApi | null>(null);
  const [busy, setBusy] = useState<'review' | 'apply' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);

  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const run = async (apply: boolean) => {
    setBusy(apply ? 'apply' : 'review');
    setError(null);
    setProgress(null);
    try {
      // applying re-runs the same review (same day, same seeds) and writes its proposals; a job
      // (async) so that a large catalogue's minute shows its progress instead of a frozen button
      let job = await post<ReviewJobApi>('/policy-reviews', { days, history_days: historyDays, calibrate: true, save: true, async: true, ...(apply && review ? { apply: true, as_of: review.as_of } : {}) });
      while (job.status === 'running') {
        setProgress(job.progress);
        await new Promise((res) => setTimeout(res, 500));
        job = await get<ReviewJobApi>(`/policy-review-jobs/${job.job_id}`);
      }
      if (job.status === 'failed' || !job.review) throw new ApiError(job.error?.status ?? 500, job.error?.code ?? 'INTERNAL', job.error?.message ?? 'the review failed');
      const r = job.review;
      setReview(r);
      history.reload();
      if (apply) policies.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };
  const items = policies.data?.items ?? [];
  // a review already applied has nothing left to apply (its policies have new versions)
  const toApply = review && !review.applied ? review.policies.filter(applicable) : [];
  return (
    <>
      <PageHeader title="Policies" sub="Who answers for each replenishment rule, why, and how it did on the ledger's own recent demand. A change is always a new version: click a policy to change or retire it.">
        <label className="check">
          <input type="checkbox" checked={retired} onChange={(e) => setRetired(e.target.checked)} aria-label="show retired" /> show retired
        </label>
        <button type="button" className="primary" onClick={() => setCreating(!creating)} data-testid="new-policy">
          New policy
        </button>
      </PageHeader>
      {creating && (
        <PolicyForm
          onCancel={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            setOpen(p.code);
            policies.reload();
          }}
        />
      )}
      <ErrorBox error={policies.error} />
      <table className="data" data-testid="policies">
        <thead>
          <tr>
            <th>Policy</th>
            <th>Applies to</th>
            <th>Target</th>
            <th className="num">Review (d)</th>
            <th>Order days</th>
            <th>Lead time</th>
            <th className="num">Max cover (d)</th>
            <th className="num">Safety shift</th>
            <th className="num">Version</th>
            <th>Owner</th>
            <th>Rationale</th>
            <th>Since</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <Fragment key={p.code}>
              <tr className="clickable" onClick={() => setOpen(open === p.code ? null : p.code)} data-testid="policy-row" title="Click to change the policy and see its versions">
                <td>
                  {open === p.code ? '▾ ' : '▸ '}
                  <span className="mono">{p.code}</span>
                  {!p.current.active && (
                    <span className="badge badge-retired" data-testid="retired" style={{ marginLeft: 6 }}>
                      retired
                    </span>
                  )}
                  <div className="muted small">{p.name}</div>
                </td>
                <td>{selectorText(p.current.selector)}</td>
                <td>{`${pct(p.current.service_target.level)} ${p.current.service_target.kind}`}</td>
                <td className="num">{int(p.current.review_period_days)}</td>
                <td>{orderDaysText(p.current.order_weekdays)}</td>
                <td>{leadTimeText(p.current)}</td>
                <td className="num">{int(p.current.max_cover_days)}</td>
                <td className="num">
                  {shift(p.current.safety_shift)}
                  {p.current.class_shifts && (
                    <div className="muted small" data-testid="class-shifts" title="Class shifts: added to the safety shift for SKU x locations of that demand class">
                      {classShiftParts(p.current.class_shifts).map((x) => (
                        <div key={x}>{x}</div>
                      ))}
                    </div>
                  )}
                  {p.current.auto_calibrate && <div className="muted small">auto</div>}
                </td>
                <td className="num">{p.current.version}</td>
                <td>{p.current.owner}</td>
                <td className="small wrap" title={p.current.rationale}>
                  <div className="clamp">{p.current.rationale}</div>
                </td>
                <td className="mono">{instant(p.current.created_at)}</td>
              </tr>
              {open === p.code && (
                <tr>
                  <td colSpan={12}>
                    <PolicyForm key={`${p.code}-${p.current.version}`} policy={p} onSaved={() => policies.reload()} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <Loading loading={policies.loading} />

      <section className="panel" data-testid="policy-review">
        <h2>Review against recent demand</h2>
        <p className="muted">
          Replays the last days of every SKU × location with the plan's own policy (re-planned weekly, orders in whole packs and raised to the supplier's MOQ as a run raises them, lost sales for SKUs without backorders) and pools the outcome per policy,
          in the target's own measure (fill rate, or cycle service). The calibration proposes the safety shift (reorder point moved by z sd of lead-time demand) from which
          the replay meets the target with the least stock; policies
          within 1.5 points of their target keep theirs.
        </p>
        <div className="filters">
          <label>
            Days{' '}
            <input type="number" name="days" min={28} max={730} value={days} onChange={(e) => setDays(Number(e.target.value))} style={{ width: '6em' }} />
          </label>
          <label title="Days of history each replayed plan reads (a plan run's default is 365): set it to what the plan runs read">
            history{' '}
            <input type="number" name="history_days" min={28} max={1095} value={historyDays} onChange={(e) => setHistoryDays(Number(e.target.value))} style={{ width: '6em' }} aria-label="history days" />
          </label>
          <button type="button" className="primary" onClick={() => void run(false)} disabled={busy !== null} data-testid="review-policies">
            {busy === 'review' ? 'Replaying…' : 'Review policies'}
          </button>
          <button type="button" onClick={() => void run(true)} disabled={busy !== null || toApply.length === 0} data-testid="apply-calibration">
            {busy === 'apply' ? 'Applying…' : `Apply proposals${toApply.length ? ` (${toApply.length})` : ''}`}
          </button>
          {progress && progress.total > 0 && (
            <span className="muted small" data-testid="review-progress">
              replayed {int(progress.done)} of {int(progress.total)} SKU × locations
            </span>
          )}
        </div>
        <ErrorBox error={error} />
        {review && (
          <>
            <p className="small">
              {review.id !== null ? `Review #${review.id} (saved): r` : 'R'}eplayed {review.from} to the day before {review.as_of} ({review.days} days{review.history_days ? `, each plan reading up to ${int(review.history_days)} days of history` : ''}); {int(review.skipped)} SKU × locations
              skipped (too little history).
            </p>
            {review.applied && (
              <div className="notice" data-testid="applied">
                {review.applied.length === 0
                  ? 'Nothing applied: no proposal left.'
                  : review.applied.map((a) => `${a.policy}: version ${a.version} written (safety shift ${shift(a.safety_shift)}${a.class_shifts ? `; ${classShiftsText(a.class_shifts)}` : ''})`).join(' · ')}
              </div>
            )}
            <table className="data" data-testid="review-table">
              <thead>
                <tr>
                  <th>Policy</th>
                  <th>Target</th>
                  <th className="num" title="The target's own measure: fill rate, or cycle service (share of replenishment cycles without a stockout)">Achieved</th>
                  <th className="num">vs target</th>
                  <th className="num">Pairs</th>
                  <th className="num">Avg on hand</th>
                  <th className="num">Value</th>
                  <th className="num" title="Recovery after shocks: stockout episodes (a day with demand left unserved, until a day closes with stock again) and the mean days one lasted (the longest)">
                    Stockouts · recovery
                  </th>
                  <th className="num">Shift now</th>
                  <th className="num">Proposed</th>
                  <th className="num">Then</th>
                  <th className="num">On hand then</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {review.policies.map((p) => (
                  <Fragment key={p.policy ?? '(default)'}>
                    <tr title={p.calibration?.reason}>
                      <td className="mono">{p.policy === null ? '(built-in default)' : `${p.policy} v${p.version}`}</td>
                      <td>{`${pct(p.target.level)} ${p.target.kind}`}</td>
                      <td className="num">{pct(p.achieved)}</td>
                      <td className="num">{points(p.achieved, p.target.level)}</td>
                      <td className="num">{int(p.pairs)}</td>
                      <td className="num">{int(p.avg_on_hand)}</td>
                      <td className="num">{money(p.avg_on_hand_value)}</td>
                      <td className="num" data-testid="review-recovery">
                        {p.mean_recovery_days === null ? int(p.stockout_episodes) : `${int(p.stockout_episodes)} · ${num1(p.mean_recovery_days)} d (max ${int(p.longest_stockout_days)})`}
                      </td>
                      <td className="num">{shift(p.safety_shift)}</td>
                      <td className="num">{shift(p.calibration?.shift)}</td>
                      <td className="num">{pct(p.target.kind === 'fill-rate' ? p.calibration?.fill_rate : p.calibration?.cycle_service)}</td>
                      <td className="num">{int(p.calibration?.avg_on_hand)}</td>
                      <td>{p.calibration ? <Badge status={p.calibration.status} /> : '–'}</td>
                    </tr>
                    {(p.calibration?.classes ?? []).map((c) => (
                      <tr key={`${p.policy}-${c.demand_class}`} className="sub" data-testid="review-class-row" title={c.reason}>
                        <td className="small">&nbsp;&nbsp;↳ {c.demand_class} demand</td>
                        <td />
                        <td className="num">{pct(c.achieved)}</td>
                        <td className="num">{points(c.achieved, p.target.level)}</td>
                        <td className="num">{int(c.pairs)}</td>
                        <td colSpan={4} />
                        <td className="num" title="The class's whole shift: the policy's proposed shift plus its class shift">
                          {shift(c.shift)}
                          {c.offset !== 0 && <div className="muted small">class {shift(c.offset)}</div>}
                        </td>
                        <td className="num">{pct(c.proposed_achieved)}</td>
                        <td className="num">{int(c.avg_on_hand)}</td>
                        <td>
                          <Badge status={c.status} />
                        </td>
                      </tr>
                    ))}
                  </Fragment>
                ))}
                {review.policies.length === 0 && (
                  <tr>
                    <td colSpan={12} className="empty">
                      No SKU × location has enough history for this window.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            <ul className="small">
              {review.policies.map((p) => (
                <li key={p.policy ?? '(default)'}>
                  <span className="mono">{p.policy ?? '(built-in default)'}</span>: {p.calibration?.reason}
                </li>
              ))}
            </ul>
            <p className="muted small">Assumptions: {review.assumptions.join('; ')}.</p>
          </>
        )}
      </section>

      <section className="panel">
        <h2>Review history</h2>
        <ErrorBox error={history.error} />
        <table className="data" data-testid="review-history">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>As of</th>
              <th className="num">Days</th>
              <th>By</th>
              <th>Achieved against target, per policy (proposed shift)</th>
              <th>Applied</th>
            </tr>
          </thead>
          <tbody>
            {(history.data?.items ?? []).map((r) => (
              <tr key={r.id}>
                <td className="num">{r.id}</td>
                <td className="mono">{r.as_of}</td>
                <td className="num">{r.days}</td>
                <td>
                  {r.trigger === 'schedule' ? 'weekly schedule' : r.requested_by}
                  <div className="muted small">{instant(r.created_at)}</div>
                </td>
                <td className="small wrap">
                  {r.policies
                    .map(
                      (p) =>
                        `${p.policy ?? 'default'} ${pct(p.achieved)} (${points(p.achieved, p.target.level)})${p.calibration?.status === 'calibrated' || p.calibration?.status === 'at-limit' ? ` → ${shift(p.calibration.shift)}` : ''}`,
                    )
                    .join(' · ') || 'no pair with enough history'}
                </td>
                <td className="small">{r.applied?.length ? r.applied.map((a) => `${a.policy} v${a.version}`).join(', ') : '–'}</td>
              </tr>
            ))}
            {!history.loading && (history.data?.items ?? []).length === 0 && (
              <tr>
                <td colSpan={6} className="empty">
                  No saved review yet. Reviews run here are saved; the server also runs one weekly after the nightly plan.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <LaunchReviewPanel />
    </>
  );
}
