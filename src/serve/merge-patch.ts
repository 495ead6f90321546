/**
 * JSON Merge Patch (RFC 7396), the PATCH format: a member set to null is
 * removed, an object is merged member by member, anything else (arrays
 * included) replaces the old value. `__proto__`, `constructor` and
 * `prototype` members are ignored (the body parser drops them already), and
 * only the target's own members are read, so a patch never reaches a prototype.
 */
import { UNSAFE_KEYS } from '../domain/index.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (UNSAFE_KEYS.has(key)) continue;
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value);
  }
  return result;
}
