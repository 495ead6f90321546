// Helper process for the crash test: four workers move introductions through
// proposed → sent → accepted → negotiating → signed over and over, printing
// `ack <id> <version> <state>` only after each transition's transact resolved.
import path from 'node:path';
import { ConflictError } from '../../src/domain/index.js';
import { createIntroduction, transitionIntroduction, type TransitionInput } from '../../src/introductions/index.js';
import { RecordStore } from '../../src/store/index.js';
import { ADMIN, SETTINGS } from './fixtures.js';

const [dataDir] = process.argv.slice(2) as [string];
const store = await RecordStore.open(path.join(dataDir, 'store.json'));
const CONTRACT = { type: '技术服务' as const, amountWan: 10, signedOn: '2026-11-30' };
const STEPS: TransitionInput[] = [
  { to: 'sent' },
  { to: 'accepted' },
  { to: 'negotiating' },
  { to: 'signed', contract: CONTRACT },
];

async function worker(demandId: string, achievements: string[]): Promise<never> {
  for (let round = 0; ; round += 1) {
    const achievementId = achievements[round % achievements.length]!;
    const created = await createIntroduction(
      store,
      ADMIN,
      { demandId, achievementId, match: null },
      SETTINGS,
      new Date(),
    ).catch(async (error: unknown) => {
      // The previous run was killed mid-way: withdraw the pair it left live, then start again.
      if (!(error instanceof ConflictError)) throw error;
      const live = (error.details as { introductionId: string }).introductionId;
      await transitionIntroduction(store, ADMIN, live, { to: 'withdrawn' }, SETTINGS, new Date());
      return createIntroduction(store, ADMIN, { demandId, achievementId, match: null }, SETTINGS, new Date());
    });
    process.stdout.write(`ack ${created.id} ${created.version} ${created.state}\n`);
    let version = created.version;
    for (const step of STEPS) {
      const moved = await transitionIntroduction(store, ADMIN, created.id, step, SETTINGS, new Date(), version);
      version = moved.version;
      process.stdout.write(`ack ${moved.id} ${moved.version} ${moved.state}\n`);
    }
  }
}

await Promise.all(['D1', 'D2', 'D3', 'D4'].map((demandId) => worker(demandId, ['X1', 'X2', 'X3'])));
