import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestSecret } from '@oauthkit/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_SCOPE, main } from './main.js';
import { SCHEMA_TARGETS } from './schema-command.js';

const dir = mkdtempSync(join(tmpdir(), 'oauthkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('oauthkit schema', () => {
  it.each(SCHEMA_TARGETS)('%s prints the oauthkit models and the next command', async (target) => {
    const { code, out, err } = await run(['schema', target]);
    expect(code).toBe(0);
    if (target.startsWith('prisma')) {
      for (const m of [
        'model OauthClient',
        'model OauthToken',
        'model OauthAuthorizationCode',
        'model OauthDeviceCode',
        'model OauthReplayId',
        'model OauthPushedRequest',
      ]) {
        expect(out).toContain(m);
      }
      // Codes, tokens and device codes keep their extensions in one column.
      expect(out.match(/^ {2}extensions +String\?/gm)).toHaveLength(3);
      // Dynamic client registration (RFC 7592): the registration access token's digest.
      expect(out).toContain('@map("registration_access_token_digest")');
      expect(out).not.toContain('datasource');
      expect(out).not.toContain('generator');
      expect(err).toContain('prisma migrate');
    } else if (target.startsWith('drizzle')) {
      for (const t of [
        'oauth_clients',
        'oauth_tokens',
        'oauth_authorization_codes',
        'oauth_device_codes',
        'oauth_replay_ids',
        'oauth_pushed_requests',
      ]) {
        expect(out).toContain(`'${t}'`);
      }
      expect(out.match(/^ {4}extensions: /gm)).toHaveLength(3);
      expect(out).toContain("'registration_access_token_digest'");
      expect(err).toContain('drizzle-kit generate');
    } else {
      expect(out).toContain('registerOAuthModels');
      expect(out).toContain('createMongooseReplayStore');
      expect(err).toContain('syncIndexes');
    }
  });

  it('writes the file given by --out', async () => {
    const file = join(dir, 'schema.ts');
    const { code } = await run(['schema', 'drizzle-sqlite', '--out', file]);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain("sqliteTable('oauth_clients'");
  });

  it('--migrations-dir writes every shipped MySQL migration once, in order', async () => {
    const migrations = join(dir, 'prisma-mysql-migrations');
    const first = await run(['schema', 'prisma-mysql', '--migrations-dir', migrations]);
    expect(first.code).toBe(0);
    const folders = readdirSync(migrations).sort();
    expect(folders).toHaveLength(6);
    expect(folders[0]).toMatch(/^\d{14}_oauthkit_init$/);
    expect(folders[1]).toMatch(/^\d{14}_oauthkit_extensions_and_replay_ids$/);
    expect(folders[2]).toMatch(/^\d{14}_oauthkit_device_codes$/);
    expect(folders[3]).toMatch(/^\d{14}_oauthkit_client_registration$/);
    expect(folders[4]).toMatch(/^\d{14}_oauthkit_pushed_authorization_requests$/);
    expect(folders[5]).toBe('migration_lock.toml');
    expect(readFileSync(join(migrations, folders[0]!, 'migration.sql'), 'utf8')).toContain(
      'CREATE TABLE `oauth_tokens`',
    );
    expect(readFileSync(join(migrations, folders[1]!, 'migration.sql'), 'utf8')).toContain(
      'ADD COLUMN `extensions`',
    );
    // Run again (or after an upgrade): only what the folder lacks is written.
    const again = await run(['schema', 'prisma-mysql', '--migrations-dir', migrations]);
    expect(again.err).toContain('already holds every oauthkit migration');
    expect(readdirSync(migrations)).toHaveLength(6);
    rmSync(join(migrations, folders[1]!), { recursive: true });
    const upgrade = await run(['schema', 'prisma-mysql', '--migrations-dir', migrations]);
    expect(upgrade.err).toMatch(/wrote .*_oauthkit_extensions_and_replay_ids/);
    expect(upgrade.err).not.toMatch(/_oauthkit_init/);
    expect(upgrade.err).not.toMatch(/_oauthkit_device_codes/);
    expect(readdirSync(migrations)).toHaveLength(6);
  });

  it('refuses an unknown target with exit code 2', async () => {
    const { code, err } = await run(['schema', 'sequelize']);
    expect(code).toBe(2);
    expect(err).toContain('schema needs one of');
  });
});

