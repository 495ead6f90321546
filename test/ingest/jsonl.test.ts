import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_ACHIEVEMENTS_FILE, EVAL_DEMANDS_FILE } from '../../src/config/paths.js';
import { achievementSchema, demandSchema } from '../../src/domain/index.js';
import { formatLineError, parseJsonl } from '../../src/ingest/index.js';

describe('JSONL import parsing', () => {
  it('imports the bundled CSL achievements and the 80 public dev demands as they are', () => {
    const achievements = parseJsonl(fs.readFileSync(DEMO_ACHIEVEMENTS_FILE, 'utf8'), achievementSchema);
    const demands = parseJsonl(fs.readFileSync(EVAL_DEMANDS_FILE, 'utf8'), demandSchema);
    expect(achievements.errors).toEqual([]);
    expect(achievements.records).toHaveLength(9999);
    expect(demands.errors).toEqual([]);
    expect(demands.records).toHaveLength(80);
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
