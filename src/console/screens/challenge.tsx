/**
 * One challenge (揭榜挂帅) and what each role may do with it. Its enterprise (and
 * admins) publish, close, evaluate, cancel and decide, giving every proposal not
 * awarded a coded reason; they and the brokers see the teams ranked for it; the
 * enterprise and its listed reviewers see every proposal with the team's evidence. A
 * researcher submits its team's proposal, edits it until the deadline and withdraws it.
 */
import { useState } from 'preact/hooks';
import { ScreenHeading } from '../components/heading';
import { Empty, ErrorNote, Placeholders } from '../components/states';
import { Link } from '../router';
import type { ScreenProps } from '../screen';
import type { Session } from '../session';
import type { Challenge, FoundTeam, Proposal, Results } from '../types';
import { messageOf, useLoad } from '../use-load';
import { CHALLENGE_STATE_LABELS, PROPOSAL_REASONS, PROPOSAL_STATE_LABELS } from '../vocab';
import { day } from './challenges';

type Action = 'publish' | 'close' | 'evaluate' | 'cancel';

const ACTIONS: { action: Action; label: string; from: Challenge['state'][] }[] = [
  { action: 'publish', label: '发布榜单', from: ['draft'] },
  { action: 'close', label: '截止征集', from: ['published'] },
  { action: 'evaluate', label: '开始评审', from: ['closed'] },
  { action: 'cancel', label: '撤销榜单', from: ['draft', 'published', 'closed', 'evaluating'] },
];

