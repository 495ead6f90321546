import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { achievementSchema, demandSchema } from '../../src/domain/index.js';
import { formatLineError, parseJsonl } from '../../src/ingest/index.js';

const SHARED = path.resolve(import.meta.dirname, '../../../shared/data');

describe('JSONL import parsing', () => {
  it('imports the shared files as they are', () => {
    const achievements = parseJsonl(fs.readFileSync(path.join(SHARED, 'achievements/csl-10k.jsonl'), 'utf8'), achievementSchema);
    const demands = parseJsonl(fs.readFileSync(path.join(SHARED, 'demands/dev.jsonl'), 'utf8'), demandSchema);
    expect(achievements.errors).toEqual([]);
    expect(achievements.records).toHaveLength(9999);
    expect(demands.errors).toEqual([]);
    expect(demands.records).toHaveLength(40);
  });

  it('reports each bad line with its number and field, and keeps the good ones', () => {
    const text = [
      '{"id":"a1","title":"好的成果"}',
      '{"id":"a2"}',
      'not json',
      '{"id":"a3","title":"成熟度错误","maturity":"量产"}',
      '',
      '{"id":"a1","title":"重复"}',
      '{"id":"a4","title":"带未知字段","foo":1}',
    ].join('\n');
    const { records, errors } = parseJsonl(text, achievementSchema);
    expect(records.map((r) => r.record.id)).toEqual(['a1', 'a4']);
    expect(records[1]!.record).toMatchObject({ foo: 1 });
    expect(errors.map((e) => [e.line, e.issues[0]!.field])).toEqual([
      [2, 'title'],
      [3, '(line)'],
      [4, 'maturity'],
      [6, 'id'],
    ]);
    expect(formatLineError(errors[2]!)).toContain('line 4 (id a3): maturity');
  });

  it('treats null as an absent optional field', () => {
    const { records, errors } = parseJsonl('{"id":"d1","title":"需求","budgetWan":null}', demandSchema);
    expect(errors).toEqual([]);
    expect(records[0]!.record.budgetWan).toBeUndefined();
  });
});
