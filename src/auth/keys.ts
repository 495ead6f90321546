/**
 * API keys. The key file holds each key's sha256 hash, never the key: a key
 * is shown once, when it is created. Keys are random (192 bits), so a plain
 * hash is enough; a slow password hash would only slow every request.
 * The entries live in the key file (embedded store) or in the shared store's
 * `api_keys` collection (PostgreSQL, see key-collection.ts); either way a key
 * created or revoked with the CLI or through any replica takes effect at once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { NotFoundError, ValidationError, parseOrThrow } from '../domain/index.js';
import { writeFileAtomic } from '../fs/index.js';

/**
 * admin: everything. broker (技术经纪人): works matches and introductions, in a scope.
 * enterprise: its own demands and challenges. researcher: a research team's member,
 * answers challenges (揭榜) for its team.
 */
export const ROLES = ['admin', 'broker', 'enterprise', 'researcher'] as const;
export type Role = (typeof ROLES)[number];

const KEY_PREFIX = 'kjcg_';

export const keyEntrySchema = z.object({
  id: z.string().min(1),
  /** sha256 of the whole key, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  role: z.enum(ROLES),
  /** Enterprise keys only: the enterprise whose demands the key owns. */
  enterpriseId: z.string().min(1).optional(),
  /** Researcher keys only: the research team the key acts for. */
  teamId: z.string().min(1).optional(),
  /**
   * Broker keys only: the region the broker works in, as a region code (a sub-market,
   * 市州 or county node); absent means province-wide.
   */
  scope: z.string().min(1).optional(),
  /** Broker keys only: may review submitted records for publication (审核). Admins always may. */
  reviewer: z.boolean().optional(),
  name: z.string().optional(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});

const keyFileSchema = z.object({ formatVersion: z.literal(1), keys: z.array(keyEntrySchema) });

export type KeyEntry = z.infer<typeof keyEntrySchema>;
type KeyFileContent = z.infer<typeof keyFileSchema>;

/** What a valid key says about its holder. */
export interface KeyHolder {
  keyId: string;
  role: Role;
  enterpriseId?: string;
  teamId?: string;
  scope?: string;
  reviewer?: boolean;
  name?: string;
}

export interface NewKey {
  role: Role;
  enterpriseId?: string;
  teamId?: string;
  scope?: string;
  reviewer?: boolean;
  name?: string;
}

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

function checkNewKey(request: NewKey): void {
  if (request.role === 'enterprise' && !request.enterpriseId) {
    throw new ValidationError('an enterprise key needs the enterprise it belongs to (--enterprise <id>)', [
      { field: 'enterpriseId', message: 'required for role enterprise' },
    ]);
  }
  if (request.role !== 'enterprise' && request.enterpriseId) {
    throw new ValidationError(`a ${request.role} key is not bound to an enterprise; drop --enterprise`, [
      { field: 'enterpriseId', message: 'only for role enterprise' },
    ]);
  }
  if (request.role === 'researcher' && !request.teamId) {
    throw new ValidationError('a researcher key needs the research team it acts for (--team <id>)', [
      { field: 'teamId', message: 'required for role researcher' },
    ]);
  }
  if (request.role !== 'researcher' && request.teamId) {
    throw new ValidationError(`a ${request.role} key is not bound to a team; drop --team`, [
      { field: 'teamId', message: 'only for role researcher' },
    ]);
  }
  if (request.role !== 'broker' && (request.scope || request.reviewer)) {
    throw new ValidationError(`only broker keys carry a scope or the reviewer flag; drop --scope and --reviewer`, [
      { field: request.scope ? 'scope' : 'reviewer', message: 'only for role broker' },
    ]);
  }
}

/**
 * Where the key entries live: the key file beside the embedded store, or a
 * collection of the shared store (PostgreSQL), so a key revoked through one
 * replica is refused by all of them.
 */
export interface KeyStorage {
  /** Where the keys are, for messages. */
  readonly location: string;
  /** Every entry as of now. Called on each request, so it reads a cache. */
  entries(): KeyEntry[];
  /** Writes one entry (new or changed). */
  put(entry: KeyEntry): Promise<void>;
}

/**
 * How long the key file's stamp is trusted before it is looked at again: a key created or
 * revoked by the CLI (another process) counts within this time. A stat on every request
 * cost about a twentieth of a kept match list's request.
 */
const KEY_FILE_CHECK_MS = 200;

/** The key file (DATA_DIR/keys.json), re-read when it changes on disk. */
export class KeyFile implements KeyStorage {
  private keys: KeyEntry[] = [];
  /** mtime, size and inode of the file last read; a change means re-read. */
  private readStamp: string | null = null;
  /** When the stamp was last taken (performance.now()); -Infinity forces a look. */
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(readonly location: string) {
    this.refresh();
  }

  entries(): KeyEntry[] {
    this.refresh();
    return this.keys;
  }

  private refresh(): void {
    const now = performance.now();
    if (now - this.checkedAt < KEY_FILE_CHECK_MS) return;
    this.checkedAt = now;
    let stamp: string | null = null;
    try {
      const stat = fs.statSync(this.location);
      stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (stamp === this.readStamp) return;
    this.keys = stamp === null ? [] : this.readFile().keys;
    this.readStamp = stamp;
  }

  private readFile(): KeyFileContent {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(this.location, 'utf8'));
    } catch (error) {
      throw new Error(
        `keys file ${this.location} is not valid JSON (${(error as Error).message}); restore it or delete it and create keys with \`npm run cli -- keys create\``,
      );
    }
    return parseOrThrow(keyFileSchema, json, `keys file ${this.location}`);
  }

  async put(entry: KeyEntry): Promise<void> {
    this.readStamp = null;
    this.checkedAt = Number.NEGATIVE_INFINITY;
    const keys = [...this.entries().filter((k) => k.id !== entry.id), entry];
    await writeFileAtomic(
      this.location,
      JSON.stringify({ formatVersion: 1, keys } satisfies KeyFileContent, null, 2) + '\n',
    );
    // Hashes only, but nobody else needs to read them.
    await fs.promises.chmod(this.location, 0o600);
    this.readStamp = null;
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }
}

