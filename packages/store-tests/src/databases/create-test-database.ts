import mysql from 'mysql2/promise';
import pg from 'pg';
import { uniqueTestName } from './test-names.js';

/** A database created for one test file. */
export interface TestDatabase {
  /** The base URL with its database replaced by this one. */
  url: string;
  /** The database name, `oauthkit_<label>_<random>`. */
  name: string;
  /** Drops the database, also when connections to it are still open; safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named database on the server of `baseUrl`, so that test files running
 * at the same time on the same server never see each other's rows. MySQL databases get
 * `utf8mb4`, so 4-byte characters fit. PostgreSQL 13+ (the drop uses `WITH (FORCE)`).
 *
 * @example
 * const db = await createTestDatabase('postgres', 'postgres://postgres@127.0.0.1:5432/test', 'prisma');
 * // ... migrate db.url, run the tests ...
 * await db.drop();
 */
export async function createTestDatabase(
  kind: 'postgres' | 'mysql',
  baseUrl: string,
  label: string,
): Promise<TestDatabase> {
  if (kind !== 'postgres' && kind !== 'mysql') {
    throw new TypeError(
      `createTestDatabase: kind must be 'postgres' or 'mysql', got ${String(kind)}`,
    );
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`createTestDatabase: ${JSON.stringify(baseUrl)} is not a URL`);
  }
  const name = `oauthkit_${uniqueTestName(label)}`;
  // Names are built from [a-z0-9_] only, so quoting them is enough.
  const run = kind === 'postgres' ? runPostgres : runMysql;
  await run(
    baseUrl,
    kind === 'postgres'
      ? `CREATE DATABASE "${name}"`
      : `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`,
  );
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop() {
      dropped ??= run(
        baseUrl,
        kind === 'postgres'
          ? `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`
          : `DROP DATABASE IF EXISTS \`${name}\``,
      ).catch((error: unknown) => {
        dropped = undefined; // let a later call retry
        throw error;
      });
      return dropped;
    },
  };
}

async function runPostgres(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function runMysql(url: string, sql: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}
