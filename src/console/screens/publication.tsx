/**
 * 季度公布: the published batches with their bulletins (xlsx, html), and for a
 * reviewer (an admin, or a broker key with the reviewer flag) the records waiting
 * for review, approve / return with a note, and publishing a quarter's batch.
 * The workflow is docs/publication.md's.
 */
import { useState } from 'preact/hooks';
import { saveDownload } from '../api';
import { TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Pager } from '../components/pager';
import { Empty, ErrorNote, Placeholders } from '../components/states';
import { Link } from '../router';
import type { ScreenProps } from '../screen';
import type { Session } from '../session';
import type { Achievement, BatchSummary, ListItem } from '../types';
import { messageOf, useLoad } from '../use-load';
import { recentQuarters } from '../vocab';

const PAGE = 20;

function useWrite(after: () => void) {
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

function Batches({ session, generation }: { session: Session; generation: number }) {
  const batches = useLoad(
    (signal) => session.api.get<{ items: BatchSummary[] }>('/v1/batches', {}, signal),
    [generation],
  );
  const [error, setError] = useState<string>();
  const bulletin = async (quarter: string, format: 'xlsx' | 'html') => {
    setError(undefined);
    try {
      const accept =
        format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/html';
      saveDownload(
        await session.api.download(
          `/v1/batches/${encodeURIComponent(quarter)}/bulletin`,
          { format },
          accept,
          `bulletin-${quarter}.${format}`,
        ),
      );
    } catch (failure) {
      setError(`下载失败：${messageOf(failure)}`);
    }
  };
  return (
    <section class="panel" aria-labelledby="batches">
      <h2 id="batches">已公布批次</h2>
      {batches.error ? <ErrorNote message={batches.error} /> : null}
      {error ? <ErrorNote message={error} /> : null}
      {!batches.data && batches.loading ? <Placeholders count={2} /> : null}
      {batches.data && batches.data.items.length === 0 ? <Empty>还没有公布过批次。</Empty> : null}
      {batches.data && batches.data.items.length > 0 ? (
        <ul class="plain-list" aria-label="批次列表">
          {batches.data.items.map((batch) => (
            <li key={batch.quarter}>
              <strong>{batch.quarter}</strong>
              <span class="muted">
                {' '}
                {batch.records} 项成果 · 公布于 {new Date(batch.publishedAt).toLocaleString('zh-CN', { hour12: false })}
              </span>
              <span class="actions">
                <button type="button" onClick={() => void bulletin(batch.quarter, 'xlsx')}>
                  公告（Excel）
                </button>
                <button type="button" onClick={() => void bulletin(batch.quarter, 'html')}>
                  公告（网页）
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** A reviewer's queue: records submitted for publication, approved for a quarter or returned with a note. */
function ReviewQueue({ session, done }: { session: Session; done: () => void }) {
  const [page, setPage] = useState(1);
  const [generation, setGeneration] = useState(0);
  const [quarter, setQuarter] = useState(recentQuarters()[0]!);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const queue = useLoad(
    (signal) =>
      session.api.get<{
        total: number;
        items: (ListItem<Achievement> & { publication: { status: string; quarter?: string } })[];
      }>('/v1/catalogue', { status: 'submitted,approved', limit: PAGE, page }, signal),
    [page, generation],
  );
  const { busy, error, run } = useWrite(() => {
    setGeneration((n) => n + 1);
    done();
  });
  const act = (id: string, action: 'approve' | 'return') =>
    run(() =>
      session.api.post(`/v1/achievements/${encodeURIComponent(id)}/publication`, {
        action,
        note: notes[id]?.trim() || undefined,
        quarter: action === 'approve' ? quarter : undefined,
      }),
    );
  return (
    <section class="panel" aria-labelledby="review-queue">
      <h2 id="review-queue">待审核与待公布成果</h2>
      <TextField name="quarter" label="批准纳入的季度" value={quarter} onChange={setQuarter} />
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={() => void run(() => session.api.post(`/v1/batches/${encodeURIComponent(quarter)}/publish`, {}))}
        >
          公布 {quarter} 批次
        </button>
      </div>
      {error ? <ErrorNote message={error} /> : null}
      {queue.error ? <ErrorNote message={queue.error} /> : null}
      {!queue.data && queue.loading ? <Placeholders count={2} /> : null}
      {queue.data && queue.data.items.length === 0 ? <Empty>没有待审核或待公布的成果。</Empty> : null}
      {queue.data && queue.data.items.length > 0 ? (
        <ul class="intro-list" aria-label="待审核列表">
          {queue.data.items.map(({ record, publication }) => (
            <li key={record.id} class="card">
              <Link to={`/achievements/${encodeURIComponent(record.id)}`}>{record.title}</Link>
              <p class="muted small">
                {[
                  publication.status === 'approved'
                    ? `已批准${publication.quarter ? `（${publication.quarter}）` : ''}`
                    : '待审核',
                  record.institution,
                  record.ipType,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <TextField
                name={`note-${record.id}`}
                label="审核意见（退回时必填）"
                value={notes[record.id] ?? ''}
                onChange={(value) => setNotes({ ...notes, [record.id]: value })}
              />
              <div class="actions">
                {publication.status === 'submitted' ? (
                  <button type="button" class="primary" disabled={busy} onClick={() => void act(record.id, 'approve')}>
                    批准
                  </button>
                ) : null}
                <button type="button" disabled={busy} onClick={() => void act(record.id, 'return')}>
                  退回
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {queue.data ? (
        <Pager label="待审核分页" page={page} pageSize={PAGE} total={queue.data.total} onPage={setPage} />
      ) : null}
    </section>
  );
}

export function PublicationScreen({ session }: ScreenProps) {
  const [generation, setGeneration] = useState(0);
  const reviewer =
    session.caller.role === 'admin' || (session.caller.role === 'broker' && session.caller.reviewer === true);
  return (
    <section>
      <ScreenHeading title="季度公布" />
      <div class="columns">
        <Batches session={session} generation={generation} />
        {reviewer ? <ReviewQueue session={session} done={() => setGeneration((n) => n + 1)} /> : null}
      </div>
    </section>
  );
}
