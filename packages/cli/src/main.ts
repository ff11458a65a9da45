import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClientCommand } from './client-command.js';
import { KEYS_USAGE, keysGenerateCommand } from './keys-command.js';
import { migrateCommand } from './migrate-command.js';
import { openStores, STORE_KINDS } from './open-stores.js';
import {
  SCHEMA_TARGETS,
  type SchemaTarget,
  schemaFor,
  writePrismaMysqlMigration,
} from './schema-command.js';
import { envWithFlags, storeFlagOptions } from './store-flags.js';

/** The scope a client gets when `--scope` is not given. */
export const DEFAULT_CLIENT_SCOPE = 'profile';

const USAGE = `Usage:
  oauthkit schema <${SCHEMA_TARGETS.join('|')}> [--out path] [--migrations-dir dir]
      Prints (or writes) the oauthkit models for your ORM and the command that makes the migration.
      prisma-mysql: --migrations-dir writes the migration with the binary collation it needs.
  oauthkit migrate [store options]
      Creates the oauthkit tables with the migrations the store package ships, recorded in
      their own table (__oauthkit_migrations). Prisma: use \`prisma migrate deploy\`.
  oauthkit client create [--client-id id] [--name text] [--redirect-uri uri]... [--grant-type type]...
                         [--post-logout-redirect-uri uri]...
                         [--response-type type]... [--scope "a b"] [--auth-method client_secret_basic|client_secret_post|none]
                         [store options]
      Registers a client (default scope "${DEFAULT_CLIENT_SCOPE}") and prints its id and secret once.
      Never changes the schema: run \`oauthkit migrate\` (or your own migrations) first.

Store options (or the environment variable in brackets):
  --store ${STORE_KINDS.join('|')} [OAUTHKIT_STORE, default sqlite]
  --sqlite-file path [OAUTHKIT_SQLITE_FILE, default .data/oauthkit.db]
  --database-url url [DATABASE_URL: drizzle postgres://, mysql://, file:; prisma]
  --prisma-client path [PRISMA_CLIENT_MODULE: your generated client, .ts or .js]
  --redis-url url [REDIS_URL]   --redis-prefix prefix [OAUTHKIT_REDIS_PREFIX, default oauthkit:]
  --mongodb-url url [MONGODB_URL]
  --config path [OAUTHKIT_CONFIG: a .js or .ts module whose default export is your app's Stores]`;

/** Console output of the CLI, injectable for tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI; resolves the exit code (0 ok, 1 failure, 2 usage or setup mistake). */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'schema') return schema(rest, io);
    if (command === 'migrate') return await migrate(rest, io);
    if (command === 'client' && rest[0] === 'create') return await client(rest.slice(1), io);
    if (command === 'keys' && rest[0] === 'generate')
      return await keysGenerateCommand(rest.slice(1), io);
    io.err(`${USAGE}\n${KEYS_USAGE}`);
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  } catch (e) {
    io.err(`oauthkit: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof TypeError ? 2 : 1;
  }
}

function schema(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' }, 'migrations-dir': { type: 'string' } },
    allowPositionals: true,
  });
  const target = positionals[0];
  if (positionals.length !== 1 || !SCHEMA_TARGETS.includes(target as SchemaTarget)) {
    throw new TypeError(`schema needs one of: ${SCHEMA_TARGETS.join(', ')}`);
  }
  const { text, next } = schemaFor(target as SchemaTarget);
  if (values['migrations-dir'] !== undefined) {
    if (target !== 'prisma-mysql') {
      throw new TypeError('--migrations-dir is for prisma-mysql only');
    }
    const written = writePrismaMysqlMigration(values['migrations-dir']);
    io.err(
      written.length === 0
        ? `${values['migrations-dir']} already holds every oauthkit migration`
        : written.map((file) => `wrote ${file}`).join('\n'),
    );
  }
  if (values.out) {
    writeFileSync(values.out, text);
    io.err(`wrote ${values.out}\nnext: ${next}`);
  } else {
    io.out(text);
    io.err(`next: ${next}`);
  }
  return 0;
}

async function migrate(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: storeFlagOptions });
  io.out(await migrateCommand(envWithFlags(io.env, values)));
  return 0;
}

async function client(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'client-id': { type: 'string' },
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      'grant-type': { type: 'string', multiple: true },
      'response-type': { type: 'string', multiple: true },
      scope: { type: 'string' },
      'auth-method': { type: 'string' },
      ...storeFlagOptions,
    },
  });
  const { stores, kind, close } = await openStores(envWithFlags(io.env, values), {
    migrate: false,
  });
  try {
    const grantTypes = values['grant-type'] ?? ['authorization_code', 'refresh_token'];
    const created = await createClientCommand(stores.clients, {
      clientId: values['client-id'],
      clientName: values.name,
      redirectUris: values['redirect-uri'] ?? [],
      postLogoutRedirectUris: values['post-logout-redirect-uri'],
      grantTypes,
      responseTypes:
        values['response-type'] ?? (grantTypes.includes('authorization_code') ? ['code'] : []),
      scope: values.scope ?? DEFAULT_CLIENT_SCOPE,
      authMethod: values['auth-method'] ?? 'client_secret_basic',
    }).catch((error: unknown) => {
      throw missingTables(error) ?? error;
    });
    io.out(
      JSON.stringify(
        {
          client_id: created.clientId,
          client_secret: created.clientSecret,
          scope: created.record.metadata.scope,
          store: kind,
        },
        null,
        2,
      ),
    );
    if (created.clientSecret)
      io.err('Save the client_secret now: the store keeps only its digest.');
    return 0;
  } finally {
    await close();
  }
}

/** A missing-table error from any SQL store, as a clear instruction instead. */
function missingTables(error: unknown): TypeError | undefined {
  const texts: string[] = [];
  for (let e = error as { message?: unknown; cause?: unknown; code?: unknown } | undefined; e; ) {
    texts.push(String(e.message), String(e.code));
    e = e.cause as typeof e;
    if (texts.length > 10) break;
  }
  const text = texts.join(' ');
  if (!/no such table|does not exist|doesn't exist|ER_NO_SUCH_TABLE|42P01|P2021/.test(text)) {
    return undefined;
  }
  return new TypeError(
    'the oauthkit tables are not in this database: run `oauthkit migrate` with the same store options (or your own migrations) first',
  );
}
