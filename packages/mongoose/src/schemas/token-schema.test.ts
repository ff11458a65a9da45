import { generateToken } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { at, tokenRecord } from '../../test/fixtures.js';
import { createOfflineConnection } from '../../test/offline-connection.js';
import { validationErrors } from '../../test/validation-errors.js';
import { toTokenDocument } from '../records/token-record.js';
import { TOKENS_COLLECTION, tokenExpireAt, tokenSchema } from './token-schema.js';

const { models } = createOfflineConnection();

const invalid = (doc: object) => validationErrors(models.Token, doc);

describe('tokenSchema', () => {
  it('lives in oauth_tokens without a version key', () => {
    expect(TOKENS_COLLECTION).toBe('oauth_tokens');
    expect(tokenSchema.get('collection')).toBe('oauth_tokens');
    expect(tokenSchema.get('versionKey')).toBe(false);
    expect(models.Token.collection.collectionName).toBe('oauth_tokens');
  });

  it('has one path per record field, with its type, plus expireAt and provisional', () => {
    const types = Object.fromEntries(
      Object.entries(tokenSchema.paths).map(([path, type]) => [path, type.instance]),
    );
    expect(types).toEqual({
      _id: 'ObjectId',
      accessTokenDigest: 'String',
      refreshTokenDigest: 'String',
      familyId: 'String',
      clientId: 'String',
      userId: 'String',
      scope: 'String',
      tokenType: 'String',
      grantType: 'String',
      issuedAt: 'Date',
      accessTokenExpiresAt: 'Date',
      refreshTokenExpiresAt: 'Date',
      revokedAt: 'Date',
      rotatedAt: 'Date',
      extensions: 'String',
      expireAt: 'Date',
      provisional: 'Boolean',
    });
  });

  it('requires the non-nullable fields', () => {
    expect(tokenSchema.requiredPaths().sort()).toEqual(
      [
        'accessTokenDigest',
        'familyId',
        'clientId',
        'scope',
        'tokenType',
        'grantType',
        'issuedAt',
        'accessTokenExpiresAt',
      ].sort(),
    );
  });

  it('declares unique digests, family and client indexes and a TTL index on expireAt', () => {
    expect(tokenSchema.indexes()).toEqual([
      [{ accessTokenDigest: 1 }, { unique: true }],
      [
        { refreshTokenDigest: 1 },
        { unique: true, partialFilterExpression: { refreshTokenDigest: { $type: 'string' } } },
      ],
      [{ familyId: 1 }, {}],
      [{ clientId: 1 }, {}],
      [{ expireAt: 1 }, { expireAfterSeconds: 0 }],
    ]);
  });

  it('accepts a complete record, and one without refresh token or user', async () => {
    expect(await invalid(toTokenDocument(tokenRecord()))).toEqual({});
    const clientCredentials = tokenRecord({
      refreshTokenDigest: null,
      refreshTokenExpiresAt: null,
      userId: null,
      grantType: 'client_credentials',
    });
    expect(await invalid(toTokenDocument(clientCredentials))).toEqual({});
  });

  it('accepts an empty scope but not a missing one', async () => {
    const doc = toTokenDocument(tokenRecord({ scope: '' }));
    expect(await invalid(doc)).toEqual({});
    expect(await invalid({ ...doc, scope: undefined })).toEqual({ scope: 'required' });
  });

  it('refuses a document missing its required fields', async () => {
    expect(await invalid({})).toEqual({
      accessTokenDigest: 'required',
      familyId: 'required',
      clientId: 'required',
      scope: 'required',
      tokenType: 'required',
      grantType: 'required',
      issuedAt: 'required',
      accessTokenExpiresAt: 'required',
    });
  });

  it('refuses a raw token where a digest belongs (SECURITY.md 26)', async () => {
    const raw = generateToken();
    const doc = toTokenDocument(tokenRecord());
    expect(await invalid({ ...doc, accessTokenDigest: raw })).toEqual({
      accessTokenDigest: 'digest',
    });
    expect(await invalid({ ...doc, refreshTokenDigest: raw })).toEqual({
      refreshTokenDigest: 'digest',
    });
    expect(
      await invalid({ ...doc, accessTokenDigest: doc.accessTokenDigest.toUpperCase() }),
    ).toEqual({ accessTokenDigest: 'digest' });
  });

  it('refuses an empty string as a digest (Mongoose `match` would let it through)', async () => {
    const doc = toTokenDocument(tokenRecord());
    expect(await invalid({ ...doc, refreshTokenDigest: '' })).toEqual({
      refreshTokenDigest: 'digest',
    });
    expect(await invalid({ ...doc, accessTokenDigest: '' })).toEqual({
      accessTokenDigest: 'required',
    });
  });

  it('refuses dates that are not dates', async () => {
    const doc = toTokenDocument(tokenRecord());
    expect(await invalid({ ...doc, issuedAt: 'yesterday', revokedAt: {} })).toEqual({
      issuedAt: 'date',
      revokedAt: 'date',
    });
  });

  it('fills nullable fields with null, never with undefined', () => {
    const doc = new models.Token({}).toObject();
    for (const path of [
      'refreshTokenDigest',
      'userId',
      'refreshTokenExpiresAt',
      'revokedAt',
      'rotatedAt',
      'extensions',
      'expireAt',
    ]) {
      expect(doc, path).toHaveProperty(path, null);
    }
    // Only a rotation in flight writes it: a saved record has no such field.
    expect(doc).not.toHaveProperty('provisional');
  });
});

describe('tokenExpireAt', () => {
  it('is the access token expiry when there is no refresh token', () => {
    const r = tokenRecord({ refreshTokenDigest: null, refreshTokenExpiresAt: null });
    expect(tokenExpireAt(r)).toEqual(r.accessTokenExpiresAt);
  });

  it('is the later of both expiries when there is a refresh token', () => {
    expect(tokenExpireAt(tokenRecord({ refreshTokenExpiresAt: at(7200) }))).toEqual(at(7200));
    // A refresh token expiring before its access token still leaves the record useful
    // until the access token expires.
    expect(tokenExpireAt(tokenRecord({ refreshTokenExpiresAt: at(60) }))).toEqual(at(3600));
  });

  it('is null (kept) when the refresh token never expires', () => {
    expect(tokenExpireAt(tokenRecord({ refreshTokenExpiresAt: null }))).toBeNull();
  });
});
