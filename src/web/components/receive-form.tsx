/**
 * The PO page's "Receive a delivery" form (an operator's work, POST /receipts): the supplier's
 * delivery reference, the day it came (default: now), good and damaged units per open line
 * (good defaults to what is still open), and whether the PO is closed after it (a short shipment:
 * the rest will not come). The API posts the good units to stock at the PO's unit cost, records the
 * damaged ones and the lead time, and refuses a delivery beyond the supplier's tolerance
 * (OVER_RECEIPT) or a delivery reference received twice (DUPLICATE_DELIVERY), naming them. SKUs
 * that came but are not on the PO are typed as `SKU:units` and accepted into stock or only recorded.
 */
import { useState } from 'react';
import { post } from '../api.ts';
import { int } from '../format.ts';
import { useAction } from '../hooks.ts';
import type { PoLine, PurchaseOrder } from '../types.ts';
import { ErrorBox } from './ui.tsx';

/** What a receipt answers with (the parts the form shows). */
export interface ReceiptAnswer {
  id: number;
  po_status: string;
  lead_time_days: number | null;
  lines: { sku: string; location: string; quantity: number; damaged_qty: number; posted_qty: number }[];
}

/** The form's inputs: per PO line number, good and damaged units as typed. */
export type ReceiveInputs = Record<number, { good: string; damaged: string }>;

const key = (l: Pick<PoLine, 'sku' | 'location'>) => `${l.sku}\u0000${l.location}`;

/**
 * SKUs that came but are not on the PO, typed one per line (or comma-separated) as `SKU:units` or
 * `SKU@LOCATION:units` (default location: `location`, the PO's first line's); an entry that does
 * not parse is refused, naming it.
 */
