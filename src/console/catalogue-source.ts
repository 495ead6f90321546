/**
 * Where the catalogue screen gets its results. Today that is the record list
 * (GET /v1/achievements with q and filters); the publication issue (9) adds
 * GET /v1/catalogue with facet counts. A second CatalogueSource for it, chosen by
 * SWITCHES.catalogueFacets, is all the catalogue screen needs to change.
 */
import type { Api } from './api';
import { SWITCHES } from './switches';
import type { Achievement, ListItem } from './types';

export interface CatalogueQuery {
  q: string;
  industry: string;
  region: string;
  maturity: string;
  publishedQuarter: string;
  ipType: string;
  page: number;
}

/** Counts per value of a filter, for the facet lists (empty until a source provides them). */
export type Facets = Partial<Record<'industry' | 'maturity' | 'publishedQuarter' | 'ipType', Record<string, number>>>;

export interface CataloguePage {
  total: number;
  items: ListItem<Achievement>[];
  facets: Facets;
}

export interface CatalogueSource {
  search(api: Api, query: CatalogueQuery, pageSize: number, signal: AbortSignal): Promise<CataloguePage>;
}

export const recordListSource: CatalogueSource = {
  async search(api, query, pageSize, signal) {
    const page = await api.get<{ total: number; items: ListItem<Achievement>[] }>(
      '/v1/achievements',
      {
        q: query.q.trim() || undefined,
        industry: query.industry,
        region: query.region.trim(),
        maturity: query.maturity,
        publishedQuarter: query.publishedQuarter,
        ipType: query.ipType,
        limit: pageSize,
        page: query.page,
      },
      signal,
    );
    return { total: page.total, items: page.items, facets: {} };
  },
};

/** A link saved when the filter offered 实用新型专利 still works: the catalogue's ipKind names the kind. */
const IP_KIND_OF: Record<string, string> = { 实用新型专利: '实用新型' };

/**
 * GET /v1/catalogue (issue 9): published achievements with disjunctive facet counts
 * (each filter's counts over the records passing every other filter).
 */
export const catalogueFacetSource: CatalogueSource = {
  async search(api, query, pageSize, signal) {
    const page = await api.get<{
      total: number;
      items: ListItem<Achievement>[];
      facets: Record<string, Record<string, number>>;
    }>(
      '/v1/catalogue',
      {
        q: query.q.trim() || undefined,
        industry: query.industry,
        region: query.region.trim(),
        maturity: query.maturity,
        quarter: query.publishedQuarter,
        ipKind: query.ipType ? (IP_KIND_OF[query.ipType] ?? query.ipType) : undefined,
        limit: pageSize,
        page: query.page,
      },
      signal,
    );
    return {
      total: page.total,
      items: page.items,
      facets: {
        industry: page.facets['industry'] ?? {},
        maturity: page.facets['maturity'] ?? {},
        publishedQuarter: page.facets['quarter'] ?? {},
        ipType: page.facets['ipKind'] ?? {},
      },
    };
  },
};

export const catalogueSource: CatalogueSource = SWITCHES.catalogueFacets ? catalogueFacetSource : recordListSource;
