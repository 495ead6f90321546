/**
 * An index of the values the match filters read (industry, region, maturity,
 * quarter, IP type, fiscal funding, cooperation mode), so a filtered match
 * starts from the records that can pass instead of testing every record of
 * the store. It only narrows: `passesFilters` stays the definition and is
 * applied to what the index returns.
 */
import { ipKindLabels, type Achievement, type Demand, type Stored } from '../domain/index.js';
import { type MatchFilters, ipFilterAccepts, regionMatches } from './filters.js';

type Indexed = Stored<Achievement | Demand>;

/** The filter fields this index answers; `changedSince` and visibility rules are checked per record. */
type IndexedField = 'industry' | 'region' | 'maturity' | 'publishedQuarter' | 'ipType' | 'fiscalFunded' | 'cooperation';

function valuesOf(stored: Indexed): [IndexedField, string][] {
  const record = stored.record as Partial<Achievement & Demand>;
  const values: [IndexedField, string][] = [['industry', stored.meta.industry]];
  if (stored.meta.secondIndustry) values.push(['industry', stored.meta.secondIndustry]);
  if (record.region !== undefined) values.push(['region', record.region]);
  if (record.maturity !== undefined) values.push(['maturity', record.maturity]);
  if (record.publishedQuarter !== undefined) values.push(['publishedQuarter', record.publishedQuarter]);
  for (const label of ipKindLabels(record)) values.push(['ipType', label]);
  if (record.fiscalFunded !== undefined) values.push(['fiscalFunded', String(record.fiscalFunded)]);
  for (const mode of record.transferModes ?? []) values.push(['cooperation', mode]);
  if (record.cooperation !== undefined) values.push(['cooperation', record.cooperation]);
  return values;
}

export class AttributeIndex {
  private readonly ids = new Map<IndexedField, Map<string, Set<string>>>();
  /** What each record was indexed from: a record is re-indexed when its stored object changes. */
  private readonly indexed = new Map<string, { stored: Indexed; values: [IndexedField, string][] }>();

  get size(): number {
    return this.indexed.size;
  }

  has(stored: Indexed): boolean {
    return this.indexed.get(stored.record.id)?.stored === stored;
  }

  put(stored: Indexed): void {
    const id = stored.record.id;
    if (this.has(stored)) return;
    this.remove(id);
    const values = valuesOf(stored);
    for (const [field, value] of values) {
      const byValue = this.ids.get(field) ?? new Map<string, Set<string>>();
      this.ids.set(field, byValue);
      const set = byValue.get(value) ?? new Set<string>();
      byValue.set(value, set);
      set.add(id);
    }
    this.indexed.set(id, { stored, values });
  }

  remove(id: string): void {
    const held = this.indexed.get(id);
    if (!held) return;
    for (const [field, value] of held.values) {
      const byValue = this.ids.get(field)!;
      const set = byValue.get(value)!;
      set.delete(id);
      if (set.size === 0) byValue.delete(value);
    }
    this.indexed.delete(id);
  }

  indexedIds(): IterableIterator<string> {
    return this.indexed.keys();
  }

  /**
   * The ids that may pass the filters' indexed fields (a superset of those
   * that pass all filters), or undefined when no indexed field is filtered.
   */
  narrow(filters: MatchFilters): Set<string> | undefined {
    const perField: Set<string>[] = [];
    const add = (field: IndexedField, accepts: (value: string) => boolean) => {
      const union = new Set<string>();
      for (const [value, ids] of this.ids.get(field) ?? []) if (accepts(value)) for (const id of ids) union.add(id);
      perField.push(union);
    };
    const anyOf = (wanted: readonly string[]) => (value: string) => wanted.includes(value);
    if (filters.industry?.length) add('industry', anyOf(filters.industry));
    // An empty region is contained in every region, and passes records without one: not narrowed here.
    if (filters.region?.length && !filters.region.includes('')) {
      const wanted = filters.region;
      add('region', (value) => wanted.some((r) => regionMatches(r, value)));
    }
    if (filters.maturity?.length) add('maturity', anyOf(filters.maturity));
    if (filters.publishedQuarter?.length) add('publishedQuarter', anyOf(filters.publishedQuarter));
    if (filters.ipType?.length) {
      const wanted = filters.ipType;
      add('ipType', (value) => wanted.some((w) => ipFilterAccepts(w, value)));
    }
    if (filters.fiscalFunded !== undefined) add('fiscalFunded', anyOf([String(filters.fiscalFunded)]));
    if (filters.cooperation?.length) add('cooperation', anyOf(filters.cooperation));
    if (perField.length === 0) return undefined;
    perField.sort((a, b) => a.size - b.size);
    const [smallest, ...rest] = perField;
    return new Set([...smallest!].filter((id) => rest.every((set) => set.has(id))));
  }
}
