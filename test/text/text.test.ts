import { describe, expect, it } from 'vitest';
import { domainTermsIn, extractKeywords, inferIndustry, normalizeText, searchTokens } from '../../src/text/index.js';

describe('segmentation', () => {
  it('finds domain terms of the dictionary in text, longest match first', () => {
    expect(domainTermsIn('电池包存在热失控隐患，采用聚合物驱提高采收率')).toEqual(
      expect.arrayContaining(['热失控', '聚合物驱']),
    );
    expect(domainTermsIn('动力电池热管理')).toContain('动力电池');
    expect(domainTermsIn('太平天国私人便章考')).toEqual([]);
  });

  it('emits sub-words in search mode so a long term also matches its parts', () => {
    const tokens = searchTokens('动力电池热管理');
    expect(tokens).toContain('动力电池');
    expect(tokens).toContain('电池');
  });

  it('drops stop words, punctuation and bare numbers', () => {
    const tokens = searchTokens('我公司希望寻求合作，解决2024年的问题。');
    expect(tokens).not.toContain('我公司');
    expect(tokens).not.toContain('希望');
    expect(tokens).not.toContain('，');
    expect(tokens).not.toContain('2024');
  });

  it('normalises full-width letters and case so ＣＯ２ and co2 meet', () => {
    expect(normalizeText('ＣＯ２')).toBe('co2');
    expect(searchTokens('ＣＯ２捕集')).toEqual(searchTokens('CO2捕集'));
  });
});

describe('keywords', () => {
  it('puts the publisher-given keywords first, then informative terms of the text', () => {
    const keywords = extractKeywords('动力电池在大电流下存在热失控隐患，需要提高转化效率。', 4, ['电池安全']);
    expect(keywords[0]).toBe('电池安全');
    expect(keywords).toEqual(expect.arrayContaining(['动力电池', '热失控']));
    expect(keywords.length).toBeGreaterThan(1);
    expect(keywords).not.toContain('提高');
  });
});

describe('industry tagging', () => {
  it('tags text by its industry terms', () => {
    expect(inferIndustry({ title: '油田三次采油聚合物驱提高采收率', text: '' }).industry).toBe('石油化工');
    expect(inferIndustry({ title: '人参皂苷提取工艺优化', text: '' }).industry).not.toBe('其他');
  });

  it('falls back to 其他 with zero confidence when nothing points anywhere', () => {
    const guess = inferIndustry({ title: '太平天国私人便章考', text: '' });
    expect(guess.industry).toBe('其他');
    expect(guess.confidence).toBe(0);
  });

  it('uses a mapped CSL discipline as a prior', () => {
    const guess = inferIndustry({ title: '某方剂的临床观察', text: '', discipline: '中医学/中药学' });
    expect(guess.industry).toBe('医药健康');
    expect(guess.confidence).toBeGreaterThan(0);
  });

  describe('says what decided (decidedBy)', () => {
    /** No lexicon term in it. */
    const termless = '一种新型结构的设计方法';

    it('the text, when the lexicon finds a term', () => {
      expect(inferIndustry({ title: '油田三次采油聚合物驱提高采收率', text: '' }).decidedBy).toBe('text');
    });

    it('the text even when a discipline’s prior outweighs the term it found', () => {
      const guess = inferIndustry({ title: termless, text: '软件', discipline: '作物学' });
      expect(guess.industry).toBe('现代农业');
      expect(guess.decidedBy).toBe('text');
    });

    it('the discipline, without a term, when it maps to a key industry (before the category)', () => {
      const guess = inferIndustry({ title: termless, text: '', discipline: '作物学', category: '工学' });
      expect(guess.industry).toBe('现代农业');
      expect(guess.decidedBy).toBe('discipline');
    });

    it('the category, when only its prior names a key industry', () => {
      const guess = inferIndustry({ title: termless, text: '', category: '工学' });
      expect(guess.industry).toBe('装备制造');
      expect(guess.decidedBy).toBe('category');
    });

    it('nothing, when neither the text nor a prior names a key industry (其他)', () => {
      const guess = inferIndustry({ title: '太平天国私人便章考', text: '', discipline: '体育学', category: '历史学' });
      expect(guess.industry).toBe('其他');
      expect(guess.decidedBy).toBe('none');
    });
  });
});
