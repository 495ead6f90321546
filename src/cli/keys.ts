/**
 * `keys create | list | revoke`: API keys for the HTTP service. Works while
 * the service runs (it re-reads the key file on change). A new key is
 * printed once; only its hash is stored.
 */
import { Option, type Command } from 'commander';
import { dataPaths } from '../config/index.js';
import { KeyStore, openKeyStore, ROLES, type Role } from '../auth/index.js';
import { openStore, storeKindOf, type StoreSettings } from '../store/index.js';

export function registerKeyCommands(program: Command, settings: () => StoreSettings): void {
  const keys = program
    .command('keys')
    .description(
      'API keys of the HTTP service (stored as hashes in <data dir>/keys.json, or in PostgreSQL with DATABASE_URL)',
    );
  /** Runs one key command on the configured store and closes it. */
  const withKeys = async <T>(work: (keys: KeyStore) => Promise<T> | T): Promise<T> => {
    const keysFile = dataPaths(settings().DATA_DIR).keysFile;
    // The key file needs no store opened (and works while the service runs).
    if (storeKindOf(settings()) === 'lowdb') return work(new KeyStore(keysFile));
    const store = await openStore(settings());
    try {
      return await work(await openKeyStore(store, keysFile));
    } finally {
      await store.close();
    }
  };

  keys
    .command('create')
    .description('create a key and print it once')
    .addOption(new Option('--role <role>', 'what the key may do').choices([...ROLES]).makeOptionMandatory())
    .option('--enterprise <id>', 'enterprise id the key is bound to (role enterprise only)')
    .option('--team <id>', 'research team the key acts for (role researcher only)')
    .option('--scope <regionCode>', 'sub-market, 市州 or county code the broker works in (role broker only)')
    .option('--reviewer', 'the broker may review records for publication (role broker only)')
    .option('--name <label>', 'who holds the key, for `keys list`')
    .action(
      async (opts: {
        role: Role;
        enterprise?: string;
        team?: string;
        scope?: string;
        reviewer?: boolean;
        name?: string;
      }) => {
        const { key, entry } = await withKeys((keys) =>
          keys.create({
            role: opts.role,
            enterpriseId: opts.enterprise,
            teamId: opts.team,
            scope: opts.scope,
            reviewer: opts.reviewer,
            name: opts.name,
          }),
        );
        const bound = [
          entry.enterpriseId ? ` for enterprise ${entry.enterpriseId}` : '',
          entry.teamId ? ` for team ${entry.teamId}` : '',
          entry.scope ? ` scoped to ${entry.scope}` : '',
          entry.reviewer ? ' (reviewer)' : '',
        ].join('');
        console.error(`created ${entry.role} key ${entry.id}${bound}. It is shown only now; store it:`);
        console.log(key);
      },
    );

  keys
    .command('list')
    .description('list keys (ids, roles, enterprises; never the keys)')
    .action(async () => {
      const entries = await withKeys((keys) => keys.list());
      if (entries.length === 0) console.log('no keys yet: the service creates an admin key on its first start');
      for (const e of entries) {
        const state = e.revokedAt ? `revoked ${e.revokedAt}` : 'active';
        const binding = e.enterpriseId ?? e.teamId ?? e.scope ?? '-';
        console.log([e.id, e.role, binding, e.name ?? '-', `created ${e.createdAt}`, state].join('\t'));
      }
    });

  keys
    .command('revoke <keyId>')
    .description('revoke a key; the running service refuses it from its next request')
    .action(async (keyId: string) => {
      const entry = await withKeys((keys) => keys.revoke(keyId));
      console.log(`revoked ${entry.id} (${entry.role}) at ${entry.revokedAt}`);
    });
}
