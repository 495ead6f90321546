/**
 * The collection store's contract, written once and run against every store
 * (lowdb here; PostgreSQL in its own test file). A store that passes may hold
 * any workflow's documents.
 */
import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../src/domain/index.js';
import type { CollectionStore } from '../../src/store/index.js';

export function collectionStoreContract(name: string, open: () => Promise<CollectionStore>): void {
  describe(`${name}: collection store contract`, () => {
    it('puts, gets, lists with where/order/paging, counts and deletes documents', async () => {
      const store = await open();
      const [a] = await store.transact([{ op: 'put', collection: 'things', id: 'a', data: { kind: 'x', n: 2 } }]);
      expect(a).toMatchObject({ id: 'a', version: 1, data: { kind: 'x', n: 2 } });
      await store.transact([
        { op: 'put', collection: 'things', id: 'b', data: { kind: 'y', n: 1 } },
        { op: 'put', collection: 'things', id: 'c', data: { kind: 'x', n: 3 } },
      ]);
      expect((await store.getDoc('things', 'b'))?.data).toEqual({ kind: 'y', n: 1 });
      expect((await store.listDocs('things', { where: { kind: 'x' } })).map((d) => d.id)).toEqual(['a', 'c']);
      const byN = await store.listDocs('things', { orderBy: { field: 'n', direction: 'desc' }, limit: 2 });
      expect(byN.map((d) => d.id)).toEqual(['c', 'a']);
      expect((await store.listDocs('things', { offset: 1, limit: 1 })).map((d) => d.id)).toEqual(['b']);
      expect(await store.countDocs('things', { kind: 'x' })).toBe(2);
      await store.transact([{ op: 'delete', collection: 'things', id: 'a' }]);
      expect(await store.getDoc('things', 'a')).toBeUndefined();
      expect(await store.countDocs('things')).toBe(2);
    });

    it('bumps the version on each write and refuses a stale expectVersion, applying nothing of the transaction', async () => {
      const store = await open();
      await store.transact([{ op: 'put', collection: 'intros', id: 'i1', data: { state: 'proposed' } }]);
      const [second] = await store.transact([
        { op: 'put', collection: 'intros', id: 'i1', data: { state: 'sent' }, expectVersion: 1 },
      ]);
      expect(second?.version).toBe(2);
      const stale = store.transact([
        { op: 'put', collection: 'history', id: 'h1', data: { note: 'must not land' } },
        { op: 'put', collection: 'intros', id: 'i1', data: { state: 'accepted' }, expectVersion: 1 },
      ]);
      await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.getDoc('intros', 'i1'))?.data).toEqual({ state: 'sent' });
      expect(await store.getDoc('history', 'h1')).toBeUndefined();
    });

    it('lets exactly one of two concurrent writers of the same version win', async () => {
      const store = await open();
      await store.transact([{ op: 'put', collection: 'intros', id: 'race', data: { state: 'sent' } }]);
      const results = await Promise.allSettled([
        store.transact([
          { op: 'put', collection: 'intros', id: 'race', data: { state: 'accepted' }, expectVersion: 1 },
        ]),
        store.transact([
          { op: 'put', collection: 'intros', id: 'race', data: { state: 'declined' }, expectVersion: 1 },
        ]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.getDoc('intros', 'race'))?.version).toBe(2);
    });

    it('treats expectVersion 0 as "must not exist yet"', async () => {
      const store = await open();
      await store.transact([{ op: 'put', collection: 'teams', id: 't', data: {}, expectVersion: 0 }]);
      await expect(
        store.transact([{ op: 'put', collection: 'teams', id: 't', data: {}, expectVersion: 0 }]),
      ).rejects.toBeInstanceOf(VersionConflictError);
    });

    it('stores ids that are Object.prototype names like any other id', async () => {
      const store = await open();
      for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        expect(await store.getDoc('things', id)).toBeUndefined();
        await store.transact([{ op: 'put', collection: 'things', id, data: { id } }]);
        expect((await store.getDoc('things', id))?.data).toEqual({ id });
      }
      expect(await store.countDocs('things')).toBe(4);
    });

    it("changes a collection's revision on each of its writes, and only on its own", async () => {
      const store = await open();
      const before = { a: store.collectionRevision('rev_a'), b: store.collectionRevision('rev_b') };
      expect(store.collectionRevision('rev_a')).toBe(before.a);
      await store.transact([{ op: 'put', collection: 'rev_a', id: 'x', data: { n: 1 } }]);
      const afterPut = store.collectionRevision('rev_a');
      expect(afterPut).not.toBe(before.a);
      expect(store.collectionRevision('rev_b')).toBe(before.b);
      await store.transact([{ op: 'delete', collection: 'rev_a', id: 'x' }]);
      expect(store.collectionRevision('rev_a')).not.toBe(afterPut);
    });

    it('refuses an invalid collection name', async () => {
      const store = await open();
      await expect(store.transact([{ op: 'put', collection: 'Bad Name', id: 'x', data: {} }])).rejects.toThrow(
        /collection/,
      );
    });
  });
}
