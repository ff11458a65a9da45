import { describe, expect, it } from 'vitest';
import { createOfflineConnection, opOf, sentBy } from '../../test/offline-connection.js';
import { deleteExpiredReplayIdsQuery, useOnceQuery } from '../queries/replay-queries.js';
import { REPLAY_IDS_COLLECTION } from '../schemas/replay-id-schema.js';
import {
  createMongooseReplayStore,
  REPLAY_ID_MODEL_NAME,
  registerReplayModel,
} from './mongoose-replay-store.js';

const later = () => new Date(Date.now() + 60_000);

describe('createMongooseReplayStore, offline', () => {
  it('useOnce is one upsert on _id that matches only an expired id', async () => {
    const { connection, sent } = createOfflineConnection();
    const ReplayId = registerReplayModel(connection);
    const expiresAt = new Date(Date.UTC(2030, 0, 1, 0, 1));
    const now = new Date(Date.UTC(2030, 0, 1));
    const query = useOnceQuery(ReplayId, 'client_assertion:abc', expiresAt, now);
    expect(opOf(query)).toBe('updateOne');
    expect(query.getFilter()).toEqual({ _id: 'client_assertion:abc', expiresAt: { $lte: now } });
    expect(query.getUpdate()).toEqual({ $set: { expiresAt } });
    expect(query.getOptions()).toMatchObject({ upsert: true });
    const op = await sentBy(sent, query);
    expect(op.collection).toBe(REPLAY_IDS_COLLECTION);
    expect(op.method).toBe('updateOne');
    const cleanup = deleteExpiredReplayIdsQuery(ReplayId, now);
    expect(cleanup.getFilter()).toEqual({ expiresAt: { $lte: now } });
  });

  it('the TTL index on expiresAt forgets ids once they expire', () => {
    const { connection } = createOfflineConnection();
    expect(registerReplayModel(connection).schema.indexes()).toEqual([
      [{ expiresAt: 1 }, expect.objectContaining({ expireAfterSeconds: 0 })],
    ]);
  });

  it('a store failure rejects (callers fail closed), never answers false', async () => {
    const { connection } = createOfflineConnection();
    const store = createMongooseReplayStore(connection);
    await expect(store.useOnce('client_assertion', 'abc', later())).rejects.toThrow(
      /before initial connection/,
    );
    await expect(store.deleteExpired(new Date())).rejects.toThrow(/before initial connection/);
  });

  it('refuses bad arguments before MongoDB is asked, and a foreign model under its name', async () => {
    const { connection, sent } = createOfflineConnection();
    const store = createMongooseReplayStore(connection);
    await expect(store.useOnce('Client Assertion', 'abc', later())).rejects.toThrow(TypeError);
    await expect(store.useOnce('client_assertion', '', later())).rejects.toThrow(TypeError);
    await expect(store.useOnce('client_assertion', 'a', new Date(Number.NaN))).rejects.toThrow(
      TypeError,
    );
    await expect(store.deleteExpired(new Date(Number.NaN))).rejects.toThrow(TypeError);
    expect(sent).toEqual([]);
    expect(() => createMongooseReplayStore({} as never)).toThrow(TypeError);
    const other = createOfflineConnection().connection;
    other.model(
      REPLAY_ID_MODEL_NAME,
      registerReplayModel(connection).schema.clone().set('collection', 'elsewhere'),
    );
    expect(() => createMongooseReplayStore(other)).toThrow(/already registered/);
  });
});
