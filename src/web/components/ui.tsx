/** Small shared pieces: error box, loading line, pager, stat card, status badge, page header. */
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { label } from '../format.ts';

/** The API's `{error:{code,message}}` (or any failure) as a red box; nothing when no error. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert">
      {title && <strong>{title}: </strong>}
      <code className="error-code">{code}</code> {message}
    </div>
  );
}

/** A quiet "loading" line while `loading`. */
export const Loading = ({ loading, what = 'Loading' }: { loading: boolean; what?: string }) => (loading ? <div className="loading">{what}…</div> : null);

/** Previous / page N / next for a cursor pager. */
export function PagerControls(p: { pageNo: number; hasPrev: boolean; hasNext: boolean; prev: () => void; next: () => void; count?: number; loading?: boolean }) {
  return (
    <div className="pager">
      <button type="button" onClick={p.prev} disabled={!p.hasPrev || p.loading}>
        ‹ Prev
      </button>
      <span className="muted">
        page {p.pageNo}
        {p.count !== undefined ? ` · ${p.count} ${p.count === 1 ? 'row' : 'rows'}` : ''}
      </span>
      <button type="button" onClick={p.next} disabled={!p.hasNext || p.loading}>
        Next ›
      </button>
    </div>
  );
}

/** A headline figure with a label and an optional note. */
export function Stat({ label: l, value, note, tone, testId }: { label: string; value: ReactNode; note?: ReactNode; tone?: 'warn' | 'bad' | 'good'; testId?: string }) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`} data-testid={testId}>
      <div className="stat-label">{l}</div>
      <div className="stat-value">{value}</div>
      {note && <div className="stat-note">{note}</div>}
    </div>
  );
}

/** A status as a coloured pill (draft, placed, late, succeeded, ...). */
export const Badge = ({ status }: { status: string }) => <span className={`badge badge-${status}`}>{label(status)}</span>;

/** The page title row with optional actions on the right. */
export function PageHeader({ title, children, sub }: { title: string; sub?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {sub && <div className="muted">{sub}</div>}
      </div>
      <div className="actions">{children}</div>
    </div>
  );
}
