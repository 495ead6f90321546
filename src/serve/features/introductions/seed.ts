/** The introductions workflow's demo history: data/demo/introductions.jsonl (synthetic), loaded on a first start. */
import fs from 'node:fs';
import { DEMO_INTRODUCTIONS_FILE } from '../../../config/index.js';
import { INTRODUCTIONS, INTRODUCTION_PAIRS, introductionSchema } from '../../../introductions/index.js';
import type { CollectionOp, Store } from '../../../store/index.js';
import type { SeedContext } from '../feature.js';

/** Loads data/demo/introductions.jsonl (synthetic) in one transaction, keeping only pairs whose records exist. */
export async function loadDemoIntroductions(store: Store, file = DEMO_INTRODUCTIONS_FILE): Promise<number> {
  if (!fs.existsSync(file)) return 0;
  const ops: CollectionOp[] = [];
  const latest = new Map<string, { demandId: string; achievementId: string; latestId: string; createdAt: string }>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const intro = introductionSchema.parse(JSON.parse(line));
    if (!store.has('demand', intro.demandId) || !store.has('achievement', intro.achievementId)) continue;
    ops.push({ op: 'put', collection: INTRODUCTIONS, id: intro.id, data: intro, expectVersion: 0 });
    const pair = `${encodeURIComponent(intro.demandId)}|${encodeURIComponent(intro.achievementId)}`;
    const seen = latest.get(pair);
    if (!seen || seen.createdAt < intro.createdAt) {
      latest.set(pair, { ...intro, latestId: intro.id, createdAt: intro.createdAt });
    }
  }
  for (const [id, pair] of latest) {
    ops.push({
      op: 'put',
      collection: INTRODUCTION_PAIRS,
      id,
      data: { demandId: pair.demandId, achievementId: pair.achievementId, latestId: pair.latestId },
    });
  }
  if (ops.length > 0) await store.transact(ops);
  return ops.length - latest.size;
}

export async function seedIntroductionDemo(deps: SeedContext): Promise<void> {
  const count = await loadDemoIntroductions(deps.engine.store);
  deps.logger.info({ introductions: count }, 'demo introductions loaded (synthetic)');
}
