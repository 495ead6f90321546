import { describe, expect, it } from 'vitest';
import { statisticsCsv, type Figures, type Statistics } from '../../src/introductions/index.js';
import { parseCsv } from '../serve/helpers.js';

function figures(over: Partial<Figures> = {}): Figures {
  return {
    demandsPublished: 4,
    introductions: 3,
    byState: { proposed: 0, sent: 1, accepted: 0, negotiating: 0, signed: 1, declined: 1, withdrawn: 0, expired: 0 },
    reached: { sent: 3, accepted: 2, signed: 1 },
    acceptanceRate: 2 / 3,
    signingRate: 1 / 3,
    medianDaysSentToAccepted: 2.5,
    medianDaysSentToSigned: 30,
    contracts: { count: 1, totalWan: 85, byType: {} },
    declineReasons: [{ code: 'price', label: '价格', count: 1 }],
    ...over,
  };
}

const stats: Statistics = {
  period: { from: '2026-10-01', to: '2026-12-31' },
  regionCode: null,
  groupBy: 'broker',
  totals: figures(),
  groups: [{ key: 'key_b1', label: '王经纪', figures: figures({ demandsPublished: null, acceptanceRate: null }) }],
  unplaced: { demands: 0, introductions: 0, regionTexts: [] },
  includesSynthetic: false,
};

describe('statistics as CSV', () => {
  it('writes one row per group, labelled with its key, then the 合计 (total) row', () => {
    const rows = parseCsv(statisticsCsv(stats));
    expect(rows.map((r) => r[0])).toEqual(['分组', '王经纪（key_b1）', '合计']);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
  });

  it('writes rates as percentages with two decimals and what is not known as an empty cell', () => {
    const rows = parseCsv(statisticsCsv(stats));
    const cell = (row: number, header: string) => rows[row]![rows[0]!.indexOf(header)];
    expect(cell(2, '接受率（%）')).toBe('66.67');
    expect(cell(2, '签约率（%）')).toBe('33.33');
    expect(cell(1, '接受率（%）')).toBe('');
    expect(cell(1, '需求发布数')).toBe('');
    expect(cell(2, '拒绝原因')).toBe('价格 1');
  });
});
