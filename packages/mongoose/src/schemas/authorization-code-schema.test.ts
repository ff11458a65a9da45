import { generateToken } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { codeRecord } from '../../test/fixtures.js';
import { createOfflineConnection } from '../../test/offline-connection.js';
import { validationErrors } from '../../test/validation-errors.js';
import { toAuthorizationCodeDocument } from '../records/authorization-code-record.js';
import {
  AUTHORIZATION_CODES_COLLECTION,
  authorizationCodeSchema,
} from './authorization-code-schema.js';

const { models } = createOfflineConnection();
const invalid = (doc: object) => validationErrors(models.AuthorizationCode, doc);

describe('authorizationCodeSchema', () => {
  it('lives in oauth_authorization_codes without a version key', () => {
    expect(AUTHORIZATION_CODES_COLLECTION).toBe('oauth_authorization_codes');
    expect(authorizationCodeSchema.get('collection')).toBe('oauth_authorization_codes');
    expect(authorizationCodeSchema.get('versionKey')).toBe(false);
    expect(models.AuthorizationCode.collection.collectionName).toBe('oauth_authorization_codes');
  });

  it('has one typed path per record field', () => {
    const types = Object.fromEntries(
      Object.entries(authorizationCodeSchema.paths).map(([path, type]) => [path, type.instance]),
    );
    expect(types).toEqual({
      _id: 'ObjectId',
      codeDigest: 'String',
      clientId: 'String',
      userId: 'String',
      redirectUri: 'String',
      scope: 'String',
      codeChallenge: 'String',
      codeChallengeMethod: 'String',
      nonce: 'String',
      familyId: 'String',
      issuedAt: 'Date',
      expiresAt: 'Date',
      consumedAt: 'Date',
      replayedAt: 'Date',
      extensions: 'String',
    });
  });

  it('has a unique index on the digest and expires each code at its own expiresAt', () => {
    expect(authorizationCodeSchema.indexes()).toEqual([
      [{ codeDigest: 1 }, { unique: true }],
      [{ expiresAt: 1 }, { expireAfterSeconds: 0 }],
    ]);
  });

  it('accepts a code with and without its nullable bindings', async () => {
    expect(await invalid(toAuthorizationCodeDocument(codeRecord()))).toEqual({});
    const bare = codeRecord({
      redirectUri: null,
      codeChallenge: null,
      codeChallengeMethod: null,
      scope: '',
    });
    expect(await invalid(toAuthorizationCodeDocument(bare))).toEqual({});
  });

  it('refuses missing required fields', async () => {
    expect(await invalid({})).toEqual({
      codeDigest: 'required',
      clientId: 'required',
      userId: 'required',
      scope: 'required',
      familyId: 'required',
      issuedAt: 'required',
      expiresAt: 'required',
    });
  });

  it('refuses the clear code where its digest belongs, and a bad expiry', async () => {
    const doc = toAuthorizationCodeDocument(codeRecord());
    expect(await invalid({ ...doc, codeDigest: generateToken(), expiresAt: 'soon' })).toEqual({
      codeDigest: 'digest',
      expiresAt: 'date',
    });
  });

  it('starts unconsumed: consumedAt and replayedAt default to null', () => {
    const doc = new models.AuthorizationCode({}).toObject();
    expect(doc).toHaveProperty('consumedAt', null);
    expect(doc).toHaveProperty('replayedAt', null);
  });
});
