/**
 * The bench's real data: the shared CSL achievements, dev demands and dev
 * qrels, either whole (full mode) or as a small deterministic slice (quick
 * mode) that keeps every judged achievement of the chosen demands, so the
 * quality figures still mean something.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_ACHIEVEMENTS_FILE, EVAL_DEMANDS_FILE, EVAL_QRELS_FILE } from '../config/index.js';
import { schemaFor, type Achievement, type Demand } from '../domain/index.js';
import { parseJsonl } from '../ingest/index.js';
import { createRandom, sampleInOrder } from '../random/prng.js';

/**
 * The files the repository carries: the demo achievements (the CSL records with
 * synthetic publication attributes, which the matched text does not include) and
 * the dev demands and judgments copied into data/eval.
 */
export const BUNDLED_DATA_FILES: DatasetFiles = {
  achievementsFile: DEMO_ACHIEVEMENTS_FILE,
  demandsFile: EVAL_DEMANDS_FILE,
  qrelsFile: EVAL_QRELS_FILE,
};

export interface DatasetFiles {
  achievementsFile: string;
  demandsFile: string;
  qrelsFile: string;
}

export interface Dataset extends DatasetFiles {
  achievements: Achievement[];
  demands: Demand[];
  /** What the slice is, for the report. */
  description: string;
  /** Removes the temporary slice files (no-op for the whole set). */
  dispose: () => void;
}

/** The layout of ../shared/data (or a copy of it), for `--data-dir`. */
export function sharedDataFiles(dataDir: string): DatasetFiles {
  return {
    achievementsFile: path.join(dataDir, 'achievements', 'csl-10k.jsonl'),
    demandsFile: path.join(dataDir, 'demands', 'dev.jsonl'),
    qrelsFile: path.join(dataDir, 'qrels', 'dev.tsv'),
  };
}

function readRecords<K extends 'achievement' | 'demand'>(kind: K, file: string) {
  if (!fs.existsSync(file))
    throw new Error(`bench data file not found: ${file} (pass --data-dir with a folder laid out like ../shared/data)`);
  const { records, errors } = parseJsonl(fs.readFileSync(file, 'utf8'), schemaFor[kind]);
  if (errors.length > 0) throw new Error(`${file}: ${errors.length} invalid lines (first at line ${errors[0]!.line})`);
  return records.map((r) => r.record) as (K extends 'achievement' ? Achievement : Demand)[];
}

export function loadDataset(files: DatasetFiles): Dataset {
  const achievements = readRecords('achievement', files.achievementsFile);
  const demands = readRecords('demand', files.demandsFile);
  return {
    ...files,
    achievements,
    demands,
    description: `${achievements.length} CSL achievements (${achievements.filter((a) => a.abstract).length} with abstracts), ${demands.length} dev demands, dev qrels`,
    dispose: () => undefined,
  };
}

/**
 * Quick-mode slice: the first `perGroup` demands of each industry group (A-, B-, …),
 * every achievement judged for them, and `filler` unjudged achievements drawn
 * at random (seeded) as distractors, so full and title-only records keep the
 * corpus's mix. Written to temporary files for openEvalEngine.
 */
export function sliceDataset(whole: Dataset, options: { perGroup: number; filler: number }): Dataset {
  const byGroup = new Map<string, Demand[]>();
  for (const d of whole.demands) {
    const group = d.id.split('-')[0]!;
    byGroup.set(group, [...(byGroup.get(group) ?? []), d]);
  }
  const demands = [...byGroup.values()].flatMap((list) => list.slice(0, options.perGroup));
  const demandIds = new Set(demands.map((d) => d.id));
  const qrelLines = fs
    .readFileSync(whole.qrelsFile, 'utf8')
    .split(/\r?\n/)
    .filter((line) => demandIds.has(line.split('\t')[0]!));
  const judged = new Set(qrelLines.map((line) => line.split('\t')[1]!));
  const distractors = new Set(
    sampleInOrder(
      createRandom(4),
      whole.achievements.filter((a) => !judged.has(a.id)),
      options.filler,
    ).map((a) => a.id),
  );
  const achievements = whole.achievements.filter((a) => judged.has(a.id) || distractors.has(a.id));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-bench-slice-'));
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  return {
    achievementsFile: write(
      'achievements.jsonl',
      achievements.map((a) => JSON.stringify(a)),
    ),
    demandsFile: write(
      'demands.jsonl',
      demands.map((d) => JSON.stringify(d)),
    ),
    qrelsFile: write('qrels.tsv', qrelLines),
    achievements,
    demands,
    description:
      `quick slice: ${achievements.length} CSL achievements (${judged.size} judged for the chosen demands + ${distractors.size} random unjudged distractors), ` +
      `${demands.length} dev demands (${options.perGroup} per industry group), their dev qrels`,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
