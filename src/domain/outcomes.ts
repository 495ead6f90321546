/**
 * What brokers' work says about a demand–achievement pair, in the one shape the
 * ranking reads: signed, negotiating and accepted introductions are positive
 * evidence; a decline coded irrelevant is negative. The introductions workflow
 * produces these; the second-stage ranker learns from them.
 */
export interface PairOutcome {
  demandId: string;
  achievementId: string;
  /** +1: the pair led somewhere (accepted, negotiating, signed); -1: declined as irrelevant. */
  label: 1 | -1;
  /** The introduction state or decline reason behind the label, for reports. */
  source: string;
  at: string;
}

/** Reads every pair outcome the store holds; implemented by the introductions workflow. */
export type PairOutcomeReader = () => Promise<PairOutcome[]>;
