import type { ServiceKind } from './service-kinds.js';

let engine: Promise<boolean> | undefined;
const started = new Map<ServiceKind, Promise<string>>();

/**
 * Whether a Docker (or compatible) engine answers. Asked once per process: without an
 * engine testcontainers rejects within milliseconds. testcontainers is loaded only here,
 * so runs that have their URLs from env vars or local services never pay for its import.
 *
 * @example
 * it.runIf(await isDockerAvailable())('works on a fresh MongoDB container', async () => {});
 */
export function isDockerAvailable(): Promise<boolean> {
  engine ??= import('testcontainers')
    .then((tc) => tc.getContainerRuntimeClient())
    .then(
      () => true,
      () => false,
    );
  return engine;
}

/**
 * Starts the container for `kind` once per process and resolves its URL; later calls get
 * the same container. testcontainers' reaper removes it when the process exits.
 */
export function startServiceContainer(kind: ServiceKind): Promise<string> {
  let url = started.get(kind);
  if (!url) {
    url = startContainer(kind);
    // A failed start may be retried by a later call instead of failing forever.
    url.catch(() => started.delete(kind));
    started.set(kind, url);
  }
  return url;
}

async function startContainer(kind: ServiceKind): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  switch (kind) {
    case 'postgres': {
      const c = await new GenericContainer('postgres:16-alpine')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
        .withExposedPorts(5432)
        // The entrypoint's temporary init server logs this line once before the real one.
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start();
      return `postgres://postgres@${c.getHost()}:${c.getMappedPort(5432)}/test`;
    }
    case 'mysql': {
      const c = await new GenericContainer('mariadb:11')
        .withEnvironment({ MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1', MARIADB_DATABASE: 'test' })
        .withExposedPorts(3306)
        .withHealthCheck({
          test: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'],
          interval: 1000,
          timeout: 5000,
          retries: 60,
        })
        .withWaitStrategy(Wait.forHealthCheck())
        .start();
      return `mysql://root@${c.getHost()}:${c.getMappedPort(3306)}/test`;
    }
    case 'redis': {
      const c = await new GenericContainer('redis:7-alpine')
        .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
        .withExposedPorts(6379)
        .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
        .start();
      return `redis://${c.getHost()}:${c.getMappedPort(6379)}`;
    }
    case 'mongodb': {
      // A single-node replica set: Mongoose transactions need one.
      const c = await new GenericContainer('mongo:7')
        .withCommand(['--replSet', 'rs0', '--bind_ip_all'])
        .withExposedPorts(27017)
        .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
        .start();
      const init = await c.exec([
        'mongosh',
        '--quiet',
        '--eval',
        "try { rs.status() } catch (e) { rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: '127.0.0.1:27017' }] }) }" +
          ' for (let i = 0; i < 300 && !db.hello().isWritablePrimary; i++) sleep(100);' +
          ' quit(db.hello().isWritablePrimary ? 0 : 1)',
      ]);
      if (init.exitCode !== 0) throw new Error(`mongo rs.initiate failed: ${init.output}`);
      // directConnection: the member's own address (127.0.0.1:27017) is the container's.
      return `mongodb://${c.getHost()}:${c.getMappedPort(27017)}/test?directConnection=true`;
    }
  }
}
