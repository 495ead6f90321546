/**
 * Index persistence with an atomic switch: each build is written to a new
 * version folder, fsynced, and only then named by manifest.json (itself
 * written atomically). A crash mid-write leaves the previous manifest, and so
 * the previous index, in force; orphaned folders are swept on the next save.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IndexUnavailableError, type RecordKind } from '../domain/index.js';
import { fsyncDirectorySync, writeFileAtomicSync } from '../fs/index.js';
import { Bm25Index } from './bm25.js';
import { SideIndex, type SideSnapshot } from './side-index.js';
import { indexManifestSchema, type IndexManifest, type IndexStorage, type ManifestInfo } from './types.js';
import { VectorIndex } from './vectors.js';

/** Bumped when the files' layout changes; an index of another format is rebuilt from the store. */
export const INDEX_FORMAT_VERSION = 2;

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

/**
 * The manifest in force, or null when none was written. A manifest that does not
 * parse (a disk that lost the tail of a write) is a typed error naming the file
 * and the fix, never a bare SyntaxError.
 */
export function readManifest(manifestFile: string): IndexManifest | null {
  if (!fs.existsSync(manifestFile)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch (error) {
    throw unreadableManifest(manifestFile, (error as Error).message);
  }
  const manifest = indexManifestSchema.safeParse(parsed);
  if (!manifest.success) throw unreadableManifest(manifestFile, z.prettifyError(manifest.error).replace(/\n/g, ' '));
  return manifest.data;
}

function unreadableManifest(file: string, why: string): IndexUnavailableError {
  return new IndexUnavailableError(
    `the index manifest ${file} is unreadable (${why}). The store is intact: ` +
      'run `npm run rebuild -- --full`, or restart the service, which rebuilds the index from the store.',
  );
}

/** The version a manifest names, if it can be read: a broken one only means there is nothing to keep. */
function versionInForce(manifestFile: string): string | undefined {
  try {
    return readManifest(manifestFile)?.version;
  } catch {
    return undefined;
  }
}

export function saveIndexSet(
  indexDir: string,
  manifestFile: string,
  indexes: IndexSet,
  info: ManifestInfo,
): IndexManifest {
  const previous = versionInForce(manifestFile);
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

/** The index sets of one data directory, on disk. */
export function fileIndexStorage(indexDir: string, manifestFile: string): IndexStorage<IndexSet> {
  return {
    readManifest: () => readManifest(manifestFile),
    load: (manifest) => loadIndexSet(indexDir, manifest),
    save: (indexes, info) => saveIndexSet(indexDir, manifestFile, indexes, info),
  };
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
