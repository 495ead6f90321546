/* Imported with .js: the server's type check reads this file too, through test/console/vocab.test.ts. */
import type { Achievement } from './types.js';
import { IP_KINDS } from './vocab.js';

/** The IP kind a legacy ipType names (实用新型专利 → 实用新型), as src/domain/ip-items.ts's ipKindOf. */
function kindOf(ipType: string): string | undefined {
  return IP_KINDS.find((kind) => ipType.startsWith(kind));
}

/**
 * 知识产权类型 in one line, by the rule of src/domain/ip-items.ts's ipKindLabels (the
 * bulletin and the CSV use that one): the kinds of the record's IP items and of its legacy
 * ipType, then a legacy ipType that names no kind as written. test/console/vocab.test.ts
 * checks that the two agree.
 */
export function ipKindsText(record: Pick<Achievement, 'ipType' | 'ipItems'>): string | undefined {
  const labels = new Set((record.ipItems ?? []).map((item) => item.kind));
  if (record.ipType) labels.add(kindOf(record.ipType) ?? record.ipType);
  return labels.size ? [...labels].join('、') : undefined;
}
