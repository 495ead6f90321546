/**
 * Explained match lists, both ways, and free text against either side.
 * Each answers JSON, or CSV for `?format=csv` / `Accept: text/csv`.
 * Demands in any result are filtered by the caller's visibility, so an
 * enterprise key never sees another enterprise's demand here either.
 */
import type { IRouter, Request, Response } from 'express';
import type { Achievement, AnyRecord, Demand } from '../../domain/index.js';
import type { MatchResponse } from '../../engine/index.js';
import { truncateForModel } from '../../text/index.js';
import { authenticate, callerOf, requireCapability } from '../auth.js';
import { jsonBody } from '../body.js';
import type { ServiceContext } from '../context.js';
import { toCsv, type CsvColumn } from '../../csv/index.js';
import { sendCsv, wantsCsv } from '../csv.js';
import { achievementMatchColumns, demandMatchColumns } from '../exports.js';
import { publishedView } from '../../publication/index.js';
import { introductionSettings, liveDemandsOfAchievement, pairMarksForDemand } from '../../introductions/index.js';
import { hideDeclined, hideDeclinedKey, markResults, marksKey } from '../pair-marks.js';
import { sendJsonOnce } from '../kept-json.js';
import { visibleDemand } from './demands.js';
import {
  achievementVisibility,
  achievementVisibilityKey,
  bothVisible,
  demandVisibility,
  demandVisibilityKey,
} from '../policy.js';
import {
  DEFAULT_K,
  achievementMatchesQuery,
  demandMatchesQuery,
  filtersFrom,
  formatQuery,
  matchBody,
  parseInput,
  pathId,
  resolvePaging,
  type Paging,
} from '../query.js';

/**
 * The list as JSON or CSV. `kept`: the engine's response and whatever else the results were
 * built from (marks), when they may be kept objects: the JSON is then serialised once.
 */
function answer<T extends AnyRecord>(
  req: Request,
  res: Response,
  response: MatchResponse<T>,
  paging: Paging,
  csv: {
    format: 'json' | 'csv' | undefined;
    filename: string;
    columns: CsvColumn<MatchResponse<T>['results'][number]>[];
  },
  kept?: { source: object; extras: readonly unknown[] },
): void {
  if (wantsCsv(req, csv.format)) {
    sendCsv(res, csv.filename, toCsv(csv.columns, response.results));
    return;
  }
  const body = () => ({
    // The query text as the model read it (at most MAX_EMBEDDED_CHARS): never the whole text sent back.
    query: { ...response.query, text: truncateForModel(response.query.text).text },
    total: response.total,
    k: paging.size,
    offset: paging.offset,
    results: response.results,
  });
  if (kept) sendJsonOnce(res, kept.source, [...kept.extras, paging.size, paging.offset], body);
  else res.json(body());
}

export function registerMatchRoutes(router: IRouter, ctx: ServiceContext): void {
  const { engine, config } = ctx;
  const matcher = [authenticate(ctx.keys, { anonymous: false }), requireCapability('match', 'match')];

  router.get('/v1/demands/:id/matches', ...matcher, async (req, res) => {
    const demand = visibleDemand(ctx, callerOf(res), pathId(req));
    const query = parseInput(demandMatchesQuery, req.query, 'query');
    const paging = resolvePaging({ size: query.k, page: query.page, offset: query.offset }, DEFAULT_K, {
      ranked: true,
      sizeField: 'k',
    });
    const marks = await pairMarksForDemand(engine.store, demand.record.id, introductionSettings(config), ctx.now());
    const view = await publishedView(engine.store);
    const response = await engine.matchDemand(
      { id: demand.record.id },
      {
        k: paging.size,
        offset: paging.offset,
        filters: filtersFrom(query),
        visible: bothVisible(achievementVisibility(callerOf(res), view), hideDeclined(marks, query.showDeclined)),
        visibleKey: `${achievementVisibilityKey(callerOf(res), view)} ${hideDeclinedKey(marks, query.showDeclined)}`,
      },
    );
    answer<Achievement>(
      req,
      res,
      { ...response, results: markResults(response.results, marks) },
      paging,
      { format: query.format, filename: `matches-demand-${demand.record.id}.csv`, columns: achievementMatchColumns },
      { source: response, extras: [marksKey(marks)] },
    );
  });

  router.get('/v1/achievements/:id/matches', ...matcher, async (req, res) => {
    const achievement = engine.get('achievement', pathId(req));
    const query = parseInput(achievementMatchesQuery, req.query, 'query');
    const paging = resolvePaging({ size: query.k, page: query.page, offset: query.offset }, DEFAULT_K, {
      ranked: true,
      sizeField: 'k',
    });
    const response = await engine.matchAchievement(
      { id: achievement.record.id },
      {
        k: paging.size,
        offset: paging.offset,
        filters: filtersFrom(query),
        visible: demandVisibility(callerOf(res)),
        visibleKey: demandVisibilityKey(callerOf(res)),
      },
    );
    const live = await liveDemandsOfAchievement(
      engine.store,
      achievement.record.id,
      introductionSettings(config),
      ctx.now(),
    );
    const marked = response.results.map((r) => {
      const introduction = live.get(r.id);
      return introduction ? { ...r, introduction } : r;
    });
    answer<Demand>(req, res, { ...response, results: marked }, paging, {
      format: query.format,
      filename: `matches-achievement-${achievement.record.id}.csv`,
      columns: demandMatchColumns,
    });
  });

  router.post('/v1/match', ...matcher, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const { format } = parseInput(formatQuery, req.query, 'query');
    const body = parseInput(matchBody, req.body, 'body');
    const paging = resolvePaging({ size: body.k, page: body.page, offset: body.offset }, DEFAULT_K, {
      ranked: true,
      sizeField: 'k',
    });
    const options = { k: paging.size, offset: paging.offset, filters: filtersFrom(body.filters) };
    if (body.against === 'achievements') {
      const response = await engine.matchDemand(
        { text: body.text },
        { ...options, visible: achievementVisibility(callerOf(res), await publishedView(engine.store)) },
      );
      answer<Achievement>(req, res, response, paging, {
        format,
        filename: 'matches-text-achievements.csv',
        columns: achievementMatchColumns,
      });
    } else {
      const response = await engine.matchAchievement(
        { text: body.text },
        { ...options, visible: demandVisibility(callerOf(res)) },
      );
      answer<Demand>(req, res, response, paging, {
        format,
        filename: 'matches-text-demands.csv',
        columns: demandMatchColumns,
      });
    }
  });
}
