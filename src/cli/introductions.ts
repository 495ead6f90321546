/**
 * `introductions report | expire` and `regions unplaced`: the statistics of
 * brokers' introductions, the nightly expiry, and the records whose region text
 * places nowhere. `report` and `unplaced` only read the store, so they run
 * beside the service; `expire` writes, so it needs the service stopped (while
 * it runs: POST /v1/introductions/expire).
 */
import type { Command } from 'commander';
import { dataPaths, type AppConfig } from '../config/index.js';
import { INDUSTRIES } from '../domain/index.js';
import { acquireLock } from '../fs/index.js';
import {
  GROUP_BY,
  expireDue,
  loadDeclineReasons,
  periodDays,
  readStatistics,
  statisticsCsv,
  type Figures,
  type GroupBy,
  type IntroductionSettings,
  type Statistics,
} from '../introductions/index.js';
import { loadRegionDirectory, useRegions, type RegionDirectory } from '../regions/index.js';
import { RecordStore } from '../store/index.js';

function settingsOf(config: AppConfig): IntroductionSettings {
  return { expiryDays: config.INTRODUCTION_EXPIRY_DAYS, reasons: loadDeclineReasons(config.DECLINE_REASONS_FILE) };
}

function regionsOf(config: AppConfig): RegionDirectory {
  const regions = loadRegionDirectory(config.REGIONS_FILE);
  useRegions(regions);
  return regions;
}

