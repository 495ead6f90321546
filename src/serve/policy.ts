/**
 * Who may do what: the roles of issue 3 in one table, and the ownership rule
 * for enterprise keys. Pure functions of the caller and the record, so every
 * route asks the same questions and the rules are tested once.
 *
 * - admin: everything.
 * - broker (技术经纪人): read everything, match, export, write records, import. A broker key
 *   with a `scope` (a 分市场, 市州 or county-node code) sees and acts on the demands in that
 *   scope only; achievements stay province-wide, since a transfer crosses regions.
 * - enterprise: its own demands only (create, read, edit, delete, recommendations);
 *   the achievement catalogue; matching. Never another enterprise's demands.
 * - anonymous: the achievement catalogue, and only when PUBLIC_CATALOGUE=true.
 */
import type { AnyRecord, Demand, RecordKind, Stored } from '../domain/index.js';
import { isPublished, type PublicationActor, type PublishedView } from '../publication/index.js';
import type { KeyHolder, Role } from '../auth/index.js';
import { activeRegions } from '../regions/index.js';

export type Caller = ({ kind: 'key' } & KeyHolder) | { kind: 'anonymous' };

export type Capability =
  /** Read the published achievement catalogue (成果信息查询). */
  | 'readCatalogue'
  | 'writeCatalogue'
  | 'readAllDemands'
  | 'writeAllDemands'
  /** Create, read, edit and delete the demands of the caller's own enterprise. */
  | 'ownDemands'
  | 'match'
  | 'import'
  | 'reloadIndex';

const GRANTS: Record<Role | 'anonymous', ReadonlySet<Capability>> = {
  admin: new Set<Capability>([
    'readCatalogue',
    'writeCatalogue',
    'readAllDemands',
    'writeAllDemands',
    'ownDemands',
    'match',
    'import',
    'reloadIndex',
  ]),
  broker: new Set<Capability>([
    'readCatalogue',
    'writeCatalogue',
    'readAllDemands',
    'writeAllDemands',
    'match',
    'import',
  ]),
  enterprise: new Set<Capability>(['readCatalogue', 'ownDemands', 'match']),
  /** A research team's member: the catalogue and matching; challenges and proposals add their own rules. */
  researcher: new Set<Capability>(['readCatalogue', 'match']),
  anonymous: new Set<Capability>(['readCatalogue']),
};

export function can(caller: Caller, capability: Capability): boolean {
  return GRANTS[caller.kind === 'key' ? caller.role : 'anonymous'].has(capability);
}

/** The enterprise an enterprise key is bound to; undefined for every other caller. */
export function ownEnterprise(caller: Caller): string | undefined {
  return caller.kind === 'key' && caller.role === 'enterprise' ? caller.enterpriseId : undefined;
}

function ownsDemand(caller: Caller, demand: Pick<Demand, 'enterpriseId'>): boolean {
  const own = ownEnterprise(caller);
  return own !== undefined && can(caller, 'ownDemands') && demand.enterpriseId === own;
}

/** The region code a scoped broker key works in; undefined for every other caller. */
export function brokerScope(caller: Caller): string | undefined {
  return caller.kind === 'key' && caller.role === 'broker' ? caller.scope : undefined;
}

/** Whether a demand lies in the caller's scope: always, unless the caller is a scoped broker. */
export function inCallerScope(caller: Caller, demand: Pick<Demand, 'region'>): boolean {
  const scope = brokerScope(caller);
  return scope === undefined || activeRegions().inScope(scope, demand.region);
}

export function mayReadDemand(caller: Caller, demand: Pick<Demand, 'enterpriseId' | 'region'>): boolean {
  return (can(caller, 'readAllDemands') && inCallerScope(caller, demand)) || ownsDemand(caller, demand);
}

export function mayWriteDemand(caller: Caller, demand: Pick<Demand, 'enterpriseId' | 'region'>): boolean {
  return (can(caller, 'writeAllDemands') && inCallerScope(caller, demand)) || ownsDemand(caller, demand);
}

