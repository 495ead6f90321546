/**
 * The synthetic demo history: a few hundred introductions over the demo demands,
 * drawn from their real match lists with a fixed seed, so that a first start has
 * statistics to show. Pure: match lists and demands in, introductions out (every
 * one marked `synthetic`). scripts/build-demo-introductions.ts runs the real model
 * for the match lists and writes data/demo/introductions.jsonl.
 *
 * The funnel it simulates is made up, shaped only so the numbers look like work:
 * better-ranked pairs are accepted more often; declines of poorly ranked pairs
 * are more often 与需求无关; unanswered sends expire after 30 days.
 */
import { createRandom } from '../bench/prng.js';
import type { RegionDirectory } from '../regions/index.js';
import type { Contract, HistoryEntry, Introduction, IntroductionState } from './schema.js';

export interface DemoDemand {
  id: string;
  title: string;
  region?: string;
  enterpriseId?: string;
  industry: string;
  budgetWan?: number;
  cooperation?: string;
}

export interface DemoMatch {
  id: string;
  title: string;
  industry: string;
  rank: number;
  score: number;
  reason: string;
  sharedTerms: string[];
}

export interface DemoOptions {
  seed: number;
  /** First and last instant introductions may be created; nothing happens after `until`. */
  since: Date;
  until: Date;
  perDemand: { min: number; max: number };
  expiryDays: number;
}

const DAY = 86_400_000;

const CONTRACT_TYPE_OF_MODE: Record<string, Contract['type']> = {
  合作开发: '技术开发',
  委托开发: '技术开发',
  技术转让: '技术转让',
  作价入股: '技术转让',
  技术许可: '技术许可',
  技术咨询: '技术咨询',
  技术服务: '技术服务',
};

export function generateDemoIntroductions(
  demands: DemoDemand[],
  matches: Map<string, DemoMatch[]>,
  regions: RegionDirectory,
  options: DemoOptions,
): Introduction[] {
  const random = createRandom(options.seed);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const chance = (p: number) => random() < p;
  const weighted = <T>(items: [T, number][]): T => {
    let r = random() * items.reduce((s, [, w]) => s + w, 0);
    for (const [item, w] of items) {
      r -= w;
      if (r <= 0) return item;
    }
    return items.at(-1)![0];
  };
  const until = options.until.getTime();
  const out: Introduction[] = [];

  for (const demand of demands) {
    const list = matches.get(demand.id) ?? [];
    const count = Math.min(list.length, Math.floor(between(options.perDemand.min, options.perDemand.max + 1)));
    const chosen = new Set<DemoMatch>();
    while (chosen.size < count)
      chosen.add(weighted(list.map((m) => [m, 1 / Math.sqrt(m.rank)] as [DemoMatch, number])));
    const market = regions.subMarketOf(regions.place(demand.region) ?? '')?.code.toLowerCase() ?? 'province';
    const brokers = [`demo-broker-${market}-1`, `demo-broker-${market}-2`];
    const enterpriseKey = `demo-key-${demand.enterpriseId ?? 'enterprise'}`;

    for (const match of [...chosen].sort((a, b) => a.rank - b.rank)) {
      const broker = brokers[Math.floor(random() * brokers.length)]!;
      const created = Math.floor(between(options.since.getTime(), until - 2 * DAY));
      const history: HistoryEntry[] = [
        { at: iso(created), from: null, to: 'proposed', actor: { keyId: broker, role: 'broker' } },
      ];
      let state: IntroductionState = 'proposed';
      let at = created;
      let contract: Contract | undefined;
      let decline: Introduction['decline'];
      /** Appends a step unless it would happen after `until`; returns whether it happened. */
      const step = (to: IntroductionState, afterDays: number, actor: HistoryEntry['actor']): boolean => {
        const next = at + afterDays * DAY;
        if (next > until) return false;
        history.push({ at: iso(next), from: state, to, actor });
        state = to;
        at = next;
        return true;
      };
      const byBroker = { keyId: broker, role: 'broker' as const };
      const byEnterprise = { keyId: enterpriseKey, role: 'enterprise' as const };
      const declineWith = (codes: [string, number][], by: HistoryEntry['actor'], afterDays: number) => {
        const code = weighted(codes);
        if (step('declined', afterDays, by)) {
          decline = { code, label: LABELS[code] ?? code, by: by.role === 'enterprise' ? 'enterprise' : 'holder' };
        }
      };

      if (chance(0.04)) {
        step('withdrawn', between(1, 10), byBroker);
      } else if (!chance(0.05) && step('sent', between(0, 3), byBroker)) {
        const acceptP = match.rank <= 3 ? 0.5 : match.rank <= 10 ? 0.35 : 0.2;
        const r = random();
        if (r < acceptP) {
          if (step('accepted', between(1, 15), byEnterprise)) {
            const next = random();
            if (next < 0.05) step('withdrawn', between(2, 20), byBroker);
            else if (next < 0.22) declineWith(COST_LIKE, byEnterprise, between(3, 25));
            else if (step('negotiating', between(3, 20), byEnterprise)) {
              const end = random();
              const signedAfter = between(10, 70);
              if (end < 0.55 && at + signedAfter * DAY <= until) {
                step('signed', signedAfter, byBroker);
                contract = contractFor(demand, at, random);
              } else if (end < 0.8) {
                declineWith(COST_LIKE, chance(0.3) ? byBroker : byEnterprise, between(10, 60));
              }
            }
          }
        } else if (r < acceptP + 0.4) {
          declineWith(match.rank > 10 ? FAR_REASONS : NEAR_REASONS, byEnterprise, between(1, 20));
        } else if (at + options.expiryDays * DAY <= until) {
          history.push({
            at: iso(at + options.expiryDays * DAY),
            from: 'sent',
            to: 'expired',
            actor: { keyId: 'system', role: 'system' },
            note: `no answer within ${options.expiryDays} days`,
          });
          state = 'expired';
        }
      }

      out.push({
        id: `demo-int-${String(out.length + 1).padStart(4, '0')}`,
        demandId: demand.id,
        achievementId: match.id,
        origin: 'broker',
        state,
        brokerKeyId: broker,
        createdAt: iso(created),
        match: { rank: match.rank, score: match.score, reason: match.reason, sharedTerms: match.sharedTerms },
        demand: {
          title: demand.title,
          enterpriseId: demand.enterpriseId ?? null,
          region: demand.region ?? null,
          industry: demand.industry,
        },
        achievement: { title: match.title, industry: match.industry },
        ...(decline ? { decline } : {}),
        ...(contract ? { contract } : {}),
        history,
        synthetic: true,
      });
    }
  }
  return out;
}

