/**
 * Bundles the web console (src/console/, Preact + TSX) into CONSOLE_BUILD_DIR with
 * esbuild: one ES module entry with lazily loaded chunks (ECharts), one stylesheet,
 * the Noto Sans SC font files it references, and an index.html naming them.
 *
 * It runs at install time (`postinstall` → scripts/build-console.ts) and again at
 * service start when the sources changed since the last build (a hash of the sources
 * and the lock file is kept in build.json), so `npm ci && npm start` serves it with
 * no step of its own. A build goes to a temporary folder that is renamed into place,
 * so a half-written build is never served.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { CONSOLE_BUILD_DIR, CONSOLE_SOURCE_DIR, REPO_ROOT } from '../config/index.js';

export const CONSOLE_BASE = '/console/';
const STAMP_FILE = 'build.json';
const ENTRY = 'main.tsx';

interface BuildStamp {
  sourceHash: string;
  builtAt: string;
  script: string;
  stylesheet: string;
}

function filesBelow(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** What a build depends on: the console's sources, this builder, and the locked dependency versions. */
export function consoleSourceHash(): string {
  const hash = crypto.createHash('sha256');
  const inputs = [
    ...filesBelow(CONSOLE_SOURCE_DIR),
    path.join(REPO_ROOT, 'src', 'serve', 'console-build.ts'),
    path.join(REPO_ROOT, 'package-lock.json'),
  ];
  for (const file of inputs) {
    hash.update(path.relative(REPO_ROOT, file)).update('\0');
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readStamp(dir: string): BuildStamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8')) as BuildStamp;
  } catch {
    return undefined;
  }
}

export function consoleBuildIsCurrent(dir = CONSOLE_BUILD_DIR): boolean {
  const stamp = readStamp(dir);
  return stamp !== undefined && stamp.sourceHash === consoleSourceHash() && fs.existsSync(path.join(dir, 'index.html'));
}

/**
 * Fontsource's CSS lists a .woff fallback beside each .woff2; every browser the
 * console supports reads woff2, so the fallbacks are dropped and never copied
 * (3.7 MB of woff2 for weight 400 instead of twice that).
 */
const woff2Only: Plugin = {
  name: 'woff2-only',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /@fontsource[\\/].*\.css$/ }, (args) => ({
      contents: fs.readFileSync(args.path, 'utf8').replace(/,\s*url\([^)]*\.woff\)\s*format\('woff'\)/g, ''),
      loader: 'css',
      resolveDir: path.dirname(args.path),
    }));
  },
};

function indexHtml(script: string, stylesheet: string): string {
  // No inline script or style: the console's CSP allows only files from its own origin.
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>科技成果对接工作台</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${CONSOLE_BASE}${stylesheet}">
<script type="module" src="${CONSOLE_BASE}${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>本控制台需要启用 JavaScript。</noscript>
</body>
</html>
`;
}

/** Builds the console into `outDir` (replacing what was there). Returns the build's seconds. */
export async function buildConsole(outDir = CONSOLE_BUILD_DIR): Promise<number> {
  const started = performance.now();
  const sourceHash = consoleSourceHash();
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const staging = fs.mkdtempSync(`${outDir}.building-`);
  fs.chmodSync(staging, 0o755);
  try {
    const result = await build({
      entryPoints: { app: path.join(CONSOLE_SOURCE_DIR, ENTRY) },
      outdir: path.join(staging, 'assets'),
      publicPath: `${CONSOLE_BASE}assets/`,
      entryNames: '[name]-[hash]',
      chunkNames: 'chunks/[name]-[hash]',
      assetNames: 'fonts/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      target: ['chrome110', 'firefox115', 'safari16'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      loader: { '.woff2': 'file' },
      tsconfig: path.join(CONSOLE_SOURCE_DIR, 'tsconfig.json'),
      plugins: [woff2Only],
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = Object.entries(result.metafile.outputs);
    const entry = outputs.find(([, output]) => output.entryPoint?.endsWith(ENTRY));
    if (!entry?.[1].cssBundle) throw new Error('console build: the entry or its stylesheet is missing');
    const relative = (file: string) => path.relative(staging, path.resolve(file)).split(path.sep).join('/');
    const stamp: BuildStamp = {
      sourceHash,
      builtAt: new Date().toISOString(),
      script: relative(entry[0]),
      stylesheet: relative(entry[1].cssBundle),
    };
    fs.writeFileSync(path.join(staging, 'index.html'), indexHtml(stamp.script, stamp.stylesheet));
    fs.writeFileSync(path.join(staging, STAMP_FILE), JSON.stringify(stamp, null, 2));
    fs.rmSync(outDir, { recursive: true, force: true });
    try {
      fs.renameSync(staging, outDir);
    } catch (error) {
      // Another process (a second test file, a start) put an equal build in place first.
      if (!consoleBuildIsCurrent(outDir)) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return (performance.now() - started) / 1000;
}

/** Builds the console unless the build in place is from the current sources. */
export async function ensureConsoleBuilt(outDir = CONSOLE_BUILD_DIR): Promise<{ built: boolean; seconds: number }> {
  if (consoleBuildIsCurrent(outDir)) return { built: false, seconds: 0 };
  return { built: true, seconds: await buildConsole(outDir) };
}
