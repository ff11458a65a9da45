import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../src/main.js';

/** A free loopback port (the example's issuer must know its port before it listens). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** More for {@link startExample}: seed keys, client fields, environment, a folder to reuse. */
export interface StartOptions {
  /** Top-level seed keys beside users, clients and server (`signingKeys`). */
  seed?: Record<string, unknown>;
  /**
   * More fields of the seed client `e2e-app` (`post_logout_redirect_uris`), or a function of
   * the example's base URL that gives them.
   */
  client?: Record<string, unknown> | ((base: string) => Record<string, unknown>);
  env?: Record<string, string>;
  /** Start in this folder (a restart over the same files); the caller removes it. */
  dir?: string;
}

/**
 * Starts the example on a fresh SQLite file with a known user and public client; the
 * signing keys are generated into the same temporary folder.
 */
export async function startExample(
  extraServer: Record<string, unknown> = {},
  options: StartOptions = {},
) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'oauthkit-example-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const seedFile = join(dir, 'seed.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      ...options.seed,
      users: [
        {
          username: 'alice',
          password: 'wonderland-42',
          name: 'Alice Liddell',
          email: 'alice@example.com',
          email_verified: true,
        },
      ],
      clients: [
        {
          client_id: 'e2e-app',
          client_name: 'E2E App',
          redirect_uris: [`${base}/callback`],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          scope: 'openid profile email',
          token_endpoint_auth_method: 'none',
          post_logout_redirect_uris: [`${base}/`],
          ...(typeof options.client === 'function' ? options.client(base) : options.client),
        },
      ],
      server: {
        refreshTokenGenerator: true,
        scopesSupported: ['openid', 'profile', 'email'],
        ...extraServer,
      },
    }),
  );
  const running = await start({
    PORT: String(port),
    HOST: '127.0.0.1',
    OAUTHKIT_SEED: seedFile,
    OAUTHKIT_SQLITE_FILE: join(dir, 'oauthkit.db'),
    OAUTHKIT_SIGNING_KEYS_FILE: join(dir, 'signing-keys.json'),
    ...options.env,
  });
  return {
    ...running,
    base,
    dir,
    dbFile: join(dir, 'oauthkit.db'),
    keysFile: join(dir, 'signing-keys.json'),
    async close() {
      await running.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
