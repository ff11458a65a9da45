import { DEFAULTS } from './defaults.js';
import type { AuthorizationServerConfig } from './server-config.js';

/**
 * A security profile `config.profile` can turn on. `'fapi2'`: the FAPI 2.0 Security Profile
 * (OpenID Foundation, final, February 2025).
 */
export type SecurityProfile = 'fapi2';

/**
 * The client authentication methods FAPI 2.0 allows (5.3.2.1: `private_key_jwt` or mutual
 * TLS; 5.3.1.2 admits confidential clients only, so `none` is out). oauthkit offers
 * `private_key_jwt`; a mutual-TLS method registered under its RFC 8705 name is kept.
 */
export const FAPI2_CLIENT_AUTH_METHODS: ReadonlySet<string> = new Set([
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
]);

/** Grants the FAPI 2.0 profile refuses to register: the password grant (5.3.2.1). */
export const FAPI2_REFUSED_GRANT_TYPES: ReadonlySet<string> = new Set(['password']);

const where = (name: string) => `config.${name} contradicts profile "fapi2"`;

/**
 * The configuration a profile makes of `config`: its settings filled in, and a `TypeError`
 * naming the first setting that contradicts it. Without a profile, `config` as it is.
 */
export function applySecurityProfile(config: AuthorizationServerConfig): AuthorizationServerConfig {
  const profile = config.profile;
  if (profile === undefined) return config;
  if (profile !== 'fapi2') throw new TypeError('config.profile must be "fapi2" (or left out)');
  const limits = DEFAULTS.fapi2;
  // PKCE with S256 for every client (5.3.2.2; RFC 9700 2.1.1).
  if (Array.isArray(config.pkceMethods) && config.pkceMethods.some((m) => m !== 'S256')) {
    throw new TypeError(`${where('pkceMethods')}: only "S256" is allowed`);
  }
  if (config.requirePkceForConfidentialClients === false) {
    throw new TypeError(`${where('requirePkceForConfidentialClients')}: PKCE is required`);
  }
  // Authorization codes live at most 60 seconds (5.3.2.1).
  const codeLifetime = config.authorizationCodeExpiresIn ?? limits.maxAuthorizationCodeExpiresIn;
  if (typeof codeLifetime === 'number' && codeLifetime > limits.maxAuthorizationCodeExpiresIn) {
    throw new TypeError(
      `${where('authorizationCodeExpiresIn')}: at most ${limits.maxAuthorizationCodeExpiresIn} seconds`,
    );
  }
  // Pushed authorization requests, required for every client (5.3.2.2).
  const par = config.pushedAuthorizationRequests ?? {};
  if (typeof par !== 'object' || par === null) return config; // the usual check names it
  if (par.required === false) {
    throw new TypeError(`${where('pushedAuthorizationRequests.required')}: PAR is required`);
  }
  if (typeof par.expiresIn === 'number' && par.expiresIn > limits.maxPushedRequestExpiresIn) {
    throw new TypeError(
      `${where('pushedAuthorizationRequests.expiresIn')}: under 600 seconds (at most ${limits.maxPushedRequestExpiresIn})`,
    );
  }
  return {
    ...config,
    pkceMethods: ['S256'],
    requirePkceForConfidentialClients: true,
    authorizationCodeExpiresIn: codeLifetime,
    pushedAuthorizationRequests: { ...par, required: true },
  };
}

/**
 * The JWS algorithms FAPI 2.0 5.4.1 allows: PS256, ES256 and EdDSA (Ed25519). Under the
 * profile a DPoP proof signed with any other (RS256 among them) is refused.
 */
export const FAPI2_SIGNING_ALGORITHMS: readonly string[] = ['PS256', 'ES256', 'EdDSA', 'Ed25519'];

/**
 * The `dpop` option under profile `"fapi2"`: FAPI 2.0 5.3.2.1 "shall only issue
 * sender-constrained access tokens", so every token request must carry a DPoP proof
 * (`required: true`), signed with an algorithm of {@link FAPI2_SIGNING_ALGORITHMS}. Without
 * a `dpop` option the profile turns DPoP on with its defaults; `required: false` or another
 * algorithm is a `TypeError` naming the setting.
 */
export function applyFapi2SenderConstraint<T extends { required?: boolean; algorithms?: string[] }>(
  dpop: T | undefined,
): T | { required: true; algorithms: string[] } {
  if (dpop === undefined) return { required: true, algorithms: [...FAPI2_SIGNING_ALGORITHMS] };
  if (typeof dpop !== 'object' || dpop === null) return dpop; // the dpop option's check names it
  if (dpop.required === false) {
    throw new TypeError(
      'options.dpop.required contradicts profile "fapi2": sender-constrained access tokens are required (FAPI 2.0 5.3.2.1)',
    );
  }
  const refused = Array.isArray(dpop.algorithms)
    ? dpop.algorithms.find((alg) => !FAPI2_SIGNING_ALGORITHMS.includes(alg))
    : undefined;
  if (refused !== undefined) {
    throw new TypeError(
      `options.dpop.algorithms contradicts profile "fapi2": ${refused} is not allowed (FAPI 2.0 5.4.1: ${FAPI2_SIGNING_ALGORITHMS.join(', ')})`,
    );
  }
  return { ...dpop, required: true, algorithms: dpop.algorithms ?? [...FAPI2_SIGNING_ALGORITHMS] };
}
