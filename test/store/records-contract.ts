/**
 * The record half of the store contract, run against every store (lowdb in
 * store.test.ts, PostgreSQL in postgres.test.ts). `open` gives a fresh store
 * and a way to open the same data again, as a restart would.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError, type Achievement, type Stored } from '../../src/domain/index.js';
import type { Store } from '../../src/store/index.js';

export interface OpenedStore {
  store: Store;
  reopen: () => Promise<Store>;
}

export function storedAchievement(id: string, title = `成果${id}`): Stored<Achievement> {
  const now = new Date().toISOString();
  return {
    record: { id, title },
    meta: { createdAt: now, updatedAt: now, industry: '其他', industrySource: 'inferred', industryConfidence: 0 },
  };
}

export function recordStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name}: record store contract`, () => {
    it('shows a change to reads at once and keeps it across a reopen once apply resolves', async () => {
      const { store, reopen } = await open();
      const durable = store.apply([{ kind: 'achievement', op: 'put', stored: storedAchievement('a1') }]);
      expect(store.get('achievement', 'a1')?.record.title).toBe('成果a1');
      await durable;
      await store.apply([
        { kind: 'achievement', op: 'put', stored: storedAchievement('a2') },
        { kind: 'demand', op: 'put', stored: storedAchievement('d1') as never },
        { kind: 'achievement', op: 'delete', id: 'a1' },
      ]);
      expect(store.has('achievement', 'a1')).toBe(false);
      expect(store.count('achievement')).toBe(1);
      await store.close();
      const again = await reopen();
      expect(again.all('achievement').map((s) => s.record.id)).toEqual(['a2']);
      expect(again.get('demand', 'd1')?.record.title).toBe('成果d1');
      await again.close();
    });

    it('loses none of 100 concurrent writes', async () => {
      const { store, reopen } = await open();
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.apply([{ kind: 'achievement', op: 'put', stored: storedAchievement(`c${i}`) }]),
        ),
      );
      await store.close();
      const again = await reopen();
      expect(again.count('achievement')).toBe(100);
      await again.close();
    });

    it('refuses a record that cannot be stored before it reaches memory', async () => {
      const { store } = await open();
      const looped = storedAchievement('loop') as Stored<Achievement> & { meta: { self?: unknown } };
      looped.meta.self = looped;
      // Synchronously, so the engine never indexes what the store refused.
      expect(() => store.apply([{ kind: 'achievement', op: 'put', stored: looped }])).toThrow(ValidationError);
      expect(store.has('achievement', 'loop')).toBe(false);
      await store.close();
    });

    it('keeps ids that are Object.prototype names apart from the prototype', async () => {
      const { store, reopen } = await open();
      await store.apply([{ kind: 'achievement', op: 'put', stored: storedAchievement('__proto__') }]);
      expect(store.has('achievement', 'constructor')).toBe(false);
      await store.close();
      const again = await reopen();
      expect(again.get('achievement', '__proto__')?.record.id).toBe('__proto__');
      await again.close();
    });
  });
}
