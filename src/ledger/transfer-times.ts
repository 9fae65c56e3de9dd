/**
 * How long transfers on one lane took: each shipment (a `transfer_out` from `from` to `to` with a
 * reference, the transfer's number) paired with the first `transfer_in` of the same reference at
 * `to` from `from`. One observation per shipment (its lines travel together: counting them apart
 * would weigh a large shipment more and fake precision). Shipments not received yet are left out.
 * Plan runs learn a fed location's transfer lead time from these (planning/plan-inputs.ts).
 */
import { sql } from 'kysely';
import { validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { locationIds } from './codes.ts';
import { canonicalInstant } from './normalize.ts';

/** One received shipment: its reference, the instants it left and first arrived, and the whole days between (UTC dates). */
export interface TransferTime {
  reference: string;
  shippedAt: string;
  receivedAt: string;
  days: number;
}

/** The received shipments from `from` to `to` shipped at or after `since` (oldest first). */
export async function transferTimes(ex: Executor, opts: { from: string; to: string; since: string }): Promise<TransferTime[]> {
  const since = canonicalInstant(opts.since);
  if (!since) throw validationError(`since must be an instant or a day YYYY-MM-DD (got ${JSON.stringify(opts.since)})`, { field: 'since' });
  const [fromId] = await locationIds(ex, [opts.from]);
  const [toId] = await locationIds(ex, [opts.to]);
  const rows = await ex.db
    .selectFrom('movements as o')
    .innerJoin('movements as i', (j) =>
      j
        .onRef('i.reference', '=', 'o.reference')
        .on('i.kind', '=', 'transfer_in')
        .on('i.location_id', '=', toId)
        .on(sql<boolean>`(i.counterpart_location_id = ${fromId} or i.counterpart_location_id is null)`),
    )
    .select((eb) => ['o.reference as reference', eb.fn.min('o.occurred_at').as('shipped'), eb.fn.min('i.occurred_at').as('received')])
    .where('o.kind', '=', 'transfer_out')
    .where('o.location_id', '=', fromId)
    .where('o.counterpart_location_id', '=', toId)
    .where('o.reference', 'is not', null)
    .where('o.occurred_at', '>=', since)
    .groupBy('o.reference')
    .execute();
  const day = (instant: string) => Date.parse(`${String(instant).slice(0, 10)}T00:00:00Z`);
  return rows
    .map((r) => ({ reference: String(r.reference), shippedAt: String(r.shipped), receivedAt: String(r.received), days: Math.max(0, Math.round((day(String(r.received)) - day(String(r.shipped))) / 86_400_000)) }))
    .sort((a, b) => (a.shippedAt < b.shippedAt ? -1 : a.shippedAt > b.shippedAt ? 1 : a.reference < b.reference ? -1 : 1));
}
