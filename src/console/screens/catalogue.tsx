/**
 * 成果库: free-text search and filters over the achievement catalogue. The query
 * lives in the URL, so a search is a link that survives a reload.
 */
import { useState } from 'preact/hooks';
import { type CatalogueQuery, catalogueSource } from '../catalogue-source';
import { SelectField, TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Highlight, excerpt } from '../components/highlight';
import { Pager } from '../components/pager';
import { Busy, Empty, ErrorNote, Placeholders } from '../components/states';
import { ipKindsText } from '../ip-kinds';
import { Link, href, navigate } from '../router';
import { type ScreenProps, pageOf } from '../screen';
import { useLoad } from '../use-load';
import { INDUSTRIES, IP_KINDS, MATURITY_LEVELS, recentQuarters } from '../vocab';

const PAGE_SIZE = 20;

/** "医药健康（132）": a filter's values with their facet counts, when the source has them. */
function withCounts(counts: Record<string, number> | undefined): Record<string, string> | undefined {
  if (!counts) return undefined;
  return Object.fromEntries(Object.entries(counts).map(([value, count]) => [value, `${value}（${count}）`]));
}
const FILTERS = ['q', 'industry', 'region', 'maturity', 'publishedQuarter', 'ipType'] as const;

function queryFrom(search: URLSearchParams): CatalogueQuery {
  return {
    q: search.get('q') ?? '',
    industry: search.get('industry') ?? '',
    region: search.get('region') ?? '',
    maturity: search.get('maturity') ?? '',
    publishedQuarter: search.get('publishedQuarter') ?? '',
    ipType: search.get('ipType') ?? '',
    page: pageOf(search),
  };
}

export function CatalogueScreen({ session, query: search }: ScreenProps) {
  const query = queryFrom(search);
  const [form, setForm] = useState(query);
  const key = search.toString();
  const { data, loading, error } = useLoad(
    (signal) => catalogueSource.search(session.api, query, PAGE_SIZE, signal),
    [key],
  );
  const set = (name: keyof CatalogueQuery) => (value: string) => setForm({ ...form, [name]: value });
  const go = (next: CatalogueQuery) =>
    navigate(
      href('/catalogue', {
        ...Object.fromEntries(FILTERS.map((f) => [f, next[f]])),
        page: next.page > 1 ? next.page : undefined,
      }),
    );

  return (
    <section>
      <ScreenHeading title="成果库" />
      <form
        class="filters"
        aria-label="检索成果"
        onSubmit={(event) => {
          event.preventDefault();
          go({ ...form, page: 1 });
        }}
      >
        <div class="field field-wide">
          <label for="catalogue-q">关键词或问题描述</label>
          <input
            id="catalogue-q"
            name="q"
            type="search"
            value={form.q}
            placeholder="例如：动力电池 热管理"
            onInput={(event) => set('q')((event.target as HTMLInputElement).value)}
          />
        </div>
        <SelectField
          name="industry"
          label="产业"
          value={form.industry}
          options={INDUSTRIES}
          labels={withCounts(data?.facets.industry)}
          onChange={set('industry')}
        />
        <TextField name="region" label="地区" value={form.region} placeholder="如：长春" onChange={set('region')} />
        <SelectField
          name="maturity"
          label="成熟度"
          value={form.maturity}
          options={MATURITY_LEVELS}
          labels={withCounts(data?.facets.maturity)}
          onChange={set('maturity')}
        />
        <SelectField
          name="publishedQuarter"
          label="公布批次"
          value={form.publishedQuarter}
          options={recentQuarters()}
          labels={withCounts(data?.facets.publishedQuarter)}
          onChange={set('publishedQuarter')}
        />
        <SelectField
          name="ipType"
          label="知识产权"
          value={form.ipType}
          options={IP_KINDS}
          labels={withCounts(data?.facets.ipType)}
          onChange={set('ipType')}
        />
        <div class="field field-buttons">
          <button type="submit" class="primary">
            搜索
          </button>
          <button
            type="button"
            onClick={() => {
              const cleared = queryFrom(new URLSearchParams());
              setForm(cleared);
              go(cleared);
            }}
          >
            清除
          </button>
        </div>
      </form>

      <div class="results-head">
        <p class="count">{data ? (query.q ? `相关成果 ${data.total} 条` : `共 ${data.total} 条成果`) : '\u00a0'}</p>
        <Busy loading={loading && data !== undefined} />
      </div>
      {error ? <ErrorNote message={error} /> : null}
      {!data && loading ? <Placeholders count={5} /> : null}
      {data && data.items.length === 0 ? <Empty>没有符合条件的成果。请放宽筛选条件或换个说法。</Empty> : null}
      {data && data.items.length > 0 ? (
        <ol class={loading ? 'results stale' : 'results'} aria-label="检索结果" aria-busy={loading}>
          {data.items.map((item) => {
            const terms = item.match?.sharedTerms ?? [];
            const { record, meta } = item;
            return (
              <li key={record.id} class="card result">
                <div class="result-head">
                  <h3>
                    <Link to={`/achievements/${encodeURIComponent(record.id)}`}>
                      <Highlight text={record.title} terms={terms} />
                    </Link>
                  </h3>
                  {item.match ? <span class="score">{item.match.score.toFixed(4)}</span> : null}
                </div>
                <p class="facts">
                  {[
                    meta.industry,
                    record.institution,
                    record.region,
                    record.maturity,
                    ipKindsText(record),
                    record.publishedQuarter,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                <p class="abstract">
                  <Highlight text={excerpt(record.abstract)} terms={terms} />
                </p>
                {item.match ? <p class="reason">{item.match.reason}</p> : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      {data ? (
        <Pager
          label="成果分页"
          page={query.page}
          pageSize={PAGE_SIZE}
          total={data.total}
          onPage={(page) => go({ ...query, page })}
        />
      ) : null}
    </section>
  );
}
