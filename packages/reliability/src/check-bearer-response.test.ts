import { describe, expect, test } from 'vitest';
import { checkBearerRefusal } from './check-bearer-response.js';
import type { ResponseSnapshot } from './response-snapshot.js';

const refusal = (
  status: number,
  challenge: string | null,
  body: unknown = '',
): ResponseSnapshot => ({
  status,
  headers: {
    'content-type': 'application/json',
    ...(challenge === null ? {} : { 'www-authenticate': challenge }),
  },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('checkBearerRefusal', () => {
  test('accepts the RFC 6750 refusals', () => {
    expect(checkBearerRefusal(refusal(401, 'Bearer realm="r"'))).toEqual([]);
    const invalid = refusal(401, 'Bearer realm="r", error="invalid_token"', {
      error: 'invalid_token',
    });
    expect(checkBearerRefusal(invalid)).toEqual([]);
    const scope = refusal(403, 'Bearer realm="r", error="insufficient_scope", scope="a"', {
      error: 'insufficient_scope',
    });
    expect(checkBearerRefusal(scope)).toEqual([]);
  });

  test.each([
    [
      'no challenge',
      refusal(401, null, { error: 'invalid_token' }),
      'no Bearer realm challenge: missing',
    ],
    [
      'a Basic challenge',
      refusal(401, 'Basic realm="r"'),
      'no Bearer realm challenge: Basic realm="r"',
    ],
    ['a bare challenge with 403', refusal(403, 'Bearer realm="r"'), 'a bare challenge with 403'],
    [
      'an error code without credentials',
      refusal(401, 'Bearer realm="r"', { error: 'invalid_token' }),
      'an error code in the body of a bare challenge',
    ],
    [
      'disagreeing codes',
      refusal(401, 'Bearer realm="r", error="invalid_token"', { error: 'invalid_request' }),
      'challenge error invalid_token but body error invalid_request',
    ],
    [
      'the wrong status',
      refusal(401, 'Bearer realm="r", error="insufficient_scope"', { error: 'insufficient_scope' }),
      'insufficient_scope answered with 401',
    ],
    [
      'a 503 when stores are fine',
      refusal(503, null, { error: 'temporarily_unavailable' }),
      'no Bearer realm challenge: missing',
    ],
  ])('refuses %s', (_, bad, problem) => {
    expect(checkBearerRefusal(bad)).toContain(problem);
  });
});
