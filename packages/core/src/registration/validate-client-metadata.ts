import type {
  ClientJwks,
  ClientMetadata,
  LocalizedClientMetadata,
} from '../models/client-metadata.js';
import { redirectUriProblem } from '../models/redirect-uri.js';
import { LOCALIZABLE_FIELDS } from './client-metadata-wire.js';
import { InvalidClientMetadataError, InvalidRedirectUriError } from './registration-errors.js';
import { REGISTRATION_LIMITS as LIMITS } from './registration-limits.js';

/** What the server enables, against which {@link validateClientMetadata} checks a request. */
export interface ClientMetadataRules {
  /** Grant types the server serves (`implicit` included when an implicit response type is). */
  grantTypes: ReadonlySet<string>;
  /** Response types the server serves. */
  responseTypes: ReadonlySet<string>;
  /** `token_endpoint_auth_method` values a registered client may choose. */
  authMethods: ReadonlySet<string>;
  /** The scopes a registered client may ask for; `null`: any scope token. */
  scopes: ReadonlySet<string> | null;
  /** The scope registered when the request has none. */
  defaultScope: string;
  /** `token_endpoint_auth_signing_alg` values accepted for `private_key_jwt`. */
  signingAlgorithms: ReadonlySet<string>;
}

// RFC 6749 3.3 scope-token; RFC 5646 language tags, loosely (letters, digits, hyphens).
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
// Members of a JWK that only a private (or symmetric) key has (RFC 7518 6.2.2, 6.3.2, 6.4.1).
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const bad = (description: string) => new InvalidClientMetadataError({ description });
const badUri = (description: string) => new InvalidRedirectUriError({ description });

/**
 * Turns a registration request's metadata (RFC 7591 2, the parsed JSON object) into
 * {@link ClientMetadata}, or throws the RFC 7591 3.2.2 error naming the field at fault:
 * redirect URIs per SECURITY.md rules 3 and 33 (`https`; loopback `http` and private-use
 * schemes only for `application_type` `native`, RFC 8252 7; no fragment, wildcard, userinfo
 * or response parameter; IP literals, not `localhost`), grant and response types consistent
 * with each other (RFC 7591 2.1) and served by this server, a supported authentication
 * method, `jwks` xor `jwks_uri`, a scope within `rules.scopes`, human-readable fields with
 * their language tags. Every count and length is bounded ({@link REGISTRATION_LIMITS}).
 * Fields it does not know are dropped (RFC 7591 2: the server ignores them).
 *
 * @example
 * const metadata = validateClientMetadata(JSON.parse(body), rules);
 */
export function validateClientMetadata(input: unknown, rules: ClientMetadataRules): ClientMetadata {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw bad('the body must be a JSON object');
  }
  const body = input as Record<string, unknown>;
  if (Object.keys(body).length > LIMITS.members) {
    throw bad(`at most ${LIMITS.members} metadata fields`);
  }

  const applicationType = optionalString(body, 'application_type') ?? 'web';
  if (applicationType !== 'web' && applicationType !== 'native') {
    throw bad('application_type must be web or native');
  }

  const grantTypes = stringList(body, 'grant_types', LIMITS.types) ?? ['authorization_code'];
  for (const g of grantTypes) {
    if (!rules.grantTypes.has(g)) throw bad(`grant type ${short(g)} is not supported`);
  }
  const defaultResponseTypes = grantTypes.includes('authorization_code') ? ['code'] : [];
  const responseTypes = stringList(body, 'response_types', LIMITS.types) ?? defaultResponseTypes;
  for (const r of responseTypes) {
    if (!rules.responseTypes.has(r)) throw bad(`response type ${short(r)} is not supported`);
  }
  checkTypesAgree(grantTypes, responseTypes);

  const authMethod = optionalString(body, 'token_endpoint_auth_method') ?? 'client_secret_basic';
  if (!rules.authMethods.has(authMethod)) {
    throw bad(`token_endpoint_auth_method ${short(authMethod)} is not supported`);
  }
  if (authMethod === 'none' && grantTypes.includes('client_credentials')) {
    throw bad('client_credentials needs a confidential client (token_endpoint_auth_method)');
  }

  const redirectUris = stringList(body, 'redirect_uris', LIMITS.redirectUris, badUri) ?? [];
  redirectUris.forEach((uri, i) => {
    checkRedirectUri(uri, applicationType, `redirect_uris[${i}]`);
  });
  const redirected = grantTypes.includes('authorization_code') || grantTypes.includes('implicit');
  if (redirected && redirectUris.length === 0) {
    throw badUri('redirect_uris is required for the authorization_code and implicit grants');
  }
  const postLogout = stringList(body, 'post_logout_redirect_uris', LIMITS.redirectUris, badUri);
  postLogout?.forEach((uri, i) => {
    checkRedirectUri(uri, applicationType, `post_logout_redirect_uris[${i}]`);
  });

  const metadata: ClientMetadata = {
    redirectUris,
    grantTypes,
    responseTypes,
    scope: checkScope(optionalString(body, 'scope') ?? rules.defaultScope, rules.scopes),
    tokenEndpointAuthMethod: authMethod,
    applicationType,
  };
  if (postLogout) metadata.postLogoutRedirectUris = postLogout;

  const contacts = stringList(body, 'contacts', LIMITS.contacts);
  if (contacts) {
    for (const c of contacts) checkText(c, 'contacts');
    metadata.contacts = contacts;
  }
  for (const field of ['software_id', 'software_version'] as const) {
    const value = optionalString(body, field);
    if (value === undefined) continue;
    checkText(value, field);
    metadata[field === 'software_id' ? 'softwareId' : 'softwareVersion'] = value;
  }
  Object.assign(metadata, readLocalized(body));
  readKeys(body, metadata, authMethod, rules);
  readOpenIdFields(body, metadata, rules);
  return metadata;
}

