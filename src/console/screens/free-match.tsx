/**
 * 自由文本匹配: a problem heard on the phone, matched against the catalogue, then
 * saved as a demand (POST /v1/demands) and opened in the workbench. The text stays
 * out of the URL: it can be an enterprise's confidential problem.
 */
import { useId, useState } from 'preact/hooks';
import { AchievementResult } from '../components/achievement-result';
import { SelectField, TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Pager } from '../components/pager';
import { Busy, Empty, ErrorNote, Placeholders } from '../components/states';
import { navigate } from '../router';
import type { ScreenProps } from '../screen';
import type { Achievement, Demand, MatchList, Stored } from '../types';
import { messageOf, useLoad } from '../use-load';
import { COOPERATION_MODES, INDUSTRIES } from '../vocab';

const K = 10;

interface Asked {
  text: string;
  industry: string;
  region: string;
  page: number;
}

/** A new demand's id: T-yyyymmdd-xxxxxx (T for 电话/text intake). */
function newDemandId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  const random = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `T-${day}-${random}`;
}

function SaveAsDemand({
  props,
  text,
  industry,
  region,
}: {
  props: ScreenProps;
  text: string;
  industry: string;
  region: string;
}) {
  const { session } = props;
  const [title, setTitle] = useState(Array.from(text.trim()).slice(0, 30).join(''));
  const [enterprise, setEnterprise] = useState('');
  const [cooperation, setCooperation] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const headingId = useId();
  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const demand: Demand = {
      id: newDemandId(),
      title: title.trim(),
      description: text.trim(),
      ...(industry ? { industry } : {}),
      ...(region ? { region } : {}),
      ...(enterprise.trim() ? { enterprise: enterprise.trim() } : {}),
      ...(cooperation ? { cooperation } : {}),
      status: 'open',
    };
    try {
      const created = await session.api.post<Stored<Demand>>('/v1/demands', demand);
      navigate(`/demands/${encodeURIComponent(created.record.id)}`);
    } catch (failure) {
      setError(`保存失败：${messageOf(failure)}`);
      setSaving(false);
    }
  };
  return (
    <form class="card save-demand" aria-labelledby={headingId} onSubmit={save}>
      <h2 id={headingId}>保存为企业需求</h2>
      <TextField name="title" label="需求名称" value={title} onChange={setTitle} required />
      {session.caller.role === 'enterprise' ? null : (
        <TextField
          name="enterprise"
          label="需求企业"
          value={enterprise}
          onChange={setEnterprise}
          placeholder="企业名称"
        />
      )}
      <SelectField
        name="cooperation"
        label="合作方式"
        value={cooperation}
        options={COOPERATION_MODES}
        onChange={setCooperation}
        anyLabel="未定"
      />
      {error ? <ErrorNote message={error} /> : null}
      <button type="submit" class="primary" disabled={saving || title.trim() === ''}>
        {saving ? '正在保存…' : '保存并打开工作台'}
      </button>
    </form>
  );
}

export function FreeMatchScreen(props: ScreenProps) {
  const { session } = props;
  const [text, setText] = useState('');
  const [industry, setIndustry] = useState('');
  const [region, setRegion] = useState('');
  const [asked, setAsked] = useState<Asked>();
  const { data, loading, error } = useLoad(
    asked
      ? (signal) =>
          session.api.post<MatchList<Achievement>>(
            '/v1/match',
            {
              text: asked.text,
              against: 'achievements',
              k: K,
              page: asked.page,
              filters: {
                ...(asked.industry ? { industry: [asked.industry] } : {}),
                ...(asked.region.trim() ? { region: [asked.region.trim()] } : {}),
              },
            },
            signal,
          )
      : undefined,
    [asked],
  );
  return (
    <section class="free-match">
      <ScreenHeading title="自由文本匹配" />
      <form
        class="card ask"
        aria-label="描述技术问题"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() !== '') setAsked({ text, industry, region, page: 1 });
        }}
      >
        <div class="field field-wide">
          <label for="free-text">企业的技术问题</label>
          <textarea
            id="free-text"
            name="text"
            rows={5}
            value={text}
            placeholder="把电话里听到的问题粘贴到这里，例如：玉米秸秆综合利用，降低焚烧污染"
            onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
          />
        </div>
        <div class="filters-inline">
          <SelectField name="industry" label="产业" value={industry} options={INDUSTRIES} onChange={setIndustry} />
          <TextField name="region" label="地区" value={region} onChange={setRegion} placeholder="如：长春" />
          <div class="field field-buttons">
            <button type="submit" class="primary" disabled={text.trim() === ''}>
              匹配成果
            </button>
          </div>
        </div>
      </form>
      {asked ? (
        <div class="workbench">
          <div class="workbench-results">
            <div class="results-head">
              <p class="count">{data ? `候选成果 ${data.total} 条` : '\u00a0'}</p>
              <Busy loading={loading && data !== undefined} />
            </div>
            {data?.query.truncated ? <p class="note">问题描述较长，语义模型只读取了前 500 个字符。</p> : null}
            {error ? <ErrorNote message={error} /> : null}
            {!data && loading ? <Placeholders count={4} label="正在匹配…" /> : null}
            {data && data.results.length === 0 ? <Empty>没有找到匹配的成果。请换个说法或放宽筛选。</Empty> : null}
            {data && data.results.length > 0 ? (
              <ol class={loading ? 'results stale' : 'results'} aria-label="匹配成果">
                {data.results.map((result) => (
                  <AchievementResult key={result.id} result={result} />
                ))}
              </ol>
            ) : null}
            {data ? (
              <Pager
                label="匹配结果分页"
                page={asked.page}
                pageSize={K}
                total={data.total}
                onPage={(page) => setAsked({ ...asked, page })}
              />
            ) : null}
          </div>
          <SaveAsDemand props={props} text={asked.text} industry={asked.industry} region={asked.region} />
        </div>
      ) : (
        <Empty>输入问题后点击「匹配成果」，结果将显示在这里。</Empty>
      )}
    </section>
  );
}
