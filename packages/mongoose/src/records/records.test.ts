import { describe, expect, it } from 'vitest';
import { at, clientRecord, codeRecord, tokenRecord } from '../../test/fixtures.js';
import {
  toAuthorizationCodeDocument,
  toAuthorizationCodeRecord,
} from './authorization-code-record.js';
import { toClientDocument, toClientRecord } from './client-record.js';
import { toTokenDocument, toTokenRecord } from './token-record.js';

// What a lean read returns: the stored fields plus `_id` (and whatever else a document may
// have picked up); the records must come back exactly as saved.
const stored = <T extends object>(doc: T) => ({ _id: 'x', ...doc, unexpected: 1 });

describe('record <-> document mapping', () => {
  it('token: adds expireAt on the way in, drops _id and expireAt on the way out', () => {
    const record = tokenRecord({
      revokedAt: at(9),
      rotatedAt: at(9),
      extensions: { acr: 'urn:x', claims: { userinfo: { 'http://example.info/c': null } } },
    });
    const doc = toTokenDocument({ ...record, extra: 'dropped' } as typeof record);
    expect(doc).toEqual({
      ...record,
      extensions: JSON.stringify(record.extensions),
      expireAt: at(30 * 86400),
    });
    expect(toTokenRecord(stored(doc))).toEqual(record);
  });

  it('token: absent optional fields read back as null', () => {
    const record = tokenRecord({
      refreshTokenDigest: null,
      refreshTokenExpiresAt: null,
      userId: null,
    });
    // `extensions` too: a document written before the path existed reads `{}`.
    const {
      refreshTokenDigest,
      refreshTokenExpiresAt,
      userId,
      revokedAt,
      rotatedAt,
      extensions,
      ...rest
    } = toTokenDocument(record);
    expect(toTokenRecord(rest as never)).toEqual(record);
  });

  it('code: round-trips, absent nullable fields read back as null', () => {
    const record = codeRecord({ consumedAt: at(1), replayedAt: at(2), nonce: 'n' });
    expect(toAuthorizationCodeRecord(stored(toAuthorizationCodeDocument(record)))).toEqual(record);
    const bare = codeRecord({ redirectUri: null, codeChallenge: null, codeChallengeMethod: null });
    const {
      redirectUri,
      codeChallenge,
      codeChallengeMethod,
      nonce,
      consumedAt,
      replayedAt,
      extensions,
      ...rest
    } = toAuthorizationCodeDocument(bare);
    expect(toAuthorizationCodeRecord(rest as never)).toEqual(bare);
  });

  it('client: round-trips and drops undefined metadata keys before they reach BSON', () => {
    const record = clientRecord({ clientSecretExpiresAt: at(99) });
    const doc = toClientDocument({
      ...record,
      metadata: { ...record.metadata, clientName: undefined },
    });
    expect(Object.keys(doc.metadata)).not.toContain('clientName');
    expect(toClientRecord(stored(doc))).toEqual(record);
    const { clientSecretDigest, clientSecretExpiresAt, ...rest } = doc;
    expect(toClientRecord(rest as never)).toEqual({
      ...record,
      clientSecretDigest: null,
      clientSecretExpiresAt: null,
    });
  });
});
