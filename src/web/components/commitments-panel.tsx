/**
 * The Purchasing page's "Money on order by week" panel (GET /commitments): what open POs and drafts
 * will bring in each of the next 13 weeks, at their unit cost, by week of expected arrival (the
 * overdue lines and what comes later apart), or, switched to "by payment", when that money leaves
 * under each supplier's payment terms (a deposit on placing, the rest net days after delivery),
 * with the units already received and not paid yet. Every unit on order is cash promised to a
 * supplier: this is when it lands, and when it is paid.
 */
import { useState } from 'react';
import { get } from '../api.ts';
import { int, money } from '../format.ts';
import { useApi } from '../hooks.ts';
import { Bars } from './charts.tsx';
import { ErrorBox } from './ui.tsx';

interface Bucket {
  value: string;
  units: number;
  pos: number;
}
type Kinds = { open: Bucket; draft: Bucket; payable: Bucket };
interface CommitmentsApi {
  today: string;
  basis: 'arrival' | 'payment';
  weeks: ({ week_start: string } & Kinds)[];
  overdue: Bucket;
  later: Kinds;
  total: Kinds;
}

const n = (b: Bucket) => Number(b.value);
const fmt = (v: number) => money(v.toFixed(2));
const sum = (k: Kinds) => n(k.open) + n(k.draft) + n(k.payable);
const units = (k: Kinds) => k.open.units + k.draft.units + k.payable.units;

export function CommitmentsPanel() {
  const [basis, setBasis] = useState<'arrival' | 'payment'>('arrival');
  const loaded = useApi(() => get<CommitmentsApi>('/commitments', { basis }), [basis]);
  const c = loaded.data;
  if (loaded.error) return <ErrorBox error={loaded.error} title="Money on order" />;
  if (!c) return null;
  const byPayment = c.basis === 'payment';
  const rows = [
    ...(c.overdue.units > 0 ? [{ label: 'overdue', value: n(c.overdue), note: `${int(c.overdue.units)} units on ${int(c.overdue.pos)} PO(s) past their expected day` }] : []),
    ...c.weeks.map((w) => ({
      label: `wk ${w.week_start.slice(5)}`,
      value: sum(w),
      note:
        sum(w) > 0
          ? [units(w) > 0 ? `${int(units(w))} units` : null, n(w.draft) > 0 ? `drafts ${money(w.draft.value)}` : null, n(w.payable) > 0 ? `received ${money(w.payable.value)}` : null].filter(Boolean).join(', ')
          : '',
    })),
    { label: 'later', value: sum(c.later), note: units(c.later) > 0 ? `${int(units(c.later))} units` : '' },
  ];
  return (
    <section className="panel bars-wide-notes" data-testid="commitments">
      <h2>
        Money on order by week{' '}
        <select aria-label="commitments basis" value={basis} onChange={(e) => setBasis(e.target.value as 'arrival' | 'payment')} className="small">
          <option value="arrival">of arrival</option>
          <option value="payment">of payment</option>
        </select>
      </h2>
      {byPayment ? (
        <p data-testid="commitments-summary">
          <strong>{money(c.total.open.value)}</strong> still to pay on {int(c.total.open.pos)} open PO{c.total.open.pos === 1 ? '' : 's'}, <strong>{money(c.total.draft.value)}</strong> on {int(c.total.draft.pos)} draft
          {c.total.draft.pos === 1 ? '' : 's'} and <strong>{money(c.total.payable.value)}</strong> for stock received and not due yet, by the week it is due under each supplier's payment terms (a deposit when placed, the rest net days after
          delivery; a draft as if placed today; a late PO not before it comes).
        </p>
      ) : (
        <p data-testid="commitments-summary">
          <strong>{money(c.total.open.value)}</strong> on {int(c.total.open.pos)} open PO{c.total.open.pos === 1 ? '' : 's'} and <strong>{money(c.total.draft.value)}</strong> on{' '}
          {int(c.total.draft.pos)} draft{c.total.draft.pos === 1 ? '' : 's'} still to come, at unit cost, by the week it is expected (drafts as if placed today). Switch to "of payment" for when the money leaves.
        </p>
      )}
      <Bars rows={rows} format={fmt} />
    </section>
  );
}
