/**
 * Transfers: stock moved between locations (newest first; filter by status, origin, destination),
 * with the drafts' age (a draft not shipped a week after its creation is stale: plan runs count
 * it, so it hides its need), and one transfer's page with its lines and the operator's steps: ship
 * a draft (stock leaves the origin, in transit at the destination), receive what came (a shortfall
 * is written off as a transfer loss), or cancel a draft. Draft transfers come from a plan run's
 * excess (Replenishment, "Create draft transfers") or from the CLI and API.
 */
import { useState } from 'react';
import { get, getAll, post } from '../api.ts';
import { Badge, ErrorBox, Loading, PageHeader, PagerControls } from '../components/ui.tsx';
import { instant, int, label } from '../format.ts';
import { useAction, useApi, useCursorPager } from '../hooks.ts';
import { Link, navigate, setQuery, skuHref, transferHref, useLocation } from '../router.tsx';
import { parseTransferLines, stepLines } from '../transfer-steps.ts';
import { TRANSFER_STATUSES, type Location, type Transfer } from '../types.ts';

const units = (t: Transfer, k: 'quantity' | 'shipped_qty' | 'received_qty') => t.lines.reduce((s, l) => s + l[k], 0);

/** A transfer by hand (POST /transfers): origin, destination and lines "SKU:quantity"; a draft, opened on its page. */
function NewTransfer({ locations }: { locations: Location[] }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [lines, setLines] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const create = () =>
    run(async () => {
      const origin = from || locations[0]?.code;
      const dest = to || locations[1]?.code;
      if (!origin || !dest) throw new Error('from / to: choose both locations');
      if (origin === dest) throw new Error(`to: the destination must differ from the origin (${origin})`);
      const t = await post<Transfer>('/transfers', { from: origin, to: dest, lines: parseTransferLines(lines), ...(note.trim() ? { note: note.trim() } : {}) });
      navigate(transferHref(t.number));
    });
  const select = (value: string, set: (v: string) => void, label: string, fallback: number) => (
    <select aria-label={label} value={value || locations[fallback]?.code || ''} onChange={(e) => set(e.target.value)}>
      {locations.map((l) => (
        <option key={l.code} value={l.code}>
          {l.code}
        </option>
      ))}
    </select>
  );
  return (
    <section className="panel" data-testid="new-transfer">
      <h2>New transfer</h2>
      <div className="filters">
        from {select(from, setFrom, 'new transfer from', 0)} to {select(to, setTo, 'new transfer to', 1)}
        <input type="text" size={40} aria-label="transfer lines" placeholder="SKU:quantity, SKU:quantity" value={lines} onChange={(e) => setLines(e.target.value)} />
        <input type="text" size={24} aria-label="transfer note" placeholder="note (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="button" className="primary" disabled={busy} onClick={create} data-testid="create-transfer">
          Create draft
        </button>
      </div>
      <ErrorBox error={error} title={error ? 'Not created' : undefined} />
    </section>
  );
}

export function TransfersPage() {
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const locations = useApi(() => getAll<Location>('/locations'), []);
  const pager = useCursorPager<Transfer>('/transfers', { status, from, to, order: 'newest' }, 100);
  const rows = pager.data?.items ?? [];
  const locationSelect = (value: string, name: 'from' | 'to', all: string) => (
    <select value={value} onChange={(e) => setQuery({ [name]: e.target.value })} aria-label={name}>
      <option value="">{all}</option>
      {(locations.data?.items ?? []).map((l) => (
        <option key={l.code} value={l.code}>
          {l.code}
        </option>
      ))}
    </select>
  );
  return (
    <>
      <PageHeader
        title="Transfers"
        sub="Stock moved between locations, newest first. A draft is counted by plan runs (coming in at its destination, reserved at its origin) until it is shipped; one not shipped a week after it was created is stale. Shipping takes the stock out of the origin (in transit at the destination); receiving books what came and writes off the rest as a transfer loss."
      />
      <div className="filters">
        <select value={status} onChange={(e) => setQuery({ status: e.target.value })} aria-label="status">
          <option value="">All statuses</option>
          {TRANSFER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
        {locationSelect(from, 'from', 'From anywhere')}
        {locationSelect(to, 'to', 'To anywhere')}
      </div>
      <ErrorBox error={pager.error ?? locations.error} />
      {locations.data && locations.data.items.length > 1 && <NewTransfer locations={locations.data.items} />}
      <table className="data" data-testid="transfers">
        <thead>
          <tr>
            <th>Transfer</th>
            <th>From</th>
            <th>To</th>
            <th>Status</th>
            <th className="num">Lines</th>
            <th className="num">Units</th>
            <th className="num">Shipped</th>
            <th className="num">Received</th>
            <th>Created</th>
            <th>Shipped</th>
            <th>Received</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.number}>
              <td>
                <Link to={transferHref(t.number)} className="mono">
                  {t.number}
                </Link>
              </td>
              <td className="mono">{t.from}</td>
              <td className="mono">{t.to}</td>
              <td>
                <Badge status={t.status} />{' '}
                {t.stale && (
                  <span title={`a draft for ${int(t.draft_days ?? 0)} days, not shipped: plan runs count it, so it hides its need until shipped or cancelled`} data-testid="transfer-stale">
                    <Badge status="stale" />
                  </span>
                )}
              </td>
              <td className="num">{int(t.lines.length)}</td>
              <td className="num">{int(units(t, 'quantity'))}</td>
              <td className="num">{t.shipped_at ? int(units(t, 'shipped_qty')) : ''}</td>
              <td className="num">{t.received_at ? int(units(t, 'received_qty')) : ''}</td>
              <td className="mono">{instant(t.created_at)}</td>
              <td className="mono">{t.shipped_at ? instant(t.shipped_at) : ''}</td>
              <td className="mono">{t.received_at ? instant(t.received_at) : ''}</td>
            </tr>
          ))}
          {!pager.loading && rows.length === 0 && (
            <tr>
              <td colSpan={11} className="muted">
                No transfers{status || from || to ? ' match' : ' yet: create drafts from a plan run\'s excess on the Replenishment page'}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Loading loading={pager.loading} />
      <PagerControls pageNo={pager.pageNo} hasPrev={pager.hasPrev} hasNext={pager.hasNext} prev={pager.prev} next={pager.next} count={rows.length} loading={pager.loading} />
    </>
  );
}

