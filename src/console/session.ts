/**
 * The signed-in key, held for this browser tab's session only (sessionStorage: gone
 * when the tab closes, kept across a reload). The key never goes to localStorage.
 */
import { Api } from './api';
import type { Caller } from './types';

const KEY_ITEM = 'kjcg.apiKey';

export interface Session {
  api: Api;
  caller: Caller;
}

export function storedKey(): string | null {
  return window.sessionStorage.getItem(KEY_ITEM);
}

/** Checks the key with GET /v1/me; throws the API's error (401: wrong key). */
export async function signIn(key: string): Promise<Session> {
  const api = new Api(key.trim());
  const caller = await api.get<Caller>('/v1/me');
  window.sessionStorage.setItem(KEY_ITEM, key.trim());
  return { api, caller };
}

export function signOut(): void {
  window.sessionStorage.removeItem(KEY_ITEM);
}

/**
 * When an enterprise key last opened its overview, kept per key id (not the key) in
 * localStorage so "since your last visit" spans sessions. The baseline is fixed for
 * the tab's session, so a reload shows the same list.
 */
export function visitBaseline(keyId: string, now = new Date()): string | null {
  const baselineItem = `kjcg.visitBaseline.${keyId}`;
  const kept = window.sessionStorage.getItem(baselineItem);
  if (kept !== null) return kept === '' ? null : kept;
  const last = window.localStorage.getItem(`kjcg.lastVisit.${keyId}`);
  window.sessionStorage.setItem(baselineItem, last ?? '');
  window.localStorage.setItem(`kjcg.lastVisit.${keyId}`, now.toISOString());
  return last;
}
