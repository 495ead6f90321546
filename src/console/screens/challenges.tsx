/**
 * 揭榜挂帅: the challenges a key may see, and what its role starts from here. An
 * enterprise sees its own challenges and posts a new one from one of its demands; a
 * researcher sees the open challenges ranked for its team, each with the reason, and
 * its team's proposals; brokers and admins see every challenge they may read.
 */
import { useState } from 'preact/hooks';
import { SelectField, TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Pager } from '../components/pager';
import { Empty, ErrorNote, Placeholders } from '../components/states';
import { Link, href, navigate } from '../router';
import { type ScreenProps, pageOf } from '../screen';
import type { Session } from '../session';
import type { Challenge, ChallengeForTeam, Demand, Proposal, RecordPage, Results } from '../types';
import { messageOf, useLoad } from '../use-load';
import { CHALLENGE_STATE_LABELS, PROPOSAL_STATE_LABELS } from '../vocab';

const PAGE = 20;

export function day(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('zh-CN');
}

const challengeLink = (id: string) => `/challenges/${encodeURIComponent(id)}`;

function ChallengeList({
  session,
  state,
  page,
  onPage,
}: {
  session: Session;
  state: string;
  page: number;
  onPage: (page: number) => void;
}) {
  const own = session.caller.role === 'enterprise' ? session.caller.enterpriseId : undefined;
  const list = useLoad(
    (signal) => session.api.get<Results<Challenge>>('/v1/challenges', { state, enterpriseId: own }, signal),
    [state, own],
  );
  if (list.error) return <ErrorNote message={list.error} />;
  if (!list.data) return <Placeholders count={3} />;
  if (list.data.results.length === 0) return <Empty>没有符合条件的榜单。</Empty>;
  const shown = list.data.results.slice((page - 1) * PAGE, page * PAGE);
  return (
    <>
      <ol class="results" aria-label="榜单列表">
        {shown.map((challenge) => (
          <li key={challenge.id} class="card result">
            <div class="result-head">
              <h3>
                <Link to={challengeLink(challenge.id)}>{challenge.title}</Link>
              </h3>
              <span class={`badge state-${challenge.state}`}>{CHALLENGE_STATE_LABELS[challenge.state]}</span>
            </div>
            <p class="facts">
              {[
                `悬赏 ${challenge.rewardWan} 万元`,
                `截止 ${day(challenge.deadline)}`,
                challenge.visibility === 'invited' ? '定向邀请' : '公开',
                challenge.industry,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </li>
        ))}
      </ol>
      <Pager label="榜单分页" page={page} pageSize={PAGE} total={list.data.total} onPage={onPage} />
    </>
  );
}

/** An enterprise posts a challenge from one of its demands; it starts as a draft. */
function CreateFromDemand({ session }: { session: Session }) {
  const enterpriseId = session.caller.enterpriseId ?? '';
  const demands = useLoad(
    (signal) => session.api.get<RecordPage<Demand>>('/v1/demands', { enterpriseId, limit: 50 }, signal),
    [enterpriseId],
  );
  const [demandId, setDemandId] = useState('');
  const [reward, setReward] = useState('50');
  const [deadline, setDeadline] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const options = demands.data?.items.map(({ record }) => record.id) ?? [];
  const titles = new Map(demands.data?.items.map(({ record }) => [record.id, record.title]) ?? []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await session.api.post<Challenge>('/v1/challenges', {
        demandId,
        rewardWan: Number(reward),
        // The last day counts whole: proposals are taken until its end, China time.
        deadline: deadline ? `${deadline}T23:59:59+08:00` : '',
      });
      navigate(challengeLink(created.id));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card filters" aria-label="从需求发布榜单" onSubmit={submit}>
      <h2 class="field-wide">从我的需求发布榜单</h2>
      {demands.error ? <ErrorNote message={demands.error} /> : null}
      <div class="field field-wide">
        <label for="challenge-demand">需求</label>
        <select
          id="challenge-demand"
          name="demandId"
          required
          value={demandId}
          onChange={(event) => setDemandId((event.target as HTMLSelectElement).value)}
        >
          <option value="">请选择</option>
          {options.map((id) => (
            <option key={id} value={id}>
              {id} {titles.get(id)}
            </option>
          ))}
        </select>
      </div>
      <TextField name="rewardWan" label="悬赏金额（万元）" value={reward} onChange={setReward} required />
      <div class="field">
        <label for="challenge-deadline">截止日期</label>
        <input
          id="challenge-deadline"
          name="deadline"
          type="date"
          required
          value={deadline}
          onInput={(event) => setDeadline((event.target as HTMLInputElement).value)}
        />
      </div>
      <div class="field field-buttons">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? '正在创建…' : '创建榜单草稿'}
        </button>
      </div>
      {error ? <ErrorNote message={error} /> : null}
    </form>
  );
}

/** A researcher's open challenges, ranked for its team, with why each fits. */
function ForYourTeam({ session }: { session: Session }) {
  const teamId = session.caller.teamId ?? '';
  const ranked = useLoad(
    (signal) =>
      session.api.get<Results<ChallengeForTeam> & { teamId: string }>(
        `/v1/teams/${encodeURIComponent(teamId)}/challenges`,
        {},
        signal,
      ),
    [teamId],
  );
  const mine = useLoad((signal) => session.api.get<Results<Proposal>>('/v1/proposals', {}, signal), [teamId]);
  return (
    <div class="columns">
      <section class="panel" aria-labelledby="for-you">
        <h2 id="for-you">为你推荐的榜单</h2>
        {ranked.error ? <ErrorNote message={ranked.error} /> : null}
        {!ranked.data && ranked.loading ? <Placeholders count={3} /> : null}
        {ranked.data && ranked.data.results.length === 0 ? <Empty>目前没有征集中的榜单。</Empty> : null}
        {ranked.data && ranked.data.results.length > 0 ? (
          <ol class="results" aria-label="推荐榜单">
            {ranked.data.results.map((item) => (
              <li key={item.challenge.id} class="card result">
                <div class="result-head">
                  <span class="rank">{item.rank}</span>
                  <h3>
                    <Link to={challengeLink(item.challenge.id)}>{item.challenge.title}</Link>
                  </h3>
                  {item.invited ? <span class="badge badge-yes">已受邀</span> : null}
                </div>
                <p class="facts">
                  悬赏 {item.challenge.rewardWan} 万元 · 截止 {day(item.challenge.deadline)}
                  {item.teamRank ? ` · 团队匹配排名第 ${item.teamRank}` : ''}
                </p>
                <p class="reason">{item.reason}</p>
              </li>
            ))}
          </ol>
        ) : null}
      </section>
      <section class="panel" aria-labelledby="my-proposals">
        <h2 id="my-proposals">我的团队的方案</h2>
        {mine.error ? <ErrorNote message={mine.error} /> : null}
        {!mine.data && mine.loading ? <Placeholders count={2} /> : null}
        {mine.data && mine.data.results.length === 0 ? <Empty>还没有提交过方案。</Empty> : null}
        {mine.data && mine.data.results.length > 0 ? (
          <ul class="plain-list" aria-label="我的方案">
            {mine.data.results.map((proposal) => (
              <li key={proposal.id}>
                <Link to={challengeLink(proposal.challengeId)}>{proposal.challengeId}</Link>
                <span class="muted">
                  {' '}
                  {PROPOSAL_STATE_LABELS[proposal.state]} · 提交于 {day(proposal.submittedAt)}
                  {proposal.decision?.reasonLabel ? ` · ${proposal.decision.reasonLabel}` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}

export function ChallengesScreen({ session, query }: ScreenProps) {
  const role = session.caller.role;
  const state = query.get('state') ?? '';
  const page = pageOf(query);
  const go = (nextState: string, nextPage: number) =>
    navigate(href('/challenges', { state: nextState, page: nextPage > 1 ? nextPage : undefined }));
  return (
    <section>
      <ScreenHeading title={role === 'enterprise' ? '我的榜单' : '揭榜挂帅'} />
      {role === 'researcher' && session.caller.teamId ? <ForYourTeam session={session} /> : null}
      {role === 'enterprise' && session.caller.enterpriseId ? <CreateFromDemand session={session} /> : null}
      <section aria-labelledby="all-challenges">
        <h2 id="all-challenges">{role === 'enterprise' ? '本企业的榜单' : '全部榜单'}</h2>
        <form class="filters-inline" aria-label="按状态筛选榜单">
          <SelectField
            name="state"
            label="状态"
            value={state}
            options={Object.keys(CHALLENGE_STATE_LABELS)}
            labels={CHALLENGE_STATE_LABELS}
            onChange={(value) => go(value, 1)}
          />
        </form>
        <ChallengeList session={session} state={state} page={page} onPage={(next) => go(state, next)} />
      </section>
    </section>
  );
}
