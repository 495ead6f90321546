/**
 * How well industry inference agrees with labels: the record's own industry
 * is hidden and inferred from its text. For CSL records the label is their
 * discipline mapped to an industry, so the discipline prior is left out.
 */
import type { Industry, RecordKind } from '../domain/index.js';
import { OTHER_INDUSTRY } from '../domain/index.js';
import { inferIndustry, recordFields } from '../text/index.js';
import type { Achievement, Demand } from '../domain/index.js';

export interface IndustryAccuracy {
  records: number;
  correct: number;
  accuracy: number;
  /** label → inferred → count, for the misses only */
  confusions: Record<string, Record<string, number>>;
}

export function industryAccuracy(
  kind: RecordKind,
  labelled: { record: Achievement | Demand; label: Industry }[],
): IndustryAccuracy {
  let correct = 0;
  const confusions: Record<string, Record<string, number>> = {};
  for (const { record, label } of labelled) {
    const fields = recordFields(kind, record);
    const guess = inferIndustry({ title: fields.title, text: `${fields.keywords} ${fields.body}` }).industry;
    if (guess === label) correct += 1;
    else {
      confusions[label] ??= {};
      confusions[label][guess] = (confusions[label][guess] ?? 0) + 1;
    }
  }
  return {
    records: labelled.length,
    correct,
    accuracy: labelled.length ? Math.round((correct / labelled.length) * 10000) / 10000 : 0,
    confusions,
  };
}

export function isKeyIndustryLabel(label: string | undefined): label is Industry {
  return label !== undefined && label !== OTHER_INDUSTRY;
}
