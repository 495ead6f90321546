/**
 * The console's workflow screens in a real Chromium against the real service with
 * each workflow's demo data seeded (as a first start with DEMO_DATA=true does):
 * challenges (揭榜挂帅) for a research team and for an enterprise; the introductions
 * board (对接看板) and the statistics for a broker. One browser and
 * one service for the file; each role has its own browser context.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config/index.js';
import type { TestService } from '../serve/helpers.js';
import {
  hasHorizontalScroll,
  PHONE,
  screenshot,
  signIn,
  startConsoleService,
  type BrowserSession,
  openBrowserSession,
  poll,
} from './harness.js';

let service: TestService;
let session: BrowserSession;

/** A team ranked for the battery challenge that has not answered it yet, and a researcher key of it. */
let researcherKey: string;
let researcherTeam: string;

beforeAll(async () => {
  [service, session] = await Promise.all([startConsoleService({ demoWorkflows: true }), openBrowserSession()]);
  const admin = { 'X-API-Key': service.keys.admin };
  const teams = await service.http.get('/v1/challenges/ch-demo-battery/teams?k=10').set(admin);
  const proposals = await service.http.get('/v1/challenges/ch-demo-battery/proposals').set(admin);
  const answered = new Set(proposals.body.results.map((p: { teamId: string }) => p.teamId));
  researcherTeam = teams.body.results
    .map((t: { team: { id: string } }) => t.team.id)
    .find((id: string) => !answered.has(id));
  researcherKey = (await service.keyStore.create({ role: 'researcher', teamId: researcherTeam })).key;
});

afterAll(async () => {
  await session?.close();
  await service?.close();
});