export function parseUnexpected(text: string, location: string): { sku: string; location: string; quantity: number }[] {
  const out: { sku: string; location: string; quantity: number }[] = [];
  for (const raw of text.split(/[\n,]/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = /^([^@:\s]+)(?:@([^:\s]+))?\s*:\s*(\d+)$/.exec(entry);
    if (!m || Number(m[3]) <= 0) throw new Error(`unexpected SKUs: "${entry}" is not SKU:units or SKU@LOCATION:units with whole units > 0`);
    out.push({ sku: m[1], location: m[2] ?? location, quantity: Number(m[3]) });
  }
  return out;
}

/**
 * The POST /receipts body: one line per SKU x location with good or damaged units (lines of the
 * same SKU x location added up), then the unexpected SKUs (accepted into stock, at the SKU's unit
 * cost, or only recorded), or an error naming the line and field for a bad number or an empty
 * delivery.
 */
export function receiptBody(
  po: Pick<PurchaseOrder, 'number' | 'lines'>,
  deliveryRef: string,
  receivedOn: string,
  close: boolean,
  inputs: ReceiveInputs,
  unexpected: { text: string; accept: boolean } = { text: '', accept: false },
) {
  const ref = deliveryRef.trim();
  if (!ref) throw new Error("delivery reference: the supplier's delivery note number is required");
  if (receivedOn && !/^\d{4}-\d\d-\d\d$/.test(receivedOn)) throw new Error(`received on: "${receivedOn}" is not a day (YYYY-MM-DD)`);
  const lines = new Map<string, { sku: string; location: string; quantity: number; damaged: number }>();
  for (const l of po.lines ?? []) {
    const v = inputs[l.line_no];
    if (!v) continue;
    const parse = (s: string, field: string) => {
      const t = s.trim();
      if (t === '') return 0;
      const n = Number(t);
      if (!(Number.isInteger(n) && n >= 0)) throw new Error(`line ${l.line_no} (${l.sku} at ${l.location}), ${field}: "${t}" is not a whole number of units`);
      return n;
    };
    const good = parse(v.good, 'good');
    const damaged = parse(v.damaged, 'damaged');
    if (good === 0 && damaged === 0) continue;
    const k = key(l);
    const m = lines.get(k) ?? { sku: l.sku, location: l.location, quantity: 0, damaged: 0 };
    m.quantity += good;
    m.damaged += damaged;
    lines.set(k, m);
  }
  const extra = parseUnexpected(unexpected.text, po.lines?.[0]?.location ?? '');
  if (lines.size === 0 && extra.length === 0 && !close) throw new Error('nothing to receive: enter the good or damaged units of at least one line');
  if (lines.size === 0 && extra.length === 0) throw new Error('nothing to receive: to give up the rest without a delivery, close the PO instead');
  return {
    po: po.number,
    delivery_ref: ref,
    ...(receivedOn ? { received_at: `${receivedOn}T12:00:00Z` } : {}),
    ...(close ? { close: true } : {}),
    lines: [
      ...[...lines.values()].map((l) => ({ sku: l.sku, location: l.location, quantity: l.quantity, ...(l.damaged ? { damaged: l.damaged } : {}) })),
      ...extra.map((u) => ({ ...u, accept: unexpected.accept })),
    ],
  };
}

export function ReceiveForm({ po, onReceived }: { po: PurchaseOrder; onReceived: (r: ReceiptAnswer) => void }) {
  const open = (po.lines ?? []).filter((l) => l.open_qty > 0);
  const initial = (): ReceiveInputs => Object.fromEntries(open.map((l) => [l.line_no, { good: String(l.open_qty), damaged: '' }]));
  const [inputs, setInputs] = useState<ReceiveInputs>(initial);
  const [ref, setRef] = useState('');
  const [day, setDay] = useState('');
  const [close, setClose] = useState(false);
  const [unexpectedText, setUnexpectedText] = useState('');
  const [accept, setAccept] = useState(true);
  const { busy, error, run } = useAction();
  const set = (n: number, field: 'good' | 'damaged', v: string) => setInputs({ ...inputs, [n]: { ...inputs[n], [field]: v } });
  const submit = () =>
    run(async () => {
      onReceived(await post<ReceiptAnswer>('/receipts', receiptBody(po, ref, day, close, inputs, { text: unexpectedText, accept })));
      setRef('');
      setClose(false);
      setUnexpectedText('');
    });
  return (
    <section className="panel" data-testid="receive-form">
      <h2>Receive a delivery</h2>
      <p className="muted">
        Good units go into stock at the PO's unit cost; damaged units are recorded, not stocked. Good units start at what is still open: change them to what came.
      </p>
      <div className="filters">
        <input type="text" aria-label="delivery reference" placeholder="delivery note no." value={ref} onChange={(e) => setRef(e.target.value)} />
        <label className="check">
          received on <input type="date" aria-label="received on" value={day} onChange={(e) => setDay(e.target.value)} /> <span className="muted">(empty: now)</span>
        </label>
        <span className="muted">
          good:{' '}
          <button type="button" className="link-button" onClick={() => setInputs(initial())} data-testid="receive-all-open">
            all open
          </button>{' '}
          ·{' '}
          <button type="button" className="link-button" onClick={() => setInputs(Object.fromEntries(open.map((l) => [l.line_no, { good: '0', damaged: inputs[l.line_no]?.damaged ?? '' }])))} data-testid="receive-none">
            none
          </button>
        </span>
        <label className="check">
          <input type="checkbox" checked={close} onChange={(e) => setClose(e.target.checked)} aria-label="close the PO" /> close the PO after it (the rest will not come)
        </label>
      </div>
      <table className="data compact">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>SKU</th>
            <th>Location</th>
            <th className="num">Open</th>
            <th className="num">Good</th>
            <th className="num">Damaged</th>
          </tr>
        </thead>
        <tbody>
          {open.map((l) => (
            <tr key={l.line_no}>
              <td className="num muted">{l.line_no}</td>
              <td className="mono">{l.sku}</td>
              <td className="mono">{l.location}</td>
              <td className="num">{int(l.open_qty)}</td>
              <td className="num">
                <input type="text" size={6} aria-label={`good ${l.line_no}`} value={inputs[l.line_no]?.good ?? ''} onChange={(e) => set(l.line_no, 'good', e.target.value)} />
              </td>
              <td className="num">
                <input type="text" size={6} aria-label={`damaged ${l.line_no}`} value={inputs[l.line_no]?.damaged ?? ''} onChange={(e) => set(l.line_no, 'damaged', e.target.value)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="filters">
        <label>
          unexpected SKUs{' '}
          <input
            type="text"
            size={36}
            aria-label="unexpected SKUs"
            placeholder={`SKU:units or SKU@LOCATION:units (default ${po.lines?.[0]?.location ?? ''})`}
            value={unexpectedText}
            onChange={(e) => setUnexpectedText(e.target.value)}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} aria-label="accept the unexpected SKUs" /> accept them into stock (at the SKU's unit cost; unchecked: only recorded)
        </label>
      </div>
      <ErrorBox error={error} title="Not received" />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={submit} data-testid="post-receipt">
          Post receipt
        </button>
      </div>
    </section>
  );
}
