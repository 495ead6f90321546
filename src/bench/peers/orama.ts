/**
 * Orama hybrid search with its Chinese tokenizer (@orama/tokenizers/mandarin,
 * Intl.Segmenter words) and its default hybrid weights (text 0.5, vector 0.5),
 * over the same bge vectors as ours.
 *
 * Orama's vector side keeps only documents at or above a cosine threshold,
 * 0.8 by default. bge-small-zh query↔passage similarities mostly sit below
 * that, so the bench runs Orama twice: as shipped (0.8), and with the
 * threshold at 0 (every vector scored) — the better of the two is the peer
 * to beat.
 */
import { create, insertMultiple, search, type AnyOrama } from '@orama/orama';
import { createTokenizer } from '@orama/tokenizers/mandarin';
import type { Peer, PeerDocument } from './peer.js';

export const ORAMA_DEFAULT_SIMILARITY = 0.8;

function oramaSchema(dims: number) {
  return { title: 'string', keywords: 'string', abstract: 'string', embedding: `vector[${dims}]` } as const;
}

export interface OramaIndex {
  db: AnyOrama;
  dims: number;
}

export async function buildOramaIndex(documents: PeerDocument[], dims: number): Promise<OramaIndex> {
  const db = create({ schema: oramaSchema(dims), components: { tokenizer: createTokenizer() } });
  await insertMultiple(
    db,
    documents.map((d) => ({
      id: d.id,
      title: d.title,
      keywords: d.keywords.join('，'),
      abstract: d.abstract,
      embedding: Array.from(d.vector),
    })),
    1000,
  );
  return { db, dims };
}

export function createOramaPeer(index: OramaIndex, options: { similarity: number }): Peer {
  const shipped = options.similarity === ORAMA_DEFAULT_SIMILARITY;
  return {
    name: shipped ? 'Orama hybrid (as shipped)' : `Orama hybrid (similarity ≥ ${options.similarity})`,
    description:
      `@orama/orama 3, mode hybrid, mandarin tokenizer, default hybrid weights, vector similarity threshold ${options.similarity}` +
      (shipped ? ' (its default)' : ' (default 0.8 lowered so the vector side returns candidates)'),
    usesVector: true,
    search: async (query, k) => {
      const results = await search(index.db, {
        mode: 'hybrid',
        term: query.text,
        vector: { value: Array.from(query.vector), property: 'embedding' },
        similarity: options.similarity,
        limit: k,
      });
      return results.hits.map((hit) => String(hit.id));
    },
  };
}
