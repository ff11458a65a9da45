import { describe, expect, it } from 'vitest';
import { parseClaimsParameter } from './claims-parameter.js';
import { pickClaims, requestedClaims } from './requested-claims.js';

describe('requestedClaims', () => {
  const claims = parseClaimsParameter(
    JSON.stringify({
      userinfo: { given_name: { essential: true }, picture: null, sub: { value: 'u1' } },
      id_token: {
        auth_time: { essential: true },
        acr: { values: ['silver'] },
        email: { essential: true },
      },
    }),
  );

  it('userinfo: scope claims plus the userinfo member, without server-set claims', () => {
    const r = requestedClaims({ scopes: ['openid', 'email'], claims, target: 'userinfo' });
    expect(r.names).toEqual(['email', 'email_verified', 'given_name', 'picture']);
    expect(r.essential).toEqual(['given_name']);
    expect(r.requests.sub).toEqual({ value: 'u1' });
  });

  it('id_token: only the id_token member by default (scope claims go to UserInfo, Core 5.4)', () => {
    const r = requestedClaims({ scopes: ['openid', 'profile'], claims, target: 'id_token' });
    expect(r.names).toEqual(['email']);
    expect(r.essential).toEqual(['email']);
    expect(r.requests.auth_time).toEqual({ essential: true });
    expect(r.requests.acr).toEqual({ values: ['silver'] });
  });

  it('id_token with includeScopeClaims (no access token issued)', () => {
    const r = requestedClaims({
      scopes: ['openid', 'phone'],
      target: 'id_token',
      includeScopeClaims: true,
    });
    expect(r.names).toEqual(['phone_number', 'phone_number_verified']);
  });

  it('leaves out claims the server does not support', () => {
    const r = requestedClaims({
      scopes: ['email'],
      claims,
      target: 'userinfo',
      claimsSupported: ['email', 'given_name'],
    });
    expect(r.names).toEqual(['email', 'given_name']);
  });

  it('without openid claim scopes or claims parameter, nothing is asked', () => {
    expect(requestedClaims({ scopes: ['openid'], target: 'userinfo' }).names).toEqual([]);
  });
});

describe('pickClaims', () => {
  it('releases only the requested claims, dropping undefined and inherited ones', () => {
    const found = {
      email: 'a@example.com',
      email_verified: true,
      phone_number: '+1',
      name: undefined,
      sub: 'x',
    };
    expect(pickClaims(found, { names: ['email', 'email_verified', 'name', 'toString'] })).toEqual({
      email: 'a@example.com',
      email_verified: true,
    });
    expect(pickClaims(null, { names: ['email'] })).toEqual({});
  });
});
