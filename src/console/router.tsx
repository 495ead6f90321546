/**
 * Routing by URL with the history API: every screen has a path under /console/, so
 * a deep link survives a reload (the service answers any /console/… path with
 * index.html). A path pattern is `/demands/:id`; the query string carries filters
 * and the page, so those survive a reload too.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/console';

export interface Location {
  /** The path below /console, always starting with '/'. */
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Location {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '/';
  return { path: path || '/', query: new URLSearchParams(window.location.search) };
}

window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

/** Goes to `to` (a path below /console, query included); `replace` keeps the history entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = BASE + to;
  if (url === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return location;
}

/** Params of `pattern` in `path`, or undefined when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_whole, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const found = new RegExp(`^${source}/?$`).exec(path);
  if (!found) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
}

/** `path` with `query`'s non-empty values as its query string. */
export function href(path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface AnchorProps {
  to: string;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page';
}

/** A real link (middle-click and copy work) that navigates in place on a plain click. */
export function Link({ to, children, class: className, 'aria-current': current }: AnchorProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
    window.scrollTo(0, 0);
  };
  return (
    <a class={className} aria-current={current} href={BASE + to} onClick={onClick}>
      {children}
    </a>
  );
}
