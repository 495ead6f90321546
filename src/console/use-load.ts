/**
 * Loads data for a screen and keeps the previous result on screen while the next
 * one loads, so results never jump away and back (no layout shift when they arrive).
 * A newer load aborts the older one.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: string | undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return `出错了：${(error as Error).message}`;
}

export function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | undefined, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, loading: load !== undefined, error: undefined });
  useEffect(() => {
    if (!load) {
      setState({ data: undefined, loading: false, error: undefined });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false, error: undefined });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, loading: false, error: messageOf(error) });
      },
    );
    return () => controller.abort();
  }, deps);
  return state;
}

export { messageOf };
