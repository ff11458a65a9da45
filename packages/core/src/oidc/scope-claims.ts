/**
 * The claims each standard scope asks for (OpenID Connect Core 5.4).
 */
export const SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  profile: Object.freeze([
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
  ]),
  email: Object.freeze(['email', 'email_verified']),
  address: Object.freeze(['address']),
  phone: Object.freeze(['phone_number', 'phone_number_verified']),
});

/**
 * The claims asked for by `scopes` (OpenID Connect Core 5.4), without duplicates, in the
 * order of the scopes. Scopes that are not claim scopes (`openid`, API scopes) add nothing.
 *
 * @example
 * claimsForScopes(['openid', 'email']); // ['email', 'email_verified']
 */
export function claimsForScopes(
  scopes: readonly string[],
  scopeClaims: Readonly<Record<string, readonly string[]>> = SCOPE_CLAIMS,
): string[] {
  const out = new Set<string>();
  for (const scope of scopes) {
    if (Object.hasOwn(scopeClaims, scope)) for (const c of scopeClaims[scope]!) out.add(c);
  }
  return [...out];
}
