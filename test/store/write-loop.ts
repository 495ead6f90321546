// Helper process for the crash test: rewrites a large store forever until killed, and
// reports each round on stdout once the store has acknowledged it as durable.
import { RecordStore } from '../../src/store/index.js';

const store = await RecordStore.open(process.argv[2]!);
const now = new Date().toISOString();
for (let round = 0; ; round += 1) {
  const changes = Array.from({ length: 2000 }, (_, i) => ({
    kind: 'achievement' as const,
    op: 'put' as const,
    stored: {
      record: { id: `r${i}`, title: `第${round}轮`.repeat(50) },
      meta: {
        createdAt: now,
        updatedAt: now,
        industry: '其他' as const,
        industrySource: 'inferred' as const,
        industryConfidence: 0,
      },
    },
  }));
  await store.apply(changes);
  process.stdout.write(`${round}\n`);
}
