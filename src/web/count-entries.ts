/** What the count page sends (pure, so it is tested without a browser). */

/**
 * The POST /counts/N/entries lines: per SKU the typed count when it is filled and differs from what
 * is recorded, else nothing; a count that is not a whole number of units is refused, naming the SKU.
 */
export function countEntries(lines: { sku: string; counted_qty: number | null }[], typed: Record<string, string>): { sku: string; counted_qty: number }[] {
  const out: { sku: string; counted_qty: number }[] = [];
  for (const l of lines) {
    const t = (typed[l.sku] ?? '').trim();
    if (t === '') continue;
    const n = Number(t);
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`${l.sku}: "${t}" is not a whole number of units`);
    if (n !== l.counted_qty) out.push({ sku: l.sku, counted_qty: n });
  }
  return out;
}

/** SKU codes typed in a box (commas, spaces or new lines between them), once each, in order. */
export function skuList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}
