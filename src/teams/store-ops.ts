/**
 * Team profiles in the `teams` collection: derive from the stored
 * achievements, create by hand, edit, merge. Every write names the version it
 * read, so two concurrent edits or merges cannot both win.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../domain/index.js';
import type { MatchEngine } from '../engine/index.js';
import type { CollectionOp, CollectionStore, StoredDoc } from '../store/index.js';
import { deriveTeams } from './derive.js';
import { mergeTeams } from './merge.js';
import { TEAMS_COLLECTION, aliasKey, type TeamProfile } from './profile.js';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const teamCreateSchema = z.strictObject({
  name: text(200),
  institution: text(200).optional(),
  region: text(100).optional(),
  fields: z.array(text(100)).max(20).default([]),
  contact: text(500).optional(),
  members: z.array(text(100)).max(200).default([]),
});
export const teamPatchSchema = z.strictObject({
  name: text(200).optional(),
  institution: text(200).optional(),
  region: text(100).optional(),
  fields: z.array(text(100)).max(20).optional(),
  contact: text(500).optional(),
  members: z.array(text(100)).max(200).optional(),
});
export const teamMergeSchema = z.strictObject({
  /** Ids of the duplicate profiles to fold into this one. */
  from: z.array(z.string().min(1)).min(1, 'name at least one team').max(50),
});

export async function getTeam(store: CollectionStore, id: string): Promise<StoredDoc<TeamProfile>> {
  const doc = await store.getDoc<TeamProfile>(TEAMS_COLLECTION, id);
  if (!doc) throw new NotFoundError(`no team with id ${id}; GET /v1/teams lists them`);
  return doc;
}

/** Derives profiles for every achievement that names a team and is not yet in one. */
export async function deriveStoredTeams(
  engine: MatchEngine,
  now: Date,
): Promise<{ created: number; extended: number }> {
  const docs = await engine.store.listDocs<TeamProfile>(TEAMS_COLLECTION);
  const versions = new Map(docs.map((d) => [d.id, d.version]));
  const changed = deriveTeams(
    engine.store.all('achievement'),
    docs.map((d) => d.data),
    now.toISOString(),
  );
  const ops: CollectionOp[] = changed.map((profile) => ({
    op: 'put',
    collection: TEAMS_COLLECTION,
    id: profile.id,
    data: profile,
    expectVersion: versions.get(profile.id) ?? 0,
  }));
  if (ops.length > 0) await engine.store.transact(ops);
  const extended = changed.filter((p) => versions.has(p.id)).length;
  return { created: changed.length - extended, extended };
}

export async function createTeam(
  store: CollectionStore,
  input: z.output<typeof teamCreateSchema>,
  now: Date,
): Promise<StoredDoc<TeamProfile>> {
  const at = now.toISOString();
  const profile: TeamProfile = {
    id: `team-${crypto.randomBytes(6).toString('hex')}`,
    ...input,
    achievementIds: [],
    aliases: [aliasKey(input.institution, input.name)],
    source: 'manual',
    createdAt: at,
    updatedAt: at,
  };
  const [doc] = await store.transact([
    { op: 'put', collection: TEAMS_COLLECTION, id: profile.id, data: profile, expectVersion: 0 },
  ]);
  return doc as StoredDoc<TeamProfile>;
}

export async function patchTeam(
  store: CollectionStore,
  id: string,
  patch: z.output<typeof teamPatchSchema>,
  now: Date,
  expectVersion?: number,
): Promise<StoredDoc<TeamProfile>> {
  const current = await getTeam(store, id);
  if (current.data.mergedInto) {
    throw new ValidationError(`team ${id} was merged into ${current.data.mergedInto}; edit that one`, [
      { field: 'id', message: 'merged away' },
    ]);
  }
  const next: TeamProfile = { ...current.data, ...patch, updatedAt: now.toISOString() };
  // A new spelling is one more way achievements may name the team.
  const alias = aliasKey(next.institution, next.name);
  if (!next.aliases.includes(alias)) next.aliases = [...next.aliases, alias];
  const [doc] = await store.transact([
    { op: 'put', collection: TEAMS_COLLECTION, id, data: next, expectVersion: expectVersion ?? current.version },
  ]);
  return doc as StoredDoc<TeamProfile>;
}

export async function mergeStoredTeams(
  store: CollectionStore,
  targetId: string,
  fromIds: string[],
  now: Date,
  expectVersion?: number,
): Promise<StoredDoc<TeamProfile>> {
  const target = await getTeam(store, targetId);
  if (target.data.mergedInto) {
    throw new ValidationError(`team ${targetId} was merged into ${target.data.mergedInto}; merge into that one`, [
      { field: 'id', message: 'merged away' },
    ]);
  }
  const sources = await Promise.all([...new Set(fromIds)].map((id) => getTeam(store, id)));
  const { target: merged, tombstones } = mergeTeams(
    target.data,
    sources.map((s) => s.data),
    now.toISOString(),
  );
  const [doc] = await store.transact([
    {
      op: 'put',
      collection: TEAMS_COLLECTION,
      id: targetId,
      data: merged,
      expectVersion: expectVersion ?? target.version,
    },
    ...tombstones.map(
      (tombstone, i): CollectionOp => ({
        op: 'put',
        collection: TEAMS_COLLECTION,
        id: tombstone.id,
        data: tombstone,
        expectVersion: sources[i]!.version,
      }),
    ),
  ]);
  return doc as StoredDoc<TeamProfile>;
}
