import { describe, expect, test } from 'vitest';
import { createTestServer, expectError, registerClient, tokenRequest } from '../../test/helpers.js';
import type { AuthorizationServerConfig } from '../config/server-config.js';
import { createAuthorizationServer } from '../server/authorization-server.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import { InvalidGrantError, InvalidRequestError } from './errors.js';
import { asOAuth2Error, errorFields } from './render-error.js';

const GRANT_URI = 'https://docs.example/errors/invalid_grant';
const CLIENT_URI = 'https://docs.example/errors/invalid_client';

/** The body of an invalid_grant (unknown code) and an invalid_client response. */
async function errorBodies(errorUris: AuthorizationServerConfig['errorUris']) {
  const { server, stores } = createTestServer({
    config: errorUris === undefined ? {} : { errorUris },
  });
  const client = await registerClient(stores);
  const grant = await server.createTokenResponse(
    tokenRequest({ grant_type: 'authorization_code', code: 'unknown' }, { basic: client }),
  );
  const auth = await server.createTokenResponse(
    tokenRequest({ grant_type: 'client_credentials' }, { basic: { ...client, secret: 'wrong' } }),
  );
  return [
    await expectError(grant, 400, 'invalid_grant'),
    await expectError(auth, 401, 'invalid_client'),
  ];
}

describe('errorUris', () => {
  test.each([
    ['an object', { invalid_grant: GRANT_URI, invalid_client: CLIENT_URI }],
    [
      'a Map',
      new Map([
        ['invalid_grant', GRANT_URI],
        ['invalid_client', CLIENT_URI],
      ]),
    ],
    [
      'a list of pairs',
      [
        ['invalid_grant', GRANT_URI],
        ['invalid_client', CLIENT_URI],
      ] as [string, string][],
    ],
  ])('given as %s: error_uri is sent for the listed errors', async (_, errorUris) => {
    const [grant, auth] = await errorBodies(errorUris);
    expect(grant).toEqual({
      error: 'invalid_grant',
      error_description: 'The authorization code is invalid, expired or already used.',
      error_uri: GRANT_URI,
    });
    expect(auth).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed.',
      error_uri: CLIENT_URI,
    });
  });

  test('errors not listed get no error_uri key at all', async () => {
    const [grant, auth] = await errorBodies({ invalid_client: CLIENT_URI });
    expect(Object.keys(grant!).sort()).toEqual(['error', 'error_description']);
    expect(auth!.error_uri).toBe(CLIENT_URI);
  });

  test('absent: no response has an error_uri key', async () => {
    for (const body of await errorBodies(undefined)) {
      expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
    }
  });

  test.each<[string, unknown, string]>([
    [
      'a pair with one element',
      [['invalid_grant']],
      'config.errorUris entries must be [error, uri] pairs',
    ],
    [
      'a value that is not a URL',
      { invalid_grant: 'see the docs' },
      'config.errorUris: "see the docs" for "invalid_grant" is not a URL',
    ],
    [
      'a URL with a character error_uri may not carry',
      { invalid_grant: 'https://docs.example/a"b' },
      'config.errorUris: "https://docs.example/a"b" has characters not allowed in error_uri',
    ],
  ])('%s is a TypeError at construction', (_, errorUris, message) => {
    expect(() =>
      createAuthorizationServer({
        ...createMemoryStores(),
        config: {
          issuer: 'https://as.example',
          errorUris: errorUris as AuthorizationServerConfig['errorUris'],
        },
      }),
    ).toThrow(new TypeError(message));
  });
});

describe('error rendering', () => {
  test('anything that is not an OAuth2Error is a 500 server_error, its message kept private', () => {
    const error = asOAuth2Error(new Error('SELECT * FROM secrets failed'));
    expect(error.status).toBe(500);
    const fields = errorFields(error, [], {
      errorUris: new Map(),
      translate: undefined,
      defaultLocale: 'en',
    });
    expect(fields).toEqual({
      error: 'server_error',
      error_description: 'The server encountered an unexpected error.',
    });
  });

  test('a literal description passes through, quotes and backslashes replaced (RFC 6749 5.2)', () => {
    const error = new InvalidGrantError({ description: 'bad "grant" \\ here' });
    expect(
      errorFields(error, ['fr'], {
        errorUris: new Map(),
        translate: undefined,
        defaultLocale: 'en',
      }),
    ).toEqual({ error: 'invalid_grant', error_description: "bad 'grant' ' here" });
  });
});

describe('error_description never reflects raw request bytes', () => {
  test('a repeated parameter name with CR, LF and quotes is neutralised', () => {
    const fields = errorFields(
      new InvalidRequestError({
        description: 'duplicate_parameter',
        params: { name: 'a\r\nb"<x>' },
      }),
      [],
      { errorUris: new Map(), translate: undefined, defaultLocale: 'en' },
    );
    expect(fields.error_description).toBe('The a??b?<x> parameter was sent more than once.');
    expect(fields.error_description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
  });
});
