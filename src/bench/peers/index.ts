/** The peers, built once on the bench corpus and shared by the quality and latency sections. */
import type { BenchContext } from '../context.js';
import { createExactPeer } from './exact.js';
import { createMiniSearchPeer } from './minisearch.js';
import { ORAMA_DEFAULT_SIMILARITY, buildOramaIndex, createOramaPeer } from './orama.js';
import type { Peer, PeerDocument } from './peer.js';

export { FlatVectors } from './exact.js';
export type { Peer, PeerDocument, PeerQuery } from './peer.js';

export interface BuiltPeers {
  peers: Peer[];
  /** Seconds each index took to build, by peer family. */
  buildSeconds: { name: string; seconds: number }[];
}

export function peerDocuments(context: BenchContext): PeerDocument[] {
  return context.dataset.achievements.map((a) => ({
    id: a.id,
    title: a.title,
    keywords: a.keywords ?? [],
    abstract: a.abstract ?? '',
    vector: context.passageVectors.get(a.id)!,
  }));
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

export async function buildPeers(context: BenchContext): Promise<BuiltPeers> {
  const documents = peerDocuments(context);
  const [minisearch, miniSeconds] = await timed(() => createMiniSearchPeer(documents));
  const [orama, oramaSeconds] = await timed(() => buildOramaIndex(documents, context.embedder.dims));
  const [exact, exactSeconds] = await timed(() => createExactPeer(documents, context.embedder.dims));
  return {
    peers: [
      minisearch,
      createOramaPeer(orama, { similarity: ORAMA_DEFAULT_SIMILARITY }),
      createOramaPeer(orama, { similarity: 0 }),
      exact,
    ],
    buildSeconds: [
      { name: 'MiniSearch index (jieba tokenising included)', seconds: miniSeconds },
      { name: 'Orama index (mandarin tokenising, vectors inserted)', seconds: oramaSeconds },
      { name: 'Exact: flat vector matrix', seconds: exactSeconds },
    ],
  };
}
