/**
 * The Purchasing page's "Money on order by week" panel (GET /commitments): what open POs and drafts
 * will bring in each of the next 13 weeks, at their unit cost, by week of expected arrival, with the
 * overdue lines and what comes later apart. Every unit on order is cash promised to a supplier:
 * this is when it lands.
 */
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
interface CommitmentsApi {
  today: string;
  weeks: { week_start: string; open: Bucket; draft: Bucket }[];
  overdue: Bucket;
  later: { open: Bucket; draft: Bucket };
  total: { open: Bucket; draft: Bucket };
}

const n = (b: Bucket) => Number(b.value);
const fmt = (v: number) => money(v.toFixed(2));

export function CommitmentsPanel() {
  const loaded = useApi(() => get<CommitmentsApi>('/commitments'), []);
  const c = loaded.data;
  if (loaded.error) return <ErrorBox error={loaded.error} title="Money on order" />;
  if (!c) return null;
  const rows = [
    ...(c.overdue.units > 0 ? [{ label: 'overdue', value: n(c.overdue), note: `${int(c.overdue.units)} units on ${int(c.overdue.pos)} PO(s) past their expected day` }] : []),
    ...c.weeks.map((w) => ({
      label: `wk ${w.week_start.slice(5)}`,
      value: n(w.open) + n(w.draft),
      note: w.open.units + w.draft.units > 0 ? `${int(w.open.units + w.draft.units)} units${w.draft.units > 0 ? `, drafts ${money(w.draft.value)}` : ''}` : '',
    })),
    { label: 'later', value: n(c.later.open) + n(c.later.draft), note: c.later.open.units + c.later.draft.units > 0 ? `${int(c.later.open.units + c.later.draft.units)} units` : '' },
  ];
  return (
    <section className="panel bars-wide-notes" data-testid="commitments">
      <h2>Money on order by week</h2>
      <p>
        <strong>{money(c.total.open.value)}</strong> on {int(c.total.open.pos)} open PO{c.total.open.pos === 1 ? '' : 's'} and <strong>{money(c.total.draft.value)}</strong> on{' '}
        {int(c.total.draft.pos)} draft{c.total.draft.pos === 1 ? '' : 's'} still to come, at unit cost, by the week it is expected (drafts as if placed today; payment terms not modelled).
      </p>
      <Bars rows={rows} format={fmt} />
    </section>
  );
}
