/**
 * The CSV columns a broker takes to a meeting show an achievement's IP whether it
 * came as the legacy fields or only as ipItems (知识产权信息), with its kinds named as
 * the schema names them (ipKindLabels).
 */
import { describe, expect, it } from 'vitest';
import type { Achievement } from '../../src/domain/index.js';
import { achievementMatchColumns } from '../../src/serve/exports.js';

type Row = Parameters<(typeof achievementMatchColumns)[number]['value']>[0];
const cell = (header: string, record: Achievement) =>
  achievementMatchColumns.find((column) => column.header === header)!.value({ record } as Row);

describe('match list CSV columns', () => {
  it('names the legacy ipType by its kind, and keeps the legacy patent number as written', () => {
    const record: Achievement = { id: 'a', title: 't', ipType: '实用新型专利', patentNo: 'ZL201720000001.X' };
    expect(cell('知识产权类型', record)).toBe('实用新型');
    expect(cell('知识产权类型', { ...record, ipType: '商标' })).toBe('商标');
    expect(cell('专利号', record)).toBe('ZL201720000001.X');
  });

  it("fills them from ipItems when the legacy fields are absent, with only patents' numbers as 专利号", () => {
    const record: Achievement = {
      id: 'a',
      title: 't',
      ipItems: [
        { kind: '发明专利', number: 'ZL201710601862.3' },
        { kind: '软件著作权', number: '2024SR0000001' },
      ],
    };
    expect(cell('知识产权类型', record)).toBe('发明专利、软件著作权');
    expect(cell('专利号', record)).toBe('ZL201710601862.3');
    expect(cell('知识产权类型', { id: 'b', title: 't' })).toBeUndefined();
  });
});
