/**
 * Index persistence with an atomic switch: each build is written to a new
 * version folder, fsynced, and only then named by manifest.json (itself
 * written atomically). A crash mid-write leaves the previous manifest, and so
 * the previous index, in force; orphaned folders are swept on the next save.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RecordKind } from '../domain/index.js';
import { fsyncDirectorySync, writeFileAtomicSync } from '../fs/index.js';
import { Bm25Index } from './bm25.js';
import { SideIndex, type SideSnapshot } from './side-index.js';
import { VectorIndex, type HnswParams } from './vectors.js';

/** Bumped when the files' layout changes; an index of another format is rebuilt from the store. */
export const INDEX_FORMAT_VERSION = 2;

export interface IndexManifest {
  formatVersion: typeof INDEX_FORMAT_VERSION;
  version: string;
  builtAt: string;
  modelId: string;
  dims: number;
  hnsw: HnswParams;
  counts: Record<RecordKind, number>;
}

export interface IndexSet {
  achievement: SideIndex;
  demand: SideIndex;
}

const KINDS: RecordKind[] = ['achievement', 'demand'];

function sideFiles(dir: string, kind: RecordKind) {
  return {
    graph: path.join(dir, `${kind}.hnsw`),
    vectors: path.join(dir, `${kind}.vectors`),
    snapshot: path.join(dir, `${kind}.json`),
    lexical: path.join(dir, `${kind}.bm25`),
  };
}

export function readManifest(manifestFile: string): IndexManifest | null {
  if (!fs.existsSync(manifestFile)) return null;
  return JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as IndexManifest;
}

export function saveIndexSet(
  indexDir: string,
  manifestFile: string,
  indexes: IndexSet,
  info: Omit<IndexManifest, 'formatVersion' | 'version' | 'builtAt' | 'counts'> & { builtAt?: string },
): IndexManifest {
  const previous = readManifest(manifestFile)?.version;
  const version = `v${Date.now()}-${process.pid}`;
  const dir = path.join(indexDir, version);
  fs.mkdirSync(dir, { recursive: true });
  for (const kind of KINDS) {
    const files = sideFiles(dir, kind);
    indexes[kind].vectors.save(files.graph, files.vectors);
    writeFileAtomicSync(files.lexical, indexes[kind].lexical.toBuffer());
    writeFileAtomicSync(files.snapshot, JSON.stringify(indexes[kind].snapshot()));
  }
  fsyncDirectorySync(dir);
  const manifest: IndexManifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    version,
    builtAt: info.builtAt ?? new Date().toISOString(),
    modelId: info.modelId,
    dims: info.dims,
    hnsw: info.hnsw,
    counts: { achievement: indexes.achievement.size, demand: indexes.demand.size },
  };
  writeFileAtomicSync(manifestFile, JSON.stringify(manifest, null, 2));
  sweepOldVersions(indexDir, [version, previous]);
  return manifest;
}

export function loadIndexSet(indexDir: string, manifest: IndexManifest): IndexSet {
  const dir = path.join(indexDir, manifest.version);
  const load = (kind: RecordKind) => {
    const files = sideFiles(dir, kind);
    const snapshot = JSON.parse(fs.readFileSync(files.snapshot, 'utf8')) as SideSnapshot;
    const vectors = VectorIndex.load(files.graph, files.vectors, manifest.dims, manifest.hnsw);
    return SideIndex.fromSnapshot(snapshot, vectors, Bm25Index.fromBuffer(fs.readFileSync(files.lexical)));
  };
  return { achievement: load('achievement'), demand: load('demand') };
}

/** Folders younger than this may be another process's save in progress (replicas share the folder). */
const SWEEP_AFTER_MS = 10 * 60_000;

/**
 * Keeps the version in force and the one it replaced (a service that has not
 * reloaded yet may still load it); removes the rest, including folders of
 * builds that were killed before their manifest switch, once they are old
 * enough not to be another replica's save still being written.
 */
function sweepOldVersions(indexDir: string, keep: (string | undefined)[]): void {
  const now = Date.now();
  for (const entry of fs.readdirSync(indexDir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith('v') && !keep.includes(entry.name)) {
      const folder = path.join(indexDir, entry.name);
      const age = now - (fs.statSync(folder, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > SWEEP_AFTER_MS) fs.rmSync(folder, { recursive: true, force: true });
    }
  }
}