const LABELS: Record<string, string> = {
  immature: '技术成熟度不足',
  no_advantage: '相对现有技术优势不明显',
  cost: '成本或预算不符',
  ip: '知识产权归属或状态问题',
  mode_or_region: '合作方式或地域不符',
  solved: '需求已解决或取消',
  unclear: '描述不清需补充信息',
  irrelevant: '与需求无关',
};

const NEAR_REASONS: [string, number][] = [
  ['immature', 3],
  ['no_advantage', 3],
  ['cost', 3],
  ['ip', 1],
  ['mode_or_region', 2],
  ['solved', 1],
  ['unclear', 1],
  ['irrelevant', 1],
];
const FAR_REASONS: [string, number][] = [
  ['irrelevant', 5],
  ['no_advantage', 2],
  ['immature', 1],
  ['unclear', 1],
  ['solved', 1],
];
const COST_LIKE: [string, number][] = [
  ['cost', 4],
  ['ip', 2],
  ['mode_or_region', 2],
  ['no_advantage', 1],
];

function contractFor(demand: DemoDemand, signedAt: number, random: () => number): Contract {
  const base = demand.budgetWan ?? 20 + random() * 180;
  return {
    type: CONTRACT_TYPE_OF_MODE[demand.cooperation ?? ''] ?? '技术开发',
    amountWan: Math.round(base * (0.5 + random() * 0.8) * 10) / 10,
    signedOn: new Date(signedAt + 8 * 3600_000).toISOString().slice(0, 10),
    registrationNo: `DEMO-${new Date(signedAt).getUTCFullYear()}-${Math.floor(random() * 1e6)
      .toString()
      .padStart(6, '0')}`,
  };
}

function iso(ms: number): string {
  return new Date(Math.round(ms / 60_000) * 60_000).toISOString();
}
