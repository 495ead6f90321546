/** The demands an achievement matches (成果 → 需求), each with its evidence; an enterprise key sees its own only. */
import { Pager } from './pager';
import { Busy, Empty, ErrorNote, Placeholders } from './states';
import { Evidence } from './evidence';
import { Highlight, excerpt } from './highlight';
import { Link, href, navigate } from '../router';
import { pageOf, queryObject } from '../screen';
import type { Session } from '../session';
import type { Demand, MatchList } from '../types';
import { useLoad } from '../use-load';

const K = 5;

export function AchievementDemands({ session, id, query }: { session: Session; id: string; query: URLSearchParams }) {
  const page = pageOf(query);
  const { data, loading, error } = useLoad(
    (signal) =>
      session.api.get<MatchList<Demand>>(`/v1/achievements/${encodeURIComponent(id)}/matches`, { k: K, page }, signal),
    [id, page],
  );
  return (
    <section class="panel" aria-labelledby="matching-demands">
      <div class="results-head">
        <h2 id="matching-demands">匹配的企业需求</h2>
        <Busy loading={loading && data !== undefined} />
      </div>
      {error ? <ErrorNote message={error} /> : null}
      {!data && loading ? <Placeholders count={3} /> : null}
      {data && data.results.length === 0 ? <Empty>暂无匹配的需求。</Empty> : null}
      {data && data.results.length > 0 ? (
        <ol class="results">
          {data.results.map((result) => (
            <li key={result.id} class="card result">
              <div class="result-head">
                <span class="rank">{result.rank}</span>
                <h3>
                  <Link to={`/demands/${encodeURIComponent(result.id)}`}>
                    <Highlight text={result.record.title} terms={result.sharedTerms} />
                  </Link>
                </h3>
              </div>
              <p class="facts">{[result.record.enterprise, result.record.region].filter(Boolean).join(' · ')}</p>
              <p class="abstract">
                <Highlight text={excerpt(result.record.description)} terms={result.sharedTerms} />
              </p>
              <Evidence result={result} />
            </li>
          ))}
        </ol>
      ) : null}
      {data ? (
        <Pager
          label="需求分页"
          page={page}
          pageSize={K}
          total={data.total}
          onPage={(next) =>
            navigate(href(`/achievements/${encodeURIComponent(id)}`, { ...queryObject(query), page: next }), {
              replace: true,
            })
          }
        />
      ) : null}
    </section>
  );
}
