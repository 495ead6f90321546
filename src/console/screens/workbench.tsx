/**
 * 需求工作台: one demand's ranked achievements with the reasons visible. The terms a
 * result shares with the demand are marked in both texts; each result shows its
 * dense and lexical evidence and whether the industries agree. Filters and the page
 * are in the URL; the list exports to CSV through the API's own export.
 */
import { useState } from 'preact/hooks';
import { AchievementResult } from '../components/achievement-result';
import { BarChart } from '../components/bar-chart';
import { SelectField, TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Highlight } from '../components/highlight';
import { Pager } from '../components/pager';
import { Busy, Empty, ErrorNote, Placeholders } from '../components/states';
import { saveDownload } from '../api';
import { Link, href, navigate } from '../router';
import { type ScreenProps, pageOf } from '../screen';
import { SWITCHES } from '../switches';
import type { Session } from '../session';
import type { Achievement, Demand, Introduction, MatchList, MatchResult, Stored } from '../types';
import { messageOf, useLoad } from '../use-load';
import {
  COOPERATION_MODES,
  INDUSTRIES,
  INTRODUCTION_STATE_LABELS,
  IP_KINDS,
  MATURITY_LEVELS,
  recentQuarters,
} from '../vocab';

const K = 10;
const FILTERS = ['industry', 'region', 'maturity', 'publishedQuarter', 'ipType', 'cooperation'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function filtersFrom(query: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? ''])) as Filters;
}

/** BM25 scores have no fixed scale: shown relative to the page's best so they sit beside the cosines. */
function relative(values: number[]): number[] {
  const best = Math.max(...values, 0);
  return values.map((value) => (best > 0 ? value / best : 0));
}

const PROPOSE_UNAVAILABLE = '引荐（对接）功能将在引荐接口上线后开放';

/**
 * 「发起对接」: proposes an introduction of this result to the demand's enterprise
 * (POST /v1/introductions), keeping the match as the broker saw it. A pair that is
 * already being introduced links to its introduction instead.
 */
function ProposeButton({
  session,
  demandId,
  result,
}: {
  session: Session;
  demandId: string;
  result: MatchResult<Achievement>;
}) {
  const enabled = SWITCHES.introductions;
  const title = result.record.title;
  const [created, setCreated] = useState<{ id: string; state: string } | undefined>(
    result.introduction ? { id: result.introduction.introductionId, state: result.introduction.state } : undefined,
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (created) {
    return (
      <span class="proposed">
        <Link to={`/introductions/${encodeURIComponent(created.id)}`}>
          对接中：{INTRODUCTION_STATE_LABELS[created.state] ?? created.state}
        </Link>
      </span>
    );
  }
  const propose = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const introduction = await session.api.post<Introduction>('/v1/introductions', {
        demandId,
        achievementId: result.id,
        match: { rank: result.rank, score: result.score, reason: result.reason, sharedTerms: result.sharedTerms },
      });
      setCreated({ id: introduction.id, state: introduction.state });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="tooltip-host">
      <button
        type="button"
        disabled={!enabled || busy}
        aria-disabled={!enabled}
        title={enabled ? `为「${title}」发起对接` : PROPOSE_UNAVAILABLE}
        aria-label={`为「${title}」发起对接`}
        onClick={propose}
      >
        {busy ? '正在发起…' : '发起对接'}
      </button>
      {enabled ? null : (
        <span class="tooltip" role="tooltip">
          {PROPOSE_UNAVAILABLE}
        </span>
      )}
      {error ? <ErrorNote message={error} /> : null}
    </span>
  );
}

