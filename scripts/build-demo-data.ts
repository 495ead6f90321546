/**
 * Builds the demo data shipped in data/demo/ from ../shared/data (run once by
 * a developer; the output is committed). Achievements are the CSL records
 * as they are, plus publication attributes that CSL lacks (quarter, region,
 * maturity, funding, transfer modes), drawn deterministically from a hash of
 * the id so filters have something to work on. Each achievement also gets a
 * synthetic research team, institution and inventors (see teamsFor below), so
 * that team profiles and expert finding have something to work on. Demands are
 * the public dev demands, each assigned to a demo enterprise account.
 *
 * When ../shared/data is not beside the clone, the bundled files are read
 * instead: every attribute is a function of the record's id and content, so
 * rebuilding from them gives the same records.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ACHIEVEMENTS_FILE, DEMO_DEMANDS_FILE, REPO_ROOT } from '../src/config/paths.js';
import { COOPERATION_MODES, MATURITY_LEVELS } from '../src/domain/records.js';
import { inferIndustry, searchTokens } from '../src/text/index.js';

const SHARED = path.resolve(REPO_ROOT, '..', 'shared', 'data');
const FROM_SHARED = fs.existsSync(SHARED);
const SOURCE_ACHIEVEMENTS = FROM_SHARED ? path.join(SHARED, 'achievements', 'csl-10k.jsonl') : DEMO_ACHIEVEMENTS_FILE;
const SOURCE_DEMANDS = FROM_SHARED ? path.join(SHARED, 'demands', 'dev.jsonl') : DEMO_DEMANDS_FILE;
const QUARTERS = ['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2', '2026Q3', '2026Q4'];
const REGIONS = ['长春市', '吉林市', '四平市', '辽源市', '通化市', '白山市', '松原市', '白城市', '延边朝鲜族自治州'];
const IP_TYPES = ['发明专利', '实用新型专利', '软件著作权', '技术秘密'];

function pick<T>(id: string, salt: string, options: readonly T[]): T {
  const n = crypto.createHash('sha256').update(`${salt}:${id}`).digest().readUInt32BE(0);
  return options[n % options.length]!;
}

function readJsonl(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国志宏文博宇晨浩然思远晓东海峰'];
/** Made-up institutions, named like the demo enterprises (示范 = "demo"), so nobody mistakes them for real ones. */
const INSTITUTIONS = [
  '吉林省示范理工大学',
  '吉林省示范农业大学',
  '吉林省示范医科大学',
  '吉林省示范师范大学',
  '吉林省示范科学院',
  '吉林省示范工业技术研究院',
  '吉林省示范综合大学',
  '吉林省示范化工研究所',
];

function hashNumber(key: string): number {
  return crypto.createHash('sha256').update(key).digest().readUInt32BE(0);
}

function personName(key: string): string {
  const n = hashNumber(key);
  const given = GIVEN[n % GIVEN.length]! + (n % 3 === 0 ? '' : GIVEN[(n >>> 8) % GIVEN.length]!);
  return SURNAMES[(n >>> 16) % SURNAMES.length]! + given;
}

interface TeamFields {
  institution: string;
  team: string;
  inventors: string[];
}

/**
 * Synthetic research teams. Real teams work in one field, so records are first
 * grouped by topic (their CSL discipline; title-only records by category and the
 * industry the lexicon infers from the title), then each group is cut into teams
 * of 6–15 records: a seed record (in hash order) and the records whose title and
 * keywords share the most words with it. Each team has a made-up leader and 2–5 members;
 * a record's inventors are the leader and 1–3 members. One team in 25 spells its
 * institution two ways on different records (with and without 吉林省), so that
 * profile merging has real duplicates to work on. (课题组 / 团队 need no merge:
 * derivation reads them as one spelling.)
 */
/** The words of a record's title and keywords, for grouping records of one topic. */
function termsOf(record: Record<string, unknown>): Set<string> {
  const keywords = Array.isArray(record.keywords) ? record.keywords.join(' ') : '';
  return new Set(searchTokens(`${String(record.title)} ${keywords}`).filter((t) => t.length >= 2));
}

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared || 1);
}

/**
 * Takes one team out of `remaining`: the first record (in hash order) and the
 * records whose title and keywords overlap it most, as a real group works on
 * one line of research.
 */
