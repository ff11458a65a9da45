/** A database the store packages test against. */
export type ServiceKind = 'postgres' | 'mysql' | 'redis' | 'mongodb';

/** How each service is found: its env var, and the local default tried when it is unset. */
export interface ServiceSpec {
  /** Human name, used in skip reasons. */
  label: string;
  envVar: string;
  /** The service this machine (and docker/compose.yml) runs; none for MongoDB. */
  localUrl: string | null;
}

/** Declared once here; docker/compose.yml publishes the same ports. */
export const SERVICES: Readonly<Record<ServiceKind, ServiceSpec>> = {
  postgres: {
    label: 'PostgreSQL',
    envVar: 'POSTGRES_URL',
    localUrl: 'postgres://postgres@127.0.0.1:5432/test',
  },
  mysql: {
    label: 'MySQL/MariaDB',
    envVar: 'MYSQL_URL',
    localUrl: 'mysql://root@127.0.0.1:3306/test',
  },
  redis: { label: 'Redis', envVar: 'REDIS_URL', localUrl: 'redis://127.0.0.1:6379' },
  mongodb: { label: 'MongoDB', envVar: 'MONGODB_URL', localUrl: null },
};

/** The spec of `kind`, or a TypeError for anything else. */
export function serviceSpec(kind: ServiceKind): ServiceSpec {
  if (!Object.hasOwn(SERVICES, kind)) {
    throw new TypeError(
      `unknown service kind ${JSON.stringify(kind)}: use ${Object.keys(SERVICES).join(', ')}`,
    );
  }
  return SERVICES[kind];
}
