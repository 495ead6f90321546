/**
 * 企业视图: an enterprise's demands and the achievements recommended for them since
 * its last visit (GET /v1/enterprises/{id}/recommendations?since=…). An enterprise
 * key sees its own enterprise only; brokers open any enterprise from a demand.
 */
import { useState } from 'preact/hooks';
import { ScreenHeading } from '../components/heading';
import { Highlight, excerpt } from '../components/highlight';
import { Pager } from '../components/pager';
import { Busy, Empty, ErrorNote, Placeholders } from '../components/states';
import { Link } from '../router';
import { type ScreenProps, pageOf } from '../screen';
import { visitBaseline } from '../session';
import type { Demand, RecordPage, Recommendations } from '../types';
import { useLoad } from '../use-load';

const K = 10;

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('zh-CN', { hour12: false });
}

export function EnterpriseScreen({ session, params, query }: ScreenProps) {
  const enterpriseId = params['id'] ?? '';
  const own = session.caller.role === 'enterprise';
  const [baseline] = useState(() => (own ? visitBaseline(session.caller.keyId) : null));
  const [onlyNew, setOnlyNew] = useState(baseline !== null);
  const [page, setPage] = useState(pageOf(query));
  const base = `/v1/enterprises/${encodeURIComponent(enterpriseId)}`;
  const demands = useLoad(
    (signal) => session.api.get<RecordPage<Demand>>('/v1/demands', { enterpriseId, limit: 50 }, signal),
    [enterpriseId],
  );
  const since = onlyNew && baseline ? baseline : undefined;
  const recommendations = useLoad(
    (signal) => session.api.get<Recommendations>(`${base}/recommendations`, { since, k: K, page }, signal),
    [enterpriseId, since, page],
  );
  const name = demands.data?.items[0]?.record.enterprise ?? enterpriseId;

  return (
    <section>
      <ScreenHeading title={own ? `我的企业：${name}` : `企业视图：${name}`} />
      <div class="columns">
        <section class="panel" aria-labelledby="enterprise-demands">
          <h2 id="enterprise-demands">{own ? '我的技术需求' : '该企业的技术需求'}</h2>
          {demands.error ? <ErrorNote message={demands.error} /> : null}
          {!demands.data && demands.loading ? <Placeholders count={3} /> : null}
          {demands.data && demands.data.items.length === 0 ? <Empty>还没有发布技术需求。</Empty> : null}
          {demands.data && demands.data.items.length > 0 ? (
            <ul class="plain-list" aria-label="需求列表">
              {demands.data.items.map(({ record }) => (
                <li key={record.id}>
                  <Link to={`/demands/${encodeURIComponent(record.id)}`}>{record.title}</Link>
                  <span class="muted">
                    {' '}
                    {record.id}
                    {record.status === 'closed' ? ' · 已关闭' : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section class="panel" aria-labelledby="enterprise-recommendations">
          <div class="results-head">
            <h2 id="enterprise-recommendations">推荐成果</h2>
            <Busy loading={recommendations.loading && recommendations.data !== undefined} />
          </div>
          {own ? (
            <fieldset class="toggle">
              <legend>显示范围</legend>
              <label>
                <input
                  type="radio"
                  name="scope"
                  checked={onlyNew}
                  disabled={baseline === null}
                  onChange={() => {
                    setOnlyNew(true);
                    setPage(1);
                  }}
                />
                {baseline ? `上次访问（${when(baseline)}）以来` : '上次访问以来（首次访问）'}
              </label>
              <label>
                <input
                  type="radio"
                  name="scope"
                  checked={!onlyNew}
                  onChange={() => {
                    setOnlyNew(false);
                    setPage(1);
                  }}
                />
                全部
              </label>
            </fieldset>
          ) : null}
          {recommendations.error ? <ErrorNote message={recommendations.error} /> : null}
          {!recommendations.data && recommendations.loading ? <Placeholders count={3} /> : null}
          {recommendations.data && recommendations.data.results.length === 0 ? (
            <Empty>
              {since ? '上次访问以来没有新的推荐成果。' : '暂无推荐成果：没有未关闭的需求，或没有匹配的成果。'}
            </Empty>
          ) : null}
          {recommendations.data && recommendations.data.results.length > 0 ? (
            <ol class="results" aria-label="推荐成果列表">
              {recommendations.data.results.map((item) => {
                const terms = item.serves.flatMap((s) => s.sharedTerms);
                return (
                  <li key={item.id} class="card result">
                    <div class="result-head">
                      <span class="rank">{item.rank}</span>
                      <h3>
                        <Link to={`/achievements/${encodeURIComponent(item.id)}`}>
                          <Highlight text={item.record.title} terms={terms} />
                        </Link>
                      </h3>
                    </div>
                    <p class="facts">
                      {[item.industry, item.record.institution, item.record.maturity].filter(Boolean).join(' · ')}
                    </p>
                    <p class="abstract">
                      <Highlight text={excerpt(item.record.abstract)} terms={terms} />
                    </p>
                    <ul class="serves" aria-label="对应需求">
                      {item.serves.map((served) => (
                        <li key={served.demandId}>
                          对应需求：
                          <Link to={`/demands/${encodeURIComponent(served.demandId)}`}>{served.demandTitle}</Link>
                          <span class="muted"> — {served.reason}</span>
                        </li>
                      ))}
                    </ul>
                  </li>
                );
              })}
            </ol>
          ) : null}
          {recommendations.data ? (
            <Pager label="推荐分页" page={page} pageSize={K} total={recommendations.data.total} onPage={setPage} />
          ) : null}
        </section>
      </div>
    </section>
  );
}
