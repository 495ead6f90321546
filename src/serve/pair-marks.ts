import type { DeclinedMark, LiveMark, PairMarks } from '../introductions/index.js';
import type { AnyRecord, Stored } from '../domain/index.js';

export interface Marked {
  /** The pair's live introduction (proposed, sent, accepted, negotiating). */
  introduction?: LiveMark;
  /** Present only with showDeclined=true: the decline that otherwise hides the pair. */
  declined?: DeclinedMark;
}

/** The engine's `visible` rule for one demand's matches; undefined when nothing is hidden. */
export function hideDeclined(
  marks: PairMarks,
  showDeclined: boolean | undefined,
): ((stored: Stored<AnyRecord>) => boolean) | undefined {
  if (showDeclined || marks.suppressed.size === 0) return undefined;
  return (stored) => !marks.suppressed.has(stored.record.id);
}

/** hideDeclined's rule named by value (MatchOptions.visibleKey): the hidden ids; '' when nothing is hidden. */
export function hideDeclinedKey(marks: PairMarks, showDeclined: boolean | undefined): string {
  if (showDeclined || marks.suppressed.size === 0) return '';
  return `hidden:${[...marks.suppressed.keys()].sort().join(',')}`;
}

/** The marks by value: equal keys, equal marks (they are built afresh on every read). */
export function marksKey(marks: PairMarks): string {
  if (marks.live.size === 0 && marks.suppressed.size === 0) return '';
  return JSON.stringify([[...marks.live], [...marks.suppressed]]);
}

/** The marks of one achievement, as fields to spread into a result. */
export function markOf(marks: PairMarks, achievementId: string): Marked {
  const live = marks.live.get(achievementId);
  const declined = marks.suppressed.get(achievementId);
  return { ...(live ? { introduction: live } : {}), ...(declined ? { declined } : {}) };
}

export function markResults<T extends { id: string }>(results: T[], marks: PairMarks): (T & Marked)[] {
  return results.map((result) => ({ ...result, ...markOf(marks, result.id) }));
}

/** The CSV cell: 对接状态. */
export function markText(mark: Marked): string {
  if (mark.introduction) return `对接中：${mark.introduction.state}（${mark.introduction.introductionId}）`;
  if (mark.declined) return `已拒绝：${mark.declined.label}（${mark.declined.introductionId}）`;
  return '';
}
