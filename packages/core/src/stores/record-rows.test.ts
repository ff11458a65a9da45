import { describe, expect, test } from 'vitest';
import { fromRecordRow, toRecordRow } from './record-rows.js';
import type { TokenRecord } from './token-store.js';

const token: TokenRecord = {
  accessTokenDigest: 'a'.repeat(64),
  refreshTokenDigest: null,
  familyId: 'family',
  clientId: 'app',
  userId: null,
  scope: 'openid',
  tokenType: 'Bearer',
  grantType: 'authorization_code',
  issuedAt: new Date(1000),
  accessTokenExpiresAt: new Date(2000),
  refreshTokenExpiresAt: null,
  revokedAt: null,
  rotatedAt: null,
  extensions: { authTime: 1 },
};

describe('record rows', () => {
  test('a record written and read back is the same record', () => {
    const row = toRecordRow('token', token);
    expect(row.extensions).toBe('{"authTime":1}');
    expect(fromRecordRow('token', row)).toEqual(token);
  });

  test('a record saved without extensions is written with null and read back with {}', () => {
    // Written by code from before the field (the checks let an absent one through).
    const { extensions: _, ...rest } = token;
    const bare = rest as TokenRecord;
    expect(toRecordRow('token', bare).extensions).toBeNull();
    expect(fromRecordRow('token', toRecordRow('token', bare)).extensions).toEqual({});
  });

  test("a row's own columns stay out of the record; a missing field reads null", () => {
    const { rotatedAt: _, ...row } = { ...toRecordRow('token', token), _id: 7, expireAt: null };
    const record = fromRecordRow('token', row as never);
    expect(record).not.toHaveProperty('_id');
    expect(record).not.toHaveProperty('expireAt');
    expect(record.rotatedAt).toBeNull();
  });

  test('extensions that do not serialise are a TypeError naming the save method', () => {
    const code = { extensions: { bad: 1n } } as never;
    expect(() => toRecordRow('code', code)).toThrow(TypeError);
    expect(() => toRecordRow('code', code)).toThrow(/saveCode/);
  });
});
