/**
 * Data hooks: `useApi` runs a loader and tracks data / error / loading; `useCursorPager` walks a
 * cursor-paged list forward and back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { get, type Query } from './api.ts';
import type { Page } from './types.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change (and on reload()); a stale answer never overwrites a newer one. */
export function useApi<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error: unknown; loading: boolean }>({ error: null, loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (error: unknown) => mine === seq.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // deps are the caller's: `load` is a fresh closure each render and must not re-trigger.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export interface Pager<T> extends Loaded<Page<T>> {
  /** 1-based page number. */
  pageNo: number;
  hasNext: boolean;
  hasPrev: boolean;
  next: () => void;
  prev: () => void;
}

/**
 * A cursor-paged list at `path` with `query`: keeps the cursors of the pages seen so far so
 * "previous" works (cursors are opaque; the API only goes forward). A new query restarts at page 1.
 */
export function useCursorPager<T>(path: string | null, query: Query, limit: number): Pager<T> {
  const key = JSON.stringify([path, query, limit]);
  const [cursors, setCursors] = useState<{ key: string; stack: (string | null)[] }>({ key, stack: [null] });
  const stack = cursors.key === key ? cursors.stack : [null];
  const cursor = stack[stack.length - 1];
  const loaded = useApi<Page<T>>(
    () => (path === null ? Promise.resolve({ items: [], next_cursor: null }) : get<Page<T>>(path, { ...query, limit, cursor })),
    [key, cursor],
  );
  const nextCursor = loaded.data?.next_cursor ?? null;
  return {
    ...loaded,
    pageNo: stack.length,
    hasNext: nextCursor !== null && !loaded.loading,
    hasPrev: stack.length > 1,
    next: () => nextCursor && setCursors({ key, stack: [...stack, nextCursor] }),
    prev: () => stack.length > 1 && setCursors({ key, stack: stack.slice(0, -1) }),
  };
}

export interface Action {
  busy: boolean;
  error: unknown;
  setError: (e: unknown) => void;
  /**
   * Runs `f` (a form's check then its request): busy while it runs, its error kept (a check that
   * throws before anything is sent shows the same way); resolves to f's value, or undefined when it
   * failed.
   */
  run: <T>(f: () => T | Promise<T>) => Promise<T | undefined>;
}

/** A form's action state: busy while its request runs, and the error it ended with (cleared on the next run). */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T,>(f: () => T | Promise<T>): Promise<T | undefined> => {
    setError(null);
    setBusy(true);
    try {
      return await f();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
