/**
 * Demo challenges for a first start (DEMO_DATA=true): team profiles derived
 * from the demo achievements, then seven challenges posted by the four demo
 * enterprises from their demands, in every state a visitor should see (open,
 * invited-only, closed and being evaluated, awarded, unsolved, a draft), with
 * proposals by the teams that rank best for each. All of it is synthetic and
 * dated relative to the first start.
 */
import type { Logger } from 'pino';
import {
  changeChallengeState,
  createChallenge,
  decideChallenge,
  publishChallenge,
  scoreProposal,
  submitProposal,
  teamsForChallenge,
  type Actor,
  type ChallengeView,
} from '../../../challenges/index.js';
import type { MatchEngine } from '../../../engine/index.js';
import { deriveStoredTeams, type FoundTeam } from '../../../teams/index.js';
import type { SeedContext } from '../feature.js';

const DAY = 24 * 3600 * 1000;

interface DemoChallenge {
  id: string;
  demandId: string;
  rewardWan: number;
  visibility: 'public' | 'invited';
  /** Days relative to the first start. */
  publishedDay: number;
  deadlineDay: number;
  proposals: number;
  end: 'open' | 'evaluating' | 'awarded' | 'unsolved' | 'draft';
  indicators: { name: string; target: string }[];
}

const DEMO: DemoChallenge[] = [
  {
    id: 'ch-demo-battery',
    demandId: 'A-01',
    rewardWan: 120,
    visibility: 'public',
    publishedDay: -10,
    deadlineDay: 30,
    proposals: 2,
    end: 'open',
    indicators: [
      { name: '模组最大温差', target: '≤5℃（3C放电）' },
      { name: '附加能耗', target: '0（被动均温）' },
    ],
  },
  {
    id: 'ch-demo-pedestrian',
    demandId: 'A-07',
    rewardWan: 200,
    visibility: 'invited',
    publishedDay: -5,
    deadlineDay: 25,
    proposals: 1,
    end: 'open',
    indicators: [{ name: '夜间行人检出率', target: '≥90%' }],
  },
  {
    id: 'ch-demo-pv-fault',
    demandId: 'B-13',
    rewardWan: 60,
    visibility: 'public',
    publishedDay: -3,
    deadlineDay: 45,
    proposals: 0,
    end: 'open',
    indicators: [{ name: '故障识别准确率', target: '≥95%' }],
  },
  {
    id: 'ch-demo-ginseng',
    demandId: 'C-01',
    rewardWan: 80,
    visibility: 'public',
    publishedDay: -50,
    deadlineDay: -2,
    proposals: 3,
    end: 'evaluating',
    indicators: [{ name: '多糖得率', target: '≥8%' }],
  },
  {
    id: 'ch-demo-datacenter',
    demandId: 'D-01',
    rewardWan: 100,
    visibility: 'public',
    publishedDay: -90,
    deadlineDay: -40,
    proposals: 3,
    end: 'awarded',
    indicators: [{ name: 'PUE', target: '≤1.3' }],
  },
  {
    id: 'ch-demo-membrane',
    demandId: 'B-19',
    rewardWan: 300,
    visibility: 'public',
    publishedDay: -120,
    deadlineDay: -60,
    proposals: 2,
    end: 'unsolved',
    indicators: [{ name: '膜电导率', target: '≥100 mS/cm（80℃）' }],
  },
  {
    id: 'ch-demo-snowmelt',
    demandId: 'A-25',
    rewardWan: 90,
    visibility: 'public',
    publishedDay: 0,
    deadlineDay: 60,
    proposals: 0,
    end: 'draft',
    indicators: [],
  },
];

function proposalFor(team: FoundTeam, challenge: ChallengeView, n: number) {
  const best = team.evidence[0];
  return {
    approach:
      `【演示数据】${team.team.name}拟以已有成果${best ? `《${best.title}》` : ''}为基础，` +
      `针对“${challenge.title}”提出分阶段技术路线：先做工况测试与建模，再做方案验证与中试。`,
    expectedIndicators: challenge.indicators.map((i) => ({ name: i.name, target: i.target })),
    budgetWan: Math.round(challenge.rewardWan * (0.6 + 0.1 * n)),
    timeline: [
      { milestone: '方案验证', due: new Date(Date.parse(challenge.deadline) + 90 * DAY).toISOString() },
      { milestone: '中试完成', due: new Date(Date.parse(challenge.deadline) + 240 * DAY).toISOString() },
    ],
    attachments: best ? [{ title: `成果：${best.title}`, ref: `/v1/achievements/${best.id}` }] : [],
  };
}