/** OpenID Connect Registration 2: the ID token's algorithm, `subject_type`, `default_max_age`. */
function readOpenIdFields(
  body: Record<string, unknown>,
  metadata: ClientMetadata,
  rules: ClientMetadataRules,
): void {
  const alg = optionalString(body, 'id_token_signed_response_alg');
  if (alg !== undefined) {
    if (!rules.signingAlgorithms.has(alg)) {
      throw bad(`id_token_signed_response_alg ${short(alg)} is not supported`);
    }
    metadata.idTokenSignedResponseAlg = alg;
  }
  const subjectType = optionalString(body, 'subject_type');
  // Pairwise subjects need the sector identifier fetched and checked (Core 8.1): not offered
  // through registration.
  if (subjectType !== undefined && subjectType !== 'public') {
    throw bad('subject_type must be public');
  }
  if (subjectType !== undefined) metadata.subjectType = subjectType;
  const maxAge = body.default_max_age;
  if (maxAge !== undefined) {
    if (!Number.isSafeInteger(maxAge) || (maxAge as number) < 0) {
      throw bad('default_max_age must be a whole number of seconds');
    }
    metadata.defaultMaxAge = maxAge as number;
  }
}

/** RFC 7591 2.1: each response type needs its grant type, each redirecting grant a response type. */
function checkTypesAgree(grantTypes: string[], responseTypes: string[]): void {
  const parts = responseTypes.map((r) => r.split(' '));
  const needsCode = parts.some((p) => p.includes('code'));
  const needsImplicit = parts.some((p) => p.includes('token') || p.includes('id_token'));
  if (needsCode && !grantTypes.includes('authorization_code')) {
    throw bad('response type code needs the authorization_code grant type');
  }
  if (needsImplicit && !grantTypes.includes('implicit')) {
    throw bad('response types token and id_token need the implicit grant type');
  }
  if (grantTypes.includes('authorization_code') && !needsCode) {
    throw bad('the authorization_code grant type needs a response type with code');
  }
  if (grantTypes.includes('implicit') && !needsImplicit) {
    throw bad('the implicit grant type needs a response type with token or id_token');
  }
}

/** SECURITY.md rules 3 and 33 (`redirectUriProblem`), then RFC 8252 for the application type. */
function checkRedirectUri(uri: string, applicationType: string, where: string): void {
  if (uri.length > LIMITS.uriLength) throw badUri(`${where} is too long`);
  const problem = redirectUriProblem(uri);
  if (problem !== null) throw badUri(`${where} ${problem}`);
  if (uri.includes('*')) throw badUri(`${where} must not contain a wildcard`);
  const scheme = new URL(uri).protocol;
  // Loopback http and private-use schemes are how native apps receive redirects (RFC 8252
  // 7.1, 7.3); a web client registering one would hand its codes to whatever listens there.
  if (scheme !== 'https:' && applicationType !== 'native') {
    throw badUri(`${where} must use https (loopback and private-use schemes need native)`);
  }
}

function checkScope(scope: string, allowed: ReadonlySet<string> | null): string {
  const tokens = scope.split(' ').filter((s) => s !== '');
  if (tokens.length > LIMITS.scopes) throw bad(`scope has more than ${LIMITS.scopes} values`);
  for (const s of tokens) {
    if (!SCOPE_TOKEN.test(s)) throw bad('scope must be space-separated scope tokens');
    if (allowed && !allowed.has(s)) throw bad(`scope ${short(s)} may not be registered`);
  }
  return [...new Set(tokens)].join(' ');
}

