import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { getServiceUrl } from './get-service-url.js';
import { probeService } from './probe-service.js';
import { isDockerAvailable } from './service-containers.js';
import { SERVICES, type ServiceKind } from './service-kinds.js';

const KINDS = Object.keys(SERVICES) as ServiceKind[];
const LOCAL = ['postgres', 'mysql', 'redis'] as const;
const docker = await isDockerAvailable();

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('getServiceUrl', () => {
  it('returns the env var as is, without probing it', async () => {
    for (const kind of KINDS) {
      // Port 1 answers nothing: a probe would have rejected this URL.
      const url = `${kind}://nobody@127.0.0.1:1/none`;
      expect(await getServiceUrl(kind, { env: { [SERVICES[kind].envVar]: url } })).toEqual({ url });
    }
  });

  // This machine runs the three services (TOOLCHAIN.md); where an env var points elsewhere,
  // the defaults may legitimately be absent.
  for (const kind of LOCAL) {
    it.skipIf(process.env[SERVICES[kind].envVar])(
      `uses the local ${kind} service when it answers`,
      async () => {
        expect(await getServiceUrl(kind, { env: {}, docker: false })).toEqual({
          url: SERVICES[kind].localUrl,
        });
      },
    );
  }

  it('skips with a one-line reason naming the env var when nothing is found', async () => {
    for (const kind of KINDS) {
      const result = await getServiceUrl(kind, { env: {}, localDefaults: false, docker: false });
      expect(result).toEqual({ skip: expect.stringContaining(SERVICES[kind].envVar) });
      expect((result as { skip: string }).skip).not.toMatch(/\n/);
    }
    expect(
      await getServiceUrl('postgres', { env: {}, localDefaults: false, docker: false }),
    ).toEqual({
      skip: 'no PostgreSQL: set POSTGRES_URL, run it at postgres://postgres@127.0.0.1:5432/test or start Docker',
    });
  });

  it('rejects an unknown kind with a TypeError', async () => {
    await expect(getServiceUrl('sqlite' as ServiceKind)).rejects.toThrow(TypeError);
  });
});

describe('probeService', () => {
  for (const kind of LOCAL) {
    it.skipIf(process.env[SERVICES[kind].envVar])(
      `answers true for the local ${kind}`,
      async () => {
        expect(await probeService(kind, SERVICES[kind].localUrl!)).toBe(true);
      },
    );

    it(`answers false, quickly, when nothing listens (${kind})`, async () => {
      const port = await closedPort();
      const started = Date.now();
      expect(await probeService(kind, `${kind}://root@127.0.0.1:${port}/test`)).toBe(false);
      expect(Date.now() - started).toBeLessThan(1500);
    });
  }

  it.skipIf(process.env.POSTGRES_URL || process.env.MYSQL_URL)(
    'answers false when the server refuses the credentials',
    async () => {
      expect(await probeService('postgres', 'postgres://no_such_role@127.0.0.1:5432/test')).toBe(
        false,
      );
      expect(await probeService('mysql', 'mysql://no_such_user@127.0.0.1:3306/test')).toBe(false);
    },
  );

  it('answers false when another protocol answers (Redis probe at a silent server)', async () => {
    const server = createServer((socket) =>
      socket.on('data', () => socket.end('HTTP/1.1 400\r\n')),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await probeService('redis', `redis://127.0.0.1:${port}`, 500)).toBe(false);
    } finally {
      server.close();
    }
  });
});

describe('isDockerAvailable', () => {
  it('asks the engine once per process and settles quickly', async () => {
    const started = Date.now();
    const first = isDockerAvailable();
    expect(isDockerAvailable()).toBe(first);
    expect(typeof (await first)).toBe('boolean');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.runIf(!docker)(
    'without an engine and without MONGODB_URL, MongoDB is skipped with a reason',
    async () => {
      expect(await getServiceUrl('mongodb', { env: {} })).toEqual({
        skip: 'no MongoDB: set MONGODB_URL or start Docker',
      });
    },
  );
});
