import { createHash } from 'node:crypto';
import {
  type AuthorizationCodeRecord,
  type ClientRecord,
  type DeviceCodeRecord,
  digestSecret,
  digestToken,
  generateId,
  generateToken,
  type TokenRecord,
} from '@oauthkit/core';
import { pendingDeviceCodeRecord } from '@oauthkit/core/stores';

/** How finely a store keeps dates; see `StoreSuiteOptions.datePrecision`. */
export type DatePrecision = 'millisecond' | 'second';

/** A client record with the clear secret it was made from. */
export interface IssuedClient {
  record: ClientRecord;
  secret: string;
}

/** A token record with the clear tokens it was made from. */
export interface IssuedToken {
  record: TokenRecord;
  accessToken: string;
  refreshToken: string | null;
}

/** A code record with the clear code it was made from. */
export interface IssuedCode {
  record: AuthorizationCodeRecord;
  code: string;
}

/**
 * Builds the records the suite writes, the way the server would: real random values from
 * the CSPRNG, stored only as digests, and dates that a store of the given precision can keep.
 */
export interface RecordFactory {
  /**
   * A date `offsetSeconds` from the suite's start. Dates always lie in the future, so that a
   * store expiring records by TTL (Redis, MongoDB) keeps them for the whole run; with
   * millisecond precision each call also gets a distinct non-zero millisecond part, so a
   * store that truncates is caught.
   */
  date(offsetSeconds?: number): Date;
  client(overrides?: Partial<ClientRecord>): IssuedClient;
  /** Pass `refreshTokenDigest: null` for a record without a refresh token. */
  token(overrides?: Partial<TokenRecord>): IssuedToken;
  code(overrides?: Partial<AuthorizationCodeRecord>): IssuedCode;
  /** A new pending device authorization (RFC 8628), interval 5 s, living 10 minutes. */
  deviceCode(overrides?: Partial<DeviceCodeRecord>): IssuedDeviceCode;
}

/** A device code record with the clear device code it was made from. */
export interface IssuedDeviceCode {
  record: DeviceCodeRecord;
  deviceCode: string;
}

/** S256 code challenge of a verifier (RFC 7636 4.2). */
function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * Creates the factory; `clientId` is the client every token and code belongs to. `base` is
 * the epoch milliseconds of `date(0)`: by default one minute ahead of the wall clock (whole
 * seconds), so even "now" arguments are never in the past; offline tests pass a fixed
 * instant. This is the one place test records are made: the conformance suite and every
 * store package's own tests build theirs here.
 *
 * @example
 * const make = createRecordFactory('second', 'client-1', Date.UTC(2030, 0, 1));
 * const { record, refreshToken } = make.token({ scope: 'read' });
 */
export function createRecordFactory(
  precision: DatePrecision,
  clientId: string,
  base: number = Math.floor(Date.now() / 1000) * 1000 + 60_000,
): RecordFactory {
  let calls = 0;

  const date = (offsetSeconds = 0): Date => {
    const ms = precision === 'millisecond' ? ((calls++ * 137) % 999) + 1 : 0;
    return new Date(base + offsetSeconds * 1000 + ms);
  };

  return {
    date,
    client(overrides = {}) {
      const secret = generateToken();
      const record: ClientRecord = {
        clientId: `client-${generateId()}`,
        clientSecretDigest: digestSecret(secret),
        clientIdIssuedAt: date(0),
        clientSecretExpiresAt: null,
        metadata: {
          redirectUris: ['https://app.example.com/callback'],
          grantTypes: ['authorization_code', 'refresh_token'],
          responseTypes: ['code'],
          scope: 'openid profile',
          tokenEndpointAuthMethod: 'client_secret_basic',
        },
        ...overrides,
      };
      return { record, secret };
    },
    token(overrides = {}) {
      const accessToken = generateToken();
      const withRefresh = overrides.refreshTokenDigest !== null;
      const refreshToken = withRefresh ? generateToken() : null;
      const record: TokenRecord = {
        accessTokenDigest: digestToken(accessToken),
        refreshTokenDigest: refreshToken === null ? null : digestToken(refreshToken),
        familyId: generateId(),
        clientId,
        userId: 'user-1',
        scope: 'openid profile',
        tokenType: 'Bearer',
        grantType: 'authorization_code',
        issuedAt: date(0),
        accessTokenExpiresAt: date(3600),
        refreshTokenExpiresAt: withRefresh ? date(30 * 86400) : null,
        revokedAt: null,
        rotatedAt: null,
        extensions: {},
        ...overrides,
      };
      return { record, accessToken, refreshToken };
    },
    code(overrides = {}) {
      const code = generateToken();
      const record: AuthorizationCodeRecord = {
        codeDigest: digestToken(code),
        clientId,
        userId: 'user-1',
        redirectUri: 'https://app.example.com/callback',
        scope: 'openid profile',
        codeChallenge: s256(generateToken()),
        codeChallengeMethod: 'S256',
        nonce: null,
        familyId: generateId(),
        issuedAt: date(0),
        expiresAt: date(600),
        consumedAt: null,
        replayedAt: null,
        extensions: {},
        ...overrides,
      };
      return { record, code };
    },
    deviceCode(overrides = {}) {
      const deviceCode = generateToken();
      const record: DeviceCodeRecord = {
        ...pendingDeviceCodeRecord({
          deviceCodeDigest: digestToken(deviceCode),
          userCodeDigest: digestToken(`user_code:${generateToken()}`),
          clientId,
          scope: 'openid profile',
          familyId: generateId(),
          issuedAt: date(0),
          expiresAt: date(600),
          interval: 5,
          extensions: {},
        }),
        ...overrides,
      };
      return { record, deviceCode };
    },
  };
}