describe('challenges (揭榜挂帅) in the console', () => {
  it('shows a researcher the challenges recommended for its team with reasons, and takes, edits and withdraws its proposal', async () => {
    const page = await session.newPage();
    await signIn(page, service.url, researcherKey);
    await page.waitForURL(/\/console\/challenges$/);
    const recommended = page.getByRole('list', { name: '推荐榜单' }).locator(':scope > li');
    await poll(() => recommended.count()).toBeGreaterThan(0);
    const battery = recommended.filter({ has: page.locator('a[href="/console/challenges/ch-demo-battery"]') });
    expect(await battery.locator('.reason').textContent()).toMatch(/成果/);
    await screenshot(page, 'challenges-researcher');

    await battery.getByRole('link').click();
    await page.getByRole('heading', { name: '提交揭榜方案' }).waitFor();
    await page.getByLabel('技术方案').fill('以相变材料与液冷板复合的被动均温方案，先做模组级热仿真，再做3C放电验证。');
    await page.getByLabel('预算（万元）').fill('95');
    await page.getByLabel(/预期：模组最大温差/).fill('≤4℃');
    await page.getByRole('button', { name: '提交方案' }).click();
    await page.getByRole('heading', { name: '我的方案（已提交）' }).waitFor();
    const id = `ch-demo-battery--${researcherTeam}`;
    const stored = await service.engine.store.getDoc<{ approach: string; budgetWan: number }>('proposals', id);
    expect(stored?.data.budgetWan).toBe(95);
    await screenshot(page, 'challenge-proposal');

    await page.getByLabel('预算（万元）').fill('90');
    await page.getByRole('button', { name: '保存修改' }).click();
    await poll(
      async () => (await service.engine.store.getDoc<{ budgetWan: number }>('proposals', id))?.data.budgetWan,
    ).toBe(90);
    await poll(() => page.getByLabel('预算（万元）').inputValue()).toBe('90');

    // Its team's proposals are listed on the challenges screen.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '揭榜挂帅' }).click();
    const mine = page.getByRole('list', { name: '我的方案' });
    await poll(() => mine.textContent()).toContain('ch-demo-battery');
  });

  it('shows an enterprise only its own challenges, the proposals of one with each team’s evidence, and lets it post and publish one from a demand', async () => {
    const page = await session.newPage();
    await signIn(page, service.url, service.keys.enterpriseA);
    await page.waitForURL(/\/console\/enterprises\/demo-ent-a/);
    const onOverview = page.getByRole('list', { name: '榜单列表' }).getByRole('link');
    await poll(() => onOverview.count()).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的榜单' }).click();
    const listed = page.getByRole('list', { name: '榜单列表' }).locator('h3 a');
    await poll(() => listed.count()).toBeGreaterThan(0);
    const ids = await listed.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(ids).toContain('/console/challenges/ch-demo-battery');
    expect(ids).not.toContain('/console/challenges/ch-demo-pv-fault'); // enterprise B's

    await page.locator('a[href="/console/challenges/ch-demo-battery"]').first().click();
    const proposals = page.getByRole('list', { name: '方案列表' }).locator(':scope > li');
    await poll(() => proposals.count()).toBe(3);
    // Each proposal names its team's rank for the challenge and its matching achievements.
    expect(await proposals.first().locator('.rank').count()).toBe(1);
    expect(await proposals.getByRole('list', { name: '团队相关成果' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('list', { name: '团队排名' }).locator(':scope > li').count()).toBeGreaterThan(0);
    await screenshot(page, 'challenge-enterprise');

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的榜单' }).click();
    await page.getByLabel('需求', { exact: true }).selectOption('A-04');
    await page.getByLabel('悬赏金额（万元）').fill('40');
    await page.getByLabel('截止日期').fill('2099-12-31');
    await page.getByRole('button', { name: '创建榜单草稿' }).click();
    await page.waitForURL(/\/console\/challenges\/(?!ch-demo)/);
    await page.getByRole('button', { name: '发布榜单' }).click();
    await poll(() => page.locator('.screen-head .muted').textContent()).toContain('征集中');
    expect(await page.getByRole('button', { name: '截止征集' }).count()).toBe(1);
  });

  it('lets an enterprise decide a challenge under evaluation: one proposal awarded, a coded reason for each other', async () => {
    const { key } = await service.keyStore.create({ role: 'enterprise', enterpriseId: 'demo-ent-c' });
    const page = await session.newPage();
    await signIn(page, service.url, key, '/console/challenges/ch-demo-ginseng');
    const form = page.getByRole('form', { name: '评审结果' });
    const groups = form.locator('fieldset.decision');
    await poll(() => groups.count()).toBeGreaterThan(1);
    const count = await groups.count();
    await groups.first().getByLabel('入选', { exact: true }).check();
    for (let i = 1; i < count; i += 1) await groups.nth(i).getByLabel('未入选原因').selectOption('indicators_unmet');
    await screenshot(page, 'challenge-decision');
    await form.getByRole('button', { name: '确认揭榜结果' }).click();
    await poll(() => page.locator('.screen-head .muted').textContent()).toContain('已揭榜');
    const proposals = await service.engine.store.listDocs<{
      challengeId: string;
      state: string;
      decision?: { reason?: string };
    }>('proposals');
    const decided = proposals.map((doc) => doc.data).filter((p) => p.challengeId === 'ch-demo-ginseng');
    expect(decided.filter((p) => p.state === 'awarded')).toHaveLength(1);
    for (const p of decided.filter((p) => p.state === 'not_awarded'))
      expect(p.decision?.reason).toBe('indicators_unmet');
    expect(await page.getByRole('list', { name: '方案列表' }).textContent()).toContain('预期指标未达到榜单要求');
  });

  it('lets the researcher withdraw its proposal at phone width, with no horizontal scroll', async () => {
    const page = await session.newPage(PHONE);
    await signIn(page, service.url, researcherKey, '/console/challenges/ch-demo-battery');
    await page.getByRole('button', { name: '撤回方案' }).click();
    await page.getByRole('heading', { name: '提交揭榜方案' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    const id = `ch-demo-battery--${researcherTeam}`;
    expect((await service.engine.store.getDoc<{ state: string }>('proposals', id))?.data.state).toBe('withdrawn');
  });
});

describe('introductions (对接) in the console', () => {
  it('shows a broker the pipeline by state, and records a coded decline that lands in the history', async () => {
    const page = await session.newPage();
    await signIn(page, service.url, service.keys.broker, '/console/introductions');
    const negotiating = page.getByRole('list', { name: '洽谈中的对接' }).locator(':scope > li');
    await poll(() => negotiating.count()).toBeGreaterThan(0);
    expect(await page.getByRole('navigation', { name: '已结束的对接' }).textContent()).toMatch(/已签约 \d+/);
    await screenshot(page, 'introductions-board');

    const link = negotiating.first().getByRole('link');
    const id = decodeURIComponent((await link.getAttribute('href'))!.split('/').pop()!);
    await link.click();
    await page.getByRole('heading', { name: '历史记录' }).waitFor();
    await page.getByLabel('下一步').selectOption('declined');
    await page.getByLabel('婉拒原因', { exact: true }).selectOption('cost');
    await page.getByLabel('原因说明（可选）').fill('预算只有报价的一半');
    await page.getByRole('button', { name: '确认' }).click();
    await poll(() => page.locator('.screen-head .muted').textContent()).toContain('已婉拒');
    expect(await page.getByRole('list', { name: '历史记录' }).locator('li').last().textContent()).toContain('已婉拒');
    expect(await page.locator('.facts-list').textContent()).toContain('成本或预算不符（预算只有报价的一半）');
    const stored = await service.engine.store.getDoc<{ state: string; decline: { code: string } }>('introductions', id);
    expect(stored?.data).toMatchObject({ state: 'declined', decline: { code: 'cost' } });
    await screenshot(page, 'introduction');
  });

  it('shows the statistics as charts with their numbers in a table, grouped by sub-market', async () => {
    // The year of the newest demo introduction, so the screen shows the demo data whenever the test runs.
    const lines = fs.readFileSync(path.join(REPO_ROOT, 'data/demo/introductions.jsonl'), 'utf8').trim().split('\n');
    const year = lines
      .map((line) => (JSON.parse(line) as { createdAt: string }).createdAt.slice(0, 4))
      .sort()
      .at(-1)!;
    const page = await session.newPage();
    await signIn(page, service.url, service.keys.broker, `/console/statistics?period=${year}&groupBy=subMarket`);
    const rows = page.getByRole('table', { name: '分组统计' }).locator('tbody tr');
    await poll(() => rows.count()).toBeGreaterThan(1);
    expect(await rows.last().locator('th').textContent()).toBe('合计');
    await poll(() => page.locator('.chart-canvas canvas').count()).toBeGreaterThanOrEqual(4);
    const kpis = await page.locator('.kpi dd').allTextContents();
    expect(Number(kpis[0])).toBeGreaterThan(0);
    expect(await page.getByText('含演示数据').count()).toBe(1);
    await page.waitForLoadState('networkidle');
    const file = await screenshot(page, 'statistics');
    // The whole screen, its table included, for the README.
    await page.screenshot({ path: file, fullPage: true });
    if (process.env.UPDATE_README_IMAGES === '1')
      fs.copyFileSync(file, path.join(REPO_ROOT, 'docs/img/statistics.png'));
  });
});

describe('publication and subscriptions in the console', () => {
  it('lets a reviewer publish the quarter approved by the demo, then lists the batch with its bulletins', async () => {
    const { key } = await service.keyStore.create({ role: 'broker', reviewer: true });
    const page = await session.newPage();
    await signIn(page, service.url, key, '/console/publication');
    const queue = page.getByRole('list', { name: '待审核列表' }).locator(':scope > li');
    await poll(() => queue.count()).toBeGreaterThan(0);
    expect(await queue.first().textContent()).toContain('已批准');
    await screenshot(page, 'publication-queue');
    await page.getByRole('button', { name: /^公布 \d{4}Q[1-4] 批次$/ }).click();
    const batches = page.getByRole('list', { name: '批次列表' }).locator(':scope > li');
    await poll(() => batches.count()).toBe(1);
    expect(await batches.first().textContent()).toMatch(/\d+ 项成果/);
    await page.getByText('没有待审核或待公布的成果').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      batches.first().getByRole('button', { name: '公告（Excel）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await screenshot(page, 'publication');
  });

  it('shows an enterprise its subscriptions and the digests publishing wrote, and takes a new query subscription', async () => {
    const page = await session.newPage();
    await signIn(page, service.url, service.keys.enterpriseA);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的订阅' }).click();
    const subscriptions = page.getByRole('list', { name: '订阅列表' }).locator(':scope > li');
    await poll(() => subscriptions.count()).toBeGreaterThan(0);
    const digests = await service.http
      .get('/v1/enterprises/demo-ent-a/digests')
      .set('X-API-Key', service.keys.enterpriseA);
    const entries = digests.body.items.reduce((sum: number, d: { entries: unknown[] }) => sum + d.entries.length, 0);
    await poll(() => page.getByRole('list', { name: '推送成果' }).locator('li').count()).toBe(entries);
    const before = await subscriptions.count();
    await page.getByLabel('订阅的关键词').fill('电池热管理');
    await page.getByRole('button', { name: '订阅', exact: true }).click();
    await poll(() => subscriptions.count()).toBe(before + 1);
    expect(await page.getByRole('list', { name: '订阅列表' }).textContent()).toContain('关键词：电池热管理');
    await screenshot(page, 'subscriptions');
  });
});

describe('every screen above', () => {
  it('sends every request to the service and breaks no rule of its content security policy', () => {
    const origin = new URL(service.url).origin;
    expect(session.requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url))).toEqual([]);
    expect(session.violations).toEqual([]);
  });
});
