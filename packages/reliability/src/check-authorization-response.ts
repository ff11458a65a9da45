import { checkErrorBody } from './check-error-body.js';
import { ERROR_CODES } from './oauth-error-codes.js';
import type { ResponseSnapshot } from './response-snapshot.js';

/** What the authorization request sent and what the client registered. */
export interface AuthorizationCheckContext {
  issuer: string;
  /** The client's registered redirect URIs (compared as exact string prefixes). */
  registeredRedirectUris: readonly string[];
  /** The `state` sent once, or `undefined` when it was absent or repeated. */
  state: string | undefined;
  /** A store failure may be happening: `temporarily_unavailable` / 503 are then allowed. */
  storeFailures?: boolean;
}

/** The redirect parameters of a well-formed 302, for callers that go on (code exchange). */
export interface AuthorizationRedirect {
  redirectUri: string;
  mode: 'query' | 'fragment';
  params: URLSearchParams;
}

/**
 * Checks an authorization-endpoint answer (RFC 6749 4.1.2, 4.1.2.1; RFC 9207): either a
 * 400 error page without `Location`, or a 302 to a registered redirect URI carrying `iss`
 * and exactly one of `error`, `code` (query only) or `access_token` (fragment only), with
 * `state` echoed byte for byte. A redirected `server_error` is a hidden 500: refused.
 *
 * @example
 * const { problems, redirect } = checkAuthorizationResponse(answer, context);
 */
export function checkAuthorizationResponse(
  answer: ResponseSnapshot,
  context: AuthorizationCheckContext,
): { problems: string[]; redirect: AuthorizationRedirect | null } {
  const problems: string[] = [];
  if (answer.headers['cache-control'] !== 'no-store')
    problems.push('Cache-Control is not no-store');
  if (answer.status !== 302) {
    const pageStatuses = context.storeFailures ? [400, 503] : [400];
    if (!pageStatuses.includes(answer.status)) {
      problems.push(`status ${answer.status} is neither a 400 page nor a 302`);
    }
    if (answer.headers['location'] !== undefined) problems.push('an error page with a Location');
    const codes = context.storeFailures
      ? ERROR_CODES.authorization
      : new Set([...ERROR_CODES.authorization].filter((c) => !isServerSide(c)));
    problems.push(...checkErrorBody(answer, codes).problems);
    return { problems, redirect: null };
  }
  const location = answer.headers['location'];
  if (location === undefined)
    return { problems: [...problems, '302 without Location'], redirect: null };
  const redirect = splitRedirect(location, context.registeredRedirectUris);
  if (!redirect) {
    return { problems: [...problems, `302 to an unregistered URI: ${location}`], redirect: null };
  }
  const { params, mode } = redirect;
  if (params.get('iss') !== context.issuer) problems.push('redirect without the right iss');
  if (params.getAll('iss').length > 1) problems.push('iss sent twice');
  const kinds = ['error', 'code', 'access_token'].filter((k) => params.has(k));
  if (kinds.length !== 1) problems.push(`redirect carries ${kinds.join('+') || 'nothing'}`);
  const error = params.get('error');
  if (error !== null) {
    if (!ERROR_CODES.authorization.has(error)) problems.push(`redirected unknown error ${error}`);
    if (isServerSide(error) && !context.storeFailures) problems.push(`redirected ${error}`);
  }
  if (params.has('code') && mode !== 'query') problems.push('a code outside the query');
  if (params.has('access_token') && mode !== 'fragment') problems.push('a token in the query');
  const state = params.getAll('state');
  if (context.state === undefined ? state.length > 0 : state.join() !== context.state) {
    problems.push(
      `state came back as ${JSON.stringify(state)}, sent ${JSON.stringify(context.state)}`,
    );
  }
  return { problems, redirect };
}

function isServerSide(error: string): boolean {
  return error === 'server_error' || error === 'temporarily_unavailable';
}

// The registered URI is kept byte for byte; the response parameters follow it after `?`
// (`&` when it had a query already) or `#`.
function splitRedirect(
  location: string,
  registered: readonly string[],
): AuthorizationRedirect | null {
  for (const uri of registered) {
    if (!location.startsWith(uri)) continue;
    const rest = location.slice(uri.length);
    const separator = rest[0];
    if (separator === '#') {
      return { redirectUri: uri, mode: 'fragment', params: new URLSearchParams(rest.slice(1)) };
    }
    if (separator === '?' || (separator === '&' && uri.includes('?'))) {
      return { redirectUri: uri, mode: 'query', params: new URLSearchParams(rest.slice(1)) };
    }
  }
  return null;
}
