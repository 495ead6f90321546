import { describe, expect, it } from 'vitest';
import { needSentences, querySentences, recordSentences } from '../../src/text/index.js';

describe('sentences', () => {
  it('ends a sentence at a half-width full stop before Han text, a space or the end, not inside a number', () => {
    expect(recordSentences('复合材料的拉伸强度提高了3.5倍.结果表明该工艺适合批量生产. 其成本降低约两成.')).toEqual([
      '复合材料的拉伸强度提高了3.5倍',
      '结果表明该工艺适合批量生产',
      '其成本降低约两成',
    ]);
  });

  it('splits a demand at full-width marks and keeps the longest six', () => {
    const text = '电池包温差大，影响寿命。低温下续航明显下降！热失控隐患难以提前预警；希望引进成熟的热管理方案';
    expect(querySentences(text)).toEqual([
      '电池包温差大，影响寿命',
      '低温下续航明显下降',
      '热失控隐患难以提前预警',
      '希望引进成熟的热管理方案',
    ]);
    expect(querySentences('一句话说完的需求没有子句')).toEqual([]);
  });

  it('takes what a demand asks for: its first sentence (the title) and the sentences with a need marker', () => {
    const text =
      '市政道路坑槽巡查靠人眼。城区道路的坑槽、裂缝现在靠养护工人骑车巡查，漏报多。想在巡查车上装摄像头，自动认出路面损坏类型。';
    expect(needSentences(text)).toEqual(['市政道路坑槽巡查靠人眼', '想在巡查车上装摄像头，自动认出路面损坏类型']);
    // One sentence (a title, a short free text) states nothing apart from itself.
    expect(needSentences('市政道路坑槽巡查靠人眼')).toEqual([]);
  });
});
