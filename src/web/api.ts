/**
 * A tiny typed client for the stockloop HTTP API (/api/v1). The token is the one the user pasted
 * at sign-in, kept in localStorage. Every non-2xx answer becomes an `ApiError` carrying the API's
 * `{ error: { code, message } }`, which the pages show as they are.
 */
import type { Page } from './types.ts';

const TOKEN_KEY = 'stockloop.token';
const BASE = '/api/v1';

/** An error answer of the API (or a network failure, code NETWORK). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The saved API token, or null when signed out. */
export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

/** Saves (or, with null, forgets) the API token. */
export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  for (const l of tokenListeners) l(token);
}

const tokenListeners = new Set<(token: string | null) => void>();

/** Calls `listener` whenever the token changes (sign-in, sign-out, a 401). Returns an unsubscribe. */
export function onTokenChange(listener: (token: string | null) => void): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

/** Query parameters: undefined, null and '' values are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** `/api/v1${path}?query` with empty values dropped. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

/**
 * One request. `token` overrides the saved token (sign-in checks a token before saving it).
 * Throws ApiError for an error answer; a 401 with the saved token signs the user out.
 */
export async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown; token?: string } = {}): Promise<T> {
  const token = options.token ?? getToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `the server did not answer (${(e as Error).message})`);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const e = errorAnswer(res, text, json);
    if (res.status === 401 && !options.token && getToken()) setToken(null);
    throw e;
  }
  return json as T;
}

/** The ApiError of an error answer: the API's `{ error: { code, message, details } }`, else the status and text. */
function errorAnswer(res: Response, text: string, json: unknown): ApiError {
  const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  return new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? (text.slice(0, 200) || res.statusText), err?.details);
}

/**
 * Downloads `path` (a file answer, e.g. text/csv) as `fileName`: fetched with the token, like every
 * call, then handed to the browser as a blob link (a plain link would not carry the token).
 */
export async function download(path: string, fileName: string): Promise<void> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `the server did not answer (${(e as Error).message})`);
  }
  if (!res.ok) {
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    if (res.status === 401 && getToken()) setToken(null);
    throw errorAnswer(res, text, json);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** GET `path` (JSON). */
export const get = <T>(path: string, query?: Query) => request<T>('GET', path, { query });
/** POST `body` to `path` (JSON). */
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} });
/** PUT `body` to `path` (JSON). */
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, { body });
/** DELETE `path`. */
export const del = (path: string) => request<null>('DELETE', path);

/**
 * Every item of a paged list, following `next_cursor` (pages of `pageSize`), at most `max` items.
 * Returns the items and whether the list was cut at `max`.
 */
export async function getAll<T>(path: string, query: Query = {}, opts: { pageSize?: number; max?: number } = {}): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  const max = opts.max ?? 100_000;
  let cursor: string | null = null;
  do {
    const page: Page<T> = await get<Page<T>>(path, { ...query, limit: opts.pageSize ?? 1000, cursor });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return { items: items.slice(0, max), truncated: cursor !== null || items.length > max };
}
