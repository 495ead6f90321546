/**
 * ECharts, bundled locally and loaded on demand (a chunk of its own, so the first
 * screen does not wait for it). Only the parts the console draws are registered,
 * which keeps the chunk to a fraction of the full library.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { init };
