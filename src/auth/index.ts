/** API keys and their holders, below both the HTTP service and the CLI that manage them. */
export { KeyStore, ROLES, hashKey, type Role, type KeyEntry, type KeyHolder, type NewKey } from './keys.js';
