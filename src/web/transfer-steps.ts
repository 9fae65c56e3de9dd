/** A transfer's ship and receive steps as the web sends them (pure, so it is tested without a browser). */
import { int } from './format.ts';
import type { Transfer } from './types.ts';

/**
 * The quantities a ship or receive step sends: per SKU the typed whole number when it differs from
 * the default (what was planned, or shipped), else nothing (the API's default); a bad number is
 * refused, naming the SKU.
 */
export function stepLines(lines: Transfer['lines'], typed: Record<string, string>, base: 'quantity' | 'shipped_qty'): { sku: string; quantity: number }[] {
  const out: { sku: string; quantity: number }[] = [];
  for (const l of lines) {
    const t = (typed[l.sku] ?? '').trim();
    if (t === '') continue;
    const n = Number(t);
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`${l.sku}: "${t}" is not a whole number of units`);
    if (n > l[base]) throw new Error(`${l.sku}: ${n} is more than the ${int(l[base])} ${base === 'quantity' ? 'planned' : 'shipped'}`);
    if (n !== l[base]) out.push({ sku: l.sku, quantity: n });
  }
  return out;
}

/**
 * A new transfer's lines typed as "SKU:quantity" (or "SKU quantity"), separated by commas or new
 * lines; a SKU twice is added up. A line without a whole positive quantity is refused, naming it.
 */
export function parseTransferLines(text: string): { sku: string; quantity: number }[] {
  const out = new Map<string, number>();
  const parts = text
    .split(/[,;\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of parts) {
    const m = /^(\S+?)\s*[:\s]\s*(\S+)$/.exec(p);
    const n = m ? Number(m[2]) : NaN;
    if (!m || !(Number.isInteger(n) && n > 0)) throw new Error(`lines: "${p}" is not SKU:quantity with a whole quantity above 0`);
    out.set(m[1], (out.get(m[1]) ?? 0) + n);
  }
  if (out.size === 0) throw new Error('lines: name at least one SKU:quantity');
  return [...out].map(([sku, quantity]) => ({ sku, quantity }));
}
