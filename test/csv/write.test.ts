import { describe, expect, it } from 'vitest';
import { UTF8_BOM, csvCell, toCsv } from '../../src/csv/index.js';
import { parseCsv } from '../serve/helpers.js';

describe('csv', () => {
  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv([{ header: '名称', value: (r: { name: string }) => r.name }], [{ name: '激光焊接' }]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe('名称\r\n激光焊接\r\n');
  });

  it('quotes cells holding commas, quotes or line breaks so they round-trip', () => {
    const values = ['a,b', '他说"好"', '第一行\n第二行', ' 前后空格 '];
    const csv = toCsv([{ header: 'v', value: (r: string) => r }], values);
    expect(
      parseCsv(csv)
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(values);
  });

  it('prefixes text that Excel would run as a formula, but writes numbers as they are', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-合作')).toBe("'-合作");
    expect(csvCell(-0.5)).toBe('-0.5');
  });

  it('writes booleans in Chinese and leaves missing values empty', () => {
    expect([csvCell(true), csvCell(false), csvCell(undefined), csvCell(null), csvCell(Number.NaN)]).toEqual([
      '是',
      '否',
      '',
      '',
      '',
    ]);
  });
});
