/**
 * 对接看板: the introductions a key may see (a scoped broker: its region), as a
 * pipeline by state. The live states are columns of cards; the ended ones are counts
 * that open a paged list. Filters (region, demand) and the chosen state are in the URL.
 */
import { useState } from 'preact/hooks';
import { TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Pager } from '../components/pager';
import { Empty, ErrorNote, Placeholders } from '../components/states';
import { Link, href, navigate } from '../router';
import { type ScreenProps, pageOf } from '../screen';
import type { Introduction } from '../types';
import { useLoad } from '../use-load';
import { INTRODUCTION_STATE_LABELS } from '../vocab';

const LIVE = ['proposed', 'sent', 'accepted', 'negotiating'] as const;
const ENDED = ['signed', 'declined', 'withdrawn', 'expired'] as const;
const COLUMN = 8;
const PAGE = 20;

interface Page {
  total: number;
  items: Introduction[];
}

function since(iso: string): string {
  const days = Math.floor((Date.now() - Date.parse(iso)) / 86_400_000);
  return days <= 0 ? '今天' : `${days} 天前`;
}

export function IntroductionCard({ introduction }: { introduction: Introduction }) {
  return (
    <li class="card intro-card">
      <Link to={`/introductions/${encodeURIComponent(introduction.id)}`}>{introduction.achievement.title}</Link>
      <p class="small">→ {introduction.demand.title}</p>
      <p class="muted small">
        {[
          introduction.match?.rank ? `匹配第 ${introduction.match.rank} 名` : '',
          introduction.demand.region ?? '',
          introduction.decline ? introduction.decline.label : '',
          introduction.contract ? `${introduction.contract.amountWan} 万元` : '',
          since(introduction.history.at(-1)?.at ?? introduction.createdAt),
        ]
          .filter(Boolean)
          .join(' · ')}
        {introduction.synthetic ? ' · 演示数据' : ''}
      </p>
    </li>
  );
}

export function IntroductionsScreen({ session, query }: ScreenProps) {
  const region = query.get('region') ?? '';
  const demandId = query.get('demandId') ?? '';
  const state = query.get('state') ?? '';
  const page = pageOf(query);
  const [form, setForm] = useState({ region, demandId });
  const filters = { region, demandId };
  const go = (next: Record<string, string | number | undefined>) =>
    navigate(href('/introductions', { ...filters, state, ...next }));
  const counts = useLoad(
    (signal) =>
      Promise.all(
        [...LIVE, ...ENDED].map((s) =>
          session.api.get<Page>('/v1/introductions', { ...filters, state: s, limit: COLUMN }, signal),
        ),
      ),
    [region, demandId],
  );
  const listed = useLoad(
    state
      ? (signal) => session.api.get<Page>('/v1/introductions', { ...filters, state, limit: PAGE, page }, signal)
      : undefined,
    [region, demandId, state, page],
  );
  const byState = new Map(counts.data?.map((p, i) => [[...LIVE, ...ENDED][i]!, p]) ?? []);

  return (
    <section>
      <ScreenHeading title="对接看板">
        {session.caller.scope ? <p class="muted">经纪人辖区：{session.caller.scope}</p> : null}
      </ScreenHeading>
      <form
        class="filters"
        aria-label="筛选对接"
        onSubmit={(event) => {
          event.preventDefault();
          go({ ...form, page: undefined });
        }}
      >
        <TextField
          name="region"
          label="地区"
          value={form.region}
          onChange={(v) => setForm({ ...form, region: v })}
          placeholder="如：长春市、SM-YB"
        />
        <TextField
          name="demandId"
          label="需求编号"
          value={form.demandId}
          onChange={(v) => setForm({ ...form, demandId: v })}
        />
        <div class="field field-buttons">
          <button type="submit" class="primary">
            筛选
          </button>
        </div>
      </form>
      {counts.error ? <ErrorNote message={counts.error} /> : null}
      <nav class="state-tabs" aria-label="已结束的对接">
        {ENDED.map((s) => (
          <Link
            key={s}
            to={href('/introductions', { ...filters, state: s })}
            aria-current={state === s ? 'page' : undefined}
          >
            {INTRODUCTION_STATE_LABELS[s]} {byState.get(s)?.total ?? '…'}
          </Link>
        ))}
        {state ? <Link to={href('/introductions', filters)}>返回看板</Link> : null}
      </nav>
      {state ? (
        <section aria-labelledby="state-list">
          <h2 id="state-list">
            {INTRODUCTION_STATE_LABELS[state] ?? state}（{listed.data?.total ?? '…'}）
          </h2>
          {listed.error ? <ErrorNote message={listed.error} /> : null}
          {!listed.data && listed.loading ? <Placeholders count={3} /> : null}
          {listed.data && listed.data.items.length === 0 ? <Empty>没有这一状态的对接。</Empty> : null}
          {listed.data ? (
            <>
              <ul class="intro-list" aria-label="对接列表">
                {listed.data.items.map((item) => (
                  <IntroductionCard key={item.id} introduction={item} />
                ))}
              </ul>
              <Pager
                label="对接分页"
                page={page}
                pageSize={PAGE}
                total={listed.data.total}
                onPage={(p) => go({ page: p })}
              />
            </>
          ) : null}
        </section>
      ) : (
        <div class="board">
          {LIVE.map((s) => {
            const column = byState.get(s);
            return (
              <section key={s} class="board-column" aria-labelledby={`column-${s}`}>
                <h2 id={`column-${s}`}>
                  {INTRODUCTION_STATE_LABELS[s]} <span class="muted">{column?.total ?? ''}</span>
                </h2>
                {!column && counts.loading ? <Placeholders count={2} /> : null}
                {column && column.items.length === 0 ? <Empty>暂无</Empty> : null}
                {column && column.items.length > 0 ? (
                  <ul class="intro-list" aria-label={`${INTRODUCTION_STATE_LABELS[s]}的对接`}>
                    {column.items.map((item) => (
                      <IntroductionCard key={item.id} introduction={item} />
                    ))}
                  </ul>
                ) : null}
                {column && column.total > column.items.length ? (
                  <Link to={href('/introductions', { ...filters, state: s })}>查看全部 {column.total} 条</Link>
                ) : null}
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}
