import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, getServiceUrl, type TestDatabase } from '@oauthkit/store-tests';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from './support/generated-client.js';
import {
  datasourceProvider,
  parseSchemaModels,
  type SchemaField,
  type SchemaModel,
} from './support/prisma-schema-models.js';
import {
  INIT_MIGRATION,
  MIGRATIONS,
  migrationFileSql,
  migrationSql,
  openMysql,
  openPostgres,
  openSqlite,
  providerDirs,
  type RawDatabase,
} from './support/raw-database.js';
import { diffFromEmpty } from './support/schema-engine.js';

const PROVIDERS: Provider[] = ['postgresql', 'mysql', 'sqlite'];
const schemaOf = (provider: Provider) =>
  readFileSync(join(providerDirs[provider], 'schema.prisma'), 'utf8');

describe('Prisma schemas', () => {
  it('declare the same models, fields, keys and indexes on every provider', () => {
    const withoutNativeTypes = (provider: Provider) =>
      parseSchemaModels(schemaOf(provider)).map((model) => ({
        ...model,
        fields: model.fields.map((field) => ({ ...field, nativeType: null })),
      }));
    const reference = withoutNativeTypes('postgresql');
    expect(reference.map((m) => m.table)).toEqual([
      'oauth_clients',
      'oauth_tokens',
      'oauth_authorization_codes',
      'oauth_replay_ids',
      'oauth_device_codes',
      'oauth_pushed_requests',
    ]);
    expect(withoutNativeTypes('mysql')).toEqual(reference);
    expect(withoutNativeTypes('sqlite')).toEqual(reference);
  });

  it.each(PROVIDERS)('%s: snake_case columns, lookup and expiry indexes', (provider) => {
    const models = parseSchemaModels(schemaOf(provider));
    for (const field of models.flatMap((m) => m.fields)) {
      expect(field.column).toBe(field.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    }
    const tokens = models.find((m) => m.table === 'oauth_tokens')!;
    expect(tokens.indexes).toEqual([
      ['familyId'],
      ['clientId'],
      ['accessTokenExpiresAt'],
      ['refreshTokenExpiresAt'],
    ]);
    const codes = models.find((m) => m.table === 'oauth_authorization_codes')!;
    expect(codes.indexes).toEqual([['clientId'], ['expiresAt']]);
    const deviceCodes = models.find((m) => m.table === 'oauth_device_codes')!;
    expect(deviceCodes.indexes).toEqual([['clientId'], ['expiresAt']]);
    expect(deviceCodes.fields.filter((f) => f.id || f.unique).map((f) => f.column)).toEqual([
      'device_code_digest',
      'user_code_digest',
    ]);
    const pushed = models.find((m) => m.table === 'oauth_pushed_requests')!;
    expect(pushed.indexes).toEqual([['expiresAt']]);
    expect(pushed.fields.filter((f) => f.id || f.unique).map((f) => f.column)).toEqual([
      'request_uri_digest',
    ]);
    expect(tokens.fields.filter((f) => f.id || f.unique).map((f) => f.column)).toEqual([
      'access_token_digest',
      'refresh_token_digest',
    ]);
  });

  it.each(PROVIDERS)(
    '%s: the shipped migrations, and a lock file naming the provider',
    (provider) => {
      const dir = join(providerDirs[provider], 'migrations');
      expect(readdirSync(dir).sort()).toEqual([...MIGRATIONS, 'migration_lock.toml']);
      const lock = readFileSync(join(dir, 'migration_lock.toml'), 'utf8');
      expect(lock).toContain(`provider = "${datasourceProvider(schemaOf(provider))}"`);
    },
  );

  it.each(PROVIDERS)(
    '%s: the first migration is never edited (users have applied it)',
    (provider) => {
      // `prisma migrate deploy` refuses a history whose applied migration changed checksum.
      const sha = createHash('sha256')
        .update(migrationFileSql(provider, INIT_MIGRATION))
        .digest('hex');
      expect(sha).toBe(INIT_CHECKSUMS[provider]);
    },
  );
});

/** SHA-256 of each provider's first migration, as released. */
const INIT_CHECKSUMS: Record<Provider, string> = {
  postgresql: 'c3f64198c668cb850ff293c84dda7a0c970e04de08e65713d24713eceb1d9e35',
  mysql: 'b7669ca018091f3e5c1bebaf629ba422086c1868d84f60d451607d5f0412d13e',
  sqlite: '30dd756472bc36a01fe35218f85b7f17eb26a13e8a0e4fcaaaf771d837de928e',
};

// Prisma's engine here cannot replay a migration history (that needs a shadow database), so
// the history is applied to one empty database, the SQL Prisma generates from the schema to
// another, and the two catalogs must be the same: the shipped migrations reach the schema.
describe('the migration history builds what Prisma generates from the schema', () => {
  it('sqlite', async () => {
    const expected = await diffFromEmpty(
      schemaOf('sqlite'),
      new PrismaBetterSqlite3({ url: ':memory:' }),
    );
    const history = openSqlite(':memory:');
    const generated = openSqlite(':memory:');
    try {
      await history.exec(migrationSql('sqlite'));
      await generated.exec(expected);
      expect(await sqliteCatalog(history)).toEqual(await sqliteCatalog(generated));
      expect((await sqliteCatalog(history)).length).toBeGreaterThan(20);
    } finally {
      await history.close();
      await generated.close();
    }
  });

  describe('postgresql', async () => {
    const service = await getServiceUrl('postgres');
    it.skipIf('skip' in service)('postgresql', async () => {
      const url = (service as { url: string }).url;
      // The engine only reads the server version through this pool; it writes nothing.
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      const dbs: TestDatabase[] = [];
      const raws: RawDatabase[] = [];
      try {
        const expected = await diffFromEmpty(schemaOf('postgresql'), new PrismaPg(pool));
        for (const label of ['prisma_history', 'prisma_generated']) {
          const db = await createTestDatabase('postgres', url, label);
          dbs.push(db);
          raws.push(openPostgres(db.url));
        }
        const [history, generated] = raws as [RawDatabase, RawDatabase];
        await history.exec(migrationSql('postgresql'));
        await generated.exec(expected);
        const catalog = await postgresCatalog(history);
        expect(catalog).toEqual(await postgresCatalog(generated));
        expect(catalog.length).toBeGreaterThan(20);
      } finally {
        await pool.end();
        for (const raw of raws) await raw.close();
        for (const db of dbs) await db.drop();
      }
    });
  });
});

/** Every table's columns (type, nullability, key) and indexes (columns, uniqueness). */
async function sqliteCatalog(raw: RawDatabase): Promise<string[]> {
  const tables = await raw.query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const out: string[] = [];
  for (const { name } of tables) {
    for (const c of await raw.query(`SELECT * FROM pragma_table_info('${name}') ORDER BY name`)) {
      out.push(`${name}.${c.name} ${c.type} notnull=${c.notnull} pk=${c.pk} dflt=${c.dflt_value}`);
    }
    for (const i of await raw.query(`SELECT * FROM pragma_index_list('${name}') ORDER BY name`)) {
      const cols = await raw.query(
        `SELECT name FROM pragma_index_info('${i.name}') ORDER BY seqno`,
      );
      out.push(`${name} index ${i.name} unique=${i.unique} (${cols.map((c) => c.name).join(',')})`);
    }
  }
  return out;
}

/** Every column (type, nullability, default) and index definition of the public schema. */
async function postgresCatalog(raw: RawDatabase): Promise<string[]> {
  const columns = await raw.query(
    `SELECT table_name, column_name, data_type, datetime_precision, is_nullable, column_default
     FROM information_schema.columns WHERE table_schema = 'public'
     ORDER BY table_name, column_name`,
  );
  const indexes = await raw.query(
    "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
  );
  const constraints = await raw.query(
    `SELECT conrelid::regclass::text AS t, conname, contype FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace ORDER BY conname`,
  );
  return [
    ...columns.map(
      (c) =>
        `${c.table_name}.${c.column_name} ${c.data_type}(${c.datetime_precision}) ` +
        `nullable=${c.is_nullable} default=${c.column_default}`,
    ),
    ...indexes.map((i) => String(i.indexdef)),
    ...constraints.map((c) => `${c.t} ${c.conname} ${c.contype}`),
  ];
}

// Prisma's engine cannot diff MySQL offline, so the hand-written SQL is applied and the
// tables it creates are compared with what mysql/schema.prisma declares.
describe('mysql: the tables migration.sql creates are the ones the schema declares', async () => {
  const service = await getServiceUrl('mysql');
  let db: TestDatabase;
  let raw: RawDatabase;
  const models = parseSchemaModels(schemaOf('mysql'));

  beforeAll(async () => {
    if ('skip' in service) return;
    db = await createTestDatabase('mysql', service.url, 'prisma_migration');
    raw = openMysql(db.url);
    await raw.exec(migrationSql('mysql'));
  });
  afterAll(async () => {
    await raw?.close();
    await db?.drop();
  });

  it.skipIf('skip' in service)('tables, columns, types and nullability', async () => {
    const columns = await raw.query(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, IS_NULLABLE AS n, DATA_TYPE AS type,
              CHARACTER_MAXIMUM_LENGTH AS len, DATETIME_PRECISION AS p, COLLATION_NAME AS coll
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`,
    );
    const actual = columns.map((r) => ({
      column: `${r.t}.${r.c}`,
      nullable: r.n === 'YES',
      type: describeMysqlColumn(r),
    }));
    const expected = models.flatMap((m) =>
      m.fields.map((f) => ({
        column: `${m.table}.${f.column}`,
        nullable: f.optional,
        type: expectedMysqlType(f),
      })),
    );
    expect(sortBy(actual, 'column')).toEqual(sortBy(expected, 'column'));
  });

  it.skipIf('skip' in service)('primary keys, unique and plain indexes, with names', async () => {
    const rows = await raw.query(
      `SELECT TABLE_NAME AS t, INDEX_NAME AS i, NON_UNIQUE AS nu, COLUMN_NAME AS c
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
       ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    );
    const actual = new Map<string, { index: string; unique: boolean; columns: string[] }>();
    for (const r of rows) {
      const key = `${r.t}.${r.i}`;
      const entry = actual.get(key) ?? { index: key, unique: Number(r.nu) === 0, columns: [] };
      entry.columns.push(r.c as string);
      actual.set(key, entry);
    }
    expect(sortBy([...actual.values()], 'index')).toEqual(sortBy(expectedIndexes(models), 'index'));
  });
});

/** A column as `type(length)`, `datetime(3)`, with `json` for MariaDB's JSON alias too. */
function describeMysqlColumn(r: Record<string, unknown>): string {
  // MariaDB's JSON is LONGTEXT with a json_valid() check; MySQL reports json itself.
  if (r.type === 'longtext' || r.type === 'json') return 'json';
  if (r.coll !== null && r.coll !== 'utf8mb4_bin') return `${r.type} collated ${r.coll}`;
  if (r.type === 'varchar') return `varchar(${r.len})`;
  if (r.type === 'datetime') return `datetime(${r.p})`;
  return String(r.type);
}

/** What Prisma's MySQL connector creates for a field (its defaults where no @db is given). */
function expectedMysqlType(field: SchemaField): string {
  const native = field.nativeType;
  if (field.type === 'Json' && native === null) return 'json';
  if (field.type === 'String' && native === null) return 'varchar(191)';
  if (field.type === 'String' && native === 'Text') return 'text';
  if (field.type === 'String' && native === 'MediumText') return 'mediumtext';
  // Reported as `json` by describeMysqlColumn, like MariaDB's JSON alias.
  if (field.type === 'String' && native === 'LongText') return 'json';
  if (field.type === 'String' && native?.startsWith('VarChar(')) return native.toLowerCase();
  if (field.type === 'Int' && native === null) return 'int';
  if (field.type === 'DateTime' && (native === null || native === 'DateTime(3)')) {
    return 'datetime(3)';
  }
  throw new Error(`no MySQL mapping for ${field.name} ${field.type} @db.${native}`);
}

/** The index names Prisma gives: PRIMARY, `<table>_<column>_key`, `<table>_<columns>_idx`. */
function expectedIndexes(models: SchemaModel[]) {
  return models.flatMap((m) => {
    const column = (name: string) => m.fields.find((f) => f.name === name)!.column;
    const ids = m.fields.filter((f) => f.id);
    return [
      { index: `${m.table}.PRIMARY`, unique: true, columns: ids.map((f) => f.column) },
      ...m.fields
        .filter((f) => f.unique)
        .map((f) => ({
          index: `${m.table}.${m.table}_${f.column}_key`,
          unique: true,
          columns: [f.column],
        })),
      ...m.indexes.map((fields) => ({
        index: `${m.table}.${m.table}_${fields.map(column).join('_')}_idx`,
        unique: false,
        columns: fields.map(column),
      })),
    ];
  });
}

function sortBy<T, K extends keyof T>(rows: T[], key: K): T[] {
  return [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}
