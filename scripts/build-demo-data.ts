/**
 * Builds the demo data shipped in data/demo/ from ../shared/data (run once by
 * a developer; the output is committed). Achievements are the CSL records
 * as they are, plus publication attributes that CSL lacks (quarter, region,
 * maturity, funding, transfer modes), drawn deterministically from a hash of
 * the id so filters have something to work on. Demands are the public dev
 * demands, each assigned to a demo enterprise account.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ACHIEVEMENTS_FILE, DEMO_DEMANDS_FILE, SHARED_DATA_DIR as SHARED } from '../src/config/paths.js';
import { COOPERATION_MODES, MATURITY_LEVELS } from '../src/domain/records.js';

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

const achievements = readJsonl(path.join(SHARED, 'achievements', 'csl-10k.jsonl')).map((a) => {
  const id = String(a.id);
  return {
    ...a,
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
const demands = readJsonl(path.join(SHARED, 'demands', 'dev.jsonl')).map((d) => {
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
fs.copyFileSync(
  path.join(SHARED, 'LICENSE-CSL-Apache-2.0.txt'),
  path.join(path.dirname(DEMO_ACHIEVEMENTS_FILE), 'LICENSE-CSL-Apache-2.0.txt'),
);
console.log(
  `wrote ${achievements.length} achievements and ${demands.length} demands to ${path.dirname(DEMO_ACHIEVEMENTS_FILE)}`,
);
