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
      const file = join(packageDir('@oauthkit/drizzle'), 'src', 'tables', `${dialect}.ts`);
      return {
        text: readFileSync(file, 'utf8'),
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

/** Prisma cannot declare a collation, and its MySQL default compares case-insensitively. */
const MYSQL_NOTE = `// MySQL/MariaDB: do not let \`prisma migrate dev\` create these tables. It would use
// utf8mb4_unicode_ci, where client ids and digests match case- and accent-insensitively.
// \`oauthkit schema prisma-mysql --migrations-dir prisma/migrations\` writes the migration
// with utf8mb4_bin; apply it with \`npx prisma migrate deploy\`.
`;

/**
 * Writes the MySQL migration @oauthkit/prisma ships (tables in `utf8mb4_bin`) into a Prisma
 * migrations folder, as `<timestamp>_oauthkit/migration.sql` sorting after the folder's
 * existing migrations; adds `migration_lock.toml` when the folder has none. Returns the path
 * of the written file.
 */
export function writePrismaMysqlMigration(migrationsDir: string, now = new Date()): string {
  const shipped = dirname(prismaSchemaFile('mysql/'));
  const source = readdirSync(join(shipped, 'migrations'))
    .filter((name) => /^\d{14}_/.test(name))
    .sort()
    .at(-1);
  if (!source) throw new Error('the MySQL migration of @oauthkit/prisma was not found');
  const sql = readFileSync(join(shipped, 'migrations', source, 'migration.sql'), 'utf8');
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const target = join(migrationsDir, `${stamp}_oauthkit`);
  mkdirSync(target, { recursive: true });
  const file = join(target, 'migration.sql');
  writeFileSync(file, sql);
  const lock = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) writeFileSync(lock, 'provider = "mysql"\n');
  return file;
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
import { createMongooseStores, registerOAuthModels } from '@oauthkit/mongoose';

const connection = await mongoose.createConnection(process.env.MONGODB_URL!).asPromise();
const models = registerOAuthModels(connection); // oauth_clients, oauth_tokens, oauth_authorization_codes
await Promise.all(Object.values(models).map((model) => model.syncIndexes()));
export const stores = createMongooseStores(connection);
`;
