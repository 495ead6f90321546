/**
 * 订阅与推送: an enterprise's subscriptions (its open demands, or a saved free-text
 * query) and the digests they produced when a batch came out, each entry with its
 * reason; digests export as CSV or Excel. An enterprise key sees its own; brokers and
 * admins open any enterprise's (docs/publication.md).
 */
import { useState } from 'preact/hooks';
import { saveDownload } from '../api';
import { TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Empty, ErrorNote, Placeholders } from '../components/states';
import { Link } from '../router';
import type { ScreenProps } from '../screen';
import type { Digest, Subscription } from '../types';
import { messageOf, useLoad } from '../use-load';

export function SubscriptionsScreen({ session, params }: ScreenProps) {
  const enterpriseId = params['id'] ?? '';
  const [generation, setGeneration] = useState(0);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const subscriptions = useLoad(
    (signal) => session.api.get<{ items: Subscription[] }>('/v1/subscriptions', { enterpriseId }, signal),
    [enterpriseId, generation],
  );
  const digestsPath = `/v1/enterprises/${encodeURIComponent(enterpriseId)}/digests`;
  const digests = useLoad((signal) => session.api.get<{ items: Digest[] }>(digestsPath, {}, signal), [enterpriseId]);
  const own = session.caller.role === 'enterprise';

  const write = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setGeneration((n) => n + 1);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const subscribe = (body: { kind: 'demands' } | { kind: 'query'; text: string }) =>
    write(() => session.api.post('/v1/subscriptions', own ? body : { ...body, enterpriseId }));
  const exportDigests = async (format: 'csv' | 'xlsx') => {
    setError(undefined);
    try {
      const accept =
        format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      saveDownload(await session.api.download(digestsPath, { format }, accept, `digests-${enterpriseId}.${format}`));
    } catch (failure) {
      setError(`导出失败：${messageOf(failure)}`);
    }
  };

  return (
    <section>
      <ScreenHeading title={own ? '我的订阅' : `订阅与推送：${enterpriseId}`} />
      {error ? <ErrorNote message={error} /> : null}
      <div class="columns">
        <section class="panel" aria-labelledby="subscriptions">
          <h2 id="subscriptions">订阅</h2>
          {subscriptions.error ? <ErrorNote message={subscriptions.error} /> : null}
          {!subscriptions.data && subscriptions.loading ? <Placeholders count={2} /> : null}
          {subscriptions.data && subscriptions.data.items.length === 0 ? <Empty>还没有订阅。</Empty> : null}
          {subscriptions.data && subscriptions.data.items.length > 0 ? (
            <ul class="plain-list" aria-label="订阅列表">
              {subscriptions.data.items.map((s) => (
                <li key={s.id}>
                  {s.kind === 'demands' ? '我的未关闭需求' : `关键词：${s.text ?? ''}`}
                  <span class="actions">
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        void write(() => session.api.delete(`/v1/subscriptions/${encodeURIComponent(s.id)}`))
                      }
                    >
                      取消订阅
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void subscribe({ kind: 'demands' })}>
              订阅与我的需求匹配的新成果
            </button>
          </div>
          <form
            class="filters"
            aria-label="按关键词订阅"
            onSubmit={(event) => {
              event.preventDefault();
              void subscribe({ kind: 'query', text });
            }}
          >
            <TextField name="text" label="订阅的关键词" value={text} onChange={setText} required />
            <div class="field field-buttons">
              <button type="submit" class="primary" disabled={busy}>
                订阅
              </button>
            </div>
          </form>
        </section>
        <section class="panel" aria-labelledby="digests">
          <div class="results-head">
            <h2 id="digests">新成果推送</h2>
            <button type="button" onClick={() => void exportDigests('csv')}>
              导出 CSV
            </button>
            <button type="button" onClick={() => void exportDigests('xlsx')}>
              导出 Excel
            </button>
          </div>
          {digests.error ? <ErrorNote message={digests.error} /> : null}
          {!digests.data && digests.loading ? <Placeholders count={2} /> : null}
          {digests.data && digests.data.items.length === 0 ? <Empty>还没有推送。</Empty> : null}
          {digests.data?.items.map((digest) => (
            <article key={digest.id} class="card">
              <h3>
                {digest.quarter ? `${digest.quarter} 批次` : digest.cause} · {digest.entries.length} 项
              </h3>
              <ul class="serves" aria-label="推送成果">
                {digest.entries.map((entry) => (
                  <li key={entry.achievementId}>
                    <Link to={`/achievements/${encodeURIComponent(entry.achievementId)}`}>{entry.title}</Link>
                    <span class="muted"> — {entry.reason}</span>
                  </li>
                ))}
              </ul>
            </article>
          ))}
        </section>
      </div>
    </section>
  );
}
