/** The key store that goes with a store: the key file for the embedded one, a collection for a shared one. */
import { isShared, type Store } from '../store/index.js';
import { KeyCollection } from './key-collection.js';
import { KeyStore } from './keys.js';

export async function openKeyStore(store: Store, keysFile: string): Promise<KeyStore> {
  return new KeyStore(isShared(store) ? await KeyCollection.open(store) : keysFile);
}
