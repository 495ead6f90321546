/**
 * Keys in a collection of the shared store (PostgreSQL): every replica keeps
 * them in memory, because each request checks its key synchronously, and
 * reloads them when any replica writes the collection (NOTIFY), so a key
 * revoked through one replica is refused by all of them a moment later.
 */
import { parseOrThrow } from '../domain/index.js';
import type { CollectionStore, SharedStore } from '../store/index.js';
import { keyEntrySchema, type KeyEntry, type KeyStorage } from './keys.js';

export const KEYS_COLLECTION = 'api_keys';

export class KeyCollection implements KeyStorage {
  readonly location = `the store's ${KEYS_COLLECTION} collection`;
  private keys: KeyEntry[] = [];
  private loading: Promise<void> | null = null;
  private loadAgain = false;

  private constructor(private readonly store: CollectionStore & SharedStore) {}

  static async open(store: CollectionStore & SharedStore): Promise<KeyCollection> {
    const keys = new KeyCollection(store);
    store.onCollectionChange(KEYS_COLLECTION, () => void keys.reload());
    await keys.load();
    return keys;
  }

  entries(): KeyEntry[] {
    return this.keys;
  }

  private async load(): Promise<void> {
    const docs = await this.store.listDocs(KEYS_COLLECTION);
    this.keys = docs.map((doc) => parseOrThrow(keyEntrySchema, doc.data, `key ${doc.id}`));
  }

  /** Reloads after a change; a failed reload keeps the keys known and is retried on the next change. */
  private reload(): Promise<void> {
    if (this.loading) {
      this.loadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.loadAgain = false;
        await this.load().catch(() => undefined);
      } while (this.loadAgain);
      this.loading = null;
    })();
    return this.loading;
  }

  async put(entry: KeyEntry): Promise<void> {
    await this.store.transact([{ op: 'put', collection: KEYS_COLLECTION, id: entry.id, data: entry }]);
    await this.load();
  }
}
