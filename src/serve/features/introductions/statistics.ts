/**
 * GET /v1/introductions/statistics: the funnel and the money, by period,
 * region (any level), industry and broker, as JSON or CSV. A scoped broker's
 * statistics default to its scope and cannot leave it. GET /v1/regions: the
 * hierarchy, sub-markets and county nodes; /v1/regions/unplaced: records whose
 * region text places nowhere.
 */
import type { IRouter } from 'express';
import { z } from 'zod';
import { INDUSTRIES, ValidationError } from '../../../domain/index.js';
import {
  GROUP_BY,
  introductionSettings,
  periodDays,
  readStatistics,
  statisticsCsv,
} from '../../../introductions/index.js';
import { activeRegions, type RegionDirectory } from '../../../regions/index.js';
import { authenticate, callerOf } from '../../auth.js';
import type { ServiceContext } from '../../context.js';
import { sendCsv, wantsCsv } from '../../csv.js';
import { forbidden } from '../../errors.js';
import { brokerScope, can, type Caller } from '../../policy.js';
import { parseInput } from '../../query.js';
import { INTRODUCTIONS_BASE, regionCodeParam } from './introductions.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-10-01')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date');

export const statisticsQuery = z.strictObject({
  period: z
    .string()
    .regex(/^\d{4}(Q[1-4])?$/, 'must be a quarter such as 2026Q4 or a year such as 2026')
    .optional()
    .describe('a quarter (2026Q4) or a year (2026), China Standard Time; or give from/to'),
  from: day.optional().describe('first day, inclusive'),
  to: day.optional().describe('last day, inclusive'),
  region: z.string().min(1).optional().describe('分市场, 市州 or county, name or code (a scoped broker: its scope)'),
  industry: z
    .string()
    .transform((s) =>
      s
        .split(/[,，]/)
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(INDUSTRIES)))
    .optional()
    .describe('产业, any of (comma-separated)'),
  broker: z.string().min(1).optional().describe('broker key id; `me` for the caller'),
  groupBy: z.enum(GROUP_BY).optional().describe('rows per sub-market, 市州, county, industry or broker'),
  format: z.enum(['json', 'csv'], 'must be json or csv').optional(),
});

/** The region the statistics are for: the asked one, inside the caller's scope; the scope when none is asked. */
function statisticsRegion(caller: Caller, asked: string | undefined, regions: RegionDirectory): string | undefined {
  const scope = brokerScope(caller);
  const code = regionCodeParam(asked, 'region');
  if (scope === undefined) return code;
  if (code === undefined) return scope;
  if (!regions.contains(scope, code)) throw forbidden(`region ${asked} is outside this key's scope (${scope})`);
  return code;
}

export function registerIntroductionStatisticsRoutes(router: IRouter, ctx: ServiceContext): void {
  const keyed = authenticate(ctx.keys, { anonymous: false });
  const settings = introductionSettings(ctx.config);

  router.get(`${INTRODUCTIONS_BASE}/statistics`, keyed, async (req, res) => {
    const caller = callerOf(res);
    if (!can(caller, 'readAllDemands')) throw forbidden('statistics are for brokers and admins');
    const query = parseInput(statisticsQuery, req.query, 'query');
    if (query.period !== undefined && (query.from !== undefined || query.to !== undefined)) {
      throw new ValidationError('give period or from/to, not both', [
        { field: 'period', message: 'not together with from/to' },
      ]);
    }
    const days = query.period !== undefined ? periodDays(query.period) : { from: query.from, to: query.to };
    const regions = activeRegions();
    const stats = await readStatistics(ctx.engine.store, regions, settings, ctx.now(), {
      from: days?.from,
      to: days?.to,
      regionCode: statisticsRegion(caller, query.region, regions),
      industry: query.industry,
      brokerKeyId: query.broker === 'me' && caller.kind === 'key' ? caller.keyId : query.broker,
      groupBy: query.groupBy ?? 'none',
    });
    if (wantsCsv(req, query.format)) return sendCsv(res, 'introduction-statistics.csv', statisticsCsv(stats));
    res.json(stats);
  });

  router.get('/v1/regions', keyed, (_req, res) => {
    const regions = activeRegions();
    res.json({
      province: regions.node(regions.provinceCode),
      subMarkets: regions.all('subMarket').map((m) => ({
        ...m,
        cities: regions
          .all('city')
          .filter((c) => c.subMarket === m.code)
          .map((c) => c.code),
      })),
      cities: regions.all('city').map((c) => ({ ...c, counties: regions.children(c.code) })),
      countyNodes: regions.all('county').filter((c) => c.countyNode),
    });
  });

  router.get('/v1/regions/unplaced', keyed, (_req, res) => {
    const caller = callerOf(res);
    if (!can(caller, 'readAllDemands')) throw forbidden('the placement report is for brokers and admins');
    res.json(unplacedReport(ctx, activeRegions()));
  });
}

/** Records whose region text places nowhere in the hierarchy, by text. */
export function unplacedReport(ctx: Pick<ServiceContext, 'engine'>, regions: RegionDirectory) {
  const side = (kind: 'achievement' | 'demand') => {
    const byText = new Map<string, string[]>();
    for (const stored of ctx.engine.store.all(kind)) {
      if (regions.place(stored.record.region) !== undefined) continue;
      const text = stored.record.region ?? '(none)';
      byText.set(text, [...(byText.get(text) ?? []), stored.record.id]);
    }
    return [...byText.entries()]
      .map(([regionText, ids]) => ({ regionText, count: ids.length, ids: ids.slice(0, 20) }))
      .sort((a, b) => b.count - a.count);
  };
  return { demands: side('demand'), achievements: side('achievement') };
}
