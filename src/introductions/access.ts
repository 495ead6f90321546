/**
 * Who may see and move which introduction. Pure functions of the actor (an API
 * key's holder) and the demand behind the introduction:
 * - admin: all;
 * - broker: the demands in its scope (a sub-market, 市州 or county node), all when unscoped;
 *   achievements are never scoped, since a transfer crosses regions;
 * - enterprise: introductions to its own demands;
 * - researcher: none (揭榜 proposals have their own workflow).
 */
import { activeRegions } from '../regions/index.js';

export interface Actor {
  keyId: string;
  role: 'admin' | 'broker' | 'enterprise' | 'researcher';
  enterpriseId?: string;
  scope?: string;
}

export interface DemandPlace {
  enterpriseId?: string | null;
  region?: string | null;
}

export function mayReachDemand(actor: Actor, demand: DemandPlace): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'broker':
      return actor.scope === undefined || activeRegions().inScope(actor.scope, demand.region ?? undefined);
    case 'enterprise':
      return actor.enterpriseId !== undefined && demand.enterpriseId === actor.enterpriseId;
    default:
      return false;
  }
}

/** Who may open an introduction: brokers and admins propose, an enterprise requests for its own demand. */
export function mayCreateIntroduction(actor: Actor, demand: DemandPlace): boolean {
  return actor.role !== 'researcher' && mayReachDemand(actor, demand);
}
