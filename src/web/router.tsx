/**
 * A minimal client-side router over the History API: the current path and query, `navigate()`,
 * and `<Link>`. The server answers every non-API path with index.html, so deep links work.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

interface Location {
  path: string;
  query: URLSearchParams;
}

const read = (): Location => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) });
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** Goes to `to` (path and optional query string); `replace` replaces the history entry. */
export function navigate(to: string, replace = false): void {
  if (to === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
  if (!replace) window.scrollTo(0, 0);
}

/** The current location; re-renders on navigation. */
export function useLocation(): Location {
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const l = () => setLoc(read());
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return loc;
}

/** `path?query` with empty values dropped. */
export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Replaces some query parameters of the current location (filters), keeping the path. */
export function setQuery(changes: Record<string, string | number | undefined | null>): void {
  const q = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  navigate(s ? `${window.location.pathname}?${s}` : window.location.pathname, true);
}

/** An in-app link: a real <a href> (open in new tab works) that navigates without reloading. */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} {...rest} />;
}

/** Path of the SKU detail page. */
export const skuHref = (code: string) => `/stock/${encodeURIComponent(code)}`;
/** Path of the PO detail page. */
export const poHref = (number: string) => `/purchasing/${encodeURIComponent(number)}`;
export const transferHref = (number: string) => `/transfers/${encodeURIComponent(number)}`;
export const countHref = (number: string) => `/counts/${encodeURIComponent(number)}`;
