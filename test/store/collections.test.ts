import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { collectionStoreContract } from './collections-contract.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function openLowdb(): Promise<RecordStore> {
  const dir = tempDir('kjcg-store-');
  dirs.push(dir);
  return RecordStore.open(path.join(dir, 'store.json'));
}

collectionStoreContract('lowdb', openLowdb);

describe('lowdb collections on disk', () => {
  it('keeps acknowledged documents across a reopen, and old files without collections still open', async () => {
    const store = await openLowdb();
    await store.transact([{ op: 'put', collection: 'things', id: '__proto__', data: { n: 1 } }]);
    const reopened = await RecordStore.open(store.file);
    expect((await reopened.getDoc('things', '__proto__'))?.data).toEqual({ n: 1 });

    const old = path.join(path.dirname(store.file), 'old.json');
    fs.writeFileSync(old, JSON.stringify({ formatVersion: 1, achievements: {}, demands: {} }));
    expect(await (await RecordStore.open(old)).countDocs('things')).toBe(0);
  });

  it('refuses a document nested too deep to serialise, and the next write still lands', async () => {
    const store = await openLowdb();
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    await expect(store.transact([{ op: 'put', collection: 'things', id: 'deep', data: deep }])).rejects.toThrow(
      /cannot be stored/,
    );
    expect(await store.getDoc('things', 'deep')).toBeUndefined();
    await store.transact([{ op: 'put', collection: 'things', id: 'after', data: {} }]);
    expect((await RecordStore.open(store.file)).has('achievement', 'x')).toBe(false);
    expect(await (await RecordStore.open(store.file)).getDoc('things', 'after')).toBeDefined();
  });
});
