import { createHash } from 'node:crypto';

/** The stores' own raw PostgreSQL statements, by text, and the name each is prepared under. */
const names = new Map<string, string>();

/**
 * Registers one of the stores' raw statements for {@link prismaStatementNames} and returns
 * its text. The name derives from the text, so every process names a statement alike.
 */
export function namedStatement(sql: string): string {
  if (!names.has(sql)) {
    names.set(sql, `oauthkit_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`);
  }
  return sql;
}

/**
 * A `statementNameGenerator` for `@prisma/adapter-pg` that prepares the stores' hot-path
 * statements on PostgreSQL (lookups, the token insert, the code exchange, the rotation) as
 * named statements: PostgreSQL then parses and plans each once per connection instead of on
 * every call. Every other query (the app's own, Prisma's) gets no name and is sent as before,
 * so the number of prepared statements stays bounded. Not behind a transaction-mode pooler
 * without prepared-statement support (PgBouncer before 1.21, or
 * `max_prepared_statements = 0`). Compose it with a generator of your own as
 * `(query) => prismaStatementNames(query) || yours(query)`.
 *
 * @example
 * const adapter = new PrismaPg(
 *   { connectionString: process.env.DATABASE_URL },
 *   { statementNameGenerator: prismaStatementNames },
 * );
 */
export function prismaStatementNames(query: { sql: string }): string {
  // An empty name is an unnamed statement for node-postgres.
  return names.get(query.sql) ?? '';
}
