import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateId, type Stores, withMetadataDefaults } from '@oauthkit/core';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStores, type PrismaClientLike } from '../src/index.js';
import { importGeneratedClient, type TestPrismaClient } from './support/generated-client.js';
import { makeCode, makeToken } from './support/prisma-store-checks.js';

/** Every store method, called with plausible arguments; each must reject, none resolve. */
function everyStoreCall(stores: Stores): [string, () => Promise<unknown>][] {
  const token = makeToken(generateId());
  const now = new Date();
  return [
    ['findClient', () => stores.clients.findClient('app')],
    [
      'saveClient',
      () =>
        stores.clients.saveClient({
          clientId: 'app',
          clientSecretDigest: null,
          clientIdIssuedAt: now,
          clientSecretExpiresAt: null,
          metadata: withMetadataDefaults({}),
        }),
    ],
    ['deleteClient', () => stores.clients.deleteClient('app')],
    ['saveToken', () => stores.tokens.saveToken(token)],
    ['findByAccessToken', () => stores.tokens.findByAccessToken(token.accessTokenDigest)],
    ['findByRefreshToken', () => stores.tokens.findByRefreshToken(token.refreshTokenDigest!)],
    [
      'rotateRefreshToken',
      () =>
        stores.tokens.rotateRefreshToken(token.refreshTokenDigest!, makeToken(token.familyId), now),
    ],
    ['revokeAccessToken', () => stores.tokens.revokeAccessToken(token.accessTokenDigest, now)],
    ['revokeFamily', () => stores.tokens.revokeFamily(token.familyId, now)],
    ['saveCode', () => stores.codes.saveCode(makeCode())],
    ['findCode', () => stores.codes.findCode(makeCode().codeDigest)],
    ['consumeCode', () => stores.codes.consumeCode(makeCode().codeDigest, now)],
  ];
}

// A store failure must fail closed (SECURITY.md 27): a rejected promise, never `null`,
// `false` or `not_found` standing in for "the database did not answer".
describe('store failures reject', () => {
  const clients: TestPrismaClient[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const client of clients) await client.$disconnect().catch(() => {});
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('PostgreSQL server unreachable: every method rejects', async () => {
    const { PrismaClient } = await importGeneratedClient('postgresql');
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: 'postgresql://postgres@127.0.0.1:1/none' }),
    });
    clients.push(prisma);
    for (const [name, call] of everyStoreCall(createPrismaStores(prisma))) {
      await expect(call(), name).rejects.toThrow();
    }
  });

  it('SQLite database without the tables: every method rejects', async () => {
    const { PrismaClient } = await importGeneratedClient('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'oauthkit-prisma-unmigrated-'));
    dirs.push(dir);
    const prisma = new PrismaClient({
      adapter: new PrismaBetterSqlite3({ url: `file:${join(dir, 'empty.db')}` }),
    });
    clients.push(prisma);
    for (const [name, call] of everyStoreCall(createPrismaStores(prisma))) {
      await expect(call(), name).rejects.toThrow();
    }
  });
});

describe('createPrismaStores', () => {
  it('throws a TypeError for anything but a client with the oauthkit models', () => {
    for (const bad of [null, undefined, {}, { oauthClient: {} }, 'prisma']) {
      expect(() => createPrismaStores(bad as unknown as PrismaClientLike)).toThrow(TypeError);
    }
  });
});
