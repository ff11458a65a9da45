import { describe, expect, test } from 'vitest';
import { checkTokenStyleResponse } from './check-token-style-response.js';
import type { ResponseSnapshot } from './response-snapshot.js';

const JSON_HEADERS = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
};
const answer = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ResponseSnapshot => ({
  status,
  headers: { ...JSON_HEADERS, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const token = { access_token: 'a', token_type: 'Bearer', expires_in: 3600 };

describe('checkTokenStyleResponse', () => {
  test('accepts well-formed successes and errors', () => {
    expect(checkTokenStyleResponse(answer(200, token), 'token')).toEqual([]);
    expect(checkTokenStyleResponse(answer(400, { error: 'invalid_grant' }), 'token')).toEqual([]);
    const basic = answer(
      401,
      { error: 'invalid_client' },
      { 'www-authenticate': 'Basic realm="x"' },
    );
    expect(checkTokenStyleResponse(basic, 'token', { basicUsed: true })).toEqual([]);
    expect(
      checkTokenStyleResponse(
        answer(405, { error: 'invalid_request' }, { allow: 'POST' }),
        'revocation',
      ),
    ).toEqual([]);
    expect(checkTokenStyleResponse(answer(200, ''), 'revocation')).toEqual([]);
    expect(checkTokenStyleResponse(answer(200, { active: false }), 'introspection')).toEqual([]);
  });

  test.each([
    ['a 500', answer(500, { error: 'server_error' }), 'status 500 is not an allowed answer'],
    [
      'a 503 with no store failure',
      answer(503, { error: 'temporarily_unavailable' }),
      'status 503 is not an allowed answer',
    ],
    [
      'no no-store',
      { ...answer(200, token), headers: { 'content-type': 'application/json' } },
      'Cache-Control is not no-store',
    ],
    [
      'an unknown error code',
      answer(400, { error: 'oops' }),
      'error "oops" is not an allowed code',
    ],
    ['a non-string error', answer(400, { error: 1 }), '`error` is not a string'],
    [
      'invalid_client with 400',
      answer(400, { error: 'invalid_client' }),
      'invalid_client answered with 400',
    ],
    [
      'invalid_grant with 401',
      answer(401, { error: 'invalid_grant' }),
      'invalid_grant answered with 401',
    ],
    ['a 405 without Allow', answer(405, { error: 'invalid_request' }), '405 without Allow: POST'],
    [
      'an extra key',
      answer(400, { error: 'invalid_request', detail: 'x' }),
      'unexpected key "detail" in an error',
    ],
    [
      'a control character',
      answer(400, { error: 'invalid_request', error_description: 'a\u0007' }),
      'error_description has a forbidden character: "a\\u0007"',
    ],
    ['a body that is not JSON', answer(400, 'nope'), 'body is not a JSON object'],
    [
      'a token without token_type',
      answer(200, { ...token, token_type: 'mac' }),
      'token_type is not Bearer',
    ],
    [
      'a token with extra keys',
      answer(200, { ...token, debug: 1 }),
      'unexpected key "debug" in a token',
    ],
  ])('refuses %s', (_, bad, problem) => {
    expect(checkTokenStyleResponse(bad, 'token')).toContain(problem);
  });

  test('refuses a Basic 401 without a Basic challenge, and revealing inactive introspection', () => {
    expect(
      checkTokenStyleResponse(answer(401, { error: 'invalid_client' }), 'token', {
        basicUsed: true,
      }),
    ).toEqual(['401 to a Basic request without WWW-Authenticate: Basic']);
    expect(
      checkTokenStyleResponse(answer(200, { active: false, scope: 'x' }), 'introspection'),
    ).toEqual(['inactive introspection with more fields']);
    expect(checkTokenStyleResponse(answer(400, { error: 'invalid_grant' }), 'revocation')).toEqual([
      'error "invalid_grant" is not an allowed code',
    ]);
  });

  test('allows 503 temporarily_unavailable with Retry-After only when stores may fail', () => {
    const unavailable = answer(503, { error: 'temporarily_unavailable' }, { 'retry-after': '1' });
    expect(checkTokenStyleResponse(unavailable, 'token', { storeFailures: true })).toEqual([]);
    const noRetry = answer(503, { error: 'temporarily_unavailable' });
    expect(checkTokenStyleResponse(noRetry, 'token', { storeFailures: true })).toEqual([
      '503 without Retry-After',
    ]);
  });
});
