import type { Achievement } from './types';

/**
 * 知识产权类型 in one line: the legacy ipType as written, or else the kinds of the
 * record's IP items (a record may give its IP only as ipItems).
 */
export function ipKindsText(record: Pick<Achievement, 'ipType' | 'ipItems'>): string | undefined {
  if (record.ipType) return record.ipType;
  const kinds = [...new Set((record.ipItems ?? []).map((item) => item.kind))];
  return kinds.length ? kinds.join('、') : undefined;
}
