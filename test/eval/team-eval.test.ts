import { describe, expect, it } from 'vitest';
import { evaluateTeamRanking, foldsOf, teamQrels } from '../../src/eval/team-eval.js';
import type { Qrels } from '../../src/eval/metrics.js';

const teamOf = (id: string) => id.split('-')[0];

describe('expert-finding eval', () => {
  it('grades a team by the best judged achievement it holds', () => {
    const qrels: Qrels = new Map([
      [
        'q1',
        new Map([
          ['A-1', 1],
          ['A-2', 3],
          ['B-1', 0],
        ]),
      ],
    ]);
    expect(teamQrels(qrels, teamOf).get('q1')).toEqual(
      new Map([
        ['A', 3],
        ['B', 0],
      ]),
    );
  });

  it('chooses the aggregation with the best nDCG@10, reports the baseline and a held-out figure', () => {
    // In every query the relevant team R holds ranks 2–4; the top achievement belongs to a non-relevant team.
    const matches = new Map<string, { id: string; score: number; rank: number }[]>();
    const qrels: Qrels = new Map();
    for (let q = 0; q < 10; q += 1) {
      const list = ['N-1', 'R-1', 'R-2', 'R-3', 'M-1'].map((id, i) => ({
        id: `${id}`,
        score: 1 / (i + 2),
        rank: i + 1,
      }));
      matches.set(`q${q}`, list);
      qrels.set(
        `q${q}`,
        new Map([
          ['R-1', 2],
          ['N-1', 0],
        ]),
      );
    }
    const report = evaluateTeamRanking(
      matches,
      qrels,
      { teamOf, sizeOf: () => 3, count: 3 },
      { folds: 5, candidates: [{ kind: 'first' }, { kind: 'sumTop', n: 3 }] },
    );
    expect(report.baseline).toEqual({ aggregation: 'first', 'nDCG@10': expect.closeTo(0.6309, 3) });
    expect(report.chosen).toEqual({ aggregation: 'sumTop3', 'nDCG@10': 1 });
    expect(report.crossValidated.perFold.every((f) => f.chosen === 'sumTop3')).toBe(true);
    expect(report.crossValidated['nDCG@10']).toBe(1);
  });

  it('splits demands into disjoint folds that cover them all, the same way every time', () => {
    const demands = Array.from({ length: 23 }, (_, i) => `d${i}`);
    const folds = foldsOf(demands, 5);
    expect(folds.flat().sort()).toEqual([...demands].sort());
    expect(new Set(folds.flat()).size).toBe(23);
    expect(foldsOf(demands, 5)).toEqual(folds);
  });
});
