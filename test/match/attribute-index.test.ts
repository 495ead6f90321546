import { describe, expect, it } from 'vitest';
import {
  type Achievement,
  COOPERATION_MODES,
  INDUSTRIES,
  IP_KINDS,
  MATURITY_LEVELS,
  type Stored,
} from '../../src/domain/index.js';
import { AttributeIndex } from '../../src/match/attribute-index.js';
import { type MatchFilters, passesFilters } from '../../src/match/filters.js';
import { createRandom, pick, randomInt } from '../../src/random/prng.js';

const REGIONS = ['吉林省长春市', '吉林省长春市农安县', '吉林省吉林市', '吉林省延边朝鲜族自治州延吉市', '辽宁省沈阳市'];
const QUARTERS = ['2025Q4', '2026Q1', '2026Q2'];
// Legacy ipType values: kinds as the schema and as the console spell them, and one that names no kind.
const IP_TYPES = ['发明专利', '实用新型', '实用新型专利', '软件著作权', '商标'];

function randomRecord(random: () => number, id: string): Stored<Achievement> {
  const maybe = <T>(value: T) => (random() < 0.8 ? value : undefined);
  const record: Achievement = {
    id,
    title: `成果 ${id}`,
    region: maybe(pick(random, REGIONS)),
    maturity: maybe(pick(random, MATURITY_LEVELS)),
    publishedQuarter: maybe(pick(random, QUARTERS)),
    ipType: maybe(pick(random, IP_TYPES)),
    ipItems: random() < 0.3 ? [{ kind: pick(random, IP_KINDS) }] : undefined,
    fiscalFunded: maybe(random() < 0.5),
    transferModes: random() < 0.7 ? [pick(random, COOPERATION_MODES), pick(random, COOPERATION_MODES)] : undefined,
  };
  for (const key of Object.keys(record) as (keyof Achievement)[]) if (record[key] === undefined) delete record[key];
  const updatedAt = `2026-0${1 + randomInt(random, 9)}-01T00:00:00Z`;
  return {
    record,
    meta: {
      createdAt: updatedAt,
      updatedAt,
      industry: pick(random, INDUSTRIES),
      industrySource: 'inferred',
      industryConfidence: 0.5,
      ...(random() < 0.3 ? { secondIndustry: pick(random, INDUSTRIES) } : {}),
    },
  };
}

function randomFilters(random: () => number): MatchFilters {
  const some = <T>(values: readonly T[]) => (random() < 0.4 ? [pick(random, values), pick(random, values)] : undefined);
  const filters: MatchFilters = {
    industry: some(INDUSTRIES),
    region: some(['长春', '长春市', '农安县', '吉林省', '延边', '沈阳', '']),
    maturity: some(MATURITY_LEVELS),
    publishedQuarter: some(QUARTERS),
    ipType: some(IP_TYPES),
    fiscalFunded: random() < 0.2 ? random() < 0.5 : undefined,
    cooperation: some(COOPERATION_MODES),
    changedSince: random() < 0.2 ? '2026-05-01T00:00:00Z' : undefined,
  };
  for (const key of Object.keys(filters) as (keyof MatchFilters)[]) if (filters[key] === undefined) delete filters[key];
  return filters;
}

describe('attribute index', () => {
  it('narrows to a superset of the records that pass, and no more than the indexed fields allow', () => {
    const random = createRandom(31);
    const records = Array.from({ length: 600 }, (_, i) => randomRecord(random, `a${i}`));
    const index = new AttributeIndex();
    for (const stored of records) index.put(stored);
    let narrowed = 0;
    for (let round = 0; round < 300; round += 1) {
      const filters = randomFilters(random);
      const passing = records.filter((s) => passesFilters(s, filters)).map((s) => s.record.id);
      const candidates = index.narrow(filters);
      if (!candidates) continue;
      narrowed += 1;
      for (const id of passing) expect(candidates.has(id)).toBe(true);
      // Without the fields checked per record (changedSince, an empty region), the narrowing is exact.
      if (!filters.changedSince && !filters.region?.includes(''))
        expect([...candidates].sort()).toEqual([...passing].sort());
    }
    expect(narrowed).toBeGreaterThan(200);
  });

  it('follows a record that changes and one that goes', () => {
    const index = new AttributeIndex();
    const first: Stored<Achievement> = {
      record: { id: 'x', title: 't', maturity: '中试' },
      meta: { createdAt: '', updatedAt: '', industry: '建筑', industrySource: 'given', industryConfidence: 1 },
    };
    index.put(first);
    expect(index.narrow({ maturity: ['中试'] })).toEqual(new Set(['x']));
    const changed = { ...first, record: { ...first.record, maturity: '产业化' as const } };
    index.put(changed);
    expect(index.narrow({ maturity: ['中试'] })).toEqual(new Set());
    expect(index.narrow({ maturity: ['产业化'], industry: ['建筑'] })).toEqual(new Set(['x']));
    index.remove('x');
    expect(index.narrow({ industry: ['建筑'] })).toEqual(new Set());
    expect(index.size).toBe(0);
  });

  it('answers nothing to narrow when no indexed field is filtered', () => {
    expect(new AttributeIndex().narrow({ changedSince: '2026-01-01T00:00:00Z' })).toBeUndefined();
    expect(new AttributeIndex().narrow({ region: [''] })).toBeUndefined();
  });
});
