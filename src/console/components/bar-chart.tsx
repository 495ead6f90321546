/**
 * A bar chart (ECharts, loaded lazily) with the same numbers in a table below it, so
 * the figures are readable without the picture and by screen readers. The statistics
 * screen (issue 8's funnel and decline reasons) will draw its charts with this.
 */
import { useEffect, useRef } from 'preact/hooks';

export interface BarSeries {
  name: string;
  values: number[];
}

const PALETTE = ['#1d5fa8', '#c2410c', '#2f7d32', '#7c3aed'];

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function BarChart({
  title,
  categories,
  series,
  height = 220,
}: {
  title: string;
  categories: string[];
  series: BarSeries[];
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const resize = () => chart?.resize();
    import('./echarts-setup').then(({ init }) => {
      if (disposed || !box.current) return;
      const instance = init(box.current, undefined, { renderer: 'canvas' });
      instance.setOption({
        animation: false,
        color: PALETTE,
        textStyle: { fontFamily: 'Noto Sans SC, sans-serif' },
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 12, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: categories },
        yAxis: { type: 'value' },
        series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
      });
      chart = instance;
      window.addEventListener('resize', resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [categories.join('\u0000'), JSON.stringify(series)]);

  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-canvas" style={{ height: `${height}px` }} role="img" aria-label={title} />
      <details class="chart-table">
        <summary>查看数据表</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">项目</th>
                {series.map((s) => (
                  <th key={s.name} scope="col">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {categories.map((category, i) => (
                <tr key={category}>
                  <th scope="row">{category}</th>
                  {series.map((s) => (
                    <td key={s.name}>{format(s.values[i] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
