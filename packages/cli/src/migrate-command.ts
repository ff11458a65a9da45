import { openStores } from './open-stores.js';

/**
 * Creates the oauthkit tables (or indexes) in the store the environment chooses, with the
 * migrations the store package ships, recorded in their own migrations table. Resolves a
 * line to print. Prisma's migrations are Prisma's to apply; Redis and memory have none.
 */
export async function migrateCommand(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.OAUTHKIT_CONFIG) {
    throw new TypeError(
      "with OAUTHKIT_CONFIG the database is your application's: migrate it with your own tool",
    );
  }
  const kind = env.OAUTHKIT_STORE ?? 'sqlite';
  if (kind === 'prisma') {
    throw new TypeError(
      "Prisma applies its own migrations: `npx prisma migrate deploy` (the SQL ships in @oauthkit/prisma's prisma/ folder; `oauthkit schema prisma-mysql --migrations-dir prisma/migrations` writes it for MySQL)",
    );
  }
  if (kind === 'redis' || kind === 'memory') return `nothing to migrate for OAUTHKIT_STORE=${kind}`;
  const opened = await openStores(env, { migrate: true });
  await opened.close();
  return kind === 'mongoose'
    ? 'built the oauthkit indexes (mongoose)'
    : `applied the oauthkit migrations to ${opened.kind} (table __oauthkit_migrations)`;
}
