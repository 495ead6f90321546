/**
 * Introductions (对接): a broker (技术经纪人) puts one achievement in front of the
 * enterprise behind one demand, and records what came of it. The document, the
 * inputs that create and move it, and the contract (技术合同) a signing records.
 * One zod schema each; the types are inferred.
 */
import { z } from 'zod';

/** proposed: drafted by a broker (or requested by the enterprise); sent: shown to the enterprise; … */
export const INTRODUCTION_STATES = [
  'proposed',
  'sent',
  'accepted',
  /** 洽谈中 */
  'negotiating',
  /** 签约 */
  'signed',
  'declined',
  'withdrawn',
  'expired',
] as const;
export type IntroductionState = (typeof INTRODUCTION_STATES)[number];

/** States in which the pair is still being worked: a second introduction of the pair is refused. */
export const LIVE_STATES: ReadonlySet<IntroductionState> = new Set(['proposed', 'sent', 'accepted', 'negotiating']);

/** 技术合同 types as the contract registration (技术合同登记) counts them. */
export const CONTRACT_TYPES = ['技术开发', '技术转让', '技术许可', '技术咨询', '技术服务'] as const;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-30')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date');

export const contractSchema = z.strictObject({
  type: z.enum(CONTRACT_TYPES, `must be one of ${CONTRACT_TYPES.join(', ')}`),
  /** 合同金额（万元） */
  amountWan: z.number().nonnegative('must be at least 0').max(10_000_000, 'must be at most 10000000'),
  signedOn: isoDay,
  /** 技术合同登记号 */
  registrationNo: z.string().trim().min(1).max(64).optional(),
});
export type Contract = z.infer<typeof contractSchema>;

/** Who did something: the API key and its role; `system` is the expiry. */
export const actorRefSchema = z.object({
  keyId: z.string(),
  role: z.enum(['admin', 'broker', 'enterprise', 'researcher', 'system']),
});
export type ActorRef = z.infer<typeof actorRefSchema>;

export const historyEntrySchema = z.object({
  at: z.string(),
  /** null for the creation. */
  from: z.enum(INTRODUCTION_STATES).nullable(),
  to: z.enum(INTRODUCTION_STATES),
  actor: actorRefSchema,
  note: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The match that led to the introduction, as it stood when the broker proposed it. */
export const matchSnapshotSchema = z.strictObject({
  rank: z.number().int().min(1).nullable(),
  score: z.number().nullable(),
  reason: z.string().max(2000).optional(),
  sharedTerms: z.array(z.string().max(100)).max(50).optional(),
});
export type MatchSnapshot = z.infer<typeof matchSnapshotSchema>;

export const declineSchema = z.object({
  code: z.string(),
  label: z.string(),
  text: z.string().optional(),
  /** Who said no: the enterprise, or the achievement's holder (成果持有方), relayed by the broker. */
  by: z.enum(['enterprise', 'holder']),
});
export type Decline = z.infer<typeof declineSchema>;

export const introductionSchema = z.object({
  id: z.string(),
  demandId: z.string(),
  achievementId: z.string(),
  /** broker: proposed by a broker; enterprise: requested by the enterprise. */
  origin: z.enum(['broker', 'enterprise']),
  state: z.enum(INTRODUCTION_STATES),
  /** The broker key that proposed (or, for a request, sent) it: statistics count by it. */
  brokerKeyId: z.string().nullable(),
  createdAt: z.string(),
  match: matchSnapshotSchema.nullable(),
  /** What the demand and achievement were when introduced, for lists and for statistics after a delete. */
  demand: z.object({
    title: z.string(),
    enterpriseId: z.string().nullable(),
    region: z.string().nullable(),
    industry: z.string(),
  }),
  achievement: z.object({ title: z.string(), industry: z.string() }),
  decline: declineSchema.optional(),
  contract: contractSchema.optional(),
  /** Append-only: every change, with who, when and why. Never rewritten. */
  history: z.array(historyEntrySchema).min(1),
  /** Present on data generated for the demo: it did not happen. */
  synthetic: z.boolean().optional(),
});
export type Introduction = z.infer<typeof introductionSchema>;

const note = z.string().trim().max(2000, 'must be at most 2000 characters').optional();

export const createIntroductionInput = z.strictObject({
  demandId: z.string().min(1, 'must not be empty'),
  achievementId: z.string().min(1, 'must not be empty'),
  note,
  /** The match result the broker proposes from; computed by the service when absent. */
  match: matchSnapshotSchema.optional(),
});
export type CreateIntroductionInput = z.infer<typeof createIntroductionInput>;

export const transitionInput = z.strictObject({
  to: z.enum(INTRODUCTION_STATES, `must be one of ${INTRODUCTION_STATES.join(', ')}`),
  note,
  /** declined: the coded reason (see GET /v1/introductions/reasons) and free text. */
  reason: z.strictObject({ code: z.string().min(1), text: note }).optional(),
  /** declined by a broker or admin: whose no it relays; an enterprise key is always the enterprise. */
  declinedBy: z.enum(['enterprise', 'holder']).optional(),
  /** signed: the contract. */
  contract: contractSchema.optional(),
});
export type TransitionInput = z.infer<typeof transitionInput>;
