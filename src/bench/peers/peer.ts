/** What a peer (a system a user could pick instead of ours) offers the bench. */

export interface PeerQuery {
  text: string;
  /** The same bge query vector our engine uses; ignored by lexical-only peers. */
  vector: Float32Array;
}

export interface Peer {
  name: string;
  /** One line: what it is and how it is configured. */
  description: string;
  /** Whether it reads the query vector (free-text latency then includes embedding). */
  usesVector: boolean;
  /** Achievement ids, best first. */
  search(query: PeerQuery, k: number): Promise<string[]>;
}

export interface PeerDocument {
  id: string;
  title: string;
  keywords: string[];
  abstract: string;
  vector: Float32Array;
}
