/**
 * The web console in a real Chromium against the real service: what a broker and an
 * enterprise do in it, and the qualities a product needs (wrong keys in words, deep
 * links, phone width, keyboard focus, no request leaving the machine, no CSP breakage).
 * One browser and one service for the file; each scenario has its own browser context
 * (its own sessionStorage, like a separate tab).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config/index.js';
import { importJsonlText } from '../../src/engine/index.js';
import type { TestService } from '../serve/helpers.js';
import { parseCsv } from '../serve/helpers.js';
import {
  PHONE,
  hasHorizontalScroll,
  screenshot,
  signIn,
  startConsoleService,
  type BrowserSession,
  openBrowserSession,
  poll,
} from './harness.js';

let service: TestService;
let session: BrowserSession;

let brokerPage: Page | undefined;

/** The broker's tab, signed in once and shared by the broker scenarios (each navigates afresh). */
async function broker(path: string): Promise<Page> {
  if (!brokerPage) {
    brokerPage = await session.newPage();
    await signIn(brokerPage, service.url, service.keys.broker, path);
  } else {
    await brokerPage.goto(`${service.url}${path}`);
  }
  await brokerPage.getByRole('heading', { level: 1 }).waitFor();
  return brokerPage;
}

beforeAll(async () => {
  [service, session] = await Promise.all([startConsoleService(), openBrowserSession()]);
});

afterAll(async () => {
  await session?.close();
  await service?.close();
});

