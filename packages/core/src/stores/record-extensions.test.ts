import { describe, expect, test } from 'vitest';
import {
  codeExchange,
  createTestServer,
  expectToken,
  registerClient,
  seedCode,
  tokenRequest,
} from '../../test/helpers.js';
import { digestToken } from '../crypto/digest.js';
import {
  MAX_RECORD_EXTENSIONS_BYTES,
  parseRecordExtensions,
  type RecordExtensions,
  serializeRecordExtensions,
} from './record-extensions.js';

describe('serializeRecordExtensions', () => {
  test('a plain JSON object round-trips', () => {
    const value: RecordExtensions = {
      authTime: 1_700_000_000,
      acr: 'urn:mace:incommon:iap:silver',
      amr: ['pwd', 'otp'],
      claims: { id_token: { email: { essential: true } }, userinfo: { name: null } },
      resource: ['https://api.example/'],
    };
    const json = serializeRecordExtensions('saveToken', 'record.extensions', value);
    expect(parseRecordExtensions(json)).toEqual(value);
    expect(serializeRecordExtensions('m', 'n', {})).toBe('{}');
  });

  test.each([
    ['null', null],
    ['an array', []],
    ['a string', '{}'],
    ['a Date inside', { authTime: new Date() }],
    ['undefined inside', { acr: undefined }],
    ['NaN inside', { authTime: Number.NaN }],
    ['a class instance', new Map()],
    ['a function inside', { acr: () => 'x' }],
    ['a BigInt inside', { authTime: 1n }],
    [
      'an object with only a hidden toJSON',
      Object.defineProperty({}, 'toJSON', { value: () => 1 }),
    ],
  ])('%s is a TypeError', (_, value) => {
    expect(() => serializeRecordExtensions('saveToken', 'record.extensions', value)).toThrow(
      TypeError,
    );
  });

  test('a value larger than the limit is a TypeError; one at the limit is kept', () => {
    const over = { acr: 'x'.repeat(MAX_RECORD_EXTENSIONS_BYTES) };
    expect(() => serializeRecordExtensions('m', 'n', over)).toThrow(/exceeds 8192 bytes/);
    const at = { acr: 'x'.repeat(MAX_RECORD_EXTENSIONS_BYTES - '{"acr":""}'.length) };
    expect(serializeRecordExtensions('m', 'n', at)).toHaveLength(MAX_RECORD_EXTENSIONS_BYTES);
  });

  test('a missing stored value reads as {}; a stored non-object is refused', () => {
    expect(parseRecordExtensions(null)).toEqual({});
    expect(parseRecordExtensions(undefined)).toEqual({});
    expect(parseRecordExtensions('')).toEqual({});
    expect(() => parseRecordExtensions('[1]')).toThrow(TypeError);
  });
});

describe('extensions travel from the code to every token of its family', () => {
  test('code exchange, then refresh rotation, keep the code extensions', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, {});
    const extensions: RecordExtensions = { authTime: 1_700_000_000, acr: '1', amr: ['pwd'] };
    const seeded = await seedCode(stores, { clientId: client.clientId, extensions });
    const first = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    const firstRecord = await stores.tokens.findByAccessToken(digestToken(first.access_token));
    expect(firstRecord?.extensions).toEqual(extensions);
    const second = await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
          { basic: client },
        ),
      ),
    );
    const secondRecord = await stores.tokens.findByAccessToken(digestToken(second.access_token));
    expect(secondRecord?.extensions).toEqual(extensions);
  });

  test('a store refuses extensions that would not survive JSON', async () => {
    const { stores } = createTestServer();
    const client = await registerClient(stores, {});
    await expect(
      seedCode(stores, {
        clientId: client.clientId,
        extensions: { authTime: new Date() as unknown as number },
      }),
    ).rejects.toThrow(TypeError);
  });
});