async function seedOne(engine: MatchEngine, start: Date, demo: DemoChallenge, logger: Logger): Promise<void> {
  const at = (day: number, hours = 0) => new Date(start.getTime() + day * DAY + hours * 3600 * 1000);
  const demand = engine.store.get('demand', demo.demandId);
  if (!demand) {
    logger.warn({ demandId: demo.demandId }, 'demo challenge skipped: its demand is not in the store');
    return;
  }
  const owner: Actor = { keyId: 'demo-seed', role: 'enterprise', enterpriseId: demand.record.enterpriseId };
  const createdAt = at(demo.publishedDay - 2);
  const created = await createChallenge(
    { engine, now: createdAt, actor: owner },
    {
      demandId: demo.demandId,
      indicators: demo.indicators,
      rewardWan: demo.rewardWan,
      deadline: at(demo.deadlineDay).toISOString(),
      phases: [
        {
          name: '方案征集',
          startsAt: at(demo.publishedDay).toISOString(),
          endsAt: at(demo.deadlineDay).toISOString(),
          criteria: [],
        },
        {
          name: '评审答辩',
          startsAt: at(demo.deadlineDay).toISOString(),
          endsAt: at(demo.deadlineDay + 20).toISOString(),
          criteria: ['feasibility', 'indicators', 'cost', 'team'],
        },
      ],
      visibility: demo.visibility,
      invitedTeams: [],
      reviewers: [],
    },
    { id: demo.id },
  );
  if (demo.end === 'draft') return;
  await publishChallenge({ engine, now: at(demo.publishedDay), actor: owner }, created.id, { inviteTop: 5 });
  const ranked = (await teamsForChallenge(engine, created, { k: demo.proposals })).results;
  const proposalIds: string[] = [];
  for (const [n, team] of ranked.entries()) {
    const researcher: Actor = { keyId: 'demo-seed', role: 'researcher', teamId: team.team.id };
    const submitted = await submitProposal(
      { engine, now: at(demo.publishedDay + 2 + n), actor: researcher },
      created.id,
      proposalFor(team, created, n),
    );
    proposalIds.push(submitted.id);
  }
  if (demo.end === 'open') return;
  const afterDeadline = (days: number) => at(demo.deadlineDay + days);
  await changeChallengeState({ engine, now: afterDeadline(1), actor: owner }, created.id, 'evaluate');
  for (const [n, id] of proposalIds.entries()) {
    await scoreProposal({ engine, now: afterDeadline(1), actor: owner }, id, {
      scores: { feasibility: 8 - n, indicators: 7 - n, cost: 6, team: 8 - n },
      note: '【演示数据】评审意见示例',
    });
  }
  if (demo.end === 'evaluating') return;
  await decideChallenge({ engine, now: afterDeadline(2), actor: owner }, created.id, {
    outcome: demo.end === 'awarded' ? 'awarded' : 'unsolved',
    decisions: proposalIds.map((proposalId, n) =>
      demo.end === 'awarded' && n === 0
        ? { proposalId, awarded: true, note: '【演示数据】方案完整，指标有把握。' }
        : {
            proposalId,
            awarded: false,
            reason: demo.end === 'awarded' ? (n === 1 ? 'other_selected' : 'indicators_unmet') : 'immature',
            note: '【演示数据】感谢参与；预期指标与榜单要求仍有差距，欢迎下次揭榜。',
          },
    ),
  });
}

export async function seedChallengeDemo({ engine, logger, now }: SeedContext): Promise<void> {
  const start = now();
  const teams = await deriveStoredTeams(engine, start);
  for (const demo of DEMO) await seedOne(engine, start, demo, logger);

  logger.info({ teams: teams.created, challenges: DEMO.length }, 'demo team profiles and challenges seeded');
}
