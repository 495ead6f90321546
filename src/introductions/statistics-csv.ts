/**
 * The statistics as a CSV table (one row per group, then 合计 — the total), the
 * same bytes whether the CLI's `introductions report --csv` or
 * GET /v1/introductions/statistics?format=csv writes them.
 */
import { toCsv, type CsvColumn } from '../csv/index.js';
import type { Figures, Statistics } from './statistics.js';

/** A rate as a percentage with two decimals; null (nothing to divide by) stays an empty cell. */
const pct = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 100);

const figureColumns: CsvColumn<{ label: string; figures: Figures }>[] = [
  { header: '分组', value: (r) => r.label },
  { header: '需求发布数', value: (r) => r.figures.demandsPublished },
  { header: '对接数', value: (r) => r.figures.introductions },
  { header: '草拟', value: (r) => r.figures.byState.proposed },
  { header: '已推送', value: (r) => r.figures.byState.sent },
  { header: '已接受', value: (r) => r.figures.byState.accepted },
  { header: '洽谈中', value: (r) => r.figures.byState.negotiating },
  { header: '已签约', value: (r) => r.figures.byState.signed },
  { header: '已拒绝', value: (r) => r.figures.byState.declined },
  { header: '已撤回', value: (r) => r.figures.byState.withdrawn },
  { header: '已过期', value: (r) => r.figures.byState.expired },
  { header: '接受率（%）', value: (r) => pct(r.figures.acceptanceRate) },
  { header: '签约率（%）', value: (r) => pct(r.figures.signingRate) },
  { header: '推送至接受中位天数', value: (r) => r.figures.medianDaysSentToAccepted },
  { header: '推送至签约中位天数', value: (r) => r.figures.medianDaysSentToSigned },
  { header: '合同数', value: (r) => r.figures.contracts.count },
  { header: '合同金额（万元）', value: (r) => r.figures.contracts.totalWan },
  {
    header: '拒绝原因',
    value: (r) => r.figures.declineReasons.map((d) => `${d.label} ${d.count}`).join('；'),
  },
];

/** Rows of the CSV export: one per group, then 合计. */
export function statisticsCsv(stats: Statistics): string {
  return toCsv(figureColumns, [
    ...stats.groups.map((g) => ({ label: `${g.label}（${g.key}）`, figures: g.figures })),
    { label: '合计', figures: stats.totals },
  ]);
}
