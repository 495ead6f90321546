export { RecordStore, type StoreDocument } from './store.js';
export type { Store, StoreChange, RecordReads, RecordOf } from './types.js';
export {
  COLLECTION_NAME,
  CollectionReadCache,
  matchesWhere,
  orderAndPage,
  type CollectionOp,
  type CollectionStore,
  type ListQuery,
  type StoredDoc,
  type Where,
} from './collections.js';
export type { ExternalRecordChange, SharedStore, StoreLockName } from './types.js';
export { isShared } from './types.js';
export { openStore, storeKindOf, type StoreKind, type StoreSettings } from './open.js';
export { PgStore, migrate, SchemaTooNewError, type PgStoreOptions } from './postgres/index.js';
