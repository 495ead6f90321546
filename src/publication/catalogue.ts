/**
 * The public catalogue (成果信息查询): published achievements, free text
 * ranked by the engine, filters, and facet counts for every filter in the
 * same answer.
 *
 * Facets are disjunctive, as shops show them: the counts of one facet are
 * taken over the records that pass every *other* filter, so choosing 医药健康
 * still shows how many the other industries would give. Without text the
 * order is newest quarter first, then id: stable across pages. With text the
 * candidate set is the engine's top MAX_TEXT_CANDIDATES for it among the
 * visible records, in rank order; filters and facets apply to that set.
 */
import { ipKindsOf, type Achievement, type PublicationStatus, type Stored } from '../domain/index.js';
import { MAX_K, type MatchEngine } from '../engine/index.js';
import { regionMatches } from '../match/filters.js';
import type { PublishedView } from './batches.js';
import { publicationOf, type Publication } from './effective.js';

export const CATALOGUE_FACETS = [
  'industry',
  'region',
  'maturity',
  'quarter',
  'ipKind',
  'ipStatus',
  'transferMode',
  'fiscalFunded',
  'institution',
] as const;
export type CatalogueFacet = (typeof CATALOGUE_FACETS)[number];

/**
 * Values within a filter are alternatives; filters narrow one another. `region` matches as the match
 * filters' does: by name (长春 ⊂ 吉林省长春市) or at any level of the hierarchy (分市场, 市州, county; name or code).
 */
export type CatalogueFilters = Partial<Record<CatalogueFacet, string[]>>;

export const MAX_TEXT_CANDIDATES = MAX_K;

export interface CatalogueEntry {
  stored: Stored<Achievement>;
  publication: Publication;
}

export interface CatalogueItem {
  record: Achievement;
  meta: Stored<Achievement>['meta'];
  publication: Publication;
  match?: { rank: number; score: number; sharedTerms: string[]; industryMatch: boolean; reason: string };
}

export interface CataloguePage {
  total: number;
  offset: number;
  limit: number;
  items: CatalogueItem[];
  /** For each filter: value → records that pass every other filter. */
  facets: Record<CatalogueFacet, Record<string, number>>;
}

/** The values a record has for one facet (several for IP kinds, IP statuses and transfer modes). */
export function facetValues(entry: CatalogueEntry, facet: CatalogueFacet): string[] {
  const { record, meta } = entry.stored;
  switch (facet) {
    case 'industry':
      return [meta.industry];
    case 'region':
      return record.region ? [record.region] : [];
    case 'maturity':
      return record.maturity ? [record.maturity] : [];
    case 'quarter':
      return entry.publication.quarter ? [entry.publication.quarter] : [];
    case 'ipKind':
      return ipKindsOf(record);
    case 'ipStatus':
      return [...new Set((record.ipItems ?? []).flatMap((item) => (item.legalStatus ? [item.legalStatus] : [])))];
    case 'transferMode':
      return [...new Set(record.transferModes ?? [])];
    case 'fiscalFunded':
      return record.fiscalFunded === undefined ? [] : [String(record.fiscalFunded)];
    case 'institution':
      return record.institution ? [record.institution] : [];
  }
}

function passesFacet(entry: CatalogueEntry, facet: CatalogueFacet, wanted: string[] | undefined): boolean {
  if (!wanted || wanted.length === 0) return true;
  const values = facetValues(entry, facet);
  // The match filters' rule: contained in the region's name, or a region at any level it lies in (四平辽源分市场, SM-SL).
  if (facet === 'region') return values.some((v) => wanted.some((w) => regionMatches(w, v)));
  return values.some((v) => wanted.includes(v));
}

export function passesCatalogueFilters(
  entry: CatalogueEntry,
  filters: CatalogueFilters,
  except?: CatalogueFacet,
): boolean {
  return CATALOGUE_FACETS.every((facet) => facet === except || passesFacet(entry, facet, filters[facet]));
}

export function facetCounts(entries: CatalogueEntry[], filters: CatalogueFilters): CataloguePage['facets'] {
  const counts = Object.fromEntries(CATALOGUE_FACETS.map((f) => [f, {}])) as CataloguePage['facets'];
  // Which filters each entry fails: it counts towards a facet when it fails none, or only that facet's own.
  for (const entry of entries) {
    const failing = CATALOGUE_FACETS.filter((facet) => !passesFacet(entry, facet, filters[facet]));
    if (failing.length > 1) continue;
    for (const facet of CATALOGUE_FACETS) {
      if (failing.length === 1 && failing[0] !== facet) continue;
      for (const value of facetValues(entry, facet)) counts[facet][value] = (counts[facet][value] ?? 0) + 1;
    }
  }
  return counts;
}

function newestQuarterFirst(a: CatalogueEntry, b: CatalogueEntry): number {
  const qa = a.publication.quarter ?? '';
  const qb = b.publication.quarter ?? '';
  if (qa !== qb) return qa < qb ? 1 : -1;
  const ia = a.stored.record.id;
  const ib = b.stored.record.id;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

export interface CatalogueQuery {
  q?: string;
  filters: CatalogueFilters;
  /** Which publication statuses to list; published unless a reviewer asks for more. */
  statuses: readonly PublicationStatus[];
  offset: number;
  limit: number;
}

export async function queryCatalogue(
  engine: MatchEngine,
  view: PublishedView,
  query: CatalogueQuery,
): Promise<CataloguePage> {
  const entryOf = (stored: Stored<Achievement>): CatalogueEntry => ({
    stored,
    publication: publicationOf(stored.record, view),
  });
  const inStatus = (entry: CatalogueEntry) => query.statuses.includes(entry.publication.status);
  let entries: CatalogueEntry[];
  const matches = new Map<string, NonNullable<CatalogueItem['match']>>();
  if (query.q !== undefined) {
    const response = await engine.matchDemand(
      { text: query.q },
      { k: MAX_TEXT_CANDIDATES, visible: (stored) => inStatus(entryOf(stored as Stored<Achievement>)) },
    );
    entries = response.results.flatMap((r) => {
      const stored = engine.store.get('achievement', r.id);
      if (!stored) return [];
      matches.set(r.id, {
        rank: 0,
        score: r.score,
        sharedTerms: r.sharedTerms,
        industryMatch: r.industryMatch,
        reason: r.reason,
      });
      return [entryOf(stored)];
    });
  } else {
    entries = engine.store.all('achievement').map(entryOf).filter(inStatus).sort(newestQuarterFirst);
  }
  const passing = entries.filter((entry) => passesCatalogueFilters(entry, query.filters));
  const items = passing.slice(query.offset, query.offset + query.limit).map((entry, i) => {
    const match = matches.get(entry.stored.record.id);
    return {
      record: entry.stored.record,
      meta: entry.stored.meta,
      publication: entry.publication,
      ...(match ? { match: { ...match, rank: query.offset + i + 1 } } : {}),
    };
  });
  return {
    total: passing.length,
    offset: query.offset,
    limit: query.limit,
    items,
    facets: facetCounts(entries, query.filters),
  };
}
