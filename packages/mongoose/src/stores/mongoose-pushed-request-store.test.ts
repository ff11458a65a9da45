import { describe, expect, it } from 'vitest';
import { createOfflineConnection, opOf, sentBy } from '../../test/offline-connection.js';
import {
  consumePushedRequestQuery,
  deleteExpiredPushedRequestsQuery,
  findPushedRequestQuery,
} from '../queries/pushed-request-queries.js';
import { PUSHED_REQUESTS_COLLECTION } from '../schemas/pushed-request-schema.js';
import { createMongooseStores } from './create-mongoose-stores.js';
import {
  createMongoosePushedRequestStore,
  PUSHED_REQUEST_MODEL_NAME,
  registerPushedRequestModel,
} from './mongoose-pushed-request-store.js';

const record = () => ({
  requestUriDigest: 'a'.repeat(64),
  clientId: 'client-1',
  parameters: 'response_type=code&client_id=client-1',
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
});

describe('createMongoosePushedRequestStore, offline', () => {
  it('consume is one findOneAndDelete on _id and clientId', async () => {
    const { connection, sent } = createOfflineConnection();
    const Model = registerPushedRequestModel(connection);
    const query = consumePushedRequestQuery(Model, 'digest', 'client-1');
    expect(opOf(query)).toBe('findOneAndDelete');
    expect(query.getFilter()).toEqual({ _id: 'digest', clientId: 'client-1' });
    const op = await sentBy(sent, query);
    expect(op.collection).toBe(PUSHED_REQUESTS_COLLECTION);
    expect(findPushedRequestQuery(Model, 'digest').getFilter()).toEqual({ _id: 'digest' });
    const now = new Date();
    expect(deleteExpiredPushedRequestsQuery(Model, now).getFilter()).toEqual({
      expiresAt: { $lte: now },
    });
  });

  it('the TTL index on expiresAt forgets requests once they expire', () => {
    const { connection } = createOfflineConnection();
    expect(registerPushedRequestModel(connection).schema.indexes()).toEqual([
      [{ expiresAt: 1 }, expect.objectContaining({ expireAfterSeconds: 0 })],
    ]);
  });

  it('a store failure rejects (the server fails closed), never answers null', async () => {
    const { connection } = createOfflineConnection();
    const store = createMongoosePushedRequestStore(connection);
    const r = record();
    await expect(store.consumePushedRequest(r.requestUriDigest, r.clientId)).rejects.toThrow(
      /before initial connection/,
    );
    await expect(store.findPushedRequest(r.requestUriDigest)).rejects.toThrow(
      /before initial connection/,
    );
  });

  it('refuses bad arguments before MongoDB is asked, and a foreign model under its name', async () => {
    const { connection, sent } = createOfflineConnection();
    const store = createMongoosePushedRequestStore(connection);
    await expect(store.savePushedRequest({ ...record(), clientId: '' })).rejects.toThrow(TypeError);
    await expect(store.consumePushedRequest('', 'c')).rejects.toThrow(TypeError);
    await expect(store.deleteExpired(new Date(Number.NaN))).rejects.toThrow(TypeError);
    expect(sent).toEqual([]);
    expect(() => createMongoosePushedRequestStore({} as never)).toThrow(TypeError);
    const other = createOfflineConnection().connection;
    other.model(
      PUSHED_REQUEST_MODEL_NAME,
      registerPushedRequestModel(connection).schema.clone().set('collection', 'elsewhere'),
    );
    expect(() => createMongoosePushedRequestStore(other)).toThrow(/already registered/);
  });

  it('createMongooseStores includes it', () => {
    const { connection } = createOfflineConnection();
    expect(typeof createMongooseStores(connection).pushedRequests.consumePushedRequest).toBe(
      'function',
    );
  });
});
