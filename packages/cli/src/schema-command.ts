import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The ORMs `oauthkit schema` knows. */
export const SCHEMA_TARGETS = [
  'prisma',
  'prisma-mysql',
  'prisma-sqlite',
  'drizzle-pg',
  'drizzle-mysql',
  'drizzle-sqlite',
  'mongoose',
] as const;
/** A store package `oauthkit schema` can print the schema of (one of {@link SCHEMA_TARGETS}). */
export type SchemaTarget = (typeof SCHEMA_TARGETS)[number];

const require = createRequire(import.meta.url);
/** Where an installed store package lives; a missing one (an optional peer) says to install it. */
function packageDir(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new TypeError(
      `the models are read from ${name}: install it with \`npm install ${name}\``,
    );
  }
}

/** What to print for a target, and the command that turns it into a migration. */
export interface SchemaOutput {
  text: string;
  next: string;
}

/**
 * The models of one ORM, ready to paste into (or save beside) the user's own schema: read
 * from the installed store package, so they are always the ones its stores expect.
 */
export function schemaFor(target: SchemaTarget): SchemaOutput {
  switch (target) {
    case 'prisma-mysql':
      return {
        text: `${MYSQL_NOTE}${prismaModels(readFileSync(prismaSchemaFile('mysql/'), 'utf8'))}`,
        next: 'npx oauthkit schema prisma-mysql --migrations-dir prisma/migrations   # then: npx prisma migrate deploy',
      };
    case 'prisma':
    case 'prisma-sqlite': {
      const sub = target === 'prisma' ? '' : `${target.slice('prisma-'.length)}/`;
      const file = prismaSchemaFile(sub);
      return {
        text: prismaModels(readFileSync(file, 'utf8')),
        next: 'npx prisma migrate dev --name oauthkit   # then: npx prisma generate',
      };
    }
    case 'drizzle-pg':
    case 'drizzle-mysql':
    case 'drizzle-sqlite': {
      const dialect = target.slice('drizzle-'.length);
      const tables = join(packageDir('@oauthkit/drizzle'), 'src', 'tables');
      // Pushed authorization requests (RFC 9126) are defined in a file of their own; its
      // names do not clash with the base file's, so both print as one file, imports first.
      const [imports, rest] = splitImports(
        readFileSync(join(tables, `${dialect}-pushed-requests.ts`), 'utf8'),
      );
      return {
        text: `${imports}${readFileSync(join(tables, `${dialect}.ts`), 'utf8')}\n${rest}`,
        next: 'npx drizzle-kit generate   # with this file listed in drizzle.config.ts "schema"',
      };
    }
    case 'mongoose':
      return {
        text: MONGOOSE,
        next: 'no migration: the indexes (unique digests, TTL) are built by `await Model.syncIndexes()`',
      };
  }
}

/** The leading `import` lines of a source file, and the rest. */
function splitImports(source: string): [string, string] {
  const lines = source.split('\n');
  const first = lines.findIndex((line) => !line.startsWith('import '));
  return [`${lines.slice(0, first).join('\n')}\n`, lines.slice(first).join('\n')];
}

/** Prisma cannot declare a collation, and its MySQL default compares case-insensitively. */
const MYSQL_NOTE = `// MySQL/MariaDB: do not let \`prisma migrate dev\` create these tables. It would use
// utf8mb4_unicode_ci, where client ids and digests match case- and accent-insensitively.
// \`oauthkit schema prisma-mysql --migrations-dir prisma/migrations\` writes the migration
// with utf8mb4_bin; apply it with \`npx prisma migrate deploy\`.
`;

/**
 * Writes the MySQL migrations @oauthkit/prisma ships (tables in `utf8mb4_bin`) into a Prisma
 * migrations folder, each as `<timestamp>_oauthkit_<name>/migration.sql` sorting after the
 * folder's existing migrations, in the shipped order. A shipped migration whose SQL the folder
 * already holds (written by an earlier run, under any name) is skipped, so running it again
 * after an upgrade writes only the new ones. Adds `migration_lock.toml` when the folder has
 * none. Returns the paths of the written files (none when the folder is up to date).
 */
export function writePrismaMysqlMigration(migrationsDir: string, now = new Date()): string[] {
  const shipped = join(dirname(prismaSchemaFile('mysql/')), 'migrations');
  const sources = readdirSync(shipped)
    .filter((name) => /^\d{14}_/.test(name))
    .sort();
  if (sources.length === 0)
    throw new Error('the MySQL migrations of @oauthkit/prisma were not found');
  const existing = new Set(
    (existsSync(migrationsDir) ? readdirSync(migrationsDir) : [])
      .map((name) => join(migrationsDir, name, 'migration.sql'))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file, 'utf8')),
  );
  const written: string[] = [];
  for (const source of sources) {
    const sql = readFileSync(join(shipped, source, 'migration.sql'), 'utf8');
    if (existing.has(sql)) continue;
    // One second apart, so that the folders sort in the shipped order.
    const at = new Date(now.getTime() + written.length * 1000);
    const stamp = at.toISOString().replace(/\D/g, '').slice(0, 14);
    const target = join(migrationsDir, `${stamp}_oauthkit_${source.slice(15)}`);
    mkdirSync(target, { recursive: true });
    const file = join(target, 'migration.sql');
    writeFileSync(file, sql);
    written.push(file);
  }
  const lock = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) {
    mkdirSync(migrationsDir, { recursive: true });
    writeFileSync(lock, 'provider = "mysql"\n');
  }
  return written;
}

/**
 * The published package carries the schemas in its `prisma/` folder; inside this repository
 * they live in the top-level `prisma/` folder, two levels above the package.
 */
function prismaSchemaFile(sub: string): string {
  const dir = packageDir('@oauthkit/prisma');
  const candidates = [
    join(dir, 'prisma', sub, 'schema.prisma'),
    join(dir, '..', '..', 'prisma', sub, 'schema.prisma'),
  ];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error('the Prisma schema of @oauthkit/prisma was not found');
  return found;
}

/** Only the `model` blocks of a Prisma schema: the user keeps their own datasource and generator. */
export function prismaModels(schema: string): string {
  const models = schema.match(/^model \w+ \{[\s\S]*?^\}/gm) ?? [];
  if (models.length === 0) throw new Error('the Prisma schema of @oauthkit/prisma has no models');
  return `// oauthkit models: add them to your schema.prisma\n\n${models.join('\n\n')}\n`;
}

const MONGOOSE = `// oauthkit models for Mongoose: register them on your own connection.
import mongoose from 'mongoose';
import {
  createMongooseReplayStore,
  createMongooseStores,
  registerOAuthModels,
} from '@oauthkit/mongoose';

const connection = await mongoose.createConnection(process.env.MONGODB_URL!).asPromise();
const models = registerOAuthModels(connection); // oauth_clients, oauth_tokens, oauth_authorization_codes, oauth_device_codes
await Promise.all(Object.values(models).map((model) => model.syncIndexes()));
export const stores = createMongooseStores(connection);
// stores.pushedRequests (RFC 9126) keeps pushed authorization requests in
// oauth_pushed_requests, with a TTL index.
// Single-use ids (private_key_jwt's jti) in oauth_replay_ids, with a TTL index:
export const replayStore = createMongooseReplayStore(connection);
`;
