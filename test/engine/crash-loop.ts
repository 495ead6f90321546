// Helper process for the crash tests: rebuilds or re-imports forever until killed.
import { importJsonlText } from '../../src/engine/index.js';
import { achievementSlice, openTestEngine } from '../helpers.js';

const [dataDir, mode] = process.argv.slice(2) as [string, 'rebuild' | 'import'];
const engine = await openTestEngine(dataDir);
const base = achievementSlice(40).trim().split('\n');
for (let round = 0; ; round += 1) {
  if (mode === 'rebuild') {
    await engine.rebuild({ full: true });
  } else {
    // Every round changes every title, so each import embeds, writes the store and the index.
    const text = base
      .map((line) => JSON.stringify({ ...JSON.parse(line), title: `${JSON.parse(line).title}（第${round}版）` }))
      .join('\n');
    await importJsonlText(engine, 'achievement', text);
    engine.saveIndex();
  }
  process.stdout.write(`${round}\n`);
}
