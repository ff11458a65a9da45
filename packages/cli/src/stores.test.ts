import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, getServiceUrl, redisKeyPrefix } from '@oauthkit/store-tests';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

// The store options of `oauthkit migrate` and `client create` on the databases a real
// app uses, each in its own database, key prefix or file.

const dir = mkdtempSync(join(tmpdir(), 'oauthkit-cli-stores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const postgres = await getServiceUrl('postgres');
const mariadb = await getServiceUrl('mysql');
const redis = await getServiceUrl('redis');
const repository = join(import.meta.dirname, '..', '..', '..');

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const SERVICE = ['client', 'create', '--grant-type', 'client_credentials', '--client-id'];

describe('oauthkit with the stores of a real app', () => {
  it.skipIf('skip' in redis)(
    'Redis: keys under --redis-prefix / OAUTHKIT_REDIS_PREFIX',
    async () => {
      const url = (redis as { url: string }).url;
      const prefix = redisKeyPrefix('cli');
      const client = new Redis(url);
      try {
        expect((await run(['migrate', '--store', 'redis'])).out).toContain('nothing to migrate');
        const a = await run([...SERVICE, 'r1', '--store', 'redis', '--redis-prefix', prefix], {
          REDIS_URL: url,
        });
        expect(a.code, a.err).toBe(0);
        const b = await run([...SERVICE, 'r2'], {
          OAUTHKIT_STORE: 'redis',
          REDIS_URL: url,
          OAUTHKIT_REDIS_PREFIX: prefix,
        });
        expect(b.code, b.err).toBe(0);
        expect((await client.keys(`${prefix}*`)).sort()).toEqual([
          `${prefix}client:r1`,
          `${prefix}client:r2`,
        ]);
      } finally {
        const keys = await client.keys(`${prefix}*`);
        if (keys.length > 0) await client.del(...keys);
        client.disconnect();
      }
    },
  );

  it('Prisma: the client the app generated (PRISMA_CLIENT_MODULE, a .ts file here)', async () => {
    const file = join(dir, 'prisma.db');
    const sqlite = new Database(file);
    const migrations = join(repository, 'prisma/sqlite/migrations');
    // Every shipped migration, in order, as `prisma migrate deploy` would.
    for (const folder of readdirSync(migrations)
      .filter((f) => /^\d{14}_/.test(f))
      .sort()) {
      sqlite.exec(readFileSync(join(migrations, folder, 'migration.sql'), 'utf8'));
    }
    sqlite.close();
    const env = {
      OAUTHKIT_STORE: 'prisma',
      DATABASE_URL: `file:${file}`,
      PRISMA_CLIENT_MODULE: join(repository, 'packages/prisma/generated/sqlite/client.ts'),
    };
    const migrate = await run(['migrate'], env);
    expect(migrate.code).toBe(2);
    expect(migrate.err).toContain('prisma migrate deploy');
    const created = await run([...SERVICE, 'p1'], env);
    expect(created.code, created.err).toBe(0);
    const check = new Database(file, { readonly: true });
    try {
      expect(check.prepare('select client_id from oauth_clients').all()).toEqual([
        { client_id: 'p1' },
      ]);
    } finally {
      check.close();
    }
  });

  it('Prisma: a PRISMA_CLIENT_MODULE that exports no PrismaClient is a clear error', async () => {
    const { code, err } = await run([...SERVICE, 'p2', '--prisma-client', 'node:path'], {
      OAUTHKIT_STORE: 'prisma',
      DATABASE_URL: 'file:x.db',
    });
    expect(code).not.toBe(0);
    expect(err).toMatch(/PrismaClient|node:path/);
  });

  it.skipIf('skip' in postgres)('Drizzle on PostgreSQL: DATABASE_URL postgres://', async () => {
    const database = await createTestDatabase('postgres', (postgres as { url: string }).url, 'cli');
    const env = { OAUTHKIT_STORE: 'drizzle', DATABASE_URL: database.url };
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      expect((await run([...SERVICE, 'd0'], env)).err).toContain('oauthkit migrate');
      expect((await run(['migrate'], env)).code).toBe(0);
      expect((await run([...SERVICE, 'd1'], env)).code).toBe(0);
      const rows = await pool.query('SELECT client_id FROM oauth_clients');
      expect(rows.rows).toEqual([{ client_id: 'd1' }]);
      const own = await pool.query('SELECT count(*)::int AS n FROM drizzle.__oauthkit_migrations');
      // One row per shipped migration (init; extensions and replay ids; device codes; client
      // registration; pushed requests).
      expect(own.rows).toEqual([{ n: 5 }]);
    } finally {
      await pool.end();
      await database.drop();
    }
  });

  it.skipIf('skip' in mariadb)('Drizzle on MariaDB: DATABASE_URL mysql://', async () => {
    const database = await createTestDatabase('mysql', (mariadb as { url: string }).url, 'cli');
    const env = { OAUTHKIT_STORE: 'drizzle', DATABASE_URL: database.url };
    const pool = mysql.createPool({ uri: database.url, connectionLimit: 1 });
    try {
      expect((await run([...SERVICE, 'd0'], env)).err).toContain('oauthkit migrate');
      expect((await run(['migrate'], env)).code).toBe(0);
      expect((await run([...SERVICE, 'd1'], env)).code).toBe(0);
      const [rows] = await pool.query('SELECT client_id FROM oauth_clients');
      expect(rows).toEqual([{ client_id: 'd1' }]);
    } finally {
      await pool.end();
      await database.drop();
    }
  });

  it.skipIf('skip' in mariadb)(
    "schema prisma-mysql leads to tables in utf8mb4_bin, never Prisma's case-insensitive default",
    async () => {
      const printed = await run(['schema', 'prisma-mysql']);
      expect(printed.err).toContain('--migrations-dir');
      expect(printed.err).not.toContain('migrate dev');
      expect(printed.out).toContain('utf8mb4_bin');
      const folder = join(dir, 'prisma-migrations');
      const written = await run([
        'schema',
        'prisma-mysql',
        '--migrations-dir',
        folder,
        '--out',
        join(dir, 'm.prisma'),
      ]);
      expect(written.code).toBe(0);
      const files = [...written.err.matchAll(/wrote (\S+migration\.sql)/g)].map((m) => m[1]!);
      expect(files).toHaveLength(5);
      expect(files[0]).toMatch(/\d{14}_oauthkit_init[/\\]migration\.sql$/);
      expect(files[1]).toMatch(/\d{14}_oauthkit_extensions_and_replay_ids[/\\]migration\.sql$/);
      expect(files[2]).toMatch(/\d{14}_oauthkit_device_codes[/\\]migration\.sql$/);
      expect(files[3]).toMatch(/\d{14}_oauthkit_client_registration[/\\]migration\.sql$/);
      expect(files[4]).toMatch(/\d{14}_oauthkit_pushed_authorization_requests[/\\]migration\.sql$/);
      expect(readFileSync(join(folder, 'migration_lock.toml'), 'utf8')).toContain('mysql');
      const database = await createTestDatabase(
        'mysql',
        (mariadb as { url: string }).url,
        'cli-prisma',
      );
      const conn = await mysql.createConnection({ uri: database.url, multipleStatements: true });
      try {
        for (const file of files) await conn.query(readFileSync(file, 'utf8'));
        const [rows] = await conn.query(
          'SELECT TABLE_NAME AS t, TABLE_COLLATION AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY t',
        );
        expect(rows).toEqual([
          { t: 'oauth_authorization_codes', c: 'utf8mb4_bin' },
          { t: 'oauth_clients', c: 'utf8mb4_bin' },
          { t: 'oauth_device_codes', c: 'utf8mb4_bin' },
          { t: 'oauth_pushed_requests', c: 'utf8mb4_bin' },
          { t: 'oauth_replay_ids', c: 'utf8mb4_bin' },
          { t: 'oauth_tokens', c: 'utf8mb4_bin' },
        ]);
        // What the collation is for: ids that differ only in case are two clients.
        await conn.query(
          "INSERT INTO oauth_clients (client_id, client_secret_digest, client_id_issued_at, client_secret_expires_at, metadata) VALUES ('abc', NULL, NOW(3), NULL, '{}'), ('ABC', NULL, NOW(3), NULL, '{}')",
        );
      } finally {
        await conn.end();
        await database.drop();
      }
    },
  );
});
