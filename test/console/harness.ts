/**
 * Browser-test harness: the real service (createApp on the real model and store)
 * on 127.0.0.1:0 over a small demo slice, the console built from the current
 * sources, and a real Chromium (@sparticuz/chromium, a registry package that
 * ships the browser) driven by playwright-core. Nothing is installed by hand.
 */
import { expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, SCREENSHOT_DIR } from '../../src/config/index.js';
import { importJsonlText } from '../../src/engine/index.js';
import { ensureConsoleBuilt } from '../../src/serve/console-build.js';
import { FEATURES } from '../../src/serve/features/index.js';
import { createLogger } from '../../src/serve/index.js';
import { demoLines, memoryLog, startTestService, type TestService } from '../serve/helpers.js';

/**
 * 20 general demo achievements (CSL records) plus 30 about batteries and those about
 * straw, so demand A-01 (power-battery heat) and the straw problem have real matches
 * with shared terms to mark. Small, because embedding is what the start-up waits for.
 */
function sliceLines(): string[] {
  const all = demoLines('achievement');
  const about = (pattern: RegExp, count: number) => all.filter((line) => pattern.test(line)).slice(0, count);
  return [...new Set([...all.slice(0, 20), ...about(/电池/, 30), ...about(/秸秆/, 15)])];
}

/**
 * The achievements of the demo introductions that went furthest (signed, in
 * negotiation, accepted) and of a few declined ones: the demo loads an introduction
 * only when its achievement is in the store, and the statistics screen should show
 * contracts and decline reasons. About 60 records, not all 316 (embedding is the cost).
 */
function introducedLines(): string[] {
  const file = path.join(REPO_ROOT, 'data', 'demo', 'introductions.jsonl');
  const introductions = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { achievementId: string; state: string });
  const wanted = new Set([
    ...introductions.filter((i) => ['signed', 'negotiating', 'accepted'].includes(i.state)).map((i) => i.achievementId),
    ...introductions
      .filter((i) => i.state === 'declined')
      .slice(0, 15)
      .map((i) => i.achievementId),
  ]);
  return demoLines('achievement').filter((line) => wanted.has((JSON.parse(line) as { id: string }).id));
}

/** The service over the slice; `demoWorkflows` adds what each workflow seeds on a first start with DEMO_DATA=true. */
export async function startConsoleService(options: { demoWorkflows?: boolean } = {}): Promise<TestService> {
  await ensureConsoleBuilt();
  const service = await startTestService({ achievements: 0 });
  const lines = options.demoWorkflows ? [...new Set([...sliceLines(), ...introducedLines()])] : sliceLines();
  await importJsonlText(service.engine, 'achievement', lines.join('\n'));
  if (options.demoWorkflows) {
    const logger = createLogger(service.config, memoryLog().stream);
    for (const feature of FEATURES) await feature.seedDemo?.({ engine: service.engine, logger, now: () => new Date() });
  }
  return service;
}

/**
 * Sparticuz's defaults are for a Lambda sandbox. Dropped: --single-process (a second
 * page fails with it); the two flags that relax web security, so the console runs
 * under the same rules as in a user's browser; and the SwiftShader GPU emulation:
 * its first canvas (the ECharts chart) took 11 s to set up here, Skia's CPU raster
 * (--disable-gpu) under 1 s.
 */
const DROPPED = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--ignore-gpu-blocklist',
  '--in-process-gpu',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]);

/**
 * Sparticuz unpacks its browser into the temp directory, which the test run replaces
 * with a root of its own that is removed at the end (test/support/temp-root.ts).
 * Pointed at var/chromium instead, the browser is unpacked once (about 10 s) and
 * reused by later runs, and nothing of it is left in the run's temp root.
 */
const BROWSER_CACHE = path.join(REPO_ROOT, 'var', 'chromium');

async function unpackedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const previous = process.env.TMPDIR;
  fs.mkdirSync(BROWSER_CACHE, { recursive: true });
  process.env.TMPDIR = BROWSER_CACHE;
  try {
    // Imported here, not at the top: the package reads the temp directory when it loads.
    const { default: chromium } = await import('@sparticuz/chromium');
    return { executablePath: await chromium.executablePath(), args: chromium.args };
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

export async function launchBrowser(): Promise<Browser> {
  const chromium = await unpackedChromium();
  return playwright.launch({
    executablePath: chromium.executablePath,
    headless: true,
    args: [
      ...chromium.args.filter((arg) => !DROPPED.has(arg)),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** Every URL a context's pages request, and every console message about a blocked resource. */
export function recordRequests(context: BrowserContext, requests: string[], violations: string[]): void {
  context.on('request', (request) => requests.push(request.url()));
  context.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
}

/** Polls for up to 30 s: the machine running the tests may be shared and slow. */
export const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

/**
 * One browser for a test file: each page in its own context (its own sessionStorage, like a
 * separate tab), every URL the pages request and every CSP message recorded.
 */
export interface BrowserSession {
  readonly requests: string[];
  readonly violations: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowserSession(): Promise<BrowserSession> {
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  const requests: string[] = [];
  const violations: string[] = [];
  return {
    requests,
    violations,
    async newPage(viewport = DESKTOP) {
      const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' });
      recordRequests(context, requests, violations);
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Signs in on the sign-in screen the console shows for `path`, and waits to land there. */
export async function signIn(page: Page, baseUrl: string, key: string, pathAfter = '/console/'): Promise<void> {
  await page.goto(`${baseUrl}${pathAfter}`);
  await page.getByLabel('API 密钥').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
