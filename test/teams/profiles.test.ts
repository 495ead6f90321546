import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Achievement, Stored } from '../../src/domain/index.js';
import { RecordStore } from '../../src/store/index.js';
import {
  TEAMS_COLLECTION,
  aliasKey,
  deriveTeams,
  getTeam,
  mergeStoredTeams,
  mergeTeams,
  teamIndex,
  type TeamProfile,
} from '../../src/teams/index.js';
import { tempDir } from '../helpers.js';

const NOW = '2026-11-30T00:00:00.000Z';

function stored(record: Partial<Achievement> & { id: string }, industry = '新材料'): Stored<Achievement> {
  return {
    record: { title: record.id, ...record } as Achievement,
    meta: {
      createdAt: NOW,
      updatedAt: NOW,
      industry: industry as Stored<Achievement>['meta']['industry'],
      industrySource: 'inferred',
      industryConfidence: 0.5,
    },
  };
}

const LAB = '吉林省示范理工大学';
const achievements = [
  stored({ id: 'a1', institution: LAB, team: '王一鸣课题组', inventors: ['王一鸣', '李娜'], region: '吉林省长春市' }),
  stored({ id: 'a2', institution: LAB, team: '王一鸣课题组', inventors: ['王一鸣', '张伟'], region: '吉林省长春市' }),
  // The same team spelt another way: 团队 for 课题组, and a stray space.
  stored({ id: 'a3', institution: LAB, team: '王一鸣 团队', inventors: ['王一鸣'] }),
  // No team name: the first inventor's group.
  stored({ id: 'a4', institution: '吉林省示范农业大学', inventors: ['赵丽', '陈杰'] }),
  // Nobody named: no team.
  stored({ id: 'a5', institution: LAB }),
  // Same name at another institution is another team.
  stored({ id: 'a6', institution: '吉林省示范科学院', team: '王一鸣课题组', inventors: ['王一鸣'] }),
];

describe('deriving team profiles', () => {
  it('groups achievements by institution and team spelling, naming a team after its first inventor when it has no name', () => {
    const profiles = deriveTeams(achievements, [], NOW);
    const byName = (name: string, institution: string) =>
      profiles.find((p) => p.name === name && p.institution === institution);
    expect(byName('王一鸣课题组', LAB)?.achievementIds).toEqual(['a1', 'a2', 'a3']);
    expect(byName('赵丽团队', '吉林省示范农业大学')?.achievementIds).toEqual(['a4']);
    expect(byName('王一鸣课题组', '吉林省示范科学院')?.achievementIds).toEqual(['a6']);
    expect(profiles.flatMap((p) => p.achievementIds)).not.toContain('a5');
    const lab = byName('王一鸣课题组', LAB)!;
    expect(lab.members[0]).toBe('王一鸣');
    expect(lab.members).toEqual(expect.arrayContaining(['李娜', '张伟']));
    expect(lab.region).toBe('吉林省长春市');
    expect(lab.fields).toContain('新材料');
  });

  it('keeps ids stable and edits intact when derived again, adding only new achievements', () => {
    const first = deriveTeams(achievements.slice(0, 2), [], NOW);
    const edited = first.map((p) => ({ ...p, name: '王一鸣教授课题组（已编辑）', contact: 'wym@example.invalid' }));
    const again = deriveTeams(achievements.slice(0, 3), edited, '2026-12-01T00:00:00.000Z');
    expect(again).toHaveLength(1);
    expect(again[0]!.id).toBe(first[0]!.id);
    expect(again[0]!.name).toBe('王一鸣教授课题组（已编辑）');
    expect(again[0]!.contact).toBe('wym@example.invalid');
    expect(again[0]!.achievementIds).toEqual(['a1', 'a2', 'a3']);
    expect(deriveTeams(achievements.slice(0, 3), again, NOW)).toEqual([]);
  });

  it('reads 课题组 and 团队 as one spelling', () => {
    expect(aliasKey(LAB, '王一鸣课题组')).toBe(aliasKey(LAB, '王一鸣 团队'));
    expect(aliasKey(LAB, '王一鸣课题组')).not.toBe(aliasKey('吉林省示范科学院', '王一鸣课题组'));
  });
});

function profile(id: string, name: string, achievementIds: string[], extra: Partial<TeamProfile> = {}): TeamProfile {
  return {
    id,
    name,
    institution: LAB,
    fields: [],
    members: [],
    achievementIds,
    aliases: [aliasKey(LAB, name)],
    source: 'derived',
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

describe('merging duplicate profiles', () => {
  const a = profile('t-a', '刘洋课题组', ['x1', 'x2'], { members: ['刘洋'] });
  const b = profile('t-b', '吉林示范理工刘洋组', ['x3'], { members: ['刘洋', '周敏'], contact: 'ly@example.invalid' });

  it('moves achievements, members and spellings to the surviving profile and leaves a tombstone', () => {
    const { target, tombstones } = mergeTeams(a, [b], NOW);
    expect(target.achievementIds).toEqual(['x1', 'x2', 'x3']);
    expect(target.aliases).toEqual([...a.aliases, ...b.aliases]);
    expect(target.members).toEqual(['刘洋', '周敏']);
    expect(target.contact).toBe('ly@example.invalid');
    expect(tombstones).toEqual([
      expect.objectContaining({ id: 't-b', mergedInto: 't-a', achievementIds: [], aliases: [] }),
    ]);
  });

  it('then resolves the old id, the moved achievements and the other spelling to the survivor', () => {
    const { target, tombstones } = mergeTeams(a, [b], NOW);
    const index = teamIndex([target, ...tombstones]);
    expect(index.resolve('t-b')).toBe('t-a');
    expect(index.teamOf('x3')).toBe('t-a');
    expect(index.teamOf('new', { institution: LAB, team: '吉林示范理工刘洋组' })).toBe('t-a');
    expect([...index.teams.keys()]).toEqual(['t-a']);
  });

  it('refuses to merge a team into itself or one already merged away', () => {
    expect(() => mergeTeams(a, [a], NOW)).toThrow(/itself/);
    const { tombstones } = mergeTeams(a, [b], NOW);
    expect(() => mergeTeams(a, tombstones, NOW)).toThrow(/already merged/);
    expect(() => mergeTeams(a, [], NOW)).toThrow(/at least one/);
  });

  describe('in the store', () => {
    const dir = tempDir('kjcg-teams-');
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('writes the survivor and the tombstones in one transaction, and refuses a stale version', async () => {
      const store = await RecordStore.open(path.join(dir, 'store.json'));
      await store.transact([
        { op: 'put', collection: TEAMS_COLLECTION, id: a.id, data: a },
        { op: 'put', collection: TEAMS_COLLECTION, id: b.id, data: b },
      ]);
      await expect(mergeStoredTeams(store, 't-a', ['t-b'], new Date(NOW), 7)).rejects.toThrow(/version/);
      expect((await getTeam(store, 't-b')).data.mergedInto).toBeUndefined();
      const merged = await mergeStoredTeams(store, 't-a', ['t-b'], new Date(NOW));
      expect(merged.data.achievementIds).toEqual(['x1', 'x2', 'x3']);
      expect((await getTeam(store, 't-b')).data.mergedInto).toBe('t-a');
      await store.flush();
    });
  });
});
