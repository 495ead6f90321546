import { describe, expect, it } from 'vitest';
import type { Achievement, Stored } from '../../src/domain/index.js';
import { explainMatch, sharedTerms } from '../../src/match/explain.js';
import { hasFilters, passesFilters } from '../../src/match/filters.js';

function stored(
  record: Partial<Achievement>,
  industry: Stored<Achievement>['meta']['industry'] = '汽车制造',
  updatedAt = '2026-10-01T00:00:00Z',
): Stored<Achievement> {
  return {
    record: { id: 'a', title: 't', ...record },
    meta: { createdAt: updatedAt, updatedAt, industry, industrySource: 'given', industryConfidence: 1 },
  };
}

describe('filters', () => {
  it('passes everything when no filter is set', () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ region: [] })).toBe(false);
    expect(passesFilters(stored({}), {})).toBe(true);
  });

  it('treats values within a field as alternatives and fields as conditions that all hold', () => {
    const record = stored({ maturity: '中试', region: '吉林省长春市', transferModes: ['技术许可'] });
    expect(passesFilters(record, { industry: ['汽车制造', '建筑'], maturity: ['中试'] })).toBe(true);
    expect(passesFilters(record, { industry: ['建筑'] })).toBe(false);
    expect(passesFilters(record, { region: ['长春'] })).toBe(true);
    expect(passesFilters(record, { region: ['吉林市'] })).toBe(false);
    expect(passesFilters(record, { cooperation: ['技术许可'] })).toBe(true);
    expect(passesFilters(record, { cooperation: ['技术转让'] })).toBe(false);
  });

  it('checks fiscal funding and change date', () => {
    expect(passesFilters(stored({ fiscalFunded: true }), { fiscalFunded: false })).toBe(false);
    expect(passesFilters(stored({}), { changedSince: '2026-11-01' })).toBe(false);
    expect(passesFilters(stored({}), { changedSince: '2026-09-01' })).toBe(true);
  });

  it('reads an IP filter against the kinds of the achievement ipItems as well as its legacy ipType', () => {
    const itemsOnly = stored({ ipItems: [{ kind: '发明专利', number: 'ZL 2017 1 0601862.3', legalStatus: '有效' }] });
    expect(passesFilters(itemsOnly, { ipType: ['发明专利'] })).toBe(true);
    expect(passesFilters(itemsOnly, { ipType: ['软件著作权'] })).toBe(false);
    // The console's word for the kind (实用新型专利) and the schema's (实用新型) find the same records.
    const legacy = stored({ ipType: '实用新型专利' });
    const item = stored({ ipItems: [{ kind: '实用新型' }] });
    for (const wanted of ['实用新型专利', '实用新型']) {
      expect(passesFilters(legacy, { ipType: [wanted] })).toBe(true);
      expect(passesFilters(item, { ipType: [wanted] })).toBe(true);
    }
    // A legacy value that names no kind still matches itself, and nothing else.
    const unnamed = stored({ ipType: '商标' });
    expect(passesFilters(unnamed, { ipType: ['商标'] })).toBe(true);
    expect(passesFilters(unnamed, { ipType: ['发明专利'] })).toBe(false);
    expect(passesFilters(stored({}), { ipType: ['发明专利'] })).toBe(false);
  });
});

describe('explanations', () => {
  const idf = (t: string) => ({ 热失控: 5, 动力电池: 4, 电池: 2, 温度: 1 })[t] ?? 0;

  it('lists shared terms by informativeness and drops a term contained in a longer shared one', () => {
    const terms = sharedTerms(
      ['动力电池', '电池', '温度', '热失控', '汽车'],
      ['动力电池', '电池', '温度', '热失控'],
      idf,
    );
    expect(terms).toEqual(['热失控', '动力电池', '温度']);
  });

  it('names shared domain terms first, and drops the tokens they contain', () => {
    const terms = sharedTerms(['电池', '失控', '温度'], ['电池', '失控', '温度'], idf, ['热失控']);
    expect(terms[0]).toBe('热失控');
    expect(terms).not.toContain('失控');
    expect(terms).toContain('电池');
  });

  it('writes one Chinese line naming terms, similarity and industry agreement', () => {
    const e = explainMatch({
      sharedTerms: ['热失控'],
      queryIndustry: '汽车制造',
      resultIndustry: '汽车制造',
      denseSimilarity: 0.81,
      denseRank: 1,
      lexicalRank: 3,
      perspective: { queryKind: 'demand', sentences: true },
    });
    expect(e.industryMatch).toBe(true);
    expect(e.reason).toContain('热失控');
    expect(e.reason).toContain('0.81');
    expect(e.reason).toContain('同属汽车制造产业');
    const other = explainMatch({
      sharedTerms: [],
      queryIndustry: '汽车制造',
      resultIndustry: '建筑',
      denseSimilarity: null,
      denseRank: null,
      lexicalRank: 2,
      perspective: { queryKind: 'demand', sentences: true },
    });
    expect(other.industryMatch).toBe(false);
    expect(other.reason).toContain('产业不同');
    expect(other.reason).toContain('关键词检索');
  });
});
