import { probeService } from './probe-service.js';
import { isDockerAvailable, startServiceContainer } from './service-containers.js';
import { type ServiceKind, serviceSpec } from './service-kinds.js';

/** Where a service is, or why the tests that need it are skipped. */
export type ServiceUrl = { url: string } | { skip: string };

/** Options of {@link getServiceUrl}; the defaults are what test files want. */
export interface ServiceUrlOptions {
  /** Where the env vars are read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Probe the local default service (default `true`). */
  localDefaults?: boolean;
  /** Fall back to a Docker container (default `true`). */
  docker?: boolean;
}

/**
 * Finds a database for the store tests, in this order:
 * 1. the env var (`POSTGRES_URL`, `MYSQL_URL`, `REDIS_URL`, `MONGODB_URL`), used as is and
 *    never probed, so a wrong URL fails the tests instead of skipping them;
 * 2. for PostgreSQL, MySQL and Redis, the local default service
 *    (`postgres://postgres@127.0.0.1:5432/test`, `mysql://root@127.0.0.1:3306/test`,
 *    `redis://127.0.0.1:6379`), if a quick connect probe succeeds;
 * 3. a container started once per process, if a Docker engine answers;
 * 4. otherwise `{ skip }`, a one-line reason for `runStoreConformanceSuite`.
 *
 * @example
 * const postgres = await getServiceUrl('postgres');
 * if ('url' in postgres) console.log(postgres.url);
 */
export async function getServiceUrl(
  kind: ServiceKind,
  options: ServiceUrlOptions = {},
): Promise<ServiceUrl> {
  const spec = serviceSpec(kind);
  const fromEnv = (options.env ?? process.env)[spec.envVar];
  if (fromEnv) return { url: fromEnv };
  const local = options.localDefaults !== false ? spec.localUrl : null;
  if (local !== null && kind !== 'mongodb' && (await probeService(kind, local))) {
    return { url: local };
  }
  if (options.docker !== false && (await isDockerAvailable())) {
    return { url: await startServiceContainer(kind) };
  }
  const where = spec.localUrl === null ? '' : `, run it at ${spec.localUrl}`;
  return { skip: `no ${spec.label}: set ${spec.envVar}${where} or start Docker` };
}
