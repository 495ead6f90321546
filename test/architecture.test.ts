/**
 * Dependencies point one way: every import under src/ goes to the same folder or
 * to a lower layer, and no module reaches itself through its imports. The layers,
 * lowest first (a folder may import only from lower rows; docs/engine.md lists them too):
 *
 *   config
 *   domain
 *   csv, fs, random, terminal      neutral helpers: CSV writer, atomic files, process lock, seeded randomness, progress bar
 *   ingest, regions, store, text
 *   auth, embed
 *   index
 *   match
 *   engine
 *   introductions, outbox, teams   workflows over the engine and the store
 *   challenges, eval, publication
 *   serve
 *   bench, cli, console            bench drives the HTTP service, console is its browser client; none is imported by the rest
 *
 * The CLI sits above serve but is not an HTTP client: it reads the store through
 * the core, and imports nothing from serve.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/paths.js';

const LAYERS: string[][] = [
  ['config'],
  ['domain'],
  ['csv', 'fs', 'random', 'terminal'],
  ['ingest', 'regions', 'store', 'text'],
  ['auth', 'embed'],
  ['index'],
  ['match'],
  ['engine'],
  ['introductions', 'outbox', 'teams'],
  ['challenges', 'eval', 'publication'],
  ['serve'],
  ['bench', 'cli', 'console'],
];
const SRC = path.join(REPO_ROOT, 'src');
const layerOf = new Map(LAYERS.flatMap((folders, level) => folders.map((folder) => [folder, level] as const)));

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? sourceFiles(path.join(dir, entry.name))
        : /\.tsx?$/.test(entry.name)
          ? [path.join(dir, entry.name)]
          : [],
    );
}

/** The source file an import names: `./x.js` is ./x.ts (or .tsx); the console's bundler also takes `./x`. */
function resolveImport(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, '');
  const candidates = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')];
  return candidates.find((file) => fs.existsSync(file)) ?? `${base}.ts`;
}

/** Relative imports of a file (static, dynamic and type-only), resolved to their source files. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  );
  return specifiers.map((spec) => resolveImport(file, spec));
}

const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;
const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('module dependencies', () => {
  it('places every folder under src/ in a layer', () => {
    const folders = new Set(files.map(folderOf));
    expect([...folders].filter((folder) => !layerOf.has(folder))).toEqual([]);
  });

  it('finds the imports it checks (the parser sees them)', () => {
    const engine = graph.get(path.join(SRC, 'engine', 'engine.ts'))!;
    expect(engine).toContain(path.join(SRC, 'engine', 'match.ts'));
    expect([...graph.values()].flat().length).toBeGreaterThan(300);
  });

  it('never imports from a layer above, nor across a layer', () => {
    const upward = files.flatMap((file) =>
      graph.get(file)!.flatMap((target) => {
        const from = folderOf(file);
        const to = folderOf(target);
        if (from === to) return [];
        return layerOf.get(to)! >= layerOf.get(from)!
          ? [`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`]
          : [];
      }),
    );
    expect(upward).toEqual([]);
  });

  it('keeps the CLI off the HTTP layer: it imports nothing from serve', () => {
    const intoServe = files
      .filter((file) => folderOf(file) === 'cli')
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => folderOf(target) === 'serve')
          .map((target) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`),
      );
    expect(intoServe).toEqual([]);
  });

  it('has no import cycle between modules', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
