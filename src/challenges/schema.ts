/**
 * 揭榜挂帅 (open challenges put out by enterprises, answered by research teams):
 * the challenge and proposal documents and the bodies that create and change
 * them. One zod schema each; the types and the OpenAPI document come from them.
 *
 * Modelled on Challenge.gov's separation of a challenge's status from its
 * phases (each with its own dates and judging criteria) and from a
 * submission's judging status.
 */
import { z } from 'zod';
import { DEFAULT_DECLINE_REASONS } from '../domain/index.js';

export const CHALLENGES_COLLECTION = 'challenges';
export const PROPOSALS_COLLECTION = 'proposals';

export const CHALLENGE_STATES = [
  'draft',
  'published',
  /** Deadline passed, or closed early: no more proposals. */
  'closed',
  'evaluating',
  'awarded',
  /** 流榜: nobody solved it. */
  'unsolved',
  'cancelled',
] as const;
export type ChallengeState = (typeof CHALLENGE_STATES)[number];

export const PROPOSAL_STATES = ['submitted', 'withdrawn', 'awarded', 'not_awarded'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/**
 * Why a proposal was not awarded: the introduction decline codes where they
 * fit, plus what only a challenge can say.
 */
export const PROPOSAL_REASONS = [
  ...DEFAULT_DECLINE_REASONS.filter((r) => r.code !== 'solved' && r.code !== 'mode_or_region'),
  { code: 'indicators_unmet', label: '预期指标未达到榜单要求' },
  { code: 'other_selected', label: '已选定其他方案' },
  { code: 'timeline', label: '实施周期不符' },
  { code: 'challenge_unsolved', label: '榜单流榜，无方案入选' },
  { code: 'challenge_cancelled', label: '榜单已撤销' },
] as const;
export type ProposalReasonCode = (typeof PROPOSAL_REASONS)[number]['code'];
const reasonCodes = PROPOSAL_REASONS.map((r) => r.code) as [ProposalReasonCode, ...ProposalReasonCode[]];

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time such as 2027-03-31T16:00:00Z')
  .transform((s) => new Date(s).toISOString());
const code = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a lower-case code such as feasibility');

/** 技术指标: what a solution must reach. */
export const indicatorSchema = z.strictObject({ name: text(100), target: text(200) });

export const criterionSchema = z.strictObject({
  code,
  label: text(100),
  /** Relative weight; the weights of a challenge need not sum to 1. */
  weight: z.number().positive('must be positive').max(100),
});
export type Criterion = z.infer<typeof criterionSchema>;

export const DEFAULT_CRITERIA: Criterion[] = [
  { code: 'feasibility', label: '技术路线可行性', weight: 4 },
  { code: 'indicators', label: '指标达成度', weight: 3 },
  { code: 'cost', label: '预算与周期合理性', weight: 2 },
  { code: 'team', label: '团队实力与已有成果', weight: 1 },
];

export const phaseSchema = z.strictObject({
  name: text(100),
  startsAt: instant,
  endsAt: instant,
  description: z.string().max(2000).optional(),
  /** Codes of the challenge's criteria judged in this phase. */
  criteria: z.array(code).max(20).default([]),
});

const challengeFields = {
  title: text(200),
  /** 难题描述 */
  problem: text(5000),
  indicators: z.array(indicatorSchema).max(30).default([]),
  /** 悬赏金额（万元） */
  rewardWan: z.number().nonnegative('must be at least 0').max(1e7),
  /** Proposals are accepted up to and including this instant (server time). */
  deadline: instant,
  phases: z.array(phaseSchema).max(10).default([]),
  criteria: z.array(criterionSchema).min(1).max(20).optional(),
  visibility: z.enum(['public', 'invited'], 'must be public or invited').default('public'),
  /** Teams invited by name (besides the top-ranked teams invited on publishing). */
  invitedTeams: z.array(z.string().min(1)).max(100).default([]),
  /** Broker key ids invited to review and score proposals. */
  reviewers: z.array(z.string().min(1)).max(20).default([]),
  industry: z.string().optional(),
  region: z.string().optional(),
};

export const challengeCreateSchema = z.strictObject({
  ...challengeFields,
  /** Prefills title and problem from the enterprise's demand; both may still be given. */
  demandId: z.string().min(1).optional(),
  title: challengeFields.title.optional(),
  problem: challengeFields.problem.optional(),
  /** Admins and brokers create on an enterprise's behalf; an enterprise key's own id is used otherwise. */
  enterpriseId: z.string().min(1).optional(),
});
export type ChallengeCreate = z.output<typeof challengeCreateSchema>;

/** A draft may change anything; later only the reviewers may change. */
export const challengePatchSchema = z.strictObject({
  title: challengeFields.title.optional(),
  problem: challengeFields.problem.optional(),
  indicators: z.array(indicatorSchema).max(30).optional(),
  rewardWan: challengeFields.rewardWan.optional(),
  deadline: instant.optional(),
  phases: z.array(phaseSchema).max(10).optional(),
  criteria: z.array(criterionSchema).min(1).max(20).optional(),
  visibility: z.enum(['public', 'invited'], 'must be public or invited').optional(),
  invitedTeams: z.array(z.string().min(1)).max(100).optional(),
  reviewers: z.array(z.string().min(1)).max(20).optional(),
  industry: z.string().optional(),
  region: z.string().optional(),
});
export type ChallengePatch = z.output<typeof challengePatchSchema>;

export const publishSchema = z.strictObject({
  /** How many of the best-ranked teams to invite (besides invitedTeams). */
  inviteTop: z.number().int('must be a whole number').min(0).max(50).default(5),
});

export const decisionSchema = z.strictObject({
  outcome: z.enum(['awarded', 'unsolved'], 'must be awarded or unsolved'),
  /** One entry per submitted proposal: which win, and why each other one did not. */
  decisions: z
    .array(
      z.strictObject({
        proposalId: z.string().min(1),
        awarded: z.boolean(),
        reason: z.enum(reasonCodes, `must be one of ${reasonCodes.join(', ')}`).optional(),
        note: z.string().max(2000).optional(),
      }),
    )
    .default([]),
});
export type DecisionInput = z.output<typeof decisionSchema>;

export const challengeSchema = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  demandId: z.string().optional(),
  title: z.string(),
  problem: z.string(),
  indicators: z.array(indicatorSchema),
  rewardWan: z.number(),
  deadline: z.string(),
  phases: z.array(phaseSchema),
  criteria: z.array(criterionSchema),
  visibility: z.enum(['public', 'invited']),
  invitedTeams: z.array(z.string()),
  reviewers: z.array(z.string()),
  industry: z.string().optional(),
  region: z.string().optional(),
  state: z.enum(CHALLENGE_STATES),
  createdAt: z.string(),
  publishedAt: z.string().optional(),
  closedAt: z.string().optional(),
  decidedAt: z.string().optional(),
  cancelledAt: z.string().optional(),
  awardedProposalIds: z.array(z.string()).default([]),
});
export type Challenge = z.infer<typeof challengeSchema>;

