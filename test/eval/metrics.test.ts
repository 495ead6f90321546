import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVAL_QRELS_FILE, REFERENCE_SCORER_FILE } from '../../src/config/paths.js';
import { evaluateRun, parseQrels, parseRun, queryMetrics } from '../../src/eval/metrics.js';

/** The reference scorer is Python; a machine without python3 fails this test by name, never skips it. */
function python3(): string {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'python3 is needed to run the reference scorer (data/eval/score.py); install it (apt-get install python3)',
    );
  }
  return 'python3';
}

describe('metrics', () => {
  it('computes nDCG, recall, MRR and P@1 by the eval definitions', () => {
    const judged = new Map([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    const [ndcg, recall, rr, p1] = queryMetrics(['x', 'b', 'a'], judged);
    const dcg = 3 / Math.log2(3) + 7 / Math.log2(4);
    const idcg = 7 + 3 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcg).toBeCloseTo(dcg / idcg, 10);
    expect(recall).toBe(1);
    expect(rr).toBe(0.5);
    expect(p1).toBe(0);
  });

  it('agrees with the reference scorer on a run over the real dev qrels', () => {
    const qrelsFile = EVAL_QRELS_FILE;
    const qrels = parseQrels(fs.readFileSync(qrelsFile, 'utf8'));
    // A deterministic run that mixes judged and unjudged documents.
    const lines: string[] = [];
    for (const [query, judged] of qrels) {
      const docs = [...judged.keys()].sort().reverse();
      docs.splice(1, 0, 'unjudged-doc');
      docs.slice(0, 12).forEach((doc, i) => lines.push(`${query}\t${doc}\t${i + 1}\t${1 - i / 100}`));
    }
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-metrics-'));
    const runFile = path.join(runDir, 'run.tsv');
    fs.writeFileSync(runFile, lines.join('\n') + '\n');
    const ours = evaluateRun(parseRun(fs.readFileSync(runFile, 'utf8')), qrels);
    const reference = execFileSync(python3(), [REFERENCE_SCORER_FILE, qrelsFile, runFile], { encoding: 'utf8' });
    fs.rmSync(runDir, { recursive: true, force: true });
    const value = (name: string) => Number(new RegExp(`${name}=([0-9.]+)`).exec(reference)![1]);
    expect(ours['nDCG@10']).toBeCloseTo(value('nDCG@10'), 4);
    expect(ours['Recall@10']).toBeCloseTo(value('Recall@10'), 4);
    expect(ours['MRR@10']).toBeCloseTo(value('MRR@10'), 4);
    expect(ours['P@1']).toBeCloseTo(value('P@1'), 4);
    expect(ours.queries).toBe(Number(/queries=(\d+)/.exec(reference)![1]));
  });
});
