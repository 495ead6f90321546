/** API keys and their holders, below both the HTTP service and the CLI that manage them. */
export {
  KeyStore,
  KeyFile,
  ROLES,
  hashKey,
  type KeyStorage,
  type Role,
  type KeyEntry,
  type KeyHolder,
  type NewKey,
} from './keys.js';
export { KeyCollection, KEYS_COLLECTION } from './key-collection.js';
export { openKeyStore } from './open.js';
