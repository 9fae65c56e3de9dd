/**
 * One count session (`/counts/:number`): the count sheet for counters (the SKUs to count and what
 * has been counted, never the expected quantity: GET /counts/N/sheet), where an operator enters
 * the shelf counts (POST /counts/N/entries: counting a line again replaces its count); then the
 * review (GET /counts/N: expected quantity = the snapshot plus the movements since, the variance
 * and its value, whether it is within tolerance or needs a second person's approval), which a
 * blind count shows only to a planner while it is open; **Approve** (a planner, the variances above
 * the approval threshold), **Post** (the variances become count_correction movements in the
 * ledger) and **Cancel**. The API's refusals (e.g. posting while an approval is missing) are shown
 * as they are.
 */
import { useState } from 'react';
import { ApiError, get, post } from '../api.ts';
import { Badge, ErrorBox, Loading, PageHeader } from '../components/ui.tsx';
import { countEntries } from '../count-entries.ts';
import { instant, int, money } from '../format.ts';
import { useAction, useApi } from '../hooks.ts';
import { Link, skuHref } from '../router.tsx';
import type { CountDetail, CountSheetLine } from '../types.ts';

interface Sheet {
  number: string;
  location: string;
  status: 'open' | 'posted' | 'cancelled';
  lines: CountSheetLine[];
}

export function CountDetailPage({ number }: { number: string }) {
  const [tick, setTick] = useState(0);
  const sheet = useApi(() => get<Sheet>(`/counts/${encodeURIComponent(number)}/sheet`), [number, tick]);
  // the review: refused (403) for a viewer or operator while a blind count is open
  const detail = useApi(
    () =>
      get<CountDetail>(`/counts/${encodeURIComponent(number)}`).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 403) return null;
        throw e;
      }),
    [number, tick],
  );
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const { busy, error } = action;
  if (sheet.error) return <ErrorBox error={sheet.error} title={`Count ${number}`} />;
  const s = sheet.data;
  if (!s) return <Loading loading={sheet.loading} />;
  const d = detail.data ?? null;
  const open = s.status === 'open';
  const counted = s.lines.filter((l) => l.counted_qty !== null).length;
  /** Runs a step (which returns what it did); once it went through, says so and reloads the sheet and the review. */
  const run = (f: () => Promise<string>) => {
    setDone(null);
    void action.run(async () => {
      setDone(await f());
      setTyped({});
      setTick((t) => t + 1);
    });
  };
  /** POSTs a step of this count and says `what`. */
  const step = (path: string, what: string) =>
    run(async () => {
      await post(`/counts/${encodeURIComponent(s.number)}/${path}`, {});
      return what;
    });
  const save = () =>
    run(async () => {
      const lines = countEntries(s.lines, typed);
      if (lines.length === 0) throw new Error('nothing to save: enter the counted units of at least one line');
      await post(`/counts/${encodeURIComponent(s.number)}/entries`, { lines });
      return `${lines.length} count${lines.length === 1 ? '' : 's'} saved`;
    });
  const needsApproval = d ? d.lines.filter((l) => l.needs_approval && !l.approved_by).length : 0;
  return (
    <>
      <PageHeader title={`Count ${s.number}`} sub={`At ${s.location}${d ? ` · started ${instant(d.created_at)} by ${d.created_by}${d.blind ? ' · blind' : ''}` : ''}`}>
        {open && (
          <>
            <button type="button" className="primary" disabled={busy} onClick={save} data-testid="count-save">
              Save counts
            </button>
            {needsApproval > 0 && (
              <button type="button" disabled={busy} onClick={() => step('approve', `${needsApproval} variance${needsApproval === 1 ? '' : 's'} approved`)} data-testid="count-approve">
                Approve variances
              </button>
            )}
            <button type="button" disabled={busy || counted === 0} onClick={() => step('post', 'posted')} data-testid="count-post" title="The variances become count_correction movements in the ledger; uncounted lines are skipped">
              Post count
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => window.confirm(`Cancel count ${s.number}?`) && step('cancel', 'cancelled')}
            >
              Cancel count
            </button>
          </>
        )}
        <Link to="/counts">All counts ›</Link>
      </PageHeader>
      <ErrorBox error={error ?? detail.error} />
      {done && (
        <div className="notice" data-testid="count-done">
          Count {s.number}: {done}.
        </div>
      )}
      <div className="stats">
        <div className="stat">
          <div className="stat-label">Status</div>
          <div className="stat-value small-value">
            <Badge status={s.status} />
          </div>
          <div className="stat-note">{d?.posted_at ? `posted ${instant(d.posted_at)}` : open ? 'open: count, review, then post' : ''}</div>
        </div>
        <div className="stat">
          <div className="stat-label">Counted</div>
          <div className="stat-value">
            {int(counted)} / {int(s.lines.length)}
          </div>
          <div className="stat-note">{d ? `${int(d.summary?.within_tolerance)} within tolerance (±${int(d.tolerance_units)} units or ${d.tolerance_pct} %)` : 'lines'}</div>
        </div>
        {d && (
          <div className="stat">
            <div className="stat-label">Variance</div>
            <div className="stat-value">{money(d.summary?.variance_value)}</div>
            <div className="stat-note">
              {int(d.summary?.variance_qty)} unit{Math.abs(d.summary?.variance_qty ?? 0) === 1 ? '' : 's'} net; {int(d.summary?.needs_approval)} need approval ({int(d.summary?.approved)} approved)
            </div>
          </div>
        )}
      </div>
      {!d && !detail.loading && (
        <p className="muted" data-testid="count-blind">
          A blind count: the expected quantities stay hidden from counters until it is posted (a planner sees them to review it).
        </p>
      )}
      <table className="data" data-testid="count-lines">
        <thead>
          <tr>
            <th>SKU</th>
            <th>Line</th>
            <th className="num">Counted</th>
            {open && <th className="num">Count</th>}
            {d && (
              <>
                <th className="num">Expected</th>
                <th className="num">Variance</th>
                <th className="num">Value</th>
                <th>Review</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {s.lines.map((l) => {
            const r = d?.lines.find((x) => x.sku === l.sku);
            return (
              <tr key={l.sku} className={r && r.variance_qty && !r.within_tolerance ? 'row-bad' : undefined}>
                <td>
                  <Link to={skuHref(l.sku)} className="mono">
                    {l.sku}
                  </Link>
                </td>
                <td>
                  <Badge status={l.status} />
                </td>
                <td className="num">{l.counted_qty === null ? '' : int(l.counted_qty)}</td>
                {open && (
                  <td className="num">
                    <input type="text" size={6} aria-label={`count ${l.sku}`} placeholder={l.counted_qty === null ? '' : String(l.counted_qty)} value={typed[l.sku] ?? ''} onChange={(e) => setTyped({ ...typed, [l.sku]: e.target.value })} />
                  </td>
                )}
                {d && (
                  <>
                    <td className="num">{r?.expected_qty === null || r?.expected_qty === undefined ? '' : int(r.expected_qty)}</td>
                    <td className="num">{r?.variance_qty === null || r?.variance_qty === undefined ? '' : `${r.variance_qty > 0 ? '+' : ''}${int(r.variance_qty)}`}</td>
                    <td className="num">{r?.variance_value ? money(r.variance_value) : ''}</td>
                    <td>{!r || r.variance_qty === null ? '' : r.within_tolerance ? 'within tolerance' : r.needs_approval ? (r.approved_by ? `approved by ${r.approved_by}` : 'needs approval') : 'outside tolerance'}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
