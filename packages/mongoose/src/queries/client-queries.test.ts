import { describe, expect, it } from 'vitest';
import { clientRecord } from '../../test/fixtures.js';
import { createOfflineConnection, opOf } from '../../test/offline-connection.js';
import { toClientDocument } from '../records/client-record.js';
import { deleteClientQuery, findClientQuery, replaceClientQuery } from './client-queries.js';

const { models } = createOfflineConnection();
const { Client } = models;

describe('client queries', () => {
  it('find a client by id as a lean record', () => {
    const q = findClientQuery(Client, 'app');
    expect(opOf(q)).toBe('findOne');
    expect(q.getFilter()).toEqual({ clientId: 'app' });
    expect(q.mongooseOptions().lean).toBe(true);
  });

  it('save by replacing the whole document in one upsert, validated', () => {
    const doc = toClientDocument(clientRecord({ clientId: 'app' }));
    const q = replaceClientQuery(Client, doc);
    expect(opOf(q)).toBe('replaceOne');
    expect(q.getFilter()).toEqual({ clientId: 'app' });
    expect(q.getUpdate()).toEqual(doc);
    expect(q.getOptions()).toMatchObject({ upsert: true, runValidators: true });
  });

  it('delete one client by id', () => {
    const q = deleteClientQuery(Client, 'app');
    expect(opOf(q)).toBe('deleteOne');
    expect(q.getFilter()).toEqual({ clientId: 'app' });
  });
});