function openStore(config: AppConfig): Promise<RecordStore> {
  return RecordStore.open(dataPaths(config.DATA_DIR).storeFile);
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const days = (x: number | null) => (x === null ? '—' : `${x} 天`);

function figureLines(f: Figures): string[] {
  const s = f.byState;
  return [
    `  需求发布 ${f.demandsPublished ?? '—'} · 对接 ${f.introductions}` +
      ` (草拟 ${s.proposed}, 已推送 ${s.sent}, 已接受 ${s.accepted}, 洽谈中 ${s.negotiating}, 签约 ${s.signed},` +
      ` 拒绝 ${s.declined}, 撤回 ${s.withdrawn}, 过期 ${s.expired})`,
    `  接受率 ${pct(f.acceptanceRate)} · 签约率 ${pct(f.signingRate)} · 推送→接受 ${days(f.medianDaysSentToAccepted)} · 推送→签约 ${days(f.medianDaysSentToSigned)} (中位数)`,
    `  合同 ${f.contracts.count} 项，${f.contracts.totalWan} 万元`,
    ...(f.declineReasons.length > 0
      ? [`  拒绝原因：${f.declineReasons.map((d) => `${d.label} ${d.count}`).join('；')}`]
      : []),
  ];
}

export function formatStatistics(stats: Statistics): string {
  const period =
    stats.period.from || stats.period.to ? `${stats.period.from ?? '…'} – ${stats.period.to ?? '…'}` : 'all time';
  const lines = [`introductions ${period}, region ${stats.regionCode ?? 'province'}`];
  for (const group of stats.groups) lines.push(`${group.label} (${group.key})`, ...figureLines(group.figures));
  lines.push('合计', ...figureLines(stats.totals));
  if (stats.unplaced.demands + stats.unplaced.introductions > 0) {
    lines.push(
      `unplaced: ${stats.unplaced.demands} demands, ${stats.unplaced.introductions} introductions (${stats.unplaced.regionTexts.join('、')})`,
    );
  }
  if (stats.includesSynthetic) lines.push('includes synthetic demo introductions');
  return lines.join('\n');
}

export function registerIntroductionCommands(program: Command, config: () => AppConfig): void {
  const introductions = program.command('introductions').description("brokers' introductions (对接)");

  introductions
    .command('report')
    .description('the funnel and the contracts, by period, region, industry and broker (reads the store only)')
    .option('--period <period>', 'a quarter (2026Q4) or a year (2026)')
    .option('--from <day>', 'first day, YYYY-MM-DD')
    .option('--to <day>', 'last day, YYYY-MM-DD')
    .option('--region <region>', '分市场, 市州 or county: name or code')
    .option('--industry <industry...>', `only these industries (${INDUSTRIES.length} key industries or 其他)`)
    .option('--broker <keyId>', 'one broker key')
    .option('--group-by <what>', `rows per ${GROUP_BY.join(' | ')}`, 'none')
    .option('--csv', 'print CSV (UTF-8 with BOM) instead of text')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        period?: string;
        from?: string;
        to?: string;
        region?: string;
        industry?: string[];
        broker?: string;
        groupBy: string;
        csv?: boolean;
        json?: boolean;
      }) => {
        const cfg = config();
        const regions = regionsOf(cfg);
        if (!(GROUP_BY as readonly string[]).includes(opts.groupBy)) {
          throw new Error(`--group-by must be one of ${GROUP_BY.join(', ')}`);
        }
        const period = opts.period !== undefined ? periodDays(opts.period) : { from: opts.from, to: opts.to };
        if (!period) throw new Error('--period must be a quarter such as 2026Q4 or a year such as 2026');
        const regionCode = opts.region !== undefined ? regions.lookup(opts.region) : undefined;
        if (opts.region !== undefined && regionCode === undefined) {
          throw new Error(`unknown region ${opts.region}; \`regions\` lists names and codes`);
        }
        const store = await openStore(cfg);
        const stats = await readStatistics(store, regions, settingsOf(cfg), new Date(), {
          ...period,
          regionCode,
          industry: opts.industry,
          brokerKeyId: opts.broker,
          groupBy: opts.groupBy as GroupBy,
        });
        if (opts.csv) process.stdout.write(statisticsCsv(stats));
        else if (opts.json) console.log(JSON.stringify(stats, null, 2));
        else console.log(formatStatistics(stats));
      },
    );

  introductions
    .command('expire')
    .description('write the expiry of sent introductions past their deadline (the service must be stopped)')
    .action(async () => {
      const cfg = config();
      const release = acquireLock(
        dataPaths(cfg.DATA_DIR).serviceLockFile,
        'introductions expire (use POST /v1/introductions/expire while the service runs)',
      );
      try {
        const store = await openStore(cfg);
        const expired = await expireDue(store, settingsOf(cfg), new Date());
        await store.flush();
        console.log(`expired ${expired} introductions (no answer within ${cfg.INTRODUCTION_EXPIRY_DAYS} days)`);
      } finally {
        release();
      }
    });

  const regions = program.command('regions').description('the region hierarchy, sub-markets and county nodes');

  regions
    .command('list')
    .description('sub-markets, 市州 and counties with their codes')
    .action(() => {
      const directory = regionsOf(config());
      for (const market of directory.all('subMarket')) {
        console.log(`${market.code}  ${market.name}`);
        for (const city of directory.all('city').filter((c) => c.subMarket === market.code)) {
          console.log(`  ${city.code}  ${city.name}${city.gbt2260 ? '' : '  (project code, not GB/T 2260)'}`);
          for (const county of directory.children(city.code)) {
            console.log(`    ${county.code}  ${county.name}${county.countyNode ? '  [县域节点]' : ''}`);
          }
        }
      }
    });

  regions
    .command('unplaced')
    .description('records whose region text places nowhere in the hierarchy (reads the store only)')
    .action(async () => {
      const cfg = config();
      const directory = regionsOf(cfg);
      const store = await openStore(cfg);
      for (const kind of ['demand', 'achievement'] as const) {
        const byText = new Map<string, string[]>();
        for (const stored of store.all(kind)) {
          if (directory.place(stored.record.region) !== undefined) continue;
          const text = stored.record.region ?? '(none)';
          byText.set(text, [...(byText.get(text) ?? []), stored.record.id]);
        }
        const total = [...byText.values()].reduce((s, ids) => s + ids.length, 0);
        console.log(`${kind}s unplaced: ${total} of ${store.count(kind)}`);
        for (const [text, ids] of [...byText.entries()].sort((a, b) => b[1].length - a[1].length)) {
          console.log(`  ${text}: ${ids.length} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`);
        }
      }
    });
}
