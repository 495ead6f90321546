// One-off diagnosis of the translation features on a collected candidate set (not shipped).
import fs from 'node:fs';
import { EVAL_QRELS_FILE } from '../src/config/index.js';
import type { CandidateList } from '../src/eval/cv.js';
import { evaluateRun, parseQrels } from '../src/eval/metrics.js';
import { FEATURE_NAMES } from '../src/match/rerank/index.js';
const lists = JSON.parse(
  fs.readFileSync(`var/rerank-candidates-${process.argv[2] ?? 'tm'}.json`, 'utf8'),
) as CandidateList[];
const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const at = (n: string) => (FEATURE_NAMES as readonly string[]).indexOf(n);
const newer = (id: string) => Number(id.slice(2)) >= 31;
const names = [
  'fusedRank',
  'dense',
  'titleDense',
  'lexicalLog',
  'coverTitle',
  'titlePrecision',
  ...FEATURE_NAMES.filter((n) => n.startsWith('tm') && !n.endsWith('Gap')),
];
for (const view of ['full', 'title'] as const)
  for (const part of ['older', 'newer'] as const) {
    const sel = lists.filter((l) => l.view === view && newer(l.demandId) === (part === 'newer'));
    const row = names.map((n) => {
      const run = new Map(
        sel.map((l) => [
          l.demandId,
          l.candidates
            .map((c, i) => ({ id: c.id, s: c.features[at(n)]!, i }))
            .sort((a, b) => b.s - a.s || a.i - b.i)
            .map((c) => c.id),
        ]),
      );
      const q = new Map([...qrels].filter(([d]) => run.has(d)));
      return `${n} ${evaluateRun(run, q)['nDCG@10'].toFixed(3)}`;
    });
    console.log(`${view} ${part}: ${row.join(' | ')}`);
  }
// Spearman-like: Pearson of ranks within lists, averaged, tmTitle vs coverTitle / titlePrecision / lexicalLog.
const rank = (xs: number[]) => {
  const o = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array(xs.length);
  o.forEach(([, i], k) => (r[i] = k));
  return r as number[];
};
const pear = (a: number[], b: number[]) => {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let c = 0,
    va = 0,
    vb = 0;
  for (let i = 0; i < n; i++) {
    c += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return c / Math.sqrt(va * vb || 1);
};
for (const other of ['coverTitle', 'titlePrecision', 'lexicalLog', 'titleDense'])
  for (const tm of ['tmTitle', 'tmTitleOdds']) {
    const rs = lists.map((l) =>
      pear(rank(l.candidates.map((c) => c.features[at(tm)]!)), rank(l.candidates.map((c) => c.features[at(other)]!))),
    );
    console.log(`rank corr ${tm} vs ${other}: ${(rs.reduce((s, x) => s + x, 0) / rs.length).toFixed(3)}`);
  }
