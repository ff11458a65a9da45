import { digestToken } from '../crypto/digest.js';
import { DPOP_AUTHORIZATION, dpopChallenge, isDpopScheme } from '../dpop/dpop-authorization.js';
import { InvalidDpopProofError } from '../dpop/dpop-errors.js';
import type { DpopProofChecker } from '../dpop/dpop-proof-checker.js';
import type { VerifiedDpopProof } from '../dpop/verify-dpop-proof.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import {
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  MethodNotAllowedError,
} from '../errors/errors.js';
import { OAuth2Error } from '../errors/oauth2-error.js';
import { scopeToList } from '../models/scope.js';
import { createToken } from '../models/token.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { MissingTokenError } from '../resource/bearer-token-validator.js';
import { bearerChallenge } from '../resource/read-bearer-token.js';
import { jsonResponse, type OAuth2Response } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import { callStore } from '../stores/call-store.js';
import type { ResolvedOpenIdConnectOptions } from './create-open-id-connect.js';
import { findReleasedClaims } from './find-released-claims.js';
import { SCOPE_CLAIMS } from './scope-claims.js';
import { subjectForClient } from './subject-for-client.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The UserInfo endpoint (OpenID Connect Core 5.3): GET or POST with an access token granted
 * `openid`, in the `Authorization: Bearer` header or (POST) the form body's `access_token`
 * (RFC 6750 2.1, 2.2; never the query, never both). Answers JSON: `sub` always, the claims of
 * the granted scopes and of the `claims` parameter's `userinfo` member. A missing token gets a
 * bare `401` challenge, a bad one `401 error="invalid_token"`, a token without `openid` `403
 * error="insufficient_scope"` (RFC 6750 3.1). With the server's `dpop` option it also takes
 * `Authorization: DPoP` with a proof of the token's key (RFC 9449 7), answered with `DPoP`
 * challenges; a DPoP-bound token sent as a bearer token is `invalid_token`. Its `metadata` adds the OpenID Connect
 * Discovery fields to both metadata documents.
 */
export function createUserinfoEndpoint(options: ResolvedOpenIdConnectOptions): Endpoint {
  return {
    name: 'userinfo',
    path: '/userinfo',
    methods: ['GET', 'POST'],
    cors: true,
    metadataKey: 'userinfo_endpoint',
    requiredStores: ['tokens'],
    metadata: (server) => discoveryFields(server, options),
    handle: (request, server) => userinfo(request, server, options),
  };
}

async function userinfo(
  request: OAuth2Request,
  server: GrantContextServices,
  options: ResolvedOpenIdConnectOptions,
): Promise<OAuth2Response> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    throw new MethodNotAllowedError(['GET', 'POST']);
  }
  const realm = server.config.realm;
  const { dpop } = server;
  const header = request.headers.get('authorization');
  // RFC 9449 7: with the dpop option, `Authorization: DPoP` and a proof (answered in kind).
  const viaDpop = dpop !== null && isDpopScheme(header);
  const challenge = (fields = '') =>
    viaDpop ? dpopChallenge(realm, dpop!.algorithms, fields) : bearerChallenge(realm, fields);
  const presented = viaDpop
    ? await presentedDpop(request, header!, dpop!, server, challenge)
    : { value: presentedToken(request, challenge), proof: null };
  const { value, proof } = presented;
  const invalid = () => new InvalidTokenError({ headers: challenge(', error="invalid_token"') });
  const { services } = server;
  const record = await callStore(async () =>
    server.stores.tokens!.findByAccessToken(digestToken(value)),
  );
  if (!record || record.userId === null) throw invalid();
  const token = createToken(record);
  if (token.isRevoked() || token.isExpired(services.now())) throw invalid();
  // A DPoP-bound token needs a proof of its key; a bearer token is no DPoP token (rule 37).
  const jkt = record.extensions?.dpopJkt;
  if (proof ? jkt !== proof.jkt : jkt !== undefined) throw invalid();
  if (!token.hasScopes(['openid'])) {
    throw new InsufficientScopeError({
      headers: challenge(', error="insufficient_scope", scope="openid"'),
    });
  }
  const userId = record.userId;
  const [client, user] = await Promise.all([
    callStore(() => server.queryClient(record.clientId)),
    services.queryUser(userId),
  ]);
  if (!client || !user) throw invalid();
  if (proof) await withChallenge(() => dpop!.useOnce(proof, 401), challenge);
  const claims = await findReleasedClaims(options, {
    user,
    client,
    scopes: scopeToList(record.scope),
    claims: record.extensions?.claims,
    target: 'userinfo',
  });
  server.events.emit('tokenAuthenticated', { record, request });
  return jsonResponse(200, {
    ...claims,
    sub: subjectForClient(client, userId, options.pairwiseSalt),
  });
}

