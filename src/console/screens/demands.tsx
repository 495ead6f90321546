/** 企业需求: the demands a key may see (an enterprise key: its own), each opening the workbench. */
import { useState } from 'preact/hooks';
import { SelectField, TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Highlight, excerpt } from '../components/highlight';
import { Pager } from '../components/pager';
import { Busy, Empty, ErrorNote, Placeholders } from '../components/states';
import { Link, href, navigate } from '../router';
import { type ScreenProps, pageOf } from '../screen';
import type { Demand, RecordPage } from '../types';
import { useLoad } from '../use-load';
import { INDUSTRIES } from '../vocab';

const PAGE_SIZE = 20;

export function DemandsScreen({ session, query }: ScreenProps) {
  const applied = {
    q: query.get('q') ?? '',
    industry: query.get('industry') ?? '',
    region: query.get('region') ?? '',
    status: query.get('status') ?? '',
  };
  const page = pageOf(query);
  const [form, setForm] = useState(applied);
  const { data, loading, error } = useLoad(
    (signal) =>
      session.api.get<RecordPage<Demand>>(
        '/v1/demands',
        { ...applied, q: applied.q.trim() || undefined, limit: PAGE_SIZE, page },
        signal,
      ),
    [query.toString()],
  );
  const go = (values: typeof applied, nextPage: number) =>
    navigate(href('/demands', { ...values, page: nextPage > 1 ? nextPage : undefined }));
  const set = (name: keyof typeof applied) => (value: string) => setForm({ ...form, [name]: value });

  return (
    <section>
      <ScreenHeading title={session.caller.role === 'enterprise' ? '我的需求' : '企业需求'} />
      <form
        class="filters"
        aria-label="检索需求"
        onSubmit={(event) => {
          event.preventDefault();
          go(form, 1);
        }}
      >
        <TextField name="q" label="关键词" type="search" value={form.q} onChange={set('q')} placeholder="例如：秸秆" />
        <SelectField
          name="industry"
          label="产业"
          value={form.industry}
          options={INDUSTRIES}
          onChange={set('industry')}
        />
        <TextField name="region" label="地区" value={form.region} onChange={set('region')} placeholder="如：长春" />
        <SelectField
          name="status"
          label="状态"
          value={form.status}
          options={['open', 'closed']}
          onChange={set('status')}
        />
        <div class="field field-buttons">
          <button type="submit" class="primary">
            筛选
          </button>
        </div>
      </form>
      <div class="results-head">
        <p class="count">{data ? `共 ${data.total} 条需求` : '\u00a0'}</p>
        <Busy loading={loading && data !== undefined} />
      </div>
      {error ? <ErrorNote message={error} /> : null}
      {!data && loading ? <Placeholders count={5} /> : null}
      {data && data.items.length === 0 ? <Empty>没有符合条件的需求。</Empty> : null}
      {data && data.items.length > 0 ? (
        <ol class={loading ? 'results stale' : 'results'} aria-label="需求列表">
          {data.items.map(({ record, meta, match }) => (
            <li key={record.id} class="card result">
              <div class="result-head">
                <h3>
                  <Link to={`/demands/${encodeURIComponent(record.id)}`}>
                    <Highlight text={record.title} terms={match?.sharedTerms ?? []} />
                  </Link>
                </h3>
                <span class="muted">{record.id}</span>
              </div>
              <p class="facts">
                {[
                  record.enterprise,
                  meta.industry,
                  record.region,
                  record.cooperation,
                  record.status === 'closed' ? '已关闭' : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <p class="abstract">
                <Highlight text={excerpt(record.description)} terms={match?.sharedTerms ?? []} />
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {data ? (
        <Pager
          label="需求分页"
          page={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          onPage={(next) => go(applied, next)}
        />
      ) : null}
    </section>
  );
}
