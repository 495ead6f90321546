/**
 * 统计: the introductions' funnel, the contracts signed and their value, and why
 * introductions were declined, for a period (quarter or year), a region and an
 * industry, with one row per sub-market, 市州, county, industry or broker. Every
 * chart (ECharts) has its numbers in a table too. Figures are the service's
 * (GET /v1/introductions/statistics); definitions are in docs/introductions.md.
 */
import { useState } from 'preact/hooks';
import { saveDownload } from '../api';
import { BarChart } from '../components/bar-chart';
import { SelectField, TextField } from '../components/fields';
import { ScreenHeading } from '../components/heading';
import { Busy, ErrorNote, Placeholders } from '../components/states';
import { href, navigate } from '../router';
import type { ScreenProps } from '../screen';
import type { IntroductionFigures, IntroductionStatistics } from '../types';
import { messageOf, useLoad } from '../use-load';
import { INDUSTRIES, recentQuarters } from '../vocab';

const GROUPS: Record<string, string> = {
  subMarket: '分市场',
  city: '市州',
  county: '县区',
  industry: '产业',
  broker: '经纪人',
};

function periods(): string[] {
  const year = new Date().getFullYear();
  return [...recentQuarters(), String(year), String(year - 1), String(year - 2)];
}

function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

function wan(value: number): string {
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 1 });
}