/** `client_name`, `client_name#fr`, ...: plain values on the metadata, tagged ones in `localized`. */
function readLocalized(body: Record<string, unknown>): Partial<ClientMetadata> {
  const out: Partial<ClientMetadata> = {};
  const localized: Record<string, LocalizedClientMetadata> = {};
  const tags = new Map<string, number>();
  for (const [member, value] of Object.entries(body)) {
    const hash = member.indexOf('#');
    const wire = hash === -1 ? member : member.slice(0, hash);
    if (!(wire in LOCALIZABLE_FIELDS)) continue;
    const field = LOCALIZABLE_FIELDS[wire as keyof typeof LOCALIZABLE_FIELDS];
    if (typeof value !== 'string') throw bad(`${short(member)} must be a string`);
    if (wire === 'client_name') checkText(value, member);
    else checkHttpsUri(value, member);
    if (hash === -1) {
      out[field] = value;
      continue;
    }
    const tag = member.slice(hash + 1);
    if (!LANGUAGE_TAG.test(tag)) throw bad(`${short(member)} has an invalid language tag`);
    const count = (tags.get(wire) ?? 0) + 1;
    if (count > LIMITS.languageTags) throw bad(`${wire} has too many languages`);
    tags.set(wire, count);
    // Language tags are case-insensitive (RFC 5646 2.1.1): one spelling per language.
    const key = tag.toLowerCase();
    localized[key] ??= {};
    if (localized[key][field] !== undefined) throw bad(`${short(member)} is given twice`);
    localized[key][field] = value;
  }
  if (Object.keys(localized).length > 0) out.localized = localized;
  return out;
}

/** `jwks` xor `jwks_uri`, public keys only, and what `private_key_jwt` needs. */
function readKeys(
  body: Record<string, unknown>,
  metadata: ClientMetadata,
  authMethod: string,
  rules: ClientMetadataRules,
): void {
  const jwksUri = optionalString(body, 'jwks_uri');
  const jwks = body.jwks;
  if (jwks !== undefined && jwksUri !== undefined) {
    throw bad('jwks and jwks_uri must not both be given');
  }
  if (jwksUri !== undefined) {
    checkHttpsUri(jwksUri, 'jwks_uri');
    metadata.jwksUri = jwksUri;
  }
  if (jwks !== undefined) metadata.jwks = checkJwks(jwks);
  const alg = optionalString(body, 'token_endpoint_auth_signing_alg');
  if (alg !== undefined) {
    if (!rules.signingAlgorithms.has(alg)) {
      throw bad(`token_endpoint_auth_signing_alg ${short(alg)} is not supported`);
    }
    metadata.tokenEndpointAuthSigningAlg = alg;
  }
  if (authMethod === 'private_key_jwt' && !metadata.jwks && !metadata.jwksUri) {
    throw bad('private_key_jwt needs jwks or jwks_uri');
  }
}

function checkJwks(jwks: unknown): ClientJwks {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(keys)) {
    throw bad('jwks must be a JWK Set ({"keys": [...]})');
  }
  if (keys.length === 0 || keys.length > LIMITS.jwksKeys) {
    throw bad(`jwks must hold 1 to ${LIMITS.jwksKeys} keys`);
  }
  if (Buffer.byteLength(JSON.stringify(jwks)) > LIMITS.jwksBytes) throw bad('jwks is too large');
  for (const key of keys) {
    if (typeof key !== 'object' || key === null || typeof key.kty !== 'string') {
      throw bad('every key in jwks needs a kty');
    }
    if (PRIVATE_JWK_MEMBERS.some((m) => m in key)) {
      throw bad('jwks must hold public keys only');
    }
  }
  return { keys: structuredClone(keys) } as ClientJwks;
}

function checkHttpsUri(value: string, field: string): void {
  if (value.length > LIMITS.uriLength) throw bad(`${short(field)} is too long`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(`${short(field)} must be an absolute https URI`);
  }
  if (url.protocol !== 'https:' || value.includes('#') || url.username || url.password) {
    throw bad(`${short(field)} must be an https URI without fragment or userinfo`);
  }
}

function checkText(value: string, field: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  if (value === '' || value.length > LIMITS.textLength || /[\u0000-\u001f\u007f]/.test(value)) {
    throw bad(`${short(field)} must be 1 to ${LIMITS.textLength} printable characters`);
  }
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(`${name} must be a string`);
  return value;
}

function stringList(
  body: Record<string, unknown>,
  name: string,
  max: number,
  error: (d: string) => Error = bad,
): string[] | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw error(`${name} must be an array of strings`);
  }
  if (value.length > max) throw error(`${name} has more than ${max} values`);
  if (new Set(value).size !== value.length) throw error(`${name} lists a value twice`);
  return [...(value as string[])];
}

/** A client-sent value quoted in a description: cut short, never a whole body. */
function short(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
}