export class KeyStore {
  private byHash = new Map<string, KeyEntry>();
  private indexed: KeyEntry[] | null = null;
  readonly storage: KeyStorage;

  /** A path means the key file at that path. */
  constructor(storage: KeyStorage | string) {
    this.storage = typeof storage === 'string' ? new KeyFile(storage) : storage;
  }

  /** Whether any key exists at all (none yet means first start). */
  exists(): boolean {
    return this.entries().length > 0;
  }

  private entries(): KeyEntry[] {
    const keys = this.storage.entries();
    if (keys !== this.indexed) {
      this.byHash = new Map(keys.map((entry) => [entry.hash, entry]));
      this.indexed = keys;
    }
    return keys;
  }

  /** The holder of a key, or null when the key is unknown or revoked. */
  verify(key: string): KeyHolder | null {
    this.entries();
    const entry = this.byHash.get(hashKey(key));
    if (!entry || entry.revokedAt) return null;
    const { id: keyId, role, enterpriseId, teamId, scope, reviewer, name } = entry;
    return { keyId, role, enterpriseId, teamId, scope, reviewer, name };
  }

  /** Every key ever created, revoked ones included; hashes are not shown. */
  list(): Omit<KeyEntry, 'hash'>[] {
    return this.entries().map(({ hash: _hash, ...rest }) => rest);
  }

  /** Creates a key and returns it in plain text: the only time it exists outside its holder's hands. */
  async create(request: NewKey): Promise<{ key: string; entry: Omit<KeyEntry, 'hash'> }> {
    checkNewKey(request);
    const key = KEY_PREFIX + crypto.randomBytes(24).toString('base64url');
    const entry: KeyEntry = {
      id: `key_${crypto.randomBytes(6).toString('hex')}`,
      hash: hashKey(key),
      role: request.role,
      ...(request.enterpriseId ? { enterpriseId: request.enterpriseId } : {}),
      ...(request.teamId ? { teamId: request.teamId } : {}),
      ...(request.scope ? { scope: request.scope } : {}),
      ...(request.reviewer ? { reviewer: true } : {}),
      ...(request.name ? { name: request.name } : {}),
      createdAt: new Date().toISOString(),
    };
    await this.storage.put(entry);
    const { hash: _hash, ...shown } = entry;
    return { key, entry: shown };
  }

  async revoke(keyId: string): Promise<Omit<KeyEntry, 'hash'>> {
    const entry = this.entries().find((k) => k.id === keyId);
    if (!entry) throw new NotFoundError(`no key with id ${keyId}; \`keys list\` shows the ids`);
    const revoked = { ...entry, revokedAt: entry.revokedAt ?? new Date().toISOString() };
    await this.storage.put(revoked);
    const { hash: _hash, ...shown } = revoked;
    return shown;
  }
}
