/**
 * The SKU page's "Adjust stock" form (an operator's work, POST /movements with kind
 * `adjustment`): units found (+) or lost or damaged (−) at a location, with the reason the ledger
 * requires. The ledger posts it, or refuses taking on hand below zero (INSUFFICIENT_STOCK), named;
 * the page then reloads its balances and movements. Counted differences go through a count
 * (Counts), which explains and approves them.
 */
import { useState } from 'react';
import { post } from '../api.ts';
import { adjustmentBody } from '../adjustment.ts';
import { useAction } from '../hooks.ts';
import type { Balance } from '../types.ts';
import { ErrorBox } from './ui.tsx';

export function AdjustStock({ sku, balances, locations, onPosted }: { sku: string; balances: Balance[]; locations: string[]; onPosted: () => void }) {
  const [location, setLocation] = useState(balances[0]?.location ?? locations[0] ?? '');
  const [units, setUnits] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [posted, setPosted] = useState<string | null>(null);
  const action = useAction();
  const submit = () =>
    action.run(async () => {
      const body = adjustmentBody(sku, location, units, reason, note);
      await post('/movements', body);
      setPosted(`${Number(body.quantity) > 0 ? '+' : ''}${body.quantity} at ${location} posted (${body.reason as string})`);
      setUnits('');
      setNote('');
      onPosted();
    });
  return (
    <div className="filters" data-testid="adjust-stock">
      <strong className="small">Adjust stock</strong>
      <select aria-label="adjust at" value={location} onChange={(e) => setLocation(e.target.value)}>
        {locations.map((l) => (
          <option key={l}>{l}</option>
        ))}
      </select>
      <input type="text" size={6} aria-label="adjust units" placeholder="+3 / −2" value={units} onChange={(e) => setUnits(e.target.value)} />
      <input type="text" size={18} aria-label="adjust reason" placeholder="reason (damaged, found…)" value={reason} onChange={(e) => setReason(e.target.value)} />
      <input type="text" size={14} aria-label="adjust note" placeholder="note" value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="button" disabled={action.busy} onClick={submit} data-testid="adjust-post">
        Post
      </button>
      {posted && (
        <span className="small" data-testid="adjust-posted">
          {posted}
        </span>
      )}
      <ErrorBox error={action.error} title="Not posted" />
    </div>
  );
}
