import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_ACHIEVEMENTS_FILE, EVAL_QRELS_FILE } from '../../src/config/paths.js';
import { parseQrels } from '../../src/eval/metrics.js';
import { achievementAlias, derivedTeamId } from '../../src/teams/index.js';
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
      { folds: 5, candidates: [{ kind: 'max' }, { kind: 'sumTop', n: 3 }] },
    );
    // The baseline lists only the top achievement's team (N), which is not relevant.
    expect(report.baseline).toEqual({ aggregation: 'teamOfTopAchievement', 'nDCG@10': 0 });
    expect(report.candidates.max).toBeCloseTo(0.6309, 3);
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

describe('the demo teams against the dev judgments', () => {
  it('give every dev demand with a relevant achievement a relevant team, and not every team is relevant', () => {
    const teamOf = new Map<string, string>();
    for (const line of fs.readFileSync(DEMO_ACHIEVEMENTS_FILE, 'utf8').split('\n')) {
      if (!line) continue;
      const record = JSON.parse(line);
      const alias = achievementAlias(record);
      if (alias) teamOf.set(record.id, derivedTeamId(alias));
    }
    expect(new Set(teamOf.values()).size).toBeGreaterThan(900);
    const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
    const grades = teamQrels(qrels, (id) => teamOf.get(id));
    for (const [demand, judged] of qrels) {
      if (![...judged.values()].some((g) => g >= 2)) continue;
      const teams = grades.get(demand)!;
      expect(
        [...teams.values()].some((g) => g >= 2),
        demand,
      ).toBe(true);
      expect(
        [...teams.values()].some((g) => g < 2),
        demand,
      ).toBe(true);
    }
  });
});
