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

/**
 * What the engine reads of brokers' outcomes, injected at its composition root
 * (the service, the CLI) so the core does not import the introductions workflow.
 */
export interface PairOutcomeSource {
  /** Every pair outcome: the nightly rebuild's extra training pairs. */
  all: PairOutcomeReader;
  /** One demand's decided pairs: read on every match of a stored demand while the second stage is on. */
  ofDemand: (demandId: string) => Promise<PairOutcome[]>;
  /**
   * Changes whenever an outcome may have changed (the revision of the collection they are read
   * from): cheap to read, for keys of caches of match results.
   */
  revision: () => string;
}
