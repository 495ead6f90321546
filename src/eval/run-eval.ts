/**
 * The eval: builds a temporary, isolated engine from the given files, runs
 * every demand through the same matchDemand path the API uses, writes a run
 * file and scores it. The service's data directory is never touched; the
 * embedding cache is shared so a second run embeds nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../config/index.js';
import { DEMO_ACHIEVEMENTS_FILE, EVAL_CACHE_DIR, EVAL_DEMANDS_FILE, EVAL_QRELS_FILE } from '../config/paths.js';
import type { Demand } from '../domain/index.js';
import { Embedder, type TextEmbedder } from '../embed/index.js';
import { MatchEngine, engineConfigFrom, type EngineConfig, type Progress } from '../engine/index.js';
import type { RankingParams } from '../match/rank.js';
import { importJsonlFile } from '../engine/import.js';
import { deriveTeams, teamIndex, type ScoredAchievement } from '../teams/index.js';
import { evaluateRun, parseQrels, type Metrics, type Run } from './metrics.js';
import { evaluateTeamRanking, type TeamEvalReport } from './team-eval.js';

export type QueryView = 'full' | 'title';

export interface EvalInput {
  achievementsFile: string;
  demandsFile: string;
  qrelsFile: string;
  engineConfig: Omit<EngineConfig, 'dataDir'>;
  cacheDir: string;
  onProgress?: Progress;
}

export interface EvalSetup {
  engine: MatchEngine;
  demands: Demand[];
  dispose: () => Promise<void>;
}

export async function openEvalEngine(input: EvalInput, embedder?: TextEmbedder): Promise<EvalSetup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-eval-'));
  const sharedEmbedder =
    embedder ??
    (await Embedder.load({
      modelDir: input.engineConfig.modelDir,
      cacheDir: input.cacheDir,
      useQueryInstruction: input.engineConfig.useQueryInstruction,
    }));
  const engine = await MatchEngine.open({ ...input.engineConfig, dataDir }, { embedder: sharedEmbedder });
  await importJsonlFile(engine, 'achievement', input.achievementsFile, input.onProgress);
  const demandReport = await importJsonlFile(engine, 'demand', input.demandsFile, input.onProgress);
  const demands = demandReport.imported.map((id) => engine.get('demand', id).record);
  return {
    engine,
    demands,
    dispose: async () => {
      await engine.store.flush();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The engine settings an eval or a bench measures: the product's, with the second stage off. The
 * shipped second stage was trained on the dev demands, so ranking them with it would report a fitted
 * figure; its held-out figure is `eval --cv` (docs/quality.md), and the bench times it in a pass of its own.
 */
export function measuredEngineConfig(config: AppConfig): Omit<EngineConfig, 'dataDir'> {
  const { dataDir: _unused, ...engineConfig } = engineConfigFrom({ ...config, SECOND_STAGE: false });
  return engineConfig;
}

/**
 * The eval engine the scripts measure on: the product's engine settings from the environment
 * (second stage off, see measuredEngineConfig), over the bundled dev data (9,999 achievements, 80 demands, their judgments) unless other files
 * are given, with the shared embedding cache.
 */
export function openDevEvalEngine(
  files: Partial<Pick<EvalInput, 'achievementsFile' | 'demandsFile' | 'qrelsFile'>> = {},
): Promise<EvalSetup> {
  const engineConfig = measuredEngineConfig(loadConfig());
  return openEvalEngine({
    achievementsFile: files.achievementsFile ?? DEMO_ACHIEVEMENTS_FILE,
    demandsFile: files.demandsFile ?? EVAL_DEMANDS_FILE,
    qrelsFile: files.qrelsFile ?? EVAL_QRELS_FILE,
    engineConfig,
    cacheDir: EVAL_CACHE_DIR,
  });
}

export async function runDemands(
  setup: EvalSetup,
  options: { view: QueryView; ranking?: Partial<RankingParams>; depth?: number },
): Promise<{ run: Run; lines: string[]; matches: Map<string, ScoredAchievement[]> }> {
  const run: Run = new Map();
  const lines: string[] = [];
  const matches = new Map<string, ScoredAchievement[]>();
  for (const demand of setup.demands) {
    const query = options.view === 'title' ? { text: demand.title } : { id: demand.id };
    const response = await setup.engine.matchDemand(query, { k: options.depth ?? 100, ranking: options.ranking });
    run.set(
      demand.id,
      response.results.map((r) => r.id),
    );
    matches.set(
      demand.id,
      response.results.map(({ id, score, rank }) => ({ id, score, rank })),
    );
    for (const result of response.results)
      lines.push(`${demand.id}\t${result.id}\t${result.rank}\t${result.score.toFixed(6)}`);
  }
  return { run, lines, matches };
}

export function scoreRun(run: Run, qrelsFile: string): Metrics {
  return evaluateRun(run, parseQrels(fs.readFileSync(qrelsFile, 'utf8')));
}

/** Expert finding on the same run: teams derived from the eval's achievements, ranked per demand. */
export function scoreTeams(
  setup: EvalSetup,
  matches: Map<string, ScoredAchievement[]>,
  qrelsFile: string,
  folds = 5,
): TeamEvalReport {
  const profiles = deriveTeams(setup.engine.store.all('achievement'), [], new Date(0).toISOString());
  const index = teamIndex(profiles);
  const lookup = {
    teamOf: (id: string) => index.teamOf(id),
    sizeOf: (teamId: string) => index.teams.get(teamId)?.achievementIds.length ?? 1,
    count: index.teams.size,
  };
  return evaluateTeamRanking(matches, parseQrels(fs.readFileSync(qrelsFile, 'utf8')), lookup, { folds });
}
