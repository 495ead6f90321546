/**
 * What introductions say about demand–achievement pairs, in two shapes:
 * - `PairOutcome`s for the ranking side (src/domain/outcomes.ts): accepted,
 *   negotiating and signed are +1, a decline coded irrelevant is -1;
 * - the marks a match list carries for one demand: the live introduction of a
 *   pair (so two brokers don't propose it twice), and declines that suppress the
 *   pair (与需求无关, 需求已解决 — SUPPRESSING_REASONS).
 */
import {
  SUPPRESSING_REASONS,
  type PairOutcome,
  type PairOutcomeReader,
  type PairOutcomeSource,
} from '../domain/index.js';
import { CollectionReadCache, type Store, type StoredDoc } from '../store/index.js';
import { LIVE_STATES, type Introduction, type IntroductionState } from './schema.js';
import { INTRODUCTIONS, allIntroductions, effectiveIntroduction, type IntroductionSettings } from './service.js';

const POSITIVE: ReadonlySet<IntroductionState> = new Set(['accepted', 'negotiating', 'signed']);

/** The outcome one introduction says about its pair, if any. */
export function outcomeOf(introduction: Introduction): PairOutcome | undefined {
  const at = introduction.history.at(-1)!.at;
  const pair = { demandId: introduction.demandId, achievementId: introduction.achievementId, at };
  if (POSITIVE.has(introduction.state)) return { ...pair, label: 1, source: introduction.state };
  if (introduction.state === 'declined' && introduction.decline?.code === 'irrelevant') {
    return { ...pair, label: -1, source: `declined:${introduction.decline.code}` };
  }
  return undefined;
}

/** The one function the ranking side reads: every pair outcome the store holds. */
export function pairOutcomeReader(
  store: Store,
  settings: IntroductionSettings,
  now: () => Date = () => new Date(),
): PairOutcomeReader {
  return async () =>
    (await allIntroductions(store, settings, now())).flatMap((intro) => {
      const outcome = outcomeOf(intro);
      return outcome ? [outcome] : [];
    });
}

/**
 * What the engine reads of outcomes. An outcome does not depend on the time (only a `sent`
 * introduction expires, and `sent` is no outcome), so the revision of the introductions
 * collection is all a cache of match results needs to key on; one demand's introductions
 * come from the same per-demand cache as its pair marks.
 */
export function pairOutcomeSource(
  store: Store,
  settings: IntroductionSettings,
  now: () => Date = () => new Date(),
): PairOutcomeSource {
  return {
    all: pairOutcomeReader(store, settings, now),
    ofDemand: async (demandId) =>
      (await introductionsOfDemand(store, demandId)).flatMap((doc) => {
        const outcome = outcomeOf(doc.data);
        return outcome ? [outcome] : [];
      }),
    revision: () => store.collectionRevision(INTRODUCTIONS),
  };
}

export interface LiveMark {
  introductionId: string;
  state: IntroductionState;
}

export interface DeclinedMark {
  introductionId: string;
  reason: string;
  label: string;
}

export interface PairMarks {
  /** achievement id → its live introduction for this demand. */
  live: Map<string, LiveMark>;
  /** achievement id → the decline that hides it from this demand's matches. */
  suppressed: Map<string, DeclinedMark>;
}

export function pairMarksOf(introductions: Introduction[]): PairMarks {
  const marks: PairMarks = { live: new Map(), suppressed: new Map() };
  for (const intro of introductions) {
    if (LIVE_STATES.has(intro.state)) {
      marks.live.set(intro.achievementId, { introductionId: intro.id, state: intro.state });
    } else if (intro.state === 'declined' && intro.decline && SUPPRESSING_REASONS.has(intro.decline.code)) {
      marks.suppressed.set(intro.achievementId, {
        introductionId: intro.id,
        reason: intro.decline.code,
        label: intro.decline.label,
      });
    }
  }
  // A pair proposed again after a decline is being worked: it is shown, marked live.
  for (const id of marks.live.keys()) marks.suppressed.delete(id);
  return marks;
}

/** Each store's introductions by demand, kept until an introduction changes (read on every match list). */
const demandIntroductions = new WeakMap<Store, CollectionReadCache<StoredDoc<Introduction>[]>>();

function introductionsOfDemand(store: Store, demandId: string): Promise<StoredDoc<Introduction>[]> {
  let cache = demandIntroductions.get(store);
  if (!cache) {
    cache = new CollectionReadCache(store, INTRODUCTIONS);
    demandIntroductions.set(store, cache);
  }
  return cache.get(demandId, () => store.listDocs<Introduction>(INTRODUCTIONS, { where: { demandId } }));
}

export async function pairMarksForDemand(
  store: Store,
  demandId: string,
  settings: IntroductionSettings,
  now: Date,
): Promise<PairMarks> {
  const docs = await introductionsOfDemand(store, demandId);
  // Expiry depends on the time, not on a write: applied to the kept documents on every read.
  return pairMarksOf(docs.map((doc) => effectiveIntroduction(doc.data, now, settings.expiryDays)));
}

/** demand id → the live introduction of the pair, for one achievement's demand matches. */
export async function liveDemandsOfAchievement(
  store: Store,
  achievementId: string,
  settings: IntroductionSettings,
  now: Date,
): Promise<Map<string, LiveMark>> {
  const docs = await store.listDocs<Introduction>(INTRODUCTIONS, { where: { achievementId } });
  const live = new Map<string, LiveMark>();
  for (const doc of docs) {
    const intro = effectiveIntroduction(doc.data, now, settings.expiryDays);
    if (LIVE_STATES.has(intro.state)) live.set(intro.demandId, { introductionId: intro.id, state: intro.state });
  }
  return live;
}
