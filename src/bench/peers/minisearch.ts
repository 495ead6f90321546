/**
 * MiniSearch, configured the way a team would reach for it: BM25 over
 * title, keywords and abstract with our jieba tokenizer (searchTokens, so
 * both systems see the same tokens) and MiniSearch's default search options
 * (OR, no prefix, no fuzzy, default BM25 k=1.2, b=0.7, d=0.5, equal field boosts).
 */
import MiniSearch from 'minisearch';
import { searchTokens } from '../../text/index.js';
import type { Peer, PeerDocument } from './peer.js';

export function createMiniSearchPeer(documents: PeerDocument[]): Peer {
  const index = new MiniSearch<PeerDocument>({
    fields: ['title', 'keywords', 'abstract'],
    tokenize: (text) => searchTokens(text),
    extractField: (doc, field) =>
      field === 'keywords' ? doc.keywords.join('，') : String(doc[field as keyof PeerDocument] ?? ''),
  });
  index.addAll(documents);
  return {
    name: 'MiniSearch (BM25, jieba)',
    description:
      'minisearch 7, fields title/keywords/abstract, tokenizer = our jieba searchTokens, default BM25 and search options',
    usesVector: false,
    search: async (query, k) =>
      index
        .search(query.text)
        .slice(0, k)
        .map((r) => String(r.id)),
  };
}