export function mayCreateDemands(caller: Caller): boolean {
  return can(caller, 'writeAllDemands') || ownEnterprise(caller) !== undefined;
}

/**
 * The demands a caller may see in lists, match results and exports; undefined
 * means all of them. Passed to the engine as its `visible` rule.
 */
export function demandVisibility(caller: Caller): ((stored: Stored<AnyRecord>) => boolean) | undefined {
  if (brokerScope(caller) !== undefined) return (stored) => mayReadDemand(caller, stored.record as Demand);
  if (can(caller, 'readAllDemands')) return undefined;
  return (stored) => ownsDemand(caller, stored.record as Demand);
}

/**
 * demandVisibility's rule named by value (MatchOptions.visibleKey): the rule reads the
 * caller's role, scope and enterprise only, so those name it; '' when there is no rule.
 */
export function demandVisibilityKey(caller: Caller): string {
  if (caller.kind !== 'key') return caller.kind;
  if (brokerScope(caller) === undefined && can(caller, 'readAllDemands')) return '';
  return `${caller.role}|${caller.scope ?? ''}|${caller.enterpriseId ?? ''}`;
}

export function mayReadRecommendations(caller: Caller, enterpriseId: string): boolean {
  return can(caller, 'readAllDemands') || ownsDemand(caller, { enterpriseId });
}

// ---- publication (issue 9) ----

/** 审核: admins, and broker keys with the reviewer flag, review and publish. */
export function mayReview(caller: Caller): boolean {
  return caller.kind === 'key' && (caller.role === 'admin' || (caller.role === 'broker' && caller.reviewer === true));
}

/** Brokers and admins see records in every publication status; everyone else only published ones. */
export function seesAllStatuses(caller: Caller): boolean {
  return caller.kind === 'key' && (caller.role === 'admin' || caller.role === 'broker');
}

/** Who the caller is to one record's publication: its holder (who submits) and/or a reviewer. */
export function publicationActor(caller: Caller, kind: RecordKind, record: AnyRecord): PublicationActor {
  const holder = kind === 'achievement' ? can(caller, 'writeCatalogue') : mayWriteDemand(caller, record as Demand);
  return { holder, reviewer: mayReview(caller) };
}

/**
 * The achievements a caller may see in the catalogue, lists, matches and
 * recommendations; undefined means all of them. Takes one snapshot of the
 * published batches, so one request sees a batch whole or not at all.
 */
export function achievementVisibility(
  caller: Caller,
  view: PublishedView,
): ((stored: Stored<AnyRecord>) => boolean) | undefined {
  if (seesAllStatuses(caller)) return undefined;
  return (stored) => isPublished(stored.record, view);
}

/** achievementVisibility's rule named by value (MatchOptions.visibleKey); '' when there is no rule. */
export function achievementVisibilityKey(caller: Caller, view: PublishedView): string {
  return seesAllStatuses(caller) ? '' : view.key;
}

/** Subscriptions, digests and the webhook of an enterprise: that enterprise's keys, brokers and admins. */
export function mayActForEnterprise(caller: Caller, enterpriseId: string): boolean {
  return can(caller, 'readAllDemands') || ownEnterprise(caller) === enterpriseId;
}

/** A team's webhook (揭榜 invitations): the team's own researcher keys and admins. */
export function mayActForTeam(caller: Caller, teamId: string): boolean {
  return (
    caller.kind === 'key' && (caller.role === 'admin' || (caller.role === 'researcher' && caller.teamId === teamId))
  );
}

type Visible = ((stored: Stored<AnyRecord>) => boolean) | undefined;

/** Both visibility rules at once (e.g. published only, and no declined pairs); undefined when neither applies. */
export function bothVisible(a: Visible, b: Visible): Visible {
  if (!a) return b;
  if (!b) return a;
  return (stored) => a(stored) && b(stored);
}
