/**
 * Coded reasons why an introduction was declined or a 揭榜 proposal was not
 * awarded. Coded, so that they can be counted, and so that some of them
 * (irrelevant, already solved) can change what is recommended next. The list
 * is the default; a deployment may configure its own.
 */
export const DEFAULT_DECLINE_REASONS = [
  { code: 'immature', label: '技术成熟度不足' },
  { code: 'no_advantage', label: '相对现有技术优势不明显' },
  { code: 'cost', label: '成本或预算不符' },
  { code: 'ip', label: '知识产权归属或状态问题' },
  { code: 'mode_or_region', label: '合作方式或地域不符' },
  { code: 'solved', label: '需求已解决或取消' },
  { code: 'unclear', label: '描述不清需补充信息' },
  { code: 'irrelevant', label: '与需求无关' },
] as const;

export type DeclineReasonCode = (typeof DEFAULT_DECLINE_REASONS)[number]['code'];

/** Reasons after which the pair is not recommended again for that demand. */
export const SUPPRESSING_REASONS: ReadonlySet<string> = new Set<DeclineReasonCode>(['irrelevant', 'solved']);
