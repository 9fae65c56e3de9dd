/**
 * A plan run's proposed transfers as a table (first ten, then "show all") with the button that
 * creates the run's draft transfers (POST /plans/ID/transfers: every transfer the run proposes,
 * one draft per origin and destination; asking twice creates nothing twice). Used by the excess
 * panel (from excess to another location's order) and the replenishment panel (to the locations
 * replenished from another).
 */
import { useState } from 'react';
import { post } from '../api.ts';
import { int, moneyMicros } from '../format.ts';
import { useAction } from '../hooks.ts';
import { Link, skuHref, transferHref } from '../router.tsx';
import type { RunTransfer } from '../types.ts';
import { ErrorBox } from './ui.tsx';

/** How many transfers show before "show all". */
const FIRST = 10;

export function RunTransfers({ runId, transfers, testId, purchase }: { runId: number; transfers: RunTransfer[]; testId: string; purchase: boolean }) {
  const [all, setAll] = useState(false);
  const [created, setCreated] = useState<{ number: string; created: boolean; quantity: number }[] | null>(null);
  const action = useAction();
  const create = () => action.run(async () => setCreated((await post<{ transfers: { number: string; created: boolean; quantity: number }[] }>(`/plans/${runId}/transfers`, {})).transfers));
  return (
    <>
      <table className="data compact" data-testid={testId}>
        <thead>
          <tr>
            <th>SKU</th>
            <th>From</th>
            <th>To</th>
            <th className="num">Units</th>
            <th className="num">Value</th>
            {purchase && (
              <th className="num" title="The receiving line's purchase before and after the transfer">
                Purchase
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {(all ? transfers : transfers.slice(0, FIRST)).map((t, i) => (
            <tr key={i}>
              <td>
                <Link to={skuHref(t.sku)} className="mono">
                  {t.sku}
                </Link>
              </td>
              <td className="mono">{t.from}</td>
              <td className="mono">{t.to}</td>
              <td className="num">{int(t.quantity)}</td>
              <td className="num">{moneyMicros(t.value)}</td>
              {purchase && (
                <td className="num">
                  {int(t.purchase_before)} → {int(t.purchase_after)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="filters">
        {transfers.length > FIRST && (
          <button type="button" onClick={() => setAll(!all)}>
            {all ? 'Show fewer' : `Show all ${int(transfers.length)}`}
          </button>
        )}
        <button type="button" onClick={create} disabled={action.busy} data-testid={`create-${testId}`} title="Creates every transfer this run proposes (excess and replenishment), one draft per origin and destination">
          Create draft transfers
        </button>
        {created && (
          <span className="small" data-testid={`created-${testId}`}>
            {created.filter((c) => c.created).length} created, {created.filter((c) => !c.created).length} already there:{' '}
            {created.map((c, i) => (
              <span key={c.number}>
                {i > 0 ? ', ' : ''}
                <Link to={transferHref(c.number)}>{c.number}</Link>
              </span>
            ))}{' '}
            (ship them from their pages under Transfers)
          </span>
        )}
      </div>
      <ErrorBox error={action.error} />
    </>
  );
}
