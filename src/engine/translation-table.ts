/**
 * The second stage's abstract→title translation table of one side (rerank/translation.ts), built from
 * that side's own records: every record with a title and an abstract or keywords is a training pair,
 * every title feeds the background. No judgment or demand is read (like IDF).
 *
 * Built once per index on the stage's first use on a side (~2 s for 9,999 records: tokenising and five
 * EM passes), and again only when the side has grown or shrunk by a tenth since: a corpus statistic
 * moves slowly, and a rebuild per write would cost seconds.
 */
import type { RecordKind } from '../domain/index.js';
import type { SideIndex } from '../index/index.js';
import { TranslationTable, type TranslationPair } from '../match/rerank/translation.js';
import { recordFields, searchTokens } from '../text/index.js';
import type { EngineState } from './state.js';

const REBUILD_DRIFT = 0.1;

const built = new WeakMap<SideIndex, { size: number; table: TranslationTable }>();

export function translationTableOf(state: EngineState, kind: RecordKind, index: SideIndex): TranslationTable {
  const known = built.get(index);
  if (known && Math.abs(index.size - known.size) <= REBUILD_DRIFT * Math.max(1, known.size)) return known.table;
  const pairs: TranslationPair[] = [];
  const titles: string[][] = [];
  for (const id of index.indexedIds()) {
    const stored = state.store.get(kind, id);
    if (!stored) continue;
    const fields = recordFields(kind, stored.record);
    const title = searchTokens(fields.title);
    titles.push(title);
    const source = searchTokens(`${fields.keywords}。${fields.body}`);
    if (title.length > 0 && source.length > 0) pairs.push({ title, source });
  }
  const table = TranslationTable.train(pairs, titles);
  built.set(index, { size: index.size, table });
  return table;
}