function Figures({ figures }: { figures: IntroductionFigures }) {
  const items: [string, string][] = [
    ['发起对接', String(figures.introductions)],
    ['接受率', percent(figures.acceptanceRate)],
    ['签约率', percent(figures.signingRate)],
    ['签约合同', `${figures.contracts.count} 份`],
    ['合同金额', `${wan(figures.contracts.totalWan)} 万元`],
    ['发送到接受（中位）', figures.medianDaysSentToAccepted === null ? '—' : `${figures.medianDaysSentToAccepted} 天`],
    ['发送到签约（中位）', figures.medianDaysSentToSigned === null ? '—' : `${figures.medianDaysSentToSigned} 天`],
  ];
  return (
    <dl class="kpis">
      {items.map(([label, value]) => (
        <div key={label} class="card kpi">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function StatisticsScreen({ session, query }: ScreenProps) {
  const period = query.get('period') ?? recentQuarters()[0]!;
  const region = query.get('region') ?? '';
  const industry = query.get('industry') ?? '';
  const groupBy = query.get('groupBy') ?? 'subMarket';
  const [form, setForm] = useState({ period, region, industry, groupBy });
  const [exportError, setExportError] = useState<string>();
  const params = { period, region, industry, groupBy };
  const stats = useLoad(
    (signal) => session.api.get<IntroductionStatistics>('/v1/introductions/statistics', params, signal),
    [period, region, industry, groupBy],
  );
  // The trend: the same filters over the last four quarters.
  const quarters = recentQuarters(new Date(), 4).reverse();
  const trend = useLoad(
    (signal) =>
      Promise.all(
        quarters.map((q) =>
          session.api.get<IntroductionStatistics>(
            '/v1/introductions/statistics',
            { period: q, region, industry },
            signal,
          ),
        ),
      ),
    [region, industry],
  );
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  const data = stats.data;
  const totals = data?.totals;
  const exportCsv = async () => {
    setExportError(undefined);
    try {
      saveDownload(await session.api.csv('/v1/introductions/statistics', params, `statistics-${period}.csv`));
    } catch (error) {
      setExportError(`导出失败：${messageOf(error)}`);
    }
  };

  return (
    <section>
      <ScreenHeading title="对接统计">
        <p class="muted">
          {data ? `${data.period.from ?? ''} 至 ${data.period.to ?? ''}` : '\u00a0'}
          {data?.includesSynthetic ? ' · 含演示数据' : ''}
        </p>
      </ScreenHeading>
      <form
        class="filters"
        aria-label="统计范围"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(href('/statistics', form));
        }}
      >
        <SelectField
          name="period"
          label="统计期间"
          value={form.period}
          options={periods()}
          anyLabel="全部"
          onChange={set('period')}
        />
        <TextField
          name="region"
          label="地区"
          value={form.region}
          onChange={set('region')}
          placeholder="如：长春市、SM-YB"
        />
        <SelectField
          name="industry"
          label="产业"
          value={form.industry}
          options={INDUSTRIES}
          onChange={set('industry')}
        />
        <SelectField
          name="groupBy"
          label="分组"
          value={form.groupBy}
          options={Object.keys(GROUPS)}
          labels={GROUPS}
          anyLabel="不分组"
          onChange={set('groupBy')}
        />
        <div class="field field-buttons">
          <button type="submit" class="primary">
            统计
          </button>
        </div>
      </form>
      <div class="results-head">
        <Busy loading={stats.loading && data !== undefined} />
        <button type="button" onClick={exportCsv} disabled={!data}>
          导出 CSV
        </button>
      </div>
      {exportError ? <ErrorNote message={exportError} /> : null}
      {stats.error ? <ErrorNote message={stats.error} /> : null}
      {!data && stats.loading ? <Placeholders count={3} label="正在统计…" /> : null}
      {totals ? (
        <>
          <Figures figures={totals} />
          <div class="chart-grid">
            <BarChart
              title="对接漏斗（本期发起的对接到达各环节的数量）"
              categories={['发起', '已发送', '企业接受', '签约']}
              series={[
                {
                  name: '对接数',
                  values: [totals.introductions, totals.reached.sent, totals.reached.accepted, totals.reached.signed],
                },
              ]}
            />
            <BarChart
              title="婉拒原因"
              categories={totals.declineReasons.map((r) => r.label)}
              series={[{ name: '次数', values: totals.declineReasons.map((r) => r.count) }]}
            />
            <BarChart
              title="签约合同金额（万元，按合同类型）"
              categories={Object.keys(totals.contracts.byType)}
              series={[
                { name: '金额（万元）', values: Object.values(totals.contracts.byType).map((t) => t.totalWan) },
                { name: '份数', values: Object.values(totals.contracts.byType).map((t) => t.count) },
              ]}
            />
            {trend.data ? (
              <BarChart
                title="近四个季度"
                categories={quarters}
                series={[
                  { name: '发起对接', values: trend.data.map((s) => s.totals.introductions) },
                  { name: '签约', values: trend.data.map((s) => s.totals.contracts.count) },
                ]}
              />
            ) : null}
            {data && data.groups.length > 0 ? (
              <BarChart
                title={`合同金额（万元，按${GROUPS[data.groupBy] ?? '分组'}）`}
                categories={data.groups.map((g) => g.label)}
                series={[{ name: '金额（万元）', values: data.groups.map((g) => g.figures.contracts.totalWan) }]}
              />
            ) : null}
          </div>
          {data && data.groups.length > 0 ? (
            <div class="table-scroll">
              <table class="figures-table" aria-label="分组统计">
                <caption>按{GROUPS[data.groupBy] ?? '分组'}统计</caption>
                <thead>
                  <tr>
                    <th scope="col">{GROUPS[data.groupBy] ?? '分组'}</th>
                    <th scope="col">发布需求</th>
                    <th scope="col">发起对接</th>
                    <th scope="col">已发送</th>
                    <th scope="col">企业接受</th>
                    <th scope="col">签约</th>
                    <th scope="col">接受率</th>
                    <th scope="col">合同份数</th>
                    <th scope="col">合同金额（万元）</th>
                  </tr>
                </thead>
                <tbody>
                  {[...data.groups, { key: 'total', label: '合计', figures: totals }].map((group) => (
                    <tr key={group.key}>
                      <th scope="row">{group.label}</th>
                      <td>{group.figures.demandsPublished ?? '—'}</td>
                      <td>{group.figures.introductions}</td>
                      <td>{group.figures.reached.sent}</td>
                      <td>{group.figures.reached.accepted}</td>
                      <td>{group.figures.reached.signed}</td>
                      <td>{percent(group.figures.acceptanceRate)}</td>
                      <td>{group.figures.contracts.count}</td>
                      <td>{wan(group.figures.contracts.totalWan)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {data && data.unplaced.introductions > 0 ? (
            <p class="muted small">
              另有 {data.unplaced.introductions} 条对接、{data.unplaced.demands} 条需求的地区无法归属到行政区划。
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
