/**
 * Browser-test harness: the real service (createApp on the real model and store)
 * on 127.0.0.1:0 over a small demo slice, the console built from the current
 * sources, and a real Chromium (@sparticuz/chromium, a registry package that
 * ships the browser) driven by playwright-core. Nothing is installed by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, SCREENSHOT_DIR } from '../../src/config/index.js';
import { importJsonlText } from '../../src/engine/index.js';
import { ensureConsoleBuilt } from '../../src/serve/console-build.js';
import { demoLines, startTestService, type TestService } from '../serve/helpers.js';

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

export async function startConsoleService(): Promise<TestService> {
  await ensureConsoleBuilt();
  const service = await startTestService({ achievements: 0 });
  await importJsonlText(service.engine, 'achievement', sliceLines().join('\n'));
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
