/**
 * Outcomes change what is recommended: a demand's match list (and an
 * enterprise's recommendations) leave out achievements declined for that demand
 * as irrelevant or already solved, unless `showDeclined=true` asks for them
 * (then they are marked), and mark every achievement that has a live
 * introduction with its state, so two brokers don't propose the same pair.
 * Done here, through the engine's `visible` rule (the query is one demand, so
 * leaving out achievement ids keeps paging exact) and by decorating results.
 */
import type { Store } from '../store/index.js';
import {
  pairMarksForDemand,
  type DeclinedMark,
  type IntroductionSettings,
  type LiveMark,
  type PairMarks,
} from '../introductions/index.js';
import type { AnyRecord, Stored } from '../domain/index.js';

export interface Marked {
  /** The pair's live introduction (proposed, sent, accepted, negotiating). */
  introduction?: LiveMark;
  /** Present only with showDeclined=true: the decline that otherwise hides the pair. */
  declined?: DeclinedMark;
}

export function marksFor(
  store: Store,
  demandId: string,
  settings: IntroductionSettings,
  now: Date,
): Promise<PairMarks> {
  return pairMarksForDemand(store, demandId, settings, now);
}

/** The engine's `visible` rule for one demand's matches; undefined when nothing is hidden. */
export function hideDeclined(
  marks: PairMarks,
  showDeclined: boolean | undefined,
): ((stored: Stored<AnyRecord>) => boolean) | undefined {
  if (showDeclined || marks.suppressed.size === 0) return undefined;
  return (stored) => !marks.suppressed.has(stored.record.id);
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
