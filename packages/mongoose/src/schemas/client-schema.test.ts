import { generateToken } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { clientRecord } from '../../test/fixtures.js';
import { createOfflineConnection } from '../../test/offline-connection.js';
import { validationErrors } from '../../test/validation-errors.js';
import { toClientDocument } from '../records/client-record.js';
import { CLIENTS_COLLECTION, clientMetadataSchema, clientSchema } from './client-schema.js';

const { models } = createOfflineConnection();
const invalid = (doc: object) => validationErrors(models.Client, doc);

describe('clientSchema', () => {
  it('lives in oauth_clients without a version key', () => {
    expect(CLIENTS_COLLECTION).toBe('oauth_clients');
    expect(clientSchema.get('collection')).toBe('oauth_clients');
    expect(clientSchema.get('versionKey')).toBe(false);
    expect(models.Client.collection.collectionName).toBe('oauth_clients');
  });

  it('has typed paths for the record and its metadata sub-document', () => {
    const types = Object.fromEntries(
      Object.entries(clientSchema.paths).map(([path, type]) => [path, type.instance]),
    );
    expect(types).toEqual({
      _id: 'ObjectId',
      clientId: 'String',
      clientSecretDigest: 'String',
      clientIdIssuedAt: 'Date',
      clientSecretExpiresAt: 'Date',
      metadata: 'Embedded',
      registrationAccessTokenDigest: 'String',
    });
    const meta = Object.fromEntries(
      Object.entries(clientMetadataSchema.paths).map(([path, type]) => [path, type.instance]),
    );
    expect(meta).toEqual({
      redirectUris: 'Array',
      grantTypes: 'Array',
      responseTypes: 'Array',
      scope: 'String',
      tokenEndpointAuthMethod: 'String',
      clientName: 'String',
      clientUri: 'String',
      logoUri: 'String',
      contacts: 'Array',
    });
    // The sub-document is the metadata value itself: no _id of its own.
    expect(clientMetadataSchema.path('_id')).toBeUndefined();
  });

  it('has a unique index on clientId and no TTL (a client outlives its secret)', () => {
    expect(clientSchema.indexes()).toEqual([[{ clientId: 1 }, { unique: true }]]);
  });

  it('accepts a confidential client, and a public one with empty lists and scope', async () => {
    expect(await invalid(toClientDocument(clientRecord()))).toEqual({});
    const publicClient = clientRecord({
      clientSecretDigest: null,
      metadata: {
        redirectUris: [],
        grantTypes: ['authorization_code'],
        responseTypes: ['code'],
        scope: '',
        tokenEndpointAuthMethod: 'none',
      },
    });
    expect(await invalid(toClientDocument(publicClient))).toEqual({});
  });

  it('refuses missing required fields, in the record and in the metadata', async () => {
    expect(await invalid({})).toEqual({
      clientId: 'required',
      clientIdIssuedAt: 'required',
      metadata: 'required',
    });
    expect(await invalid({ ...toClientDocument(clientRecord()), metadata: {} })).toEqual({
      'metadata.redirectUris': 'required',
      'metadata.grantTypes': 'required',
      'metadata.responseTypes': 'required',
      'metadata.scope': 'required',
      'metadata.tokenEndpointAuthMethod': 'required',
    });
  });

  it('refuses a clear secret where its digest belongs (SECURITY.md 26)', async () => {
    const doc = toClientDocument(clientRecord());
    expect(await invalid({ ...doc, clientSecretDigest: generateToken() })).toEqual({
      clientSecretDigest: 'digest',
    });
  });

  it('keeps unknown metadata fields and adds no empty optional ones', () => {
    const record = clientRecord();
    const doc = new models.Client({
      ...toClientDocument(record),
      metadata: { ...record.metadata, softwareId: 'abc', jwks: { keys: [] } },
    }).toObject();
    expect(doc.metadata).toEqual({ ...record.metadata, softwareId: 'abc', jwks: { keys: [] } });
    expect(doc.metadata).not.toHaveProperty('contacts');
  });
});