export function WorkbenchScreen({ session, params, query }: ScreenProps) {
  const id = params['id'] ?? '';
  const path = `/v1/demands/${encodeURIComponent(id)}`;
  const filters = filtersFrom(query);
  const page = pageOf(query);
  const [form, setForm] = useState(filters);
  const [exportError, setExportError] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const demand = useLoad((signal) => session.api.get<Stored<Demand>>(path, {}, signal), [id]);
  const matches = useLoad(
    (signal) => session.api.get<MatchList<Achievement>>(`${path}/matches`, { ...filters, k: K, page }, signal),
    [id, query.toString()],
  );
  const go = (values: Filters, nextPage: number) =>
    navigate(href(`/demands/${encodeURIComponent(id)}`, { ...values, page: nextPage > 1 ? nextPage : undefined }));
  const set = (name: keyof Filters) => (value: string) => setForm({ ...form, [name]: value });
  const pageTerms = [...new Set(matches.data?.results.flatMap((r) => r.sharedTerms) ?? [])];

  const exportCsv = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      saveDownload(await session.api.csv(`${path}/matches`, { ...filters, k: K, page }, `matches-demand-${id}.csv`));
    } catch (error) {
      setExportError(`导出失败：${messageOf(error)}`);
    } finally {
      setExporting(false);
    }
  };

  if (demand.error) {
    return (
      <section>
        <ScreenHeading title="需求工作台" />
        <ErrorNote message={demand.error} />
      </section>
    );
  }
  const record = demand.data?.record;
  return (
    <section>
      <ScreenHeading title={record ? record.title : '需求工作台'}>
        <p class="muted">
          需求编号 {id}
          {record?.enterprise ? ` · ${record.enterprise}` : ''}
          {record?.enterpriseId && session.caller.role !== 'enterprise' ? (
            <>
              {' · '}
              <Link to={`/enterprises/${encodeURIComponent(record.enterpriseId)}`}>该企业的推荐</Link>
            </>
          ) : null}
        </p>
      </ScreenHeading>
      <div class="workbench">
        <aside class="card demand-panel" aria-label="需求原文">
          <h2>需求原文</h2>
          {record ? (
            <>
              <p class="facts">
                {[
                  demand.data?.meta.industry,
                  record.region,
                  record.cooperation,
                  record.budgetWan !== undefined ? `预算 ${record.budgetWan} 万元` : '',
                  record.deadline ? `截止 ${record.deadline}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <p class="demand-text">
                <Highlight text={record.description ?? record.title} terms={pageTerms} />
              </p>
              <p class="muted small">标记的词语是本页结果与需求共有的关键词。</p>
            </>
          ) : (
            <div class="placeholder-text" aria-hidden="true" />
          )}
          {matches.data && matches.data.results.length > 0 ? (
            <BarChart
              title="本页结果的检索证据"
              categories={matches.data.results.map((r) => `#${r.rank}`)}
              series={[
                { name: '语义相似度', values: matches.data.results.map((r) => r.components.dense ?? 0) },
                {
                  name: '关键词得分（本页最高=1）',
                  values: relative(matches.data.results.map((r) => r.components.lexical ?? 0)),
                },
              ]}
            />
          ) : null}
        </aside>
        <div class="workbench-results">
          <form
            class="filters"
            aria-label="筛选匹配成果"
            onSubmit={(event) => {
              event.preventDefault();
              go(form, 1);
            }}
          >
            <SelectField
              name="industry"
              label="产业"
              value={form.industry}
              options={INDUSTRIES}
              onChange={set('industry')}
            />
            <TextField name="region" label="地区" value={form.region} onChange={set('region')} placeholder="如：长春" />
            <SelectField
              name="maturity"
              label="成熟度"
              value={form.maturity}
              options={MATURITY_LEVELS}
              onChange={set('maturity')}
            />
            <SelectField
              name="publishedQuarter"
              label="公布批次"
              value={form.publishedQuarter}
              options={recentQuarters()}
              onChange={set('publishedQuarter')}
            />
            <SelectField
              name="ipType"
              label="知识产权"
              value={form.ipType}
              options={IP_KINDS}
              onChange={set('ipType')}
            />
            <SelectField
              name="cooperation"
              label="转化方式"
              value={form.cooperation}
              options={COOPERATION_MODES}
              onChange={set('cooperation')}
            />
            <div class="field field-buttons">
              <button type="submit" class="primary">
                应用筛选
              </button>
            </div>
          </form>
          <div class="results-head">
            <p class="count">{matches.data ? `候选成果 ${matches.data.total} 条` : '\u00a0'}</p>
            <Busy loading={matches.loading && matches.data !== undefined} />
            <button type="button" onClick={exportCsv} disabled={exporting || !matches.data}>
              {exporting ? '正在导出…' : '导出 CSV'}
            </button>
          </div>
          {exportError ? <ErrorNote message={exportError} /> : null}
          {matches.error ? <ErrorNote message={matches.error} /> : null}
          {!matches.data && matches.loading ? <Placeholders count={4} label="正在匹配…" /> : null}
          {matches.data && matches.data.results.length === 0 ? (
            <Empty>没有符合筛选条件的成果。请放宽筛选条件。</Empty>
          ) : null}
          {matches.data && matches.data.results.length > 0 ? (
            <ol class={matches.loading ? 'results stale' : 'results'} aria-label="匹配成果">
              {matches.data.results.map((result) => (
                <AchievementResult
                  key={result.id}
                  result={result}
                  actions={<ProposeButton session={session} demandId={id} result={result} />}
                />
              ))}
            </ol>
          ) : null}
          {matches.data ? (
            <Pager
              label="匹配结果分页"
              page={page}
              pageSize={K}
              total={matches.data.total}
              onPage={(next) => go(filters, next)}
            />
          ) : null}
        </div>
      </div>
    </section>
  );
}
