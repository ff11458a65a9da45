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

/** Starts the example on a fresh SQLite file with a known user and public client. */
export async function startExample(extraServer: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-example-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const seedFile = join(dir, 'seed.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      users: [{ username: 'alice', password: 'wonderland-42' }],
      clients: [
        {
          client_id: 'e2e-app',
          client_name: 'E2E App',
          redirect_uris: [`${base}/callback`],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          scope: 'profile email',
          token_endpoint_auth_method: 'none',
        },
      ],
      server: {
        refreshTokenGenerator: true,
        scopesSupported: ['profile', 'email'],
        ...extraServer,
      },
    }),
  );
  const running = await start({
    PORT: String(port),
    HOST: '127.0.0.1',
    OAUTHKIT_SEED: seedFile,
    OAUTHKIT_SQLITE_FILE: join(dir, 'oauthkit.db'),
  });
  return {
    ...running,
    base,
    dbFile: join(dir, 'oauthkit.db'),
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
