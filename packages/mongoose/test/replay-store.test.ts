import { randomBytes } from 'node:crypto';
import { generateId } from '@oauthkit/core';
import { getServiceUrl, runReplayStoreSuite } from '@oauthkit/store-tests';
import { type Connection, createConnection } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { createMongooseReplayStore } from '../src/index.js';
import { registerReplayModel } from '../src/stores/mongoose-replay-store.js';

// MONGODB_URL, else a Docker container; with neither, every test is registered as skipped
// with the reason in its title and a warning is printed.
const service = await getServiceUrl('mongodb');
const skip = 'skip' in service ? service.skip : undefined;
const url = 'url' in service ? service.url : '';
const dbName = `oauthkit_replay_${randomBytes(5).toString('hex')}`;
const connections: Connection[] = [];

/** A connection of its own (the race runs over several), with the TTL index built. */
async function connect(): Promise<Connection> {
  const connection = await createConnection(url, { dbName }).asPromise();
  connections.push(connection);
  await registerReplayModel(connection).init();
  return connection;
}

afterAll(async () => {
  await connections[0]?.dropDatabase();
  for (const c of connections) await c.close();
});

runReplayStoreSuite({
  name: 'mongoose/mongodb',
  skip,
  create: async () => createMongooseReplayStore(await connect()),
});

describe.skipIf(skip)('createMongooseReplayStore on MongoDB', () => {
  it('keeps one document per id and namespace until deleteExpired removes it', async () => {
    const connection = await connect();
    const store = createMongooseReplayStore(connection);
    const id = generateId();
    const later = new Date(Date.now() + 30_000);
    expect(await store.useOnce('client_assertion', id, later)).toBe(true);
    expect(await store.useOnce('dpop', id, later)).toBe(true);
    const past = new Date(Date.now() - 1000);
    expect(await store.useOnce('dpop', `${id}-old`, past)).toBe(true);
    expect(await store.deleteExpired(new Date())).toBeGreaterThanOrEqual(1);
    const ids = (await connection.db!.collection('oauth_replay_ids').find({}).toArray()).map(
      (d) => d._id,
    );
    expect(ids).toEqual(expect.arrayContaining([`client_assertion:${id}`, `dpop:${id}`]));
    expect(ids).not.toContain(`dpop:${id}-old`);
  });
});