describe('web console', () => {
  it('shows the API message when the key is wrong, and keeps the sign-in screen', async () => {
    const page = await session.newPage();
    await page.goto(`${service.url}/`);
    await page.waitForURL(/\/console\/sign-in/);
    await page.getByLabel('API 密钥').fill('kjcg_not-a-real-key');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await poll(() => alert.textContent()).toContain('invalid or revoked API key');
    expect(await alert.textContent()).toContain('登录失败');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await screenshot(page, 'sign-in-wrong-key');
  });

  it('lets a broker search the catalogue with a filter, open a record and a demand, see highlighted reasons and export CSV', async () => {
    const page = await broker('/console/catalogue');
    expect(new URL(page.url()).pathname).toBe('/console/catalogue');

    await page.getByLabel('关键词或问题描述').fill('电池');
    await page.getByLabel('成熟度').selectOption('中试');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/maturity=/);
    const results = page.getByRole('list', { name: '检索结果' }).locator(':scope > li');
    // The previous (unfiltered) list stays on screen, marked busy, until the filtered answer arrives.
    const list = page.getByRole('list', { name: '检索结果' });
    await poll(async () => {
      const facts = await results.locator('.facts').allTextContents();
      const settled = (await list.getAttribute('aria-busy')) === 'false';
      return settled && facts.length > 0 && facts.every((text) => text.includes('中试'));
    }).toBe(true);
    // The catalogue's facet counts stand beside the filter values.
    expect(await page.getByLabel('产业').locator('option').allTextContents()).toContainEqual(
      expect.stringMatching(/（\d+）$/),
    );
    expect(await results.first().locator('mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'catalogue');

    await results.first().getByRole('link').click();
    await page.getByRole('heading', { name: '知识产权' }).waitFor();
    await page.getByRole('heading', { name: '匹配的企业需求' }).waitFor();
    await expect
      .poll(() => page.locator('#matching-demands ~ ol > li, .panel ol.results > li').count())
      .toBeGreaterThan(0);
    await screenshot(page, 'achievement');

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '需求工作台' }).click();
    await page.getByLabel('关键词').fill('动力电池模组');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/q=/);
    await page.getByRole('list', { name: '需求列表' }).waitFor();
    await screenshot(page, 'demands');
    await page.locator('a[href="/console/demands/A-01"]').first().click();
    await page.waitForURL(/\/console\/demands\/A-01/);

    const matches = page.getByRole('list', { name: '匹配成果' }).locator(':scope > li');
    await poll(() => matches.count()).toBe(10);
    const demandMarks = await page.locator('.demand-panel .demand-text mark').allTextContents();
    const resultTerms = await matches.locator('.terms mark').allTextContents();
    expect(demandMarks.length).toBeGreaterThan(0);
    // A term marked in the demand is one that a result shares, and is marked in that result's text too.
    expect(resultTerms).toContain(demandMarks[0]);
    expect(await matches.locator('.abstract mark, h3 mark').count()).toBeGreaterThan(0);
    expect(await matches.first().textContent()).toMatch(/语义相似度[\s\S]*关键词得分[\s\S]*产业/);
    await page.locator('.chart-canvas canvas').waitFor();
    // The README's picture of the workbench is this screenshot (refreshed on request, so a test run leaves the tree clean).
    const shot = await screenshot(page, 'workbench');
    if (process.env.UPDATE_README_IMAGES === '1') fs.copyFileSync(shot, path.join(REPO_ROOT, 'docs/img/workbench.png'));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('matches-demand-A-01.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toContain('排名');
    expect(rows.length).toBe(11);

    // 「发起对接」 proposes an introduction of the first result, which then links to it.
    const first = matches.first();
    const achievementId = decodeURIComponent((await first.locator('h3 a').getAttribute('href'))!.split('/').pop()!);
    await first.getByRole('button', { name: /发起对接/ }).click();
    const proposed = first.getByRole('link', { name: /对接中：待发送/ });
    await proposed.waitFor();
    const introductions = await service.engine.store.listDocs<{
      demandId: string;
      achievementId: string;
      state: string;
    }>('introductions');
    expect(introductions.map((doc) => doc.data)).toContainEqual(
      expect.objectContaining({ demandId: 'A-01', achievementId, state: 'proposed' }),
    );
    await proposed.click();
    await page.getByRole('heading', { name: '历史记录' }).waitFor();
  });

  it("shows an achievement's IP items (知识产权信息) when it carries them, and filters matches by their kind", async () => {
    const record = {
      id: 'IP-TEST-1',
      title: '动力电池模组液冷均温板',
      abstract: '一种用于动力电池模组的液冷均温板，降低模组内电芯温差。',
      ipItems: [
        {
          kind: '发明专利',
          number: 'ZL 2017 1 0601862.3',
          title: '一种动力电池模组均温板',
          holder: '吉林大学',
          applicationDate: '2017-07-20',
          grantDate: '2019-05-10',
          legalStatus: '有效',
        },
        { kind: '软件著作权', number: '2024SR0000001' },
      ],
    };
    await importJsonlText(service.engine, 'achievement', JSON.stringify(record));
    const page = await broker('/console/achievements/IP-TEST-1');
    const items = page.getByRole('table', { name: '知识产权信息' });
    await items.waitFor();
    const rows = await items.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    // The item's name, its number as the schema normalised it, status, holder and dates are all shown.
    expect(rows[0]).toMatch(
      /发明专利.*一种动力电池模组均温板.*CN201710601862\.3.*有效.*吉林大学.*申请 2017-07-20.*授权 2019-05-10/,
    );
    expect(rows[1]).toContain('2024SR0000001');
    await screenshot(page, 'achievement-ip-items');

    // A record whose IP is only in ipItems is found by the IP filter of a demand's matches.
    const response = await service.http
      .get('/v1/demands/A-01/matches')
      .query({ ipType: '发明专利', k: 20 })
      .set({ 'X-API-Key': service.keys.broker });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { id: string }) => r.id)).toContain('IP-TEST-1');
    // And the workbench, filtered the same way, lists it with its kinds.
    await page.goto(`${service.url}/console/demands/A-01?ipType=${encodeURIComponent('发明专利')}`);
    const result = page
      .getByRole('list', { name: '匹配成果' })
      .locator(':scope > li')
      .filter({ has: page.locator('a[href="/console/achievements/IP-TEST-1"]') });
    await poll(() => result.locator('.facts').textContent()).toContain('发明专利、软件著作权');
  });

  it('keeps a deep link, its filters and its page across a reload', async () => {
    const page = await broker('/console/');
    const deep = `${service.url}/console/demands/A-01?maturity=%E4%B8%AD%E8%AF%95&page=2`;
    await page.goto(deep);
    await page.getByText('第 2 /').waitFor();
    await page.reload();
    await page.getByText('第 2 /').waitFor();
    expect(page.url()).toBe(deep);
    expect(await page.getByLabel('成熟度').inputValue()).toBe('中试');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('动力电池');
  });

  it('shows an enterprise its own demands and recommendations, and nothing of another enterprise', async () => {
    const page = await session.newPage();
    await signIn(page, service.url, service.keys.enterpriseA);
    await page.waitForURL(/\/console\/enterprises\/demo-ent-a/);
    const demands = page.getByRole('list', { name: '需求列表' }).getByRole('link');
    await poll(() => demands.count()).toBeGreaterThan(0);
    for (const href of await demands.evaluateAll((links) => links.map((a) => a.getAttribute('href'))))
      expect(href).toMatch(/^\/console\/demands\/A-/);
    const served = page.getByRole('list', { name: '对应需求' }).getByRole('link');
    await poll(() => served.count()).toBeGreaterThan(0);
    for (const href of await served.evaluateAll((links) => links.map((a) => a.getAttribute('href'))))
      expect(href).toMatch(/^\/console\/demands\/A-/);
    await screenshot(page, 'enterprise');

    // A later session of the same key: only what changed since the last visit, with the whole list a click away.
    await page.evaluate(() => {
      for (const item of Object.keys(sessionStorage))
        if (item.startsWith('kjcg.visitBaseline')) sessionStorage.removeItem(item);
    });
    const sinceRequest = page.waitForRequest((request) => /\/recommendations\?.*since=/.test(request.url()));
    await page.reload();
    await sinceRequest;
    expect(await page.getByRole('radio', { name: /上次访问（.+）以来/ }).isChecked()).toBe(true);
    await page.getByText('上次访问以来没有新的推荐成果').waitFor();
    await page.getByRole('radio', { name: '全部' }).check();
    await poll(() => served.count()).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的需求' }).click();
    const listed = page.getByRole('list', { name: '需求列表' }).locator('h3 a');
    await poll(() => listed.count()).toBeGreaterThan(0);
    for (const href of await listed.evaluateAll((links) => links.map((a) => a.getAttribute('href'))))
      expect(href).toMatch(/^\/console\/demands\/A-/);

    // Another enterprise's demand is answered as if it did not exist (the API's 404 message).
    await page.goto(`${service.url}/console/demands/B-01`);
    await poll(() => page.getByRole('alert').first().textContent()).toBe('no demand with id B-01');
    expect(await page.locator('.demand-text').count()).toBe(0);
  });

  it('matches free text and saves it as a demand that opens in the workbench', async () => {
    const page = await broker('/console/match');
    await page.getByLabel('企业的技术问题').fill('玉米秸秆综合利用，降低焚烧污染');
    await page.getByRole('button', { name: '匹配成果' }).click();
    const matches = page.getByRole('list', { name: '匹配成果' }).locator(':scope > li');
    await poll(() => matches.count()).toBeGreaterThan(0);
    expect(await matches.first().locator('.terms mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'free-match');
    await page.getByLabel('需求名称').fill('秸秆综合利用（电话记录）');
    await page.getByRole('button', { name: '保存并打开工作台' }).click();
    await page.waitForURL(/\/console\/demands\/T-\d{8}-[0-9a-f]{6}/);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('秸秆综合利用（电话记录）');
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(service.engine.store.get('demand', id)?.record.description).toBe('玉米秸秆综合利用，降低焚烧污染');
  });

  it('has no horizontal scroll at 390 px nor at 1366 px, and results do not shift the layout when they arrive', async () => {
    const phone = await session.newPage(PHONE);
    await signIn(phone, service.url, service.keys.broker, '/console/demands/A-01');
    await phone.getByRole('list', { name: '匹配成果' }).waitFor();
    expect(await hasHorizontalScroll(phone)).toBe(false);
    await screenshot(phone, 'workbench-phone');
    for (const screen of [
      '/console/catalogue',
      '/console/match',
      '/console/demands',
      '/console/enterprises/demo-ent-a',
    ]) {
      await phone.goto(`${service.url}${screen}`);
      await phone.getByRole('heading', { level: 1 }).waitFor();
      await phone.waitForLoadState('networkidle');
      expect(await hasHorizontalScroll(phone), screen).toBe(false);
    }

    const desktop = await broker('/console/demands/A-04');
    await desktop.getByRole('list', { name: '匹配成果' }).waitFor();
    expect(await hasHorizontalScroll(desktop)).toBe(false);
    const shift = await desktop.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
              if (!entry.hadRecentInput) total += entry.value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 300);
        }),
    );
    expect(shift).toBeLessThan(0.1);
  });

  it('can be used with the keyboard: a skip link first, and a visible focus ring', async () => {
    const page = await broker('/console/catalogue');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      return getComputedStyle(active).outlineStyle;
    });
    expect(outline).not.toBe('none');
    // Every form control on the screen has a label.
    const unlabelled = await page.evaluate(
      () =>
        [...document.querySelectorAll('input, select, textarea')].filter(
          (control) => !(control as HTMLInputElement).labels?.length && !control.getAttribute('aria-label'),
        ).length,
    );
    expect(unlabelled).toBe(0);
  });

  it('sends every request to the service and breaks no rule of its content security policy', async () => {
    expect(session.requests.length).toBeGreaterThan(20);
    const origin = new URL(service.url).origin;
    const elsewhere = session.requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
    expect(elsewhere).toEqual([]);
    expect(session.requests.some((url) => url.includes('/console/assets/fonts/'))).toBe(true);
    expect(session.violations).toEqual([]);
  });
});
