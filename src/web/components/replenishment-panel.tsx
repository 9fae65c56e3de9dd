/**
 * The Replenishment page's panel for the locations replenished by transfer (catalog
 * `replenish_from`: FBA or 3PL stock fed from a warehouse): what the run sends them from their
 * sources (the run's `inputs.replenishment` and its `replenishment` transfers), what their sources
 * could not send (waiting for the source's own purchase, which forecasts the fed demand), and the
 * button that creates the draft transfers.
 */
import { int, moneyMicros } from '../format.ts';
import { Link } from '../router.tsx';
import type { ReplenishmentSummary, RunTransfer } from '../types.ts';
import { RunTransfers } from './run-transfers.tsx';

export function ReplenishmentPanel({ runId, r, transfers }: { runId: number; r: ReplenishmentSummary; transfers: RunTransfer[] }) {
  return (
    <section className="panel" data-testid="replenishment-panel">
      <h2>Transfers to fed locations</h2>
      <p>
        {r.fed_locations.join(', ')} {r.fed_locations.length > 1 ? 'are' : 'is'} replenished by transfer, not bought for: <strong>{int(r.lines)} lines ask {int(r.asked)} units</strong>; {int(r.sent)} are sent from
        their sources ({moneyMicros(r.value)}).
        {r.short > 0 && (
          <>
            {' '}
            <span className="text-warn">
              {int(r.short)} units on {int(r.short_lines)} lines are short at their source
            </span>{' '}
            and wait for its stock (its purchase forecasts the fed demand).
          </>
        )}{' '}
        <Link to="/replenishment?show=send">See the lines to send ›</Link>
      </p>
      {transfers.length > 0 && <RunTransfers runId={runId} transfers={transfers} testId="replenishment-transfers" purchase={false} />}
    </section>
  );
}
