import { describe, expect, it } from 'vitest';
import { rankTeams, type TeamLookup } from '../../src/teams/index.js';

// Five achievements: team X holds ranks 2, 3 and 4; team Y holds rank 1; team Z rank 5.
const matches = [
  { id: 'y1', score: 0.1, rank: 1 },
  { id: 'x1', score: 0.09, rank: 2 },
  { id: 'x2', score: 0.08, rank: 3 },
  { id: 'x3', score: 0.07, rank: 4 },
  { id: 'z1', score: 0.06, rank: 5 },
  { id: 'nobody', score: 0.05, rank: 6 },
];
const teams: TeamLookup = {
  teamOf: (id) => (id === 'nobody' ? undefined : id[0]!.toUpperCase()),
  sizeOf: (team) => ({ X: 30, Y: 1, Z: 1 })[team] ?? 1,
};

describe('ranking teams from achievement matches', () => {
  it('max: teams in the order of their best achievement', () => {
    expect(rankTeams(matches, teams, { kind: 'max' }).map((t) => t.teamId)).toEqual(['Y', 'X', 'Z']);
  });

  it('decay: further evidence counts less and less; a small lambda keeps the best achievement decisive', () => {
    expect(rankTeams(matches, teams, { kind: 'decay', lambda: 0.05 }).map((t) => t.teamId)).toEqual(['Y', 'X', 'Z']);
    const generous = rankTeams(matches, teams, { kind: 'decay', lambda: 0.9 });
    expect(generous.map((t) => t.teamId)).toEqual(['X', 'Y', 'Z']);
    expect(generous[0]!.score).toBeCloseTo(0.09 + 0.9 * 0.08 + 0.81 * 0.07, 10);
  });

  it("noisyOr: the chance that one of the team's achievements is the answer, scaled to the best in the list", () => {
    const ranked = rankTeams(matches, teams, { kind: 'noisyOr', gamma: 1 });
    expect(ranked.find((t) => t.teamId === 'Y')!.score).toBeCloseTo(0.9, 10);
    const x = 1 - (1 - 0.9 * 0.9) * (1 - 0.9 * 0.8) * (1 - 0.9 * 0.7);
    expect(ranked.find((t) => t.teamId === 'X')!.score).toBeCloseTo(x, 10);
    expect(ranked.map((t) => t.teamId)).toEqual(['X', 'Y', 'Z']);
  });

  it('sumTop: a team with several good achievements overtakes one with a single better one', () => {
    const ranked = rankTeams(matches, teams, { kind: 'sumTop', n: 3 });
    expect(ranked.map((t) => t.teamId)).toEqual(['X', 'Y', 'Z']);
    expect(ranked[0]!.score).toBeCloseTo(0.24, 10);
    expect(rankTeams(matches, teams, { kind: 'sumTop', n: 1 }).map((t) => t.teamId)).toEqual(['Y', 'X', 'Z']);
  });

  it("balog with alpha 1 divides by the team's size: a large team's few matches count for less", () => {
    expect(rankTeams(matches, teams, { kind: 'balog', alpha: 1 }).map((t) => t.teamId)).toEqual(['Y', 'Z', 'X']);
    expect(rankTeams(matches, teams, { kind: 'balog', alpha: 0 }).map((t) => t.teamId)).toEqual(['X', 'Y', 'Z']);
  });

  it('explains each team with its own matches, best first, and skips achievements without a team', () => {
    const x = rankTeams(matches, teams).find((t) => t.teamId === 'X')!;
    expect(x.evidence.map((m) => m.id)).toEqual(['x1', 'x2', 'x3']);
    expect(rankTeams(matches, teams).flatMap((t) => t.evidence.map((m) => m.id))).not.toContain('nobody');
    expect(rankTeams(matches, teams).map((t) => t.rank)).toEqual([1, 2, 3]);
  });
});
