import type { JWTPayload } from 'jose';
import { readForm, refuseDuplicates } from '../endpoints/token-endpoint.js';
import { InvalidRequestError, MethodNotAllowedError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import { redirectUriProblem } from '../models/redirect-uri.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Params } from '../request/params.js';
import type { GrantContextServices } from '../server/server-internals.js';
import { callStore } from '../stores/call-store.js';

/** The parameters of a logout request (RP-Initiated Logout 1.0, 2), checked. */
export interface EndSessionParameters {
  /** The client the request names (through `id_token_hint` or `client_id`), or `null`. */
  client: Client | null;
  /** The `sub` of a valid `id_token_hint` (pairwise subjects are the client's value), or `null`. */
  sub: string | null;
  /** Every claim of a valid `id_token_hint`, or `null` when none was sent. */
  idTokenClaims: JWTPayload | null;
  /** A `post_logout_redirect_uri` registered for `client`, or `null`. */
  postLogoutRedirectUri: string | null;
  /** `state`, to send back on the redirect, or `null`. */
  state: string | null;
  /** `ui_locales`, best first. */
  uiLocales: string[];
  /** `logout_hint`, as sent (the app decides what it means), or `null`. */
  logoutHint: string | null;
}

// A signed ID token is a few kilobytes at most; refuse anything far larger before parsing it.
const MAX_ID_TOKEN_HINT_CHARS = 16_384;
const MAX_UI_LOCALES = 10;

const invalid = (name: string, cause?: unknown) =>
  new InvalidRequestError({ description: 'invalid_parameter', params: { name }, cause });

/**
 * Reads and checks a logout request: GET with the query, POST with a form body; no parameter
 * twice. `id_token_hint` must verify against the server's signing keys (expired is fine:
 * "need not be unexpired", 2) with our issuer and `typ: JWT`; the client is the one it was
 * issued to, and `client_id`, when sent too, must be that one. `post_logout_redirect_uri`
 * needs an identified client and must be one of its registered URIs, byte for byte (3).
 * Every problem is `invalid_request`, answered directly: nothing here redirects.
 */
export async function readEndSessionRequest(
  request: OAuth2Request,
  server: GrantContextServices,
): Promise<EndSessionParameters> {
  const params = endSessionParams(request);
  refuseDuplicates(params, new Set());
  const hint = params.get('id_token_hint');
  const clientIdParam = params.get('client_id');

  let idTokenClaims: JWTPayload | null = null;
  let clientId = clientIdParam;
  if (hint !== undefined) {
    idTokenClaims = await verifyHint(hint, server);
    if (idTokenClaims.aud === undefined) throw invalid('id_token_hint');
    const issuedTo = hintClient(idTokenClaims, clientIdParam);
    // OpenID Connect RP-Initiated Logout 1.0, 2: "When both client_id and id_token_hint are
    // present, the OP MUST verify that the Client Identifier matches the one used when
    // issuing the ID Token."
    if (issuedTo === null) throw invalid('client_id');
    clientId = issuedTo;
  }

  let client: Client | null = null;
  if (clientId !== undefined) {
    const found = await callStore(() => server.queryClient(clientId));
    if (!found) throw new InvalidRequestError({ description: 'invalid_client_id' });
    client = found;
  }

  const redirect = params.get('post_logout_redirect_uri');
  if (redirect !== undefined) {
    if (!client) {
      throw new InvalidRequestError({
        description: 'missing_parameter',
        params: { name: 'id_token_hint or client_id' },
      });
    }
    const registered = client.metadata.postLogoutRedirectUris ?? [];
    // Exact string comparison, and the registered value must still pass the registration
    // rules (a record written around them is never redirected to).
    if (!registered.includes(redirect) || redirectUriProblem(redirect) !== null) {
      throw invalid('post_logout_redirect_uri');
    }
  }

  return {
    client,
    sub: idTokenClaims ? (idTokenClaims.sub as string) : null,
    idTokenClaims,
    postLogoutRedirectUri: redirect ?? null,
    state: params.get('state') ?? null,
    uiLocales: (params.get('ui_locales') ?? '')
      .split(' ')
      .filter((tag) => tag !== '')
      .slice(0, MAX_UI_LOCALES),
    logoutHint: params.get('logout_hint') ?? null,
  };
}

/** The parameters of `request`: the query of a GET, the form of a POST (2: both are allowed). */
export function endSessionParams(request: OAuth2Request): Params {
  if (request.method === 'GET') return request.query;
  if (request.method === 'POST') return readForm(request);
  throw new MethodNotAllowedError(['GET', 'POST']);
}

async function verifyHint(hint: string, server: GrantContextServices): Promise<JWTPayload> {
  const keys = server.services.signingKeys;
  // A server without signing keys has issued no ID token: whatever was sent is not ours.
  if (!keys || hint.length > MAX_ID_TOKEN_HINT_CHARS) throw invalid('id_token_hint');
  let payload: JWTPayload;
  try {
    // ID tokens are signed with typ JWT: an access token (at+jwt) or another JWT of ours is
    // no hint. Signature, algorithm allow-list, iss and nbf are checked; exp is not.
    ({ payload } = await keys.verify(hint, {
      typ: 'JWT',
      issuer: server.config.issuer,
      allowExpired: true,
    }));
  } catch (cause) {
    throw invalid('id_token_hint', cause);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') throw invalid('id_token_hint');
  return payload;
}

/**
 * The client an ID token was issued to: `azp` when present (Core 2), else its single
 * audience; `client_id` must be that client, or, for a token with several audiences and no
 * `azp`, one of them. `null` when they do not match (or no client can be told).
 */
function hintClient(claims: JWTPayload, clientIdParam: string | undefined): string | null {
  const audiences =
    typeof claims.aud === 'string'
      ? [claims.aud]
      : Array.isArray(claims.aud)
        ? claims.aud.filter((a): a is string => typeof a === 'string')
        : [];
  const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
  if (azp !== undefined && !audiences.includes(azp)) return null;
  const issuedTo = azp ?? (audiences.length === 1 ? audiences[0]! : undefined);
  if (issuedTo !== undefined) {
    return clientIdParam === undefined || clientIdParam === issuedTo ? issuedTo : null;
  }
  return clientIdParam !== undefined && audiences.includes(clientIdParam) ? clientIdParam : null;
}
