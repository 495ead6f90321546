export { RecordStore, type StoreDocument } from './store.js';
export type { Store, StoreChange, RecordReads, RecordOf } from './types.js';
export {
  COLLECTION_NAME,
  matchesWhere,
  orderAndPage,
  type CollectionOp,
  type CollectionStore,
  type ListQuery,
  type StoredDoc,
  type Where,
} from './collections.js';
