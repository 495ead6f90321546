/**
 * 季度公告: the achievements a batch published, grouped by industry, as JSON;
 * bulletin-xlsx.ts and bulletin-html.ts render the same rows.
 */
import { INDUSTRIES, NotFoundError, ipKindLabels, type Achievement } from '../domain/index.js';
import type { MatchEngine } from '../engine/index.js';
import { BATCH_COLLECTION, publishedView, type Batch } from './batches.js';
import { publicationOf } from './effective.js';

export interface BulletinRow {
  id: string;
  title: string;
  industry: string;
  institution: string;
  region: string;
  maturity: string;
  /** 知识产权: kinds, then numbers, joined for a cell. */
  ipKinds: string;
  ipNumbers: string;
  transferModes: string;
  fiscalFunded: string;
  contact: string;
}

export interface Bulletin {
  quarter: string;
  publishedAt: string;
  total: number;
  industries: { industry: string; count: number }[];
  rows: BulletinRow[];
}

/** Chinese column headers, in order, for every rendering. */
export const BULLETIN_COLUMNS: { key: keyof BulletinRow; header: string; width: number }[] = [
  { key: 'id', header: '编号', width: 16 },
  { key: 'title', header: '成果名称', width: 48 },
  { key: 'industry', header: '产业领域', width: 14 },
  { key: 'institution', header: '完成单位', width: 24 },
  { key: 'region', header: '所在地区', width: 20 },
  { key: 'maturity', header: '成熟度', width: 10 },
  { key: 'ipKinds', header: '知识产权类型', width: 16 },
  { key: 'ipNumbers', header: '专利号/登记号', width: 24 },
  { key: 'transferModes', header: '转化方式', width: 24 },
  { key: 'fiscalFunded', header: '财政资助', width: 10 },
  { key: 'contact', header: '联系方式', width: 20 },
];

function rowOf(record: Achievement, industry: string): BulletinRow {
  const numbers = new Set((record.ipItems ?? []).flatMap((i) => (i.number ? [i.number] : [])));
  if (record.patentNo) numbers.add(record.patentNo);
  return {
    id: record.id,
    title: record.title,
    industry,
    institution: record.institution ?? '',
    region: record.region ?? '',
    maturity: record.maturity ?? '',
    ipKinds: ipKindLabels(record).join('、'),
    ipNumbers: [...numbers].join('、'),
    transferModes: (record.transferModes ?? []).join('、'),
    fiscalFunded: record.fiscalFunded === undefined ? '' : record.fiscalFunded ? '是' : '否',
    contact: record.contact ?? '',
  };
}

/** The bulletin of a published batch; records withdrawn since are left out. */
export async function buildBulletin(engine: MatchEngine, quarter: string): Promise<Bulletin> {
  const doc = await engine.store.getDoc<Batch>(BATCH_COLLECTION, quarter);
  if (!doc) throw new NotFoundError(`batch ${quarter} has not been published`);
  const view = await publishedView(engine.store);
  const order = new Map<string, number>(INDUSTRIES.map((name, i) => [name, i]));
  const rows = doc.data.recordIds
    .flatMap((id) => {
      const stored = engine.store.get('achievement', id);
      if (!stored || publicationOf(stored.record, view).status !== 'published') return [];
      return [rowOf(stored.record, stored.meta.industry)];
    })
    .sort((a, b) => (order.get(a.industry) ?? 99) - (order.get(b.industry) ?? 99) || (a.id < b.id ? -1 : 1));
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.industry, (counts.get(row.industry) ?? 0) + 1);
  return {
    quarter,
    publishedAt: doc.data.publishedAt,
    total: rows.length,
    industries: [...counts].map(([industry, count]) => ({ industry, count })),
    rows,
  };
}
