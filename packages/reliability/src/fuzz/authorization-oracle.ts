import type { AuthorizationRedirect } from '../check-authorization-response.js';
import type { FixtureClient, FuzzFixture } from './fuzz-fixture.js';
import { type SentRequest, sentForm } from './sent-request.js';

const MAX_BODY_BYTES = 16_384;
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

const values = (params: URLSearchParams, name: string) =>
  params.getAll(name).filter((v) => v !== '');

/**
 * The parameters of an authorization request as RFC 6749 3.1 allows them: the query, or for
 * a POST form whose query has neither `client_id` nor `response_type`, the form (an
 * oversized form counts as empty). The test's own reading, independent of the core.
 */
export function authorizationParamsOf(sent: SentRequest): URLSearchParams {
  const query = new URL(sent.url).searchParams;
  const form = sentForm(sent);
  if (!form || values(query, 'client_id').length > 0 || values(query, 'response_type').length > 0) {
    return query;
  }
  const size =
    typeof sent.body === 'string' ? Buffer.byteLength(sent.body) : (sent.body?.length ?? 0);
  return size > MAX_BODY_BYTES ? new URLSearchParams() : form;
}

/**
 * The registered client and redirect URI the request names, or `null` when either is
 * missing, unknown, repeated or unregistered: then RFC 6749 4.1.2.1 wants an error page and
 * never a redirect; otherwise every answer goes back to that redirect URI.
 */
export function trustedRedirect(
  fixture: FuzzFixture,
  params: URLSearchParams,
): { client: FixtureClient; redirectUri: string } | null {
  const ids = values(params, 'client_id');
  const client = Object.values(fixture.clients).find(
    (c) => ids.length === 1 && c.clientId === ids[0],
  );
  if (!client) return null;
  const uris = values(params, 'redirect_uri');
  if (uris.length > 1) return null;
  if (uris.length === 1) {
    return client.redirectUris.includes(uris[0]!) ? { client, redirectUri: uris[0]! } : null;
  }
  return client.redirectUris.length === 1 ? { client, redirectUri: client.redirectUris[0]! } : null;
}

/**
 * Why a redirect carrying a `code` or an `access_token` was deserved: a logged-in user
 * consented, the response type is one the client holds, PKCE is as RFC 7636 and RFC 9700
 * want it (S256 only; public clients must use it), the scope is within the client's, and
 * an implicit token is really stored for the public client. Returns the problems.
 *
 * @example
 * if (redirect?.params.has('code')) expect(await justifyAuthorizationSuccess(...)).toEqual([]);
 */
export async function justifyAuthorizationSuccess(
  fixture: FuzzFixture,
  sent: SentRequest,
  redirect: AuthorizationRedirect,
  userGiven: boolean,
): Promise<string[]> {
  const params = authorizationParamsOf(sent);
  const trusted = trustedRedirect(fixture, params);
  if (!trusted) return ['success for an untrusted client or redirect URI'];
  const problems: string[] = [];
  if (!userGiven) problems.push('success without a consenting user');
  if (redirect.redirectUri !== trusted.redirectUri) problems.push('redirected elsewhere');
  if (
    values(params, 'scope').some((s) =>
      s.split(' ').some((v) => v !== '' && v !== 'read' && v !== 'write'),
    )
  ) {
    problems.push('success for a scope beyond the client’s');
  }
  const responseType = values(params, 'response_type');
  if (redirect.params.has('code')) {
    if (responseType.join() !== 'code') problems.push(`code for response_type ${responseType}`);
    const challenge = values(params, 'code_challenge');
    const method = values(params, 'code_challenge_method');
    if (challenge.length === 0 && trusted.client.secret === null) {
      problems.push('code for a public client without PKCE');
    }
    if (challenge.length > 0 && (method.join() !== 'S256' || !PKCE_VALUE.test(challenge[0]!))) {
      problems.push(`code for PKCE ${method}/${challenge}`);
    }
  }
  const accessToken = redirect.params.get('access_token');
  if (accessToken !== null) {
    if (responseType.join() !== 'token') problems.push(`token for response_type ${responseType}`);
    if (redirect.params.has('refresh_token')) problems.push('implicit grant with a refresh token');
    const record = await fixture.recordOf(accessToken);
    if (record?.clientId !== trusted.client.clientId || record.grantType !== 'implicit') {
      problems.push('implicit token not stored for this client');
    }
  }
  return problems;
}