const proposalFields = {
  /** 技术方案 */
  approach: text(20000),
  /** 预期指标, ideally one per indicator of the challenge. */
  expectedIndicators: z.array(indicatorSchema).max(30).default([]),
  budgetWan: z.number().nonnegative('must be at least 0').max(1e7).optional(),
  timeline: z
    .array(z.strictObject({ milestone: text(200), due: instant }))
    .max(30)
    .default([]),
  /** References to documents held elsewhere (a URL or a document number); no uploads. */
  attachments: z
    .array(z.strictObject({ title: text(200), ref: text(1000) }))
    .max(20)
    .default([]),
};

export const proposalCreateSchema = z.strictObject(proposalFields);
export type ProposalCreate = z.output<typeof proposalCreateSchema>;

export const proposalPatchSchema = z.strictObject({
  approach: proposalFields.approach.optional(),
  expectedIndicators: z.array(indicatorSchema).max(30).optional(),
  budgetWan: proposalFields.budgetWan,
  timeline: z
    .array(z.strictObject({ milestone: text(200), due: instant }))
    .max(30)
    .optional(),
  attachments: z
    .array(z.strictObject({ title: text(200), ref: text(1000) }))
    .max(20)
    .optional(),
});
export type ProposalPatch = z.output<typeof proposalPatchSchema>;

export const scoreSchema = z.strictObject({
  /** Criterion code → 0..10. */
  scores: z.record(code, z.number().min(0, 'must be 0..10').max(10, 'must be 0..10')),
  note: z.string().max(2000).optional(),
});

export const reviewSchema = z.object({
  reviewerKeyId: z.string(),
  reviewerRole: z.string(),
  scores: z.record(z.string(), z.number()),
  /** Weighted mean over the challenge's criteria, 0..10. */
  total: z.number(),
  note: z.string().optional(),
  at: z.string(),
});

export const proposalSchema = z.object({
  id: z.string(),
  challengeId: z.string(),
  teamId: z.string(),
  state: z.enum(PROPOSAL_STATES),
  approach: z.string(),
  expectedIndicators: z.array(indicatorSchema),
  budgetWan: z.number().optional(),
  timeline: z.array(z.object({ milestone: z.string(), due: z.string() })),
  attachments: z.array(z.object({ title: z.string(), ref: z.string() })),
  submittedAt: z.string(),
  updatedAt: z.string(),
  withdrawnAt: z.string().optional(),
  reviews: z.array(reviewSchema).default([]),
  /** The enterprise's answer: every proposal not awarded carries a coded reason. */
  decision: z
    .object({
      awarded: z.boolean(),
      reason: z.string().optional(),
      reasonLabel: z.string().optional(),
      note: z.string().optional(),
      at: z.string(),
    })
    .optional(),
});
export type Proposal = z.infer<typeof proposalSchema>;

export function reasonLabel(code: string): string | undefined {
  return PROPOSAL_REASONS.find((r) => r.code === code)?.label;
}
