/**
 * The shapes the console reads from the HTTP API (docs/http-api.md, GET /openapi.json),
 * as plain types: the browser bundle imports nothing from the server.
 */

/** 科技成果 */
export interface Achievement {
  id: string;
  title: string;
  abstract?: string;
  keywords?: string[];
  industry?: string;
  discipline?: string;
  category?: string;
  institution?: string;
  region?: string;
  maturity?: string;
  ipType?: string;
  patentNo?: string;
  ipItems?: IpItem[];
  fiscalFunded?: boolean;
  transferModes?: string[];
  publishedQuarter?: string;
  contact?: string;
}

/** 知识产权信息: one IP item of an achievement (src/domain/ip-items.ts). */
export interface IpItem {
  kind: string;
  /** 申请号 / 专利号 / 登记号 */
  number?: string;
  title?: string;
  /** 权利人 */
  holder?: string;
  applicationDate?: string;
  grantDate?: string;
  /** 申请中 / 有效 / 失效 */
  legalStatus?: string;
}

/** 企业技术需求 */
export interface Demand {
  id: string;
  title: string;
  description?: string;
  industry?: string;
  region?: string;
  enterprise?: string;
  enterpriseId?: string;
  cooperation?: string;
  budgetWan?: number;
  deadline?: string;
  status?: 'open' | 'closed';
}

export interface RecordMeta {
  createdAt: string;
  updatedAt: string;
  industry: string;
  industrySource: 'given' | 'inferred';
  industryConfidence: number;
  keywords?: string[];
}

export interface Stored<T> {
  record: T;
  meta: RecordMeta;
}

export interface ListItem<T> extends Stored<T> {
  match?: { rank: number; score: number; sharedTerms: string[]; industryMatch: boolean; reason: string };
}

export interface RecordPage<T> {
  total: number;
  offset: number;
  limit: number;
  items: ListItem<T>[];
}

export interface ScoreComponents {
  fused: number;
  dense: number | null;
  lexical: number | null;
  denseRank: number | null;
  lexicalRank: number | null;
  industryBoost: number;
}

export interface MatchResult<T> {
  rank: number;
  id: string;
  score: number;
  components: ScoreComponents;
  sharedTerms: string[];
  industry: string;
  industryMatch: boolean;
  reason: string;
  record: T;
  /** A live introduction of this pair (issue 8). */
  introduction?: { introductionId: string; state: string };
  /** With showDeclined=true: the pair was declined for this demand. */
  declined?: { introductionId: string; reason: string; label: string };
}

export interface MatchList<T> {
  query: { id?: string; text?: string; industry?: string; truncated?: boolean };
  total: number;
  k: number;
  offset: number;
  results: MatchResult<T>[];
}

export interface ServedDemand {
  demandId: string;
  demandTitle: string;
  rank: number;
  score: number;
  sharedTerms: string[];
  industryMatch: boolean;
  reason: string;
}

export interface Recommendation {
  rank: number;
  id: string;
  score: number;
  industry: string;
  serves: ServedDemand[];
  record: Achievement;
  updatedAt: string;
}

export interface Recommendations {
  enterpriseId: string;
  since: string | null;
  demands: { id: string; title: string }[];
  total: number;
  k: number;
  offset: number;
  results: Recommendation[];
}

export type Role = 'admin' | 'broker' | 'enterprise' | 'researcher';

/** GET /v1/me */
export interface Caller {
  keyId: string;
  role: Role;
  name?: string;
  enterpriseId?: string;
  teamId?: string;
  scope?: string;
  reviewer?: boolean;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details: object };
}

/** 揭榜挂帅: a challenge's lifecycle (docs/challenges.md). */
export type ChallengeState = 'draft' | 'published' | 'closed' | 'evaluating' | 'awarded' | 'unsolved' | 'cancelled';

export interface Indicator {
  name: string;
  target: string;
}

export interface Challenge {
  id: string;
  enterpriseId: string;
  demandId?: string;
  title: string;
  problem: string;
  indicators: Indicator[];
  rewardWan: number;
  deadline: string;
  phases: { name: string; startsAt: string; endsAt: string; criteria: string[] }[];
  criteria: { code: string; label: string; weight: number }[];
  visibility: 'public' | 'invited';
  invitedTeams: string[];
  reviewers: string[];
  industry?: string;
  region?: string;
  state: ChallengeState;
  createdAt: string;
  publishedAt?: string;
  awardedProposalIds: string[];
  version: number;
}

/** A team's best matching achievement for a challenge. */
export interface TeamMatch {
  id: string;
  title: string;
  rank: number;
  score: number;
  sharedTerms: string[];
  reason: string;
}

