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
  return applyFapi2SenderConstraint({
    ...config,
    pkceMethods: ['S256'],
    requirePkceForConfidentialClients: true,
    authorizationCodeExpiresIn: codeLifetime,
    pushedAuthorizationRequests: { ...par, required: true },
  });
}

/**
 * FAPI 2.0 5.3.2.1: "shall only issue sender-constrained access tokens" (DPoP, RFC 9449, or
 * mutual TLS). The one place the profile's DPoP rule belongs: set `dpop: { required: true }`
 * here once the configuration has the `dpop` option (the configuration refuses unknown keys
 * today, so nothing is set: the profile does NOT yet sender-constrain access tokens).
 */
function applyFapi2SenderConstraint(config: AuthorizationServerConfig): AuthorizationServerConfig {
  return config;
}