/** Runs one write at a time and keeps its error in words. */
function useAction(after: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (write: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await write();
      after();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function Evidence({ evidence, reason }: { evidence: FoundTeam['evidence']; reason: string }) {
  return (
    <>
      <p class="reason">{reason}</p>
      {evidence.length > 0 ? (
        <ul class="serves" aria-label="团队相关成果">
          {evidence.map((match) => (
            <li key={match.id}>
              <Link to={`/achievements/${encodeURIComponent(match.id)}`}>{match.title}</Link>
              <span class="muted">
                {' '}
                第 {match.rank} 名{match.sharedTerms.length ? ` · 共同关键词：${match.sharedTerms.join('、')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function RankedTeams({ session, id }: { session: Session; id: string }) {
  const teams = useLoad(
    (signal) =>
      session.api.get<{ results: FoundTeam[] }>(`/v1/challenges/${encodeURIComponent(id)}/teams`, { k: 5 }, signal),
    [id],
  );
  return (
    <section class="panel" aria-labelledby="ranked-teams">
      <h2 id="ranked-teams">匹配的科研团队</h2>
      {teams.error ? <ErrorNote message={teams.error} /> : null}
      {!teams.data && teams.loading ? <Placeholders count={3} /> : null}
      {teams.data && teams.data.results.length === 0 ? <Empty>没有匹配的团队。</Empty> : null}
      {teams.data && teams.data.results.length > 0 ? (
        <ol class="results" aria-label="团队排名">
          {teams.data.results.map((found) => (
            <li key={found.team.id} class="card result">
              <div class="result-head">
                <span class="rank">{found.rank}</span>
                <h3>{found.team.name}</h3>
              </div>
              <p class="facts">
                {[found.team.institution, found.team.region, `成果 ${found.team.achievements} 项`]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <Evidence evidence={found.evidence} reason={found.reason} />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function ProposalCard({ proposal }: { proposal: Proposal }) {
  return (
    <li class="card result">
      <div class="result-head">
        {proposal.team ? <span class="rank">{proposal.team.rank}</span> : null}
        <h3>{proposal.team?.name ?? proposal.teamId}</h3>
        <span class="badge">{PROPOSAL_STATE_LABELS[proposal.state]}</span>
      </div>
      <p class="facts">
        {[
          proposal.budgetWan !== undefined ? `预算 ${proposal.budgetWan} 万元` : '',
          `提交于 ${day(proposal.submittedAt)}`,
          proposal.reviews.length ? `评分 ${proposal.reviews.map((r) => r.total.toFixed(1)).join(' / ')}` : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p class="abstract">{proposal.approach}</p>
      {proposal.expectedIndicators.length ? (
        <p class="small">预期指标：{proposal.expectedIndicators.map((i) => `${i.name} ${i.target}`).join('；')}</p>
      ) : null}
      {proposal.decision && !proposal.decision.awarded ? (
        <p class="reason">
          未中榜原因：{proposal.decision.reasonLabel ?? proposal.decision.reason}
          {proposal.decision.note ? `（${proposal.decision.note}）` : ''}
        </p>
      ) : null}
      {proposal.team ? <Evidence evidence={proposal.team.evidence} reason={proposal.team.reason} /> : null}
    </li>
  );
}

/** The enterprise's decision: which proposals win, and a coded reason for every other one. */
function DecisionForm({
  session,
  challenge,
  proposals,
  done,
}: {
  session: Session;
  challenge: Challenge;
  proposals: Proposal[];
  done: () => void;
}) {
  const open = proposals.filter((p) => p.state === 'submitted');
  const [awarded, setAwarded] = useState<Record<string, boolean>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction(done);
  const outcome = open.some((p) => awarded[p.id]) ? 'awarded' : 'unsolved';
  const submit = (event: Event) => {
    event.preventDefault();
    void run(() =>
      session.api.post(
        `/v1/challenges/${encodeURIComponent(challenge.id)}/decision`,
        {
          outcome,
          decisions: open.map((p) => ({
            proposalId: p.id,
            awarded: awarded[p.id] === true,
            reason: awarded[p.id] ? undefined : reasons[p.id] || undefined,
            note: notes[p.id] || undefined,
          })),
        },
        undefined,
        challenge.version,
      ),
    );
  };
  return (
    <form class="card" aria-label="评审结果" onSubmit={submit}>
      <h2>评审结果</h2>
      <p class="muted small">勾选入选的方案；未入选的方案请选择原因，原因会告知该团队。都不勾选即为流榜。</p>
      {open.length === 0 ? <Empty>没有待评审的方案。</Empty> : null}
      {open.map((proposal) => (
        <fieldset key={proposal.id} class="decision">
          <legend>{proposal.team?.name ?? proposal.teamId}</legend>
          <label>
            <input
              type="checkbox"
              checked={awarded[proposal.id] === true}
              onChange={(event) =>
                setAwarded({ ...awarded, [proposal.id]: (event.target as HTMLInputElement).checked })
              }
            />
            入选
          </label>
          {awarded[proposal.id] ? null : (
            <div class="field">
              <label for={`reason-${proposal.id}`}>未入选原因</label>
              <select
                id={`reason-${proposal.id}`}
                required={outcome === 'awarded'}
                value={reasons[proposal.id] ?? ''}
                onChange={(event) =>
                  setReasons({ ...reasons, [proposal.id]: (event.target as HTMLSelectElement).value })
                }
              >
                <option value="">{outcome === 'awarded' ? '请选择' : '流榜（默认）'}</option>
                {PROPOSAL_REASONS.map((reason) => (
                  <option key={reason.code} value={reason.code}>
                    {reason.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="field">
            <label for={`note-${proposal.id}`}>说明（可选）</label>
            <input
              id={`note-${proposal.id}`}
              value={notes[proposal.id] ?? ''}
              onInput={(event) => setNotes({ ...notes, [proposal.id]: (event.target as HTMLInputElement).value })}
            />
          </div>
        </fieldset>
      ))}
      <button type="submit" class="primary" disabled={busy}>
        {outcome === 'awarded' ? '确认揭榜结果' : '确认流榜'}
      </button>
      {error ? <ErrorNote message={error} /> : null}
    </form>
  );
}

/** A researcher's own proposal: submitted here, edited until the deadline, withdrawn until the decision. */
function OwnProposal({
  session,
  challenge,
  own,
  done,
}: {
  session: Session;
  challenge: Challenge;
  own?: Proposal;
  done: () => void;
}) {
  const live = own && own.state !== 'withdrawn' ? own : undefined;
  const [approach, setApproach] = useState(live?.approach ?? '');
  const [budget, setBudget] = useState(live?.budgetWan !== undefined ? String(live.budgetWan) : '');
  const [targets, setTargets] = useState<Record<string, string>>(
    Object.fromEntries((live?.expectedIndicators ?? []).map((i) => [i.name, i.target])),
  );
  const { busy, error, run } = useAction(done);
  const open = challenge.state === 'published';
  if (!live && !open) return null;
  const body = () => ({
    approach,
    budgetWan: budget.trim() === '' ? undefined : Number(budget),
    expectedIndicators: challenge.indicators
      .filter((i) => (targets[i.name] ?? '').trim() !== '')
      .map((i) => ({ name: i.name, target: targets[i.name]! })),
  });
  const submit = (event: Event) => {
    event.preventDefault();
    const path = `/v1/challenges/${encodeURIComponent(challenge.id)}/proposals`;
    void run(() =>
      live
        ? session.api.patch(`/v1/proposals/${encodeURIComponent(live.id)}`, body(), live.version)
        : session.api.post(path, body()),
    );
  };
  return (
    <form class="card" aria-label="我的揭榜方案" onSubmit={submit}>
      <h2>{live ? `我的方案（${PROPOSAL_STATE_LABELS[live.state]}）` : '提交揭榜方案'}</h2>
      <div class="field field-wide">
        <label for="proposal-approach">技术方案</label>
        <textarea
          id="proposal-approach"
          rows={6}
          required
          disabled={!open}
          value={approach}
          onInput={(event) => setApproach((event.target as HTMLTextAreaElement).value)}
        />
      </div>
      <div class="field">
        <label for="proposal-budget">预算（万元）</label>
        <input
          id="proposal-budget"
          inputMode="decimal"
          disabled={!open}
          value={budget}
          onInput={(event) => setBudget((event.target as HTMLInputElement).value)}
        />
      </div>
      {challenge.indicators.map((indicator, i) => (
        <div class="field" key={indicator.name}>
          <label for={`proposal-indicator-${i}`}>
            预期：{indicator.name}（要求 {indicator.target}）
          </label>
          <input
            id={`proposal-indicator-${i}`}
            disabled={!open}
            value={targets[indicator.name] ?? ''}
            onInput={(event) => setTargets({ ...targets, [indicator.name]: (event.target as HTMLInputElement).value })}
          />
        </div>
      ))}
      <div class="actions">
        {open ? (
          <button type="submit" class="primary" disabled={busy}>
            {live ? '保存修改' : '提交方案'}
          </button>
        ) : null}
        {live && live.state === 'submitted' ? (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(() =>
                session.api.post(`/v1/proposals/${encodeURIComponent(live.id)}/withdraw`, {}, undefined, live.version),
              )
            }
          >
            撤回方案
          </button>
        ) : null}
      </div>
      {error ? <ErrorNote message={error} /> : null}
    </form>
  );
}

export function ChallengeScreen({ session, params }: ScreenProps) {
  const id = params['id'] ?? '';
  const path = `/v1/challenges/${encodeURIComponent(id)}`;
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((n) => n + 1);
  const { caller } = session;
  const challenge = useLoad((signal) => session.api.get<Challenge>(path, {}, signal), [id, generation]);
  const data = challenge.data;
  const owner = caller.role === 'admin' || (caller.role === 'enterprise' && data?.enterpriseId === caller.enterpriseId);
  const reviewer = owner || (caller.role === 'broker' && (data?.reviewers.includes(caller.keyId) ?? false));
  const seesProposals = reviewer || caller.role === 'researcher';
  const proposals = useLoad(
    data && seesProposals ? (signal) => session.api.get<Results<Proposal>>(`${path}/proposals`, {}, signal) : undefined,
    [id, generation, data !== undefined, seesProposals],
  );
  const { busy, error, run } = useAction(reload);

  if (challenge.error) {
    return (
      <section>
        <ScreenHeading title="榜单" />
        <ErrorNote message={challenge.error} />
      </section>
    );
  }
  if (!data) {
    return (
      <section>
        <ScreenHeading title="榜单" />
        <Placeholders count={2} />
      </section>
    );
  }
  const own = caller.role === 'researcher' ? proposals.data?.results[0] : undefined;
  return (
    <section>
      <ScreenHeading title={data.title}>
        <p class="muted">
          {[
            CHALLENGE_STATE_LABELS[data.state],
            `悬赏 ${data.rewardWan} 万元`,
            `截止 ${day(data.deadline)}`,
            data.visibility === 'invited' ? '定向邀请' : '公开',
          ].join(' · ')}
          {data.demandId && caller.role !== 'researcher' ? (
            <>
              {' · '}
              <Link to={`/demands/${encodeURIComponent(data.demandId)}`}>来源需求 {data.demandId}</Link>
            </>
          ) : null}
        </p>
      </ScreenHeading>
      {owner ? (
        <div class="actions">
          {ACTIONS.filter((a) => a.from.includes(data.state)).map((a) => (
            <button
              key={a.action}
              type="button"
              class={a.action === 'cancel' ? '' : 'primary'}
              disabled={busy}
              onClick={() => void run(() => session.api.post(`${path}/${a.action}`, {}, undefined, data.version))}
            >
              {a.label}
            </button>
          ))}
        </div>
      ) : null}
      {error ? <ErrorNote message={error} /> : null}
      <div class="columns">
        <section class="panel" aria-labelledby="challenge-problem">
          <h2 id="challenge-problem">难题描述</h2>
          <p class="abstract-full">{data.problem}</p>
          {data.indicators.length ? (
            <>
              <h3>技术指标</h3>
              <ul class="plain-list" aria-label="技术指标">
                {data.indicators.map((i) => (
                  <li key={i.name}>
                    {i.name}：{i.target}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {caller.role === 'researcher' && proposals.data ? (
            <OwnProposal
              key={`${own?.id}-${own?.version}`}
              session={session}
              challenge={data}
              own={own}
              done={reload}
            />
          ) : null}
        </section>
        {owner || caller.role === 'broker' ? <RankedTeams session={session} id={id} /> : null}
      </div>
      {reviewer ? (
        <section aria-labelledby="challenge-proposals">
          <h2 id="challenge-proposals">揭榜方案</h2>
          {proposals.error ? <ErrorNote message={proposals.error} /> : null}
          {!proposals.data && proposals.loading ? <Placeholders count={2} /> : null}
          {proposals.data && proposals.data.results.length === 0 ? <Empty>还没有团队提交方案。</Empty> : null}
          {proposals.data && proposals.data.results.length > 0 ? (
            <ol class="results" aria-label="方案列表">
              {proposals.data.results.map((proposal) => (
                <ProposalCard key={proposal.id} proposal={proposal} />
              ))}
            </ol>
          ) : null}
          {owner && data.state === 'evaluating' && proposals.data ? (
            <DecisionForm session={session} challenge={data} proposals={proposals.data.results} done={reload} />
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
