import { checkErrorBody } from './check-error-body.js';
import { ERROR_CODES, type TokenStyleEndpoint } from './oauth-error-codes.js';
import { jsonObject, type ResponseSnapshot } from './response-snapshot.js';

/** What the request looked like, for the checks that depend on it. */
export interface TokenStyleCheckOptions {
  /** The request carried `Authorization: Basic ...` (a 401 must then challenge Basic). */
  basicUsed?: boolean;
  /** A store failure may be happening: 503 / 500 are then allowed answers. */
  storeFailures?: boolean;
}

const TOKEN_KEYS = new Set(['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope']);

/**
 * Checks an answer of the token, revocation or introspection endpoint against RFC 6749
 * 5.1/5.2, RFC 7009 and RFC 7662: the status fits the error code, `no-store` and
 * `no-cache` are always there, successes have the right shape. Returns every problem found;
 * an empty list means the answer is well-formed.
 *
 * @example
 * const problems = checkTokenStyleResponse(await snapshotResponse(response), 'token');
 * expect(problems).toEqual([]);
 */
export function checkTokenStyleResponse(
  answer: ResponseSnapshot,
  endpoint: TokenStyleEndpoint,
  options: TokenStyleCheckOptions = {},
): string[] {
  const problems: string[] = [];
  if (answer.headers['cache-control'] !== 'no-store')
    problems.push('Cache-Control is not no-store');
  if (answer.headers['pragma'] !== 'no-cache') problems.push('Pragma is not no-cache');
  if (answer.status === 200) return [...problems, ...checkSuccess(answer, endpoint)];
  const allowed = options.storeFailures ? [400, 401, 405, 413, 500, 503] : [400, 401, 405, 413];
  if (!allowed.includes(answer.status)) {
    return [...problems, `status ${answer.status} is not an allowed answer`];
  }
  const { problems: bodyProblems, error } = checkErrorBody(answer, ERROR_CODES[endpoint]);
  problems.push(...bodyProblems);
  if (error === null) return problems;
  const expected = expectedStatus(error, answer.status);
  if (expected !== answer.status) problems.push(`${error} answered with ${answer.status}`);
  if (answer.status === 405 && !/\bPOST\b/.test(answer.headers['allow'] ?? '')) {
    problems.push('405 without Allow: POST');
  }
  if (answer.status === 503 && answer.headers['retry-after'] === undefined) {
    problems.push('503 without Retry-After');
  }
  if (answer.status === 401 && options.basicUsed) {
    if (!/^Basic\b/i.test(answer.headers['www-authenticate'] ?? '')) {
      problems.push('401 to a Basic request without WWW-Authenticate: Basic');
    }
  }
  return problems;
}

function expectedStatus(error: string, status: number): number {
  if (error === 'invalid_client') return 401;
  if (error === 'temporarily_unavailable') return 503;
  if (error === 'server_error') return 500;
  // invalid_request also answers 405 (method) and 413 (body too large).
  if (error === 'invalid_request' && (status === 405 || status === 413)) return status;
  return 400;
}

function checkSuccess(answer: ResponseSnapshot, endpoint: TokenStyleEndpoint): string[] {
  if (endpoint === 'revocation') {
    // RFC 7009 2.2: the body of a 200 is ignored by clients; ours is empty.
    return answer.body === '' ? [] : [`revocation 200 with a body: ${answer.body.slice(0, 80)}`];
  }
  const body = jsonObject(answer.body);
  if (!body) return ['200 whose body is not a JSON object'];
  if (endpoint === 'introspection') return checkIntrospection(body);
  const problems: string[] = [];
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    problems.push('200 without an access_token');
  }
  if (body.token_type !== 'Bearer') problems.push('token_type is not Bearer');
  if (!Number.isInteger(body.expires_in) || (body.expires_in as number) <= 0) {
    problems.push('expires_in is not a positive integer');
  }
  if (
    body.refresh_token !== undefined &&
    (typeof body.refresh_token !== 'string' || body.refresh_token === '')
  ) {
    problems.push('refresh_token is not a non-empty string');
  }
  if (body.scope !== undefined && typeof body.scope !== 'string') {
    problems.push('scope is not a string');
  }
  for (const key of Object.keys(body)) {
    if (!TOKEN_KEYS.has(key)) problems.push(`unexpected key ${JSON.stringify(key)} in a token`);
  }
  return problems;
}

function checkIntrospection(body: Record<string, unknown>): string[] {
  if (body.active === false) {
    // RFC 7662 2.2: an inactive token reveals nothing more.
    return Object.keys(body).length === 1 ? [] : ['inactive introspection with more fields'];
  }
  if (body.active !== true) return ['introspection without a boolean active'];
  const problems: string[] = [];
  if (typeof body.client_id !== 'string') problems.push('active token without client_id');
  for (const claim of ['exp', 'iat']) {
    if (body[claim] !== undefined && !Number.isInteger(body[claim])) {
      problems.push(`${claim} is not an integer`);
    }
  }
  return problems;
}
