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
  fiscalFunded?: boolean;
  transferModes?: string[];
  publishedQuarter?: string;
  contact?: string;
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