describe('oauthkit client create', () => {
  const file = join(dir, 'clients.db');
  const env = { OAUTHKIT_STORE: 'sqlite', OAUTHKIT_SQLITE_FILE: file };

  it('never migrates: on a database without the tables it says to run `oauthkit migrate`', async () => {
    const fresh = join(dir, 'fresh.db');
    const { code, err } = await run([
      'client',
      'create',
      '--sqlite-file',
      fresh,
      '--grant-type',
      'client_credentials',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('run `oauthkit migrate`');
    const db = new Database(fresh, { readonly: true });
    try {
      expect(db.prepare("select name from sqlite_master where type = 'table'").all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('`oauthkit migrate` creates the tables, recorded in their own migrations table', async () => {
    const first = await run(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.out).toContain('__oauthkit_migrations');
    expect((await run(['migrate'], env)).code).toBe(0); // idempotent
    const db = new Database(file, { readonly: true });
    try {
      const names = db.prepare("select name from sqlite_master where type = 'table'").all();
      expect(names.map((r) => (r as { name: string }).name)).toEqual(
        expect.arrayContaining(['oauth_clients', 'oauth_tokens', '__oauthkit_migrations']),
      );
    } finally {
      db.close();
    }
  });

  it('registers a confidential client and prints its secret once; the store holds the digest', async () => {
    const { code, out } = await run(
      [
        'client',
        'create',
        '--client-id',
        'svc',
        '--grant-type',
        'client_credentials',
        '--scope',
        'read write',
      ],
      env,
    );
    expect(code).toBe(0);
    const printed = JSON.parse(out) as { client_id: string; client_secret: string };
    expect(printed.client_id).toBe('svc');
    expect(printed.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare('select * from oauth_clients').all() as Record<string, unknown>[];
      expect(rows).toHaveLength(1);
      expect(rows[0]!.client_secret_digest).toBe(digestSecret(printed.client_secret));
      expect(JSON.stringify(rows)).not.toContain(printed.client_secret);
    } finally {
      db.close();
    }
  });

  it('registers a public client without a secret', async () => {
    const { code, out } = await run(
      [
        'client',
        'create',
        '--client-id',
        'spa',
        '--auth-method',
        'none',
        '--redirect-uri',
        'https://spa.example/cb',
        '--scope',
        'profile',
      ],
      env,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).client_secret).toBeNull();
  });

  it(`gives a client the scope "${DEFAULT_CLIENT_SCOPE}" when --scope is not given`, async () => {
    const { code, out } = await run(
      ['client', 'create', '--client-id', 'web', '--redirect-uri', 'https://web.example/cb'],
      env,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).scope).toBe('profile');
  });

  it('refuses a redirect URI that may not be registered, and a duplicate id', async () => {
    const bad = await run(['client', 'create', '--redirect-uri', 'javascript:alert(1)'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('javascript:');
    // SECURITY.md rule 33: no response parameter in the query, loopback as an IP literal.
    for (const uri of ['https://app.example/cb?state=x', 'http://localhost:8080/cb']) {
      const refused = await run(['client', 'create', '--redirect-uri', uri], env);
      expect(refused.code, uri).toBe(2);
    }
    const dup = await run(
      ['client', 'create', '--client-id', 'svc', '--grant-type', 'client_credentials'],
      env,
    );
    expect(dup.code).toBe(2);
    expect(dup.err).toContain('already exists');
  });

  it('registers post_logout_redirect_uris under the redirect URI rules', async () => {
    const back = 'https://rp.example/signed-out';
    const { code } = await run(
      [
        'client',
        'create',
        '--client-id',
        'rp',
        '--redirect-uri',
        'https://rp.example/cb',
        '--post-logout-redirect-uri',
        back,
      ],
      env,
    );
    expect(code).toBe(0);
    const db = new Database(file, { readonly: true });
    try {
      const row = db.prepare("select metadata from oauth_clients where client_id = 'rp'").get() as {
        metadata: string;
      };
      expect(JSON.parse(row.metadata).postLogoutRedirectUris).toEqual([back]);
    } finally {
      db.close();
    }
    for (const uri of [
      'javascript:alert(1)',
      'https://rp.example/out#x',
      'http://rp.example/out',
    ]) {
      const refused = await run(
        [
          'client',
          'create',
          '--redirect-uri',
          'https://rp.example/cb',
          '--post-logout-redirect-uri',
          uri,
        ],
        env,
      );
      expect(refused.code, uri).toBe(2);
      expect(refused.err).toContain('--post-logout-redirect-uri');
    }
  });

  it('refuses an unknown store kind', async () => {
    const { code, err } = await run(['client', 'create'], { OAUTHKIT_STORE: 'cassandra' });
    expect(code).toBe(2);
    expect(err).toContain('OAUTHKIT_STORE');
  });

  it('takes the stores from a .js or .ts config module of the app (OAUTHKIT_CONFIG, --config)', async () => {
    const shared = join(dir, 'config.db');
    expect((await run(['migrate', '--sqlite-file', shared])).code).toBe(0);
    const body = (suffix: string) => `
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { createDrizzleStores } from '@oauthkit/drizzle';
export default () => {
  const sqlite = new Database(${JSON.stringify(shared)});
  const stores${suffix} = createDrizzleStores(drizzle({ client: sqlite }));
  return { stores, close: () => sqlite.close() };
};`;
    // Beside this package, so the app's imports resolve as they would in an app.
    const js = join(import.meta.dirname, '..', '.config-test.mjs');
    const ts = join(import.meta.dirname, '..', '.config-test.ts');
    writeFileSync(js, body(''));
    writeFileSync(ts, body(': ReturnType<typeof createDrizzleStores>'));
    try {
      const a = await run([
        'client',
        'create',
        '--client-id',
        'from-js',
        '--grant-type',
        'client_credentials',
        '--config',
        js,
      ]);
      expect(a.code, a.err).toBe(0);
      const b = await run(
        ['client', 'create', '--client-id', 'from-ts', '--grant-type', 'client_credentials'],
        { OAUTHKIT_CONFIG: ts },
      );
      expect(b.code, b.err).toBe(0);
    } finally {
      rmSync(js, { force: true });
      rmSync(ts, { force: true });
    }
    const db = new Database(shared, { readonly: true });
    try {
      const ids = db.prepare('select client_id from oauth_clients order by client_id').all();
      expect(ids).toEqual([{ client_id: 'from-js' }, { client_id: 'from-ts' }]);
    } finally {
      db.close();
    }
    const bad = await run(['client', 'create'], { OAUTHKIT_CONFIG: join(dir, 'missing.mjs') });
    expect(bad.code).not.toBe(0);
  });
});
