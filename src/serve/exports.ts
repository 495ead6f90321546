/**
 * What a CSV export holds: the columns, with Chinese headers, of the three
 * lists a broker takes to a meeting (a demand's achievements, an
 * achievement's demands, an enterprise's recommendations).
 */
import { PATENT_KINDS, ipKindLabels, type Achievement, type Demand } from '../domain/index.js';
import type { MatchResult } from '../engine/index.js';
import type { CsvColumn } from '../csv/index.js';
import { markText, type Marked } from './pair-marks.js';
import type { Recommendation } from './recommend.js';

type Scored = Pick<
  MatchResult<Achievement>,
  'rank' | 'id' | 'score' | 'components' | 'industry' | 'industryMatch' | 'sharedTerms' | 'reason'
>;

const round = (value: number | null) => (value === null ? null : Math.round(value * 10000) / 10000);

function scoreColumns<T extends Scored>(): CsvColumn<T>[] {
  return [
    { header: '综合得分', value: (r) => round(r.score) },
    { header: '语义相似度', value: (r) => round(r.components.dense) },
    { header: '关键词得分', value: (r) => round(r.components.lexical) },
    { header: '产业', value: (r) => r.industry },
    { header: '产业一致', value: (r) => r.industryMatch },
    { header: '共同关键词', value: (r) => r.sharedTerms.join('、') },
    { header: '匹配理由', value: (r) => r.reason },
  ];
}

// The IP kinds from ipItems (知识产权信息) and the legacy ipType alike; the legacy patent number as written,
// or else the numbers of the record's patent items.
const ipKindsText = (a: Achievement) => ipKindLabels(a).join('、') || undefined;
const patentNumbersText = (a: Achievement) =>
  a.patentNo ??
  ((a.ipItems ?? [])
    .flatMap((item) => (item.number && PATENT_KINDS.includes(item.kind) ? [item.number] : []))
    .join('、') ||
    undefined);

const achievementDetails: CsvColumn<{ record: Achievement }>[] = [
  { header: '完成单位', value: (r) => r.record.institution },
  { header: '所在地区', value: (r) => r.record.region },
  { header: '成熟度', value: (r) => r.record.maturity },
  { header: '知识产权类型', value: (r) => ipKindsText(r.record) },
  { header: '专利号', value: (r) => patentNumbersText(r.record) },
  { header: '公布批次', value: (r) => r.record.publishedQuarter },
  { header: '转化方式', value: (r) => r.record.transferModes?.join('、') },
  { header: '联系方式', value: (r) => r.record.contact },
];

/** 需求 → 成果; 对接状态 names a live introduction of the pair, or the decline shown on request. */
export const achievementMatchColumns: CsvColumn<MatchResult<Achievement> & Marked>[] = [
  { header: '排名', value: (r) => r.rank },
  { header: '成果编号', value: (r) => r.id },
  { header: '成果名称', value: (r) => r.record.title },
  ...scoreColumns<MatchResult<Achievement>>(),
  ...achievementDetails,
  { header: '对接状态', value: (r) => markText(r) },
];

/** 成果 → 需求 */
export const demandMatchColumns: CsvColumn<MatchResult<Demand> & Marked>[] = [
  { header: '排名', value: (r) => r.rank },
  { header: '需求编号', value: (r) => r.id },
  { header: '需求名称', value: (r) => r.record.title },
  ...scoreColumns<MatchResult<Demand>>(),
  { header: '需求企业', value: (r) => r.record.enterprise },
  { header: '所在地区', value: (r) => r.record.region },
  { header: '合作方式', value: (r) => r.record.cooperation },
  { header: '预算（万元）', value: (r) => r.record.budgetWan },
  { header: '截止日期', value: (r) => r.record.deadline },
  { header: '状态', value: (r) => r.record.status },
  { header: '对接状态', value: (r) => markText(r) },
];

export const recommendationColumns: CsvColumn<Recommendation>[] = [
  { header: '排名', value: (r) => r.rank },
  { header: '成果编号', value: (r) => r.id },
  { header: '成果名称', value: (r) => r.record.title },
  { header: '综合得分', value: (r) => round(r.score) },
  { header: '产业', value: (r) => r.industry },
  { header: '对应需求编号', value: (r) => r.serves.map((s) => s.demandId).join('、') },
  { header: '对应需求名称', value: (r) => r.serves.map((s) => s.demandTitle).join('、') },
  { header: '匹配理由', value: (r) => r.serves[0]?.reason },
  { header: '共同关键词', value: (r) => [...new Set(r.serves.flatMap((s) => s.sharedTerms))].join('、') },
  ...(achievementDetails as CsvColumn<Recommendation>[]),
  { header: '更新时间', value: (r) => r.updatedAt },
  {
    header: '对接状态',
    value: (r) =>
      r.serves
        .map((s) => ({ demandId: s.demandId, text: markText(s) }))
        .filter((m) => m.text !== '')
        .map((m) => `${m.demandId} ${m.text}`)
        .join('；'),
  },
];
