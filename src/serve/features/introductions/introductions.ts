/**
 * /v1/introductions: brokers' introductions (对接) from a match to a signed
 * contract. Brokers propose (in their scope), enterprises request, accept and
 * decline for their own demands, admins do everything. A transition names the
 * version it read in If-Match; the answer carries the new one as ETag, and a
 * stale If-Match is a 412. An illegal transition is a 409 naming the allowed ones.
 */
import type { IRouter, Request, Response } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../../domain/index.js';
import {
  INTRODUCTION_STATES,
  createIntroductionInput,
  createIntroduction,
  expireDue,
  getIntroduction,
  introductionSettings,
  listIntroductions,
  transitionInput,
  transitionIntroduction,
  type Actor,
  type MatchSnapshot,
  type VersionedIntroduction,
} from '../../../introductions/index.js';
import { activeRegions } from '../../../regions/index.js';
import type { MatchEngine } from '../../../engine/index.js';
import { authenticate, callerOf } from '../../auth.js';
import { jsonBody } from '../../body.js';
import type { ServiceContext } from '../../context.js';
import { toCsv, type CsvColumn } from '../../../csv/index.js';
import { sendCsv, wantsCsv } from '../../csv.js';
import { forbidden, unauthorized } from '../../errors.js';
import type { Caller } from '../../policy.js';
import { DEFAULT_LIMIT, parseInput, pathId, resolvePaging } from '../../query.js';
import { MAX_K } from '../../../engine/index.js';

export const INTRODUCTIONS_BASE = '/v1/introductions';

/** How deep the service looks for the pair when the broker sends no match snapshot. */
export const SNAPSHOT_DEPTH = 100;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const stateList = z
  .string()
  .transform((s) =>
    s
      .split(/[,，]/)
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(INTRODUCTION_STATES, `must be among ${INTRODUCTION_STATES.join(', ')}`)));

export const introductionListQuery = z.strictObject({
  state: stateList.optional().describe('any of these states (comma-separated)'),
  demandId: z.string().min(1).optional(),
  achievementId: z.string().min(1).optional(),
  enterpriseId: z.string().min(1).optional().describe("the demand's enterprise account"),
  broker: z.string().min(1).optional().describe('the broker key id that proposed or sent it; `me` for the caller'),
  region: z
    .string()
    .min(1)
    .optional()
    .describe("the demand's region, any level: 分市场, 市州 or county (name or code)"),
  limit: wholeNumber(1, MAX_K).optional().describe(`introductions per page (default ${DEFAULT_LIMIT})`),
  page: wholeNumber(1, 1_000_000).optional(),
  offset: wholeNumber(0, 100_000_000).optional(),
  format: z.enum(['json', 'csv'], 'must be json or csv').optional(),
});

/** The acting key as the introductions core sees it. */
export function actorOf(caller: Caller): Actor {
  if (caller.kind !== 'key') throw unauthorized('introductions need an API key');
  return { keyId: caller.keyId, role: caller.role, enterpriseId: caller.enterpriseId, scope: caller.scope };
}

/** A region parameter (name or code, any level) → its code; unknown is a 400 naming the field. */
export function regionCodeParam(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const code = activeRegions().lookup(value);
  if (code === undefined) {
    throw new ValidationError(`unknown region ${value}; GET /v1/regions lists names and codes`, [
      { field, message: 'must name a 分市场, 市州 or county (name or code)' },
    ]);
  }
  return code;
}

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent or `*` → undefined. */
export function ifMatchVersion(req: Request): number | undefined {
  const header = req.get('if-match')?.trim();
  if (header === undefined || header === '' || header === '*') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header);
  if (!match) {
    throw new ValidationError('If-Match must be the ETag of the introduction as read, e.g. "3"', [
      { field: 'If-Match', message: 'must be a version ETag such as "3"' },
    ]);
  }
  return Number(match[1]);
}

function sendIntroduction(res: Response, introduction: VersionedIntroduction, status = 200): void {
  res.status(status).set('ETag', `"${introduction.version}"`).json(introduction);
}

/** The pair's place in the demand's (unfiltered) match list, when the broker sent none. */
async function matchSnapshot(engine: MatchEngine, demandId: string, achievementId: string): Promise<MatchSnapshot> {
  if (!engine.store.has('demand', demandId) || !engine.store.has('achievement', achievementId)) {
    return { rank: null, score: null };
  }
  const response = await engine.matchDemand({ id: demandId }, { k: SNAPSHOT_DEPTH });
  const hit = response.results.find((r) => r.id === achievementId);
  return hit
    ? { rank: hit.rank, score: hit.score, reason: hit.reason, sharedTerms: hit.sharedTerms }
    : { rank: null, score: null, reason: `not in the top ${SNAPSHOT_DEPTH} when proposed` };
}

