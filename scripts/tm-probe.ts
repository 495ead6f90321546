import fs from 'node:fs';
import { DEMO_ACHIEVEMENTS_FILE } from '../src/config/index.js';
import { TranslationTable } from '../src/match/rerank/translation.js';
import { searchTokens } from '../src/text/index.js';
const recs = fs
  .readFileSync(DEMO_ACHIEVEMENTS_FILE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
let t0 = performance.now();
const titles = recs.map((r) => searchTokens(r.title));
const pairs = recs.flatMap((r, i) => {
  const source = searchTokens(`${(r.keywords ?? []).join('，')}。${r.abstract ?? ''}`);
  return titles[i]!.length && source.length ? [{ title: titles[i]!, source }] : [];
});
console.log('tokenise ms', (performance.now() - t0).toFixed(0), 'pairs', pairs.length);
t0 = performance.now();
const table = TranslationTable.train(pairs, titles);
console.log('train ms', (performance.now() - t0).toFixed(0), 'entries', table.size);
for (const w of ['冷藏', '保鲜', '苹果', '腐蚀', '焊接', '振动', '掉线', '故障']) {
  const q = table.translate([w]);
  console.log(
    w,
    [...q]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([t, p]) => `${t}:${p.toFixed(3)}`)
      .join(' '),
  );
}
const demands = fs
  .readFileSync('data/eval/demands-dev.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
for (const part of ['older', 'newer']) {
  let modelled = 0,
    total = 0,
    offMass = 0,
    n = 0;
  for (const d of demands.filter((d) => Number(d.id.slice(2)) >= 31 === (part === 'newer'))) {
    const q = searchTokens(`${d.title}。${d.description ?? ''}`);
    const qs = new Set(q);
    for (const w of q) {
      total++;
      if (table.probability(w, w) < 1) modelled++;
    }
    const tr = table.translate(q);
    let off = 0;
    for (const [t, p] of tr) if (!qs.has(t)) off += p;
    offMass += off;
    n++;
  }
  console.log(
    part,
    'query tokens with a row',
    (modelled / total).toFixed(3),
    'mean off-query mass of P(t|Q)',
    (offMass / n).toFixed(3),
  );
}