export function TransferDetailPage({ number }: { number: string }) {
  const loaded = useApi(() => get<Transfer>(`/transfers/${encodeURIComponent(number)}`), [number]);
  const [updated, setUpdated] = useState<Transfer | null>(null);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction();
  const t = updated?.number === number ? updated : loaded.data;
  if (loaded.error) return <ErrorBox error={loaded.error} title={`Transfer ${number}`} />;
  if (!t) return <Loading loading={loaded.loading} />;
  // the step this transfer is at: what its quantity column holds and starts from
  const step = t.status === 'draft' ? { action: 'ship' as const, base: 'quantity' as const, title: 'Ship' } : t.status === 'shipped' ? { action: 'receive' as const, base: 'shipped_qty' as const, title: 'Receive' } : null;
  const act = (action: 'ship' | 'receive' | 'cancel') => {
    if (action === 'cancel' && !window.confirm(`Cancel ${t.number}?`)) return;
    void run(async () => {
      const lines = step && action === step.action ? stepLines(t.lines, typed, step.base) : [];
      setUpdated(await post<Transfer>(`/transfers/${encodeURIComponent(t.number)}/${action}`, lines.length ? { lines } : {}));
      setTyped({});
    });
  };
  return (
    <>
      <PageHeader title={t.number} sub={`Transfer from ${t.from} to ${t.to} · created ${instant(t.created_at)} by ${t.created_by}`}>
        {step && (
          <button type="button" className="primary" disabled={busy} onClick={() => act(step.action)} data-testid={`transfer-${step.action}`}>
            {step.title} {step.action === 'ship' ? 'transfer' : 'what came'}
          </button>
        )}
        {t.status === 'draft' && (
          <button type="button" disabled={busy} onClick={() => act('cancel')}>
            Cancel transfer
          </button>
        )}
        <Link to="/transfers">All transfers ›</Link>
      </PageHeader>
      <ErrorBox error={error} />
      <div className="stats">
        <div className="stat">
          <div className="stat-label">Status</div>
          <div className="stat-value small-value">
            <Badge status={t.status} /> {t.stale && <Badge status="stale" />}
          </div>
          <div className="stat-note" data-testid="transfer-when">
            {t.received_at ? `received ${instant(t.received_at)} by ${t.received_by}` : t.shipped_at ? `shipped ${instant(t.shipped_at)} by ${t.shipped_by}` : t.status === 'draft' ? `a draft for ${int(t.draft_days ?? 0)} days${t.stale ? ': not shipped a week after it was created, yet plan runs count it; ship it or cancel it' : ''}` : ''}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Units</div>
          <div className="stat-value">{int(units(t, 'quantity'))}</div>
          <div className="stat-note">
            {t.shipped_at ? `${int(units(t, 'shipped_qty'))} shipped` : 'not shipped'}
            {t.received_at ? `, ${int(units(t, 'received_qty'))} received` : ''}
          </div>
        </div>
      </div>
      {t.note && <p className="panel">{t.note}</p>}
      {step && <p className="muted">{step.action === 'ship' ? 'Ship: each line leaves the origin at the quantity below (empty: as planned; 0: not shipped).' : 'Receive: each line books the quantity below (empty: as shipped); what did not come is written off as a transfer loss.'}</p>}
      <table className="data" data-testid="transfer-lines">
        <thead>
          <tr>
            <th>SKU</th>
            <th className="num">Planned</th>
            <th className="num">Shipped</th>
            <th className="num">Received</th>
            <th className="num">Lost</th>
            {step && <th className="num">{step.title}</th>}
          </tr>
        </thead>
        <tbody>
          {t.lines.map((l) => (
            <tr key={l.sku}>
              <td>
                <Link to={skuHref(l.sku)} className="mono">
                  {l.sku}
                </Link>
              </td>
              <td className="num">{int(l.quantity)}</td>
              <td className="num">{t.shipped_at ? int(l.shipped_qty) : ''}</td>
              <td className="num">{t.received_at ? int(l.received_qty) : ''}</td>
              <td className="num">{l.discrepancy_qty ? int(l.discrepancy_qty) : ''}</td>
              {step && (
                <td className="num">
                  <input type="text" size={6} aria-label={`${step.action} ${l.sku}`} placeholder={String(l[step.base])} value={typed[l.sku] ?? ''} onChange={(e) => setTyped({ ...typed, [l.sku]: e.target.value })} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
