/**
 * The one place that knows file paths: the repository's bundled files and the
 * layout of a data directory (store, indexes, embedding cache).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const MODEL_ID = 'BAAI/bge-small-zh-v1.5';
export const DEFAULT_MODEL_DIR = path.join(REPO_ROOT, 'models', MODEL_ID);

export const DICT_DIR = path.join(REPO_ROOT, 'data', 'dict');
export const USER_DICT_FILE = path.join(DICT_DIR, 'userdict.utf8');
export const STOPWORDS_FILE = path.join(DICT_DIR, 'stopwords.txt');
export const INDUSTRY_LEXICON_FILE = path.join(DICT_DIR, 'industries.json');

export const DEMO_DIR = path.join(REPO_ROOT, 'data', 'demo');
export const DEMO_ACHIEVEMENTS_FILE = path.join(DEMO_DIR, 'achievements.jsonl');
export const DEMO_DEMANDS_FILE = path.join(DEMO_DIR, 'demands.jsonl');

/** The public dev set and its judgments, copied from ../shared so a bare clone can test and evaluate. */
export const EVAL_DATA_DIR = path.join(REPO_ROOT, 'data', 'eval');
export const EVAL_DEMANDS_FILE = path.join(EVAL_DATA_DIR, 'demands-dev.jsonl');
export const EVAL_QRELS_FILE = path.join(EVAL_DATA_DIR, 'qrels-dev.tsv');
export const REFERENCE_SCORER_FILE = path.join(EVAL_DATA_DIR, 'score.py');

export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, 'var', 'data');

/** The web console: its browser-side sources, and where they are bundled (at install or at start; not committed). */
export const CONSOLE_SOURCE_DIR = path.join(REPO_ROOT, 'src', 'console');
export const CONSOLE_BUILD_DIR = path.join(REPO_ROOT, 'var', 'console');
/** Screenshots the browser tests take for reviewers (not committed). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'var', 'screenshots');

/** Where everything of one engine instance lives, below its data directory. */
export interface DataPaths {
  dataDir: string;
  storeFile: string;
  indexDir: string;
  manifestFile: string;
  embeddingCacheDir: string;
  keysFile: string;
  serviceLockFile: string;
}

export function dataPaths(dataDir: string): DataPaths {
  const indexDir = path.join(dataDir, 'index');
  return {
    dataDir,
    storeFile: path.join(dataDir, 'store.json'),
    indexDir,
    manifestFile: path.join(indexDir, 'manifest.json'),
    embeddingCacheDir: path.join(dataDir, 'embeddings'),
    keysFile: path.join(dataDir, 'keys.json'),
    serviceLockFile: path.join(dataDir, 'service.lock'),
  };
}
