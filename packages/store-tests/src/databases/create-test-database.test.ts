import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { getServiceUrl } from '../services/get-service-url.js';
import { createTestDatabase, type TestDatabase } from './create-test-database.js';

const NAME = /^oauthkit_store_tests_[0-9a-f]{10}$/;
const created: TestDatabase[] = [];
afterAll(() => Promise.all(created.map((db) => db.drop())));

async function create(kind: 'postgres' | 'mysql', url: string): Promise<TestDatabase> {
  const db = await createTestDatabase(kind, url, 'Store Tests!');
  created.push(db);
  return db;
}

async function pgQuery<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function myQuery<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    return (await connection.query(sql, params))[0] as T[];
  } finally {
    await connection.end();
  }
}

const postgres = await getServiceUrl('postgres');
const mariadb = await getServiceUrl('mysql');

describe.skipIf('skip' in postgres)('createTestDatabase (postgres)', () => {
  const base = (postgres as { url: string }).url;
  const exists = async (name: string) =>
    (await pgQuery(base, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;

  it('creates a uniquely named database that holds data, and drop() removes it', async () => {
    const [a, b] = [await create('postgres', base), await create('postgres', base)];
    expect(a.name).toMatch(NAME);
    expect(a.name).not.toBe(b.name);
    expect(new URL(a.url).pathname).toBe(`/${a.name}`);
    await pgQuery(a.url, 'CREATE TABLE t (v text)');
    await pgQuery(a.url, 'INSERT INTO t VALUES ($1)', ['ü🚀']);
    expect(await pgQuery(a.url, 'SELECT current_database() AS db, v FROM t')).toEqual([
      { db: a.name, v: 'ü🚀' },
    ]);
    // The other database is really another one.
    await expect(pgQuery(b.url, 'SELECT v FROM t')).rejects.toThrow(/does not exist/);
    await a.drop();
    expect(await exists(a.name)).toBe(false);
    expect(await exists(b.name)).toBe(true);
    await a.drop();
  });

  it('drops a database that still has open connections', async () => {
    const db = await create('postgres', base);
    const open = new pg.Client({ connectionString: db.url });
    open.on('error', () => {}); // terminated by the drop, as intended
    await open.connect();
    try {
      await db.drop();
      expect(await exists(db.name)).toBe(false);
    } finally {
      await open.end().catch(() => {});
    }
  });
});

describe.skipIf('skip' in mariadb)('createTestDatabase (mysql)', () => {
  const base = (mariadb as { url: string }).url;
  const schema = async (name: string) =>
    myQuery<{ charset: string }>(
      base,
      'SELECT DEFAULT_CHARACTER_SET_NAME AS charset FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [name],
    );

  it('creates a uniquely named utf8mb4 database that holds data, and drop() removes it', async () => {
    const [a, b] = [await create('mysql', base), await create('mysql', base)];
    expect(a.name).toMatch(NAME);
    expect(a.name).not.toBe(b.name);
    expect(await schema(a.name)).toEqual([{ charset: 'utf8mb4' }]);
    await myQuery(a.url, 'CREATE TABLE t (v varchar(20))');
    await myQuery(a.url, 'INSERT INTO t VALUES (?)', ['ü🚀']);
    expect(await myQuery(a.url, 'SELECT DATABASE() AS db, v FROM t')).toEqual([
      { db: a.name, v: 'ü🚀' },
    ]);
    await expect(myQuery(b.url, 'SELECT v FROM t')).rejects.toThrow(/doesn't exist/);
    await a.drop();
    expect(await schema(a.name)).toEqual([]);
    expect(await schema(b.name)).toHaveLength(1);
    await a.drop();
  });
});

describe('createTestDatabase arguments', () => {
  it('rejects caller mistakes with a TypeError before connecting', async () => {
    await expect(createTestDatabase('sqlite' as 'mysql', 'x', 'a')).rejects.toThrow(TypeError);
    await expect(createTestDatabase('postgres', 'not a url', 'a')).rejects.toThrow(TypeError);
    await expect(createTestDatabase('postgres', 'postgres://h/db', '!!!')).rejects.toThrow(
      TypeError,
    );
  });
});