export const introductionColumns: CsvColumn<VersionedIntroduction>[] = [
  { header: '对接编号', value: (i) => i.id },
  { header: '状态', value: (i) => i.state },
  { header: '需求编号', value: (i) => i.demandId },
  { header: '需求名称', value: (i) => i.demand.title },
  { header: '需求企业', value: (i) => i.demand.enterpriseId },
  { header: '所在地区', value: (i) => i.demand.region },
  { header: '产业', value: (i) => i.demand.industry },
  { header: '成果编号', value: (i) => i.achievementId },
  { header: '成果名称', value: (i) => i.achievement.title },
  { header: '匹配排名', value: (i) => i.match?.rank },
  { header: '匹配得分', value: (i) => i.match?.score },
  { header: '来源', value: (i) => (i.origin === 'broker' ? '经纪人推荐' : '企业申请') },
  { header: '经纪人', value: (i) => i.brokerKeyId },
  { header: '创建时间', value: (i) => i.createdAt },
  { header: '拒绝原因', value: (i) => i.decline?.label },
  { header: '合同类型', value: (i) => i.contract?.type },
  { header: '合同金额（万元）', value: (i) => i.contract?.amountWan },
  { header: '签订日期', value: (i) => i.contract?.signedOn },
  { header: '技术合同登记号', value: (i) => i.contract?.registrationNo },
  { header: '演示数据', value: (i) => i.synthetic === true },
];

export function registerIntroductionRoutes(router: IRouter, ctx: ServiceContext): void {
  const { engine, config } = ctx;
  const keyed = authenticate(ctx.keys, { anonymous: false });
  const settings = introductionSettings(config);

  router.get(INTRODUCTIONS_BASE, keyed, async (req, res) => {
    const actor = actorOf(callerOf(res));
    const query = parseInput(introductionListQuery, req.query, 'query');
    const paging = resolvePaging({ size: query.limit, page: query.page, offset: query.offset }, DEFAULT_LIMIT, {
      ranked: false,
      sizeField: 'limit',
    });
    const regions = activeRegions();
    const page = await listIntroductions(
      engine.store,
      actor,
      {
        state: query.state,
        demandId: query.demandId,
        achievementId: query.achievementId,
        enterpriseId: query.enterpriseId,
        brokerKeyId: query.broker === 'me' ? actor.keyId : query.broker,
        regionCode: regionCodeParam(query.region, 'region'),
        limit: paging.size,
        offset: paging.offset,
      },
      settings,
      ctx.now(),
      (code, text) => regions.inScope(code, text ?? undefined),
    );
    if (wantsCsv(req, query.format)) return sendCsv(res, 'introductions.csv', toCsv(introductionColumns, page.items));
    res.json(page);
  });

  router.post(INTRODUCTIONS_BASE, keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const actor = actorOf(callerOf(res));
    if (actor.role === 'researcher') throw forbidden('a researcher key may not open introductions');
    const body = parseInput(createIntroductionInput, req.body, 'body');
    const match = body.match ?? (await matchSnapshot(engine, body.demandId, body.achievementId));
    const created = await createIntroduction(engine.store, actor, { ...body, match }, settings, ctx.now());
    res.location(`${INTRODUCTIONS_BASE}/${created.id}`);
    sendIntroduction(res, created, 201);
  });

  router.get(`${INTRODUCTIONS_BASE}/reasons`, keyed, (_req, res) => {
    res.json({ reasons: settings.reasons });
  });

  router.post(`${INTRODUCTIONS_BASE}/expire`, keyed, async (_req, res) => {
    const caller = callerOf(res);
    if (caller.kind !== 'key' || caller.role !== 'admin') throw forbidden('only an admin key runs the expiry');
    res.json({ expired: await expireDue(engine.store, settings, ctx.now()), expiryDays: settings.expiryDays });
  });

  router.get(`${INTRODUCTIONS_BASE}/:id`, keyed, async (req, res) => {
    const introduction = await getIntroduction(engine.store, actorOf(callerOf(res)), pathId(req), settings, ctx.now());
    sendIntroduction(res, introduction);
  });

  router.get(`${INTRODUCTIONS_BASE}/:id/history`, keyed, async (req, res) => {
    const introduction = await getIntroduction(engine.store, actorOf(callerOf(res)), pathId(req), settings, ctx.now());
    res.set('ETag', `"${introduction.version}"`).json({ id: introduction.id, history: introduction.history });
  });

  router.post(`${INTRODUCTIONS_BASE}/:id/transitions`, keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const actor = actorOf(callerOf(res));
    const expectVersion = ifMatchVersion(req);
    const body = parseInput(transitionInput, req.body, 'body');
    const moved = await transitionIntroduction(
      engine.store,
      actor,
      pathId(req),
      body,
      settings,
      ctx.now(),
      expectVersion,
    );
    sendIntroduction(res, moved);
  });
}
