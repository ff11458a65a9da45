/** The command-line flags that choose the store, and the variable each one sets. */
export const STORE_FLAGS = {
  store: 'OAUTHKIT_STORE',
  config: 'OAUTHKIT_CONFIG',
  'database-url': 'DATABASE_URL',
  'sqlite-file': 'OAUTHKIT_SQLITE_FILE',
  'redis-url': 'REDIS_URL',
  'redis-prefix': 'OAUTHKIT_REDIS_PREFIX',
  'prisma-client': 'PRISMA_CLIENT_MODULE',
  'mongodb-url': 'MONGODB_URL',
} as const;

/** `parseArgs` options for the store flags. */
export const storeFlagOptions = Object.fromEntries(
  Object.keys(STORE_FLAGS).map((flag) => [flag, { type: 'string' as const }]),
) as Record<keyof typeof STORE_FLAGS, { type: 'string' }>;

/** The environment with the flags given on the command line laid over it. */
export function envWithFlags(
  env: NodeJS.ProcessEnv,
  values: Partial<Record<string, unknown>>,
): NodeJS.ProcessEnv {
  const merged = { ...env };
  for (const [flag, variable] of Object.entries(STORE_FLAGS)) {
    const value = values[flag];
    if (typeof value === 'string') merged[variable] = value;
  }
  return merged;
}
