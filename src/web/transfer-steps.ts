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
