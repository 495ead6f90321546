/**
 * One introduction (对接): the pair, where it stands, its append-only history, and
 * the moves this key's role may make from here. A decline takes a coded reason from
 * the service's list; signing takes the technology contract (技术合同). Every move
 * sends the version read as If-Match, so acting on a stale page is refused in words.
 */
import { useState } from 'preact/hooks';
import { SelectField, TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { ErrorNote, Placeholders } from '../components/states';
import { Link } from '../router';
import type { ScreenProps } from '../screen';
import type { DeclineReason, Introduction } from '../types';
import { messageOf, useLoad } from '../use-load';
import { CONTRACT_TYPES, INTRODUCTION_STATE_LABELS, INTRODUCTION_TRANSITIONS } from '../vocab';

const MOVE_LABELS: Record<string, string> = {
  sent: '发送给企业',
  accepted: '记录企业接受',
  negotiating: '进入洽谈',
  signed: '登记签约',
  declined: '记录婉拒',
  withdrawn: '撤回对接',
};

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('zh-CN', { hour12: false });
}

const ROLE_LABELS: Record<string, string> = {
  admin: '管理员',
  broker: '经纪人',
  enterprise: '企业',
  researcher: '科研团队',
  system: '系统',
};

export function IntroductionScreen({ session, params }: ScreenProps) {
  const id = params['id'] ?? '';
  const path = `/v1/introductions/${encodeURIComponent(id)}`;
  const [generation, setGeneration] = useState(0);
  const loaded = useLoad((signal) => session.api.get<Introduction>(path, {}, signal), [id, generation]);
  const reasons = useLoad(
    (signal) => session.api.get<{ reasons: DeclineReason[] }>('/v1/introductions/reasons', {}, signal),
    [],
  );
  const [move, setMove] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [reasonText, setReasonText] = useState('');
  const [declinedBy, setDeclinedBy] = useState('enterprise');
  const [contract, setContract] = useState({ type: '', amountWan: '', signedOn: '', registrationNo: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const role = session.caller.role;

  if (loaded.error) {
    return (
      <section>
        <ScreenHeading title="对接详情" />
        <ErrorNote message={loaded.error} />
      </section>
    );
  }
  const intro = loaded.data;
  if (!intro) {
    return (
      <section>
        <ScreenHeading title="对接详情" />
        <Placeholders count={2} />
      </section>
    );
  }
  const moves = Object.entries(INTRODUCTION_TRANSITIONS[intro.state] ?? {})
    .filter(([, roles]) => roles.includes(role))
    .map(([to]) => to);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.api.post(
        `${path}/transitions`,
        {
          to: move,
          note: note.trim() || undefined,
          reason: move === 'declined' ? { code: reason, text: reasonText.trim() || undefined } : undefined,
          declinedBy: move === 'declined' && role !== 'enterprise' ? declinedBy : undefined,
          contract:
            move === 'signed'
              ? {
                  type: contract.type,
                  amountWan: Number(contract.amountWan),
                  signedOn: contract.signedOn,
                  registrationNo: contract.registrationNo.trim() || undefined,
                }
              : undefined,
        },
        undefined,
        intro.version,
      );
      setMove('');
      setNote('');
      setGeneration((n) => n + 1);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <ScreenHeading title={`对接：${intro.achievement.title}`}>
        <p class="muted">
          {INTRODUCTION_STATE_LABELS[intro.state]} · {intro.id}
          {intro.synthetic ? ' · 演示数据' : ''}
        </p>
      </ScreenHeading>
      <div class="columns">
        <section class="panel" aria-labelledby="intro-pair">
          <h2 id="intro-pair">对接双方</h2>
          <dl class="facts-list">
            <dt>成果</dt>
            <dd>
              <Link to={`/achievements/${encodeURIComponent(intro.achievementId)}`}>{intro.achievement.title}</Link>
            </dd>
            <dt>需求</dt>
            <dd>
              {role === 'researcher' ? (
                intro.demand.title
              ) : (
                <Link to={`/demands/${encodeURIComponent(intro.demandId)}`}>{intro.demand.title}</Link>
              )}
            </dd>
            <dt>地区 / 产业</dt>
            <dd>{[intro.demand.region, intro.demand.industry].filter(Boolean).join(' · ')}</dd>
            {intro.match?.rank ? (
              <>
                <dt>发起时的匹配</dt>
                <dd>
                  第 {intro.match.rank} 名{intro.match.reason ? ` — ${intro.match.reason}` : ''}
                </dd>
              </>
            ) : null}
            {intro.decline ? (
              <>
                <dt>婉拒原因</dt>
                <dd>
                  {intro.decline.label}
                  {intro.decline.text ? `（${intro.decline.text}）` : ''} ·{' '}
                  {intro.decline.by === 'holder' ? '成果方' : '企业'}
                </dd>
              </>
            ) : null}
            {intro.contract ? (
              <>
                <dt>技术合同</dt>
                <dd>
                  {intro.contract.type} · {intro.contract.amountWan} 万元 · {intro.contract.signedOn}
                  {intro.contract.registrationNo ? ` · 登记号 ${intro.contract.registrationNo}` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          {moves.length > 0 ? (
            <form class="card" aria-label="推进对接" onSubmit={submit}>
              <h2>推进对接</h2>
              <SelectField
                name="to"
                label="下一步"
                value={move}
                options={moves}
                labels={MOVE_LABELS}
                anyLabel="请选择"
                onChange={setMove}
              />
              {move === 'declined' ? (
                <>
                  <SelectField
                    name="reason"
                    label="婉拒原因"
                    value={reason}
                    options={reasons.data?.reasons.map((r) => r.code) ?? []}
                    labels={Object.fromEntries(reasons.data?.reasons.map((r) => [r.code, r.label]) ?? [])}
                    anyLabel="请选择"
                    onChange={setReason}
                  />
                  <TextField name="reasonText" label="原因说明（可选）" value={reasonText} onChange={setReasonText} />
                  {role !== 'enterprise' ? (
                    <SelectField
                      name="declinedBy"
                      label="婉拒方"
                      value={declinedBy}
                      options={['enterprise', 'holder']}
                      labels={{ enterprise: '企业', holder: '成果方' }}
                      anyLabel="请选择"
                      onChange={setDeclinedBy}
                    />
                  ) : null}
                </>
              ) : null}
              {move === 'signed' ? (
                <>
                  <SelectField
                    name="contractType"
                    label="合同类型"
                    value={contract.type}
                    options={CONTRACT_TYPES}
                    anyLabel="请选择"
                    onChange={(v) => setContract({ ...contract, type: v })}
                  />
                  <TextField
                    name="amountWan"
                    label="合同金额（万元）"
                    value={contract.amountWan}
                    onChange={(v) => setContract({ ...contract, amountWan: v })}
                  />
                  <div class="field">
                    <label for="contract-signed-on">签订日期</label>
                    <input
                      id="contract-signed-on"
                      type="date"
                      value={contract.signedOn}
                      onInput={(e) => setContract({ ...contract, signedOn: (e.target as HTMLInputElement).value })}
                    />
                  </div>
                  <TextField
                    name="registrationNo"
                    label="技术合同登记号（可选）"
                    value={contract.registrationNo}
                    onChange={(v) => setContract({ ...contract, registrationNo: v })}
                  />
                </>
              ) : null}
              <TextField name="note" label="备注（可选）" value={note} onChange={setNote} />
              <div class="actions">
                <button type="submit" class="primary" disabled={busy || move === ''}>
                  {busy ? '正在提交…' : '确认'}
                </button>
              </div>
              {error ? <ErrorNote message={error} /> : null}
            </form>
          ) : null}
        </section>
        <section class="panel" aria-labelledby="intro-history">
          <h2 id="intro-history">历史记录</h2>
          <ol class="history" aria-label="历史记录">
            {intro.history.map((entry, i) => (
              <li key={`${entry.at}-${i}`}>
                <strong>{INTRODUCTION_STATE_LABELS[entry.to] ?? entry.to}</strong>
                <span class="muted">
                  {' '}
                  {when(entry.at)} · {ROLE_LABELS[entry.actor.role] ?? entry.actor.role}
                </span>
                {entry.note ? <p class="small">{entry.note}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}
