/** 成果详情: one achievement with its IP information and the demands it matches. */
import { AchievementDemands } from '../components/demand-results';
import { ScreenHeading } from '../components/heading';
import { ErrorNote, Placeholders } from '../components/states';
import { ipKindsText } from '../ip-kinds';
import type { ScreenProps } from '../screen';
import type { Achievement, IpItem, Stored } from '../types';
import { useLoad } from '../use-load';

function Row({ label, value }: { label: string; value: string | undefined }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value && value !== '' ? value : '—'}</dd>
    </>
  );
}

/** When an IP item was applied for and granted: a line each, in one cell. */
function ItemDates({ item }: { item: IpItem }) {
  if (!item.applicationDate && !item.grantDate) return <>—</>;
  return (
    <>
      {item.applicationDate ? <span class="item-date">申请 {item.applicationDate}</span> : null}
      {item.grantDate ? <span class="item-date">授权 {item.grantDate}</span> : null}
    </>
  );
}

/** The achievement's IP items (知识产权信息), one row each; an item's own name stands under its kind. */
function IpItemsTable({ items }: { items: IpItem[] }) {
  return (
    <div class="table-scroll">
      <table class="figures-table ip-items" aria-label="知识产权信息">
        <thead>
          <tr>
            <th scope="col">类型 / 名称</th>
            <th scope="col">申请号 / 登记号</th>
            <th scope="col">法律状态</th>
            <th scope="col">权利人</th>
            <th scope="col">日期</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr key={`${item.kind}-${item.number ?? i}`}>
              <th scope="row">
                {item.kind}
                {item.title ? <span class="muted item-title">{item.title}</span> : null}
              </th>
              <td class="ip-number">{item.number ?? '—'}</td>
              <td>{item.legalStatus ?? '—'}</td>
              <td>{item.holder ?? '—'}</td>
              <td>
                <ItemDates item={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AchievementScreen({ session, params, query }: ScreenProps) {
  const id = params['id'] ?? '';
  const { data, error } = useLoad(
    (signal) => session.api.get<Stored<Achievement>>(`/v1/achievements/${encodeURIComponent(id)}`, {}, signal),
    [id],
  );
  if (error) {
    return (
      <section>
        <ScreenHeading title="成果详情" />
        <ErrorNote message={error} />
      </section>
    );
  }
  if (!data) return <Placeholders count={2} />;
  const { record, meta } = data;
  const industry = `${meta.industry}${meta.industrySource === 'inferred' ? `（推断，置信度 ${meta.industryConfidence.toFixed(2)}）` : ''}`;
  return (
    <section>
      <ScreenHeading title={record.title}>
        <p class="muted">成果编号 {record.id}</p>
      </ScreenHeading>
      <div class="columns">
        <article class="card">
          <h2>基本信息</h2>
          <dl class="facts-list">
            <Row label="完成单位" value={record.institution} />
            <Row label="所在地区" value={record.region} />
            <Row label="产业" value={industry} />
            <Row label="学科" value={record.discipline} />
            <Row label="成熟度" value={record.maturity} />
            <Row label="公布批次" value={record.publishedQuarter} />
            <Row label="联系方式" value={record.contact} />
          </dl>
          <h2>知识产权</h2>
          <dl class="facts-list">
            <Row label="知识产权类型" value={ipKindsText(record)} />
            {record.patentNo || !record.ipItems?.length ? <Row label="专利号" value={record.patentNo} /> : null}
            <Row
              label="财政资金支持"
              value={record.fiscalFunded === undefined ? undefined : record.fiscalFunded ? '是' : '否'}
            />
            <Row label="转化方式" value={record.transferModes?.join('、')} />
          </dl>
          {record.ipItems?.length ? <IpItemsTable items={record.ipItems} /> : null}
          <h2>摘要</h2>
          <p class="abstract-full">{record.abstract ?? '—'}</p>
          {record.keywords?.length ? <p class="muted">关键词：{record.keywords.join('、')}</p> : null}
        </article>
        <AchievementDemands session={session} id={id} query={query} />
      </div>
    </section>
  );
}
