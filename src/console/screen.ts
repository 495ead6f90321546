/** What every screen is given, and the small helpers screens share. */
import type { Session } from './session';

export interface ScreenProps {
  session: Session;
  /** The path's parameters (`:id`). */
  params: Record<string, string>;
  /** The query string: filters and the page. */
  query: URLSearchParams;
}

export function pageOf(query: URLSearchParams): number {
  const page = Number(query.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The query string's values as an object, for href(). */
export function queryObject(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries(query.entries());
}