function topicalTeam(remaining: string[], size: number, terms: Map<string, Set<string>>): string[] {
  const seed = remaining.shift()!;
  const seedTerms = terms.get(seed)!;
  const nearest = remaining
    .map((id, order) => ({ id, order, score: overlap(seedTerms, terms.get(id)!) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, size - 1)
    .map((m) => m.id);
  const taken = new Set(nearest);
  const kept = remaining.filter((id) => !taken.has(id));
  remaining.splice(0, remaining.length, ...kept);
  return [seed, ...nearest];
}

function teamsFor(records: Record<string, unknown>[]): Map<string, TeamFields> {
  const terms = new Map(records.map((record) => [String(record.id), termsOf(record)]));
  const groups = new Map<string, string[]>();
  for (const record of records) {
    const id = String(record.id);
    const discipline = typeof record.discipline === 'string' ? record.discipline : undefined;
    const topic =
      discipline ??
      `${String(record.category ?? '')}/${inferIndustry({ title: String(record.title), text: '', category: String(record.category ?? '') }).industry}`;
    if (!groups.has(topic)) groups.set(topic, []);
    groups.get(topic)!.push(id);
  }
  const fields = new Map<string, TeamFields>();
  for (const [topic, ids] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const remaining = [...ids].sort((a, b) => hashNumber(`team:${a}`) - hashNumber(`team:${b}`) || (a < b ? -1 : 1));
    for (let teamNo = 0; remaining.length > 0; teamNo += 1) {
      const teamKey = `${topic}#${teamNo}`;
      const size = 6 + (hashNumber(`size:${teamKey}`) % 10);
      const members = topicalTeam(remaining, size, terms);
      const leader = personName(`leader:${teamKey}`);
      const staff = Array.from({ length: 2 + (hashNumber(`staff:${teamKey}`) % 4) }, (_, i) =>
        personName(`member:${teamKey}:${i}`),
      );
      const institution = INSTITUTIONS[hashNumber(`inst:${topic}:${teamNo % 3}`) % INSTITUTIONS.length]!;
      const spelledTwoWays = hashNumber(`variant:${teamKey}`) % 25 === 0;
      members.forEach((id, i) => {
        const coInventors = staff.filter((_, j) => hashNumber(`inv:${id}:${j}`) % 2 === 0).slice(0, 3);
        fields.set(id, {
          // The second spelling drops the province from the institution, as publishers often do.
          institution: spelledTwoWays && i % 3 === 2 ? institution.replace(/^吉林省/, '') : institution,
          team: `${leader}课题组`,
          inventors: [leader, ...(coInventors.length > 0 ? coInventors : [staff[0]!])],
        });
      });
    }
  }
  return fields;
}

const sourceAchievements = readJsonl(SOURCE_ACHIEVEMENTS);
const teams = teamsFor(sourceAchievements);
const achievements = sourceAchievements.map((a) => {
  const id = String(a.id);
  return {
    ...a,
    ...teams.get(id),
    region: `吉林省${pick(id, 'region', REGIONS)}`,
    maturity: pick(id, 'maturity', MATURITY_LEVELS),
    ipType: pick(id, 'ip', IP_TYPES),
    fiscalFunded: pick(id, 'fiscal', [true, true, false]),
    transferModes: [pick(id, 'mode1', COOPERATION_MODES.slice(0, 3)), pick(id, 'mode2', COOPERATION_MODES.slice(3))],
    publishedQuarter: pick(id, 'quarter', QUARTERS),
  };
});

const ENTERPRISES: Record<string, string> = {
  A: '吉林省示范汽车零部件有限公司',
  B: '吉林省示范石化新材料有限公司',
  C: '吉林省示范农业科技有限公司',
  D: '吉林省示范数字科技有限公司',
};
const demands = readJsonl(SOURCE_DEMANDS).map((d) => {
  const group = String(d.id).split('-')[0]!;
  return {
    ...d,
    enterprise: ENTERPRISES[group] ?? '吉林省示范企业',
    enterpriseId: `demo-ent-${group.toLowerCase()}`,
    deadline: '2027-06-30',
    status: 'open',
  };
});

fs.mkdirSync(path.dirname(DEMO_ACHIEVEMENTS_FILE), { recursive: true });
fs.writeFileSync(DEMO_ACHIEVEMENTS_FILE, achievements.map((a) => JSON.stringify(a)).join('\n') + '\n');
fs.writeFileSync(DEMO_DEMANDS_FILE, demands.map((d) => JSON.stringify(d)).join('\n') + '\n');
if (FROM_SHARED) {
  fs.copyFileSync(
    path.join(SHARED, 'LICENSE-CSL-Apache-2.0.txt'),
    path.join(path.dirname(DEMO_ACHIEVEMENTS_FILE), 'LICENSE-CSL-Apache-2.0.txt'),
  );
}
console.log(
  `wrote ${achievements.length} achievements and ${demands.length} demands to ${path.dirname(DEMO_ACHIEVEMENTS_FILE)}`,
);
