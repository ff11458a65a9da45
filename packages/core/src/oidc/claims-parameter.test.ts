import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/defaults.js';
import { InvalidRequestError } from '../errors/errors.js';
import { parseClaimsParameter } from './claims-parameter.js';

describe('parseClaimsParameter (OpenID Connect Core 5.5)', () => {
  it('parses the example of Core 5.5', () => {
    const raw = JSON.stringify({
      userinfo: {
        given_name: { essential: true },
        nickname: null,
        email: { essential: true },
        email_verified: { essential: true },
        picture: null,
        'http://example.info/claims/groups': null,
      },
      id_token: {
        auth_time: { essential: true },
        acr: { values: ['urn:mace:incommon:iap:silver'] },
        sub: { value: '248289761001' },
      },
      unknown_member: { ignored: true },
    });
    expect(parseClaimsParameter(raw)).toEqual({
      userinfo: {
        given_name: { essential: true },
        nickname: null,
        email: { essential: true },
        email_verified: { essential: true },
        picture: null,
        'http://example.info/claims/groups': null,
      },
      id_token: {
        auth_time: { essential: true },
        acr: { values: ['urn:mace:incommon:iap:silver'] },
        sub: { value: '248289761001' },
      },
    });
  });

  it('keeps only understood members of each claim request', () => {
    expect(
      parseClaimsParameter('{"id_token":{"email":{"essential":false,"purpose":"x"}}}'),
    ).toEqual({
      id_token: { email: { essential: false } },
    });
  });

  it('a __proto__ claim name stays an own property and pollutes nothing', () => {
    const parsed = parseClaimsParameter('{"userinfo":{"__proto__":{"essential":true}}}');
    expect(Object.hasOwn(parsed.userinfo!, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).essential).toBeUndefined();
  });

  const invalid: [string, string][] = [
    ['not JSON', '{'],
    ['a JSON array', '[]'],
    ['a JSON string', '"x"'],
    ['null', 'null'],
    ['no userinfo nor id_token', '{"other":{}}'],
    ['userinfo not an object', '{"userinfo":[]}'],
    ['id_token a string', '{"id_token":"email"}'],
    ['a claim request that is a string', '{"userinfo":{"email":"yes"}}'],
    ['a claim request that is an array', '{"userinfo":{"email":[true]}}'],
    ['essential not a boolean', '{"userinfo":{"email":{"essential":"true"}}}'],
    ['value an object', '{"id_token":{"acr":{"value":{"a":1}}}}'],
    ['values not an array', '{"id_token":{"acr":{"values":"a"}}}'],
    ['values empty', '{"id_token":{"acr":{"values":[]}}}'],
    ['values with an object', '{"id_token":{"acr":{"values":["a",{}]}}}'],
    ['an empty claim name', '{"userinfo":{"":null}}'],
    ['a claim name too long', JSON.stringify({ userinfo: { ['c'.repeat(300)]: null } })],
    [
      'too many values',
      JSON.stringify({
        id_token: {
          acr: { values: Array.from({ length: DEFAULTS.maxClaimValues + 1 }, (_, i) => `v${i}`) },
        },
      }),
    ],
    [
      'too many claims',
      JSON.stringify({
        userinfo: Object.fromEntries(
          Array.from({ length: DEFAULTS.maxRequestedClaims + 1 }, (_, i) => [`c${i}`, null]),
        ),
      }),
    ],
    [
      'too many bytes',
      JSON.stringify({
        userinfo: { email: { value: 'x'.repeat(DEFAULTS.maxClaimsParameterBytes) } },
      }),
    ],
    ['a value too long', JSON.stringify({ userinfo: { email: { value: 'x'.repeat(2000) } } })],
  ];
  it.each(invalid)('%s is invalid_request', (_name, raw) => {
    let error: unknown;
    try {
      parseClaimsParameter(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).error).toBe('invalid_request');
    expect((error as InvalidRequestError).status).toBe(400);
  });

  it('takes tighter limits', () => {
    expect(() =>
      parseClaimsParameter('{"userinfo":{"a":null,"b":null}}', { maxClaims: 1 }),
    ).toThrow(InvalidRequestError);
    expect(() => parseClaimsParameter('{"userinfo":{"a":null}}', { maxBytes: 10 })).toThrow(
      InvalidRequestError,
    );
  });

  it('deeply nested input does not crash the parser', () => {
    const deep = `{"userinfo":{"a":{"value":${'['.repeat(1000)}${']'.repeat(1000)}}}}`;
    expect(() => parseClaimsParameter(deep)).toThrow(InvalidRequestError);
  });
});

describe('parseClaimsParameter with a request object claims member', () => {
  it('validates an object the same way', () => {
    expect(parseClaimsParameter({ id_token: { acr: { values: ['a'] } } })).toEqual({
      id_token: { acr: { values: ['a'] } },
    });
    expect(() => parseClaimsParameter({ id_token: 'x' })).toThrow(InvalidRequestError);
    expect(() => parseClaimsParameter([] as unknown as Record<string, unknown>)).toThrow(
      InvalidRequestError,
    );
    const big = { userinfo: { email: { value: 'x'.repeat(DEFAULTS.maxClaimsParameterBytes) } } };
    expect(() => parseClaimsParameter(big)).toThrow(InvalidRequestError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => parseClaimsParameter(cyclic)).toThrow(InvalidRequestError);
    expect(() => parseClaimsParameter(undefined as unknown as string)).toThrow(InvalidRequestError);
  });
});