/** The token of `Authorization: DPoP` and its verified proof (RFC 9449 7.1). */
async function presentedDpop(
  request: OAuth2Request,
  header: string,
  dpop: DpopProofChecker,
  server: GrantContextServices,
  challenge: (fields?: string) => Record<string, string>,
): Promise<{ value: string; proof: VerifiedDpopProof }> {
  const m = DPOP_AUTHORIZATION.exec(header);
  if (!m || request.query.has('access_token') || request.form?.has('access_token') === true) {
    throw new InvalidTokenError({ headers: challenge(', error="invalid_token"') });
  }
  const value = m[1]!;
  const own = server.endpointUrl('userinfo');
  const proof = await withChallenge(
    () =>
      dpop.verify(request, {
        htu: own === null ? [request.url.href] : [own, request.url.href],
        accessToken: value,
        status: 401,
      }),
    challenge,
  );
  if (proof === null) {
    throw new InvalidDpopProofError(
      {
        description: 'dpop_proof_required',
        headers: challenge(', error="invalid_dpop_proof"'),
      },
      401,
    );
  }
  return { value, proof };
}

/** Runs a DPoP check, adding the `WWW-Authenticate: DPoP` challenge to its refusals. */
async function withChallenge<T>(
  check: () => Promise<T>,
  challenge: (fields?: string) => Record<string, string>,
): Promise<T> {
  try {
    return await check();
  } catch (e) {
    if (e instanceof OAuth2Error && e.status === 401) {
      Object.assign(e.headers, challenge(`, error="${e.error}"`));
    }
    throw e;
  }
}

/** The access token of the request, from exactly one place (RFC 6750 2). */
function presentedToken(
  request: OAuth2Request,
  challenge: (fields?: string) => Record<string, string>,
): string {
  const header = request.headers.get('authorization');
  const form = request.method === 'POST' ? request.form : null;
  const inBody = form?.has('access_token') === true;
  const badRequest = (description: string) =>
    new InvalidRequestError({ description, headers: challenge(', error="invalid_request"') }, 400);
  if (request.query.has('access_token')) throw badRequest('invalid_request');
  const hasHeader = header !== null && /^bearer(\s|$)/i.test(header);
  if (hasHeader && inBody) throw badRequest('multiple_auth_methods');
  if (inBody) {
    if (form!.duplicates.has('access_token')) throw badRequest('invalid_request');
    const value = form!.get('access_token')!;
    if (!BEARER.test(`Bearer ${value}`)) {
      throw new InvalidTokenError({ headers: challenge(', error="invalid_token"') });
    }
    return value;
  }
  // No credentials at all: a bare challenge, no error code (RFC 6750 3.1).
  if (!hasHeader) throw new MissingTokenError({ headers: challenge() });
  const m = BEARER.exec(header!);
  if (!m) throw new InvalidTokenError({ headers: challenge(', error="invalid_token"') });
  return m[1]!;
}

/** OpenID Connect Discovery 1.0 3 fields, from the registry and the key set. */
function discoveryFields(
  server: GrantContextServices,
  options: ResolvedOpenIdConnectOptions,
): Record<string, unknown> {
  const { config } = server;
  const scopes = config.scopesSupported
    ? [...config.scopesSupported]
    : ['openid', ...Object.keys(SCOPE_CLAIMS)];
  return {
    scopes_supported: scopes,
    subject_types_supported: options.pairwiseSalt ? ['public', 'pairwise'] : ['public'],
    id_token_signing_alg_values_supported: [...(server.services.signingKeys?.algorithms ?? [])],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'acr',
      'amr',
      'azp',
      'at_hash',
      ...options.claimsSupported,
    ],
    claim_types_supported: ['normal'],
    claims_parameter_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    ...(options.acrValuesSupported
      ? { acr_values_supported: [...options.acrValuesSupported] }
      : {}),
  };
}
