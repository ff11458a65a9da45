import { describe, expect, test } from 'vitest';
import { checkAuthorizationResponse } from './check-authorization-response.js';
import type { ResponseSnapshot } from './response-snapshot.js';

const context = {
  issuer: 'https://as.example',
  registeredRedirectUris: ['https://app.example/cb', 'https://app.example/q?x=1'],
  state: 's t\u00e9',
};
const iss = 'iss=https%3A%2F%2Fas.example';
const redirect = (location: string): ResponseSnapshot => ({
  status: 302,
  headers: { location, 'cache-control': 'no-store' },
  body: '',
});
const page = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ResponseSnapshot => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

describe('checkAuthorizationResponse', () => {
  test('accepts codes in the query, tokens in the fragment, errors, and pages', () => {
    const code = checkAuthorizationResponse(
      redirect(`https://app.example/cb?code=c&state=s%20t%C3%A9&${iss}`),
      context,
    );
    expect(code.problems).toEqual([]);
    expect(code.redirect?.params.get('code')).toBe('c');
    const token = `https://app.example/cb#access_token=t&state=s+t%C3%A9&${iss}`;
    expect(checkAuthorizationResponse(redirect(token), context).problems).toEqual([]);
    const withQuery = `https://app.example/q?x=1&error=access_denied&state=s%20t%C3%A9&${iss}`;
    expect(checkAuthorizationResponse(redirect(withQuery), context).problems).toEqual([]);
    expect(
      checkAuthorizationResponse(page(400, { error: 'invalid_request' }), context).problems,
    ).toEqual([]);
  });

  test.each([
    [
      'an unregistered URI',
      `https://evil.example/cb?code=c&state=s%20t%C3%A9&${iss}`,
      '302 to an unregistered URI',
    ],
    [
      'a prefix trick',
      `https://app.example/cb.evil?code=c&state=s%20t%C3%A9&${iss}`,
      '302 to an unregistered URI',
    ],
    ['no iss', 'https://app.example/cb?code=c&state=s%20t%C3%A9', 'redirect without the right iss'],
    [
      'a changed state',
      `https://app.example/cb?code=c&state=s&${iss}`,
      'state came back as ["s"], sent "s té"',
    ],
    [
      'a code in the fragment',
      `https://app.example/cb#code=c&state=s%20t%C3%A9&${iss}`,
      'a code outside the query',
    ],
    [
      'a token in the query',
      `https://app.example/cb?access_token=t&state=s%20t%C3%A9&${iss}`,
      'a token in the query',
    ],
    [
      'a code and an error',
      `https://app.example/cb?code=c&error=access_denied&state=s%20t%C3%A9&${iss}`,
      'redirect carries error+code',
    ],
    [
      'a hidden 500',
      `https://app.example/cb?error=server_error&state=s%20t%C3%A9&${iss}`,
      'redirected server_error',
    ],
  ])('refuses %s', (_, location, problem) => {
    const { problems } = checkAuthorizationResponse(redirect(location), context);
    expect(
      problems.some((p) => p.startsWith(problem)),
      problems.join(),
    ).toBe(true);
  });

  test('refuses 5xx pages and pages with a Location, unless stores may fail', () => {
    expect(
      checkAuthorizationResponse(page(500, { error: 'server_error' }), context).problems,
    ).toContain('status 500 is neither a 400 page nor a 302');
    const withLocation = page(
      400,
      { error: 'invalid_request' },
      { location: 'https://app.example/cb' },
    );
    expect(checkAuthorizationResponse(withLocation, context).problems).toEqual([
      'an error page with a Location',
    ]);
    const unavailable = page(503, { error: 'temporarily_unavailable' });
    expect(
      checkAuthorizationResponse(unavailable, { ...context, storeFailures: true }).problems,
    ).toEqual([]);
  });
});
