/**
 * API keys. The key file holds each key's sha256 hash, never the key: a key
 * is shown once, when it is created. Keys are random (192 bits), so a plain
 * hash is enough; a slow password hash would only slow every request.
 * The service re-reads the file when it changes on disk, so a key created or
 * revoked with the CLI takes effect at once, without a restart.
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

const keyEntrySchema = z.object({
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
type KeyFile = z.infer<typeof keyFileSchema>;

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

export class KeyStore {
  private keys: KeyEntry[] = [];
  private byHash = new Map<string, KeyEntry>();
  /** mtime, size and inode of the file last read; a change means re-read. */
  private readStamp: string | null = null;

  constructor(readonly file: string) {
    this.refresh();
  }

  /** Whether a key file exists at all (none yet means first start). */
  exists(): boolean {
    return fs.existsSync(this.file);
  }

  private refresh(): void {
    let stamp: string | null = null;
    try {
      const stat = fs.statSync(this.file);
      stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (stamp === this.readStamp) return;
    const parsed: KeyFile = stamp === null ? { formatVersion: 1, keys: [] } : this.readFile();
    this.keys = parsed.keys;
    this.byHash = new Map(parsed.keys.map((entry) => [entry.hash, entry]));
    this.readStamp = stamp;
  }

  private readFile(): KeyFile {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new Error(
        `keys file ${this.file} is not valid JSON (${(error as Error).message}); restore it or delete it and create keys with \`npm run cli -- keys create\``,
      );
    }
    return parseOrThrow(keyFileSchema, json, `keys file ${this.file}`);
  }

  /** The holder of a key, or null when the key is unknown or revoked. */
  verify(key: string): KeyHolder | null {
    this.refresh();
    const entry = this.byHash.get(hashKey(key));
    if (!entry || entry.revokedAt) return null;
    const { id: keyId, role, enterpriseId, teamId, scope, reviewer, name } = entry;
    return { keyId, role, enterpriseId, teamId, scope, reviewer, name };
  }

  /** Every key ever created, revoked ones included; hashes are not shown. */
  list(): Omit<KeyEntry, 'hash'>[] {
    this.refresh();
    return this.keys.map(({ hash: _hash, ...rest }) => rest);
  }

  /** Creates a key and returns it in plain text: the only time it exists outside its holder's hands. */
  async create(request: NewKey): Promise<{ key: string; entry: Omit<KeyEntry, 'hash'> }> {
    checkNewKey(request);
    this.refresh();
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
    await this.save([...this.keys, entry]);
    const { hash: _hash, ...shown } = entry;
    return { key, entry: shown };
  }

  async revoke(keyId: string): Promise<Omit<KeyEntry, 'hash'>> {
    this.refresh();
    const entry = this.keys.find((k) => k.id === keyId);
    if (!entry) throw new NotFoundError(`no key with id ${keyId}; \`keys list\` shows the ids`);
    const revoked = { ...entry, revokedAt: entry.revokedAt ?? new Date().toISOString() };
    await this.save(this.keys.map((k) => (k.id === keyId ? revoked : k)));
    const { hash: _hash, ...shown } = revoked;
    return shown;
  }

  private async save(keys: KeyEntry[]): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify({ formatVersion: 1, keys } satisfies KeyFile, null, 2) + '\n');
    // Hashes only, but nobody else needs to read them.
    await fs.promises.chmod(this.file, 0o600);
    this.readStamp = null;
    this.refresh();
  }
}