export interface TeamSummary {
  id: string;
  name: string;
  institution?: string;
  region?: string;
  fields?: string[];
  achievements: number;
}

export interface FoundTeam {
  rank: number;
  score: number;
  team: TeamSummary;
  matched: number;
  evidence: TeamMatch[];
  reason: string;
}

export type ProposalState = 'submitted' | 'withdrawn' | 'awarded' | 'not_awarded';

/** 揭榜方案 */
export interface Proposal {
  id: string;
  challengeId: string;
  teamId: string;
  state: ProposalState;
  approach: string;
  expectedIndicators: Indicator[];
  budgetWan?: number;
  timeline: { milestone: string; due: string }[];
  attachments: { title: string; ref: string }[];
  submittedAt: string;
  updatedAt: string;
  reviews: { reviewerKeyId: string; total: number; note?: string }[];
  decision?: { awarded: boolean; reason?: string; reasonLabel?: string; note?: string; at: string };
  version: number;
  /** For the challenge's reviewers: the team with its rank and evidence for the challenge. */
  team?: TeamSummary & { rank: number; evidence: TeamMatch[]; reason: string };
}

/** GET /v1/teams/{id}/challenges: the open challenges ranked for a team. */
export interface ChallengeForTeam {
  rank: number;
  challenge: Pick<Challenge, 'id' | 'title' | 'enterpriseId' | 'rewardWan' | 'deadline' | 'visibility'>;
  invited: boolean;
  score: number;
  teamRank: number | null;
  evidence: TeamMatch[];
  reason: string;
}

export interface Results<T> {
  total: number;
  results: T[];
}

/** 对接 (introductions, docs/introductions.md): from a match to a signed contract. */
export type IntroductionState =
  | 'proposed'
  | 'sent'
  | 'accepted'
  | 'negotiating'
  | 'signed'
  | 'declined'
  | 'withdrawn'
  | 'expired';

export interface Contract {
  type: string;
  amountWan: number;
  signedOn: string;
  registrationNo?: string;
}

export interface IntroductionHistoryEntry {
  at: string;
  from: IntroductionState | null;
  to: IntroductionState;
  actor: { keyId: string; role: string };
  note?: string;
}

export interface Introduction {
  id: string;
  demandId: string;
  achievementId: string;
  origin: 'broker' | 'enterprise';
  state: IntroductionState;
  brokerKeyId: string | null;
  createdAt: string;
  match: { rank: number | null; score: number | null; reason?: string; sharedTerms?: string[] } | null;
  demand: { title: string; enterpriseId: string | null; region: string | null; industry: string };
  achievement: { title: string; industry: string };
  decline?: { code: string; label: string; text?: string; by: 'enterprise' | 'holder' };
  contract?: Contract;
  history: IntroductionHistoryEntry[];
  synthetic?: boolean;
  version: number;
}

export interface DeclineReason {
  code: string;
  label: string;
}

/** GET /v1/introductions/statistics: the figures of one group or of the totals. */
export interface IntroductionFigures {
  demandsPublished: number | null;
  introductions: number;
  byState: Record<IntroductionState, number>;
  reached: { sent: number; accepted: number; signed: number };
  acceptanceRate: number | null;
  signingRate: number | null;
  medianDaysSentToAccepted: number | null;
  medianDaysSentToSigned: number | null;
  contracts: { count: number; totalWan: number; byType: Record<string, { count: number; totalWan: number }> };
  declineReasons: { code: string; label: string; count: number }[];
}

export interface IntroductionStatistics {
  period: { from: string | null; to: string | null };
  regionCode: string | null;
  groupBy: string;
  totals: IntroductionFigures;
  groups: { key: string; label: string; figures: IntroductionFigures }[];
  unplaced: { demands: number; introductions: number; regionTexts: string[] };
  includesSynthetic: boolean;
}

/** 季度公布 (issue 9): a published batch. */
export interface BatchSummary {
  quarter: string;
  publishedAt: string;
  records: number;
}

export interface Subscription {
  id: string;
  enterpriseId: string;
  kind: 'demands' | 'query';
  text?: string;
  createdAt: string;
}

export interface DigestEntry {
  achievementId: string;
  title: string;
  industry: string;
  region?: string;
  similarity: number;
  demandId?: string;
  demandTitle?: string;
  sharedTerms: string[];
  reason: string;
}

export interface Digest {
  id: string;
  subscriptionId: string;
  enterpriseId: string;
  cause: string;
  quarter?: string;
  createdAt: string;
  entries: DigestEntry[];
}
