import { describe, expect, it } from 'vitest';
import { claimsForScopes, SCOPE_CLAIMS } from './scope-claims.js';

describe('claimsForScopes (OpenID Connect Core 5.4)', () => {
  it('maps each standard scope to its claims', () => {
    expect(claimsForScopes(['email'])).toEqual(['email', 'email_verified']);
    expect(claimsForScopes(['address'])).toEqual(['address']);
    expect(claimsForScopes(['phone'])).toEqual(['phone_number', 'phone_number_verified']);
    expect(claimsForScopes(['profile'])).toEqual([
      'name',
      'family_name',
      'given_name',
      'middle_name',
      'nickname',
      'preferred_username',
      'profile',
      'picture',
      'website',
      'gender',
      'birthdate',
      'zoneinfo',
      'locale',
      'updated_at',
    ]);
  });

  it('ignores openid, API scopes and inherited names; no duplicates', () => {
    expect(claimsForScopes(['openid', 'read', 'toString', 'constructor'])).toEqual([]);
    expect(claimsForScopes(['email', 'email', 'phone'])).toEqual([
      'email',
      'email_verified',
      'phone_number',
      'phone_number_verified',
    ]);
  });

  it('takes a custom map; the standard one is frozen', () => {
    expect(claimsForScopes(['groups'], { ...SCOPE_CLAIMS, groups: ['groups'] })).toEqual([
      'groups',
    ]);
    expect(Object.isFrozen(SCOPE_CLAIMS)).toBe(true);
    expect(Object.isFrozen(SCOPE_CLAIMS.email)).toBe(true);
  });
});
