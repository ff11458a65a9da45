import { type OAuth2Response, userFromId } from '@oauthkit/core';
import { createOAuth2Request, toWebResponse } from '@oauthkit/core/binding';
import * as fc from 'fast-check';
import { describe, test } from 'vitest';
import {
  anyMethodArb,
  assertProperty,
  checkAuthorizationResponse,
  checkBearerRefusal,
  checkTokenStyleResponse,
  contentTypeArb,
  createFuzzFixture,
  expectNoProblems,
  FUZZ_ISSUER,
  malformedBasicArb,
  paramNameArb,
  type ResponseSnapshot,
  rawValueArb,
  withTimeout,
} from '../src/index.js';

// The framework-neutral request (what Express, Fastify and other bindings build) takes what
// a Fetch Request refuses: any method string, header values with NUL, CR, LF or any code
// point, bodies already parsed into objects with arrays and nesting, invalid UTF-8 bytes.

const bodyObjectArb = fc.dictionary(
  paramNameArb,
  fc.oneof(
    rawValueArb,
    fc.array(rawValueArb, { maxLength: 3 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.object({ maxDepth: 2 }),
  ),
  { maxKeys: 6 },
);

const neutralArb = fc.record({
  method: anyMethodArb,
  url: fc.oneof(
    fc.constantFrom(
      '/token',
      `${FUZZ_ISSUER}/authorize?client_id=public-client`,
      '//x',
      'http://[::1',
    ),
    rawValueArb,
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
  ),
  contentType: contentTypeArb,
  authorization: fc.option(fc.oneof(malformedBasicArb, rawValueArb), { nil: undefined }),
  extraHeaders: fc.dictionary(
    fc.string({ maxLength: 12 }),
    fc.oneof(rawValueArb, fc.array(rawValueArb, { maxLength: 2 })),
    { maxKeys: 3 },
  ),
  body: fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    rawValueArb,
    fc.uint8Array({ maxLength: 80 }),
    bodyObjectArb,
  ),
  locales: fc.option(fc.array(rawValueArb, { maxLength: 3 }), { nil: undefined }),
});

function snapshot(response: OAuth2Response): ResponseSnapshot {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
  return { status: response.status, headers, body: response.body };
}

/** Bindings write these headers as they are: each must be a legal HTTP field value. */
function unwritable(response: OAuth2Response): string[] {
  try {
    toWebResponse(response);
    return [];
  } catch (e) {
    return [`a response no binding can write: ${(e as Error).message}`];
  }
}

describe('framework-neutral requests under property-based fuzzing', () => {
  test('anything a binding can hand over: every endpoint answers a well-formed, writable response; nothing throws', async () => {
    await assertProperty(
      fc.asyncProperty(neutralArb, async (c) => {
        const fixture = await createFuzzFixture();
        const headers: Record<string, string | string[] | undefined> = { ...c.extraHeaders };
        headers['content-type'] = c.contentType;
        headers.authorization = c.authorization;
        const build = () =>
          createOAuth2Request({
            method: c.method,
            url: c.url,
            headers,
            body: c.body as string | Uint8Array | Record<string, unknown> | null | undefined,
            maxBodyBytes: 16_384,
            ...(c.locales ? { locales: c.locales } : {}),
          });
        const { server } = fixture;
        const basicUsed = /^basic(\s|$)/i.test(c.authorization ?? '');
        for (const endpoint of ['token', 'revocation', 'introspection'] as const) {
          const raw = await withTimeout(
            server.createEndpointResponseRaw(endpoint, build()),
            2_000,
            endpoint,
          );
          const problems = [
            ...unwritable(raw),
            ...checkTokenStyleResponse(snapshot(raw), endpoint, { basicUsed }),
          ];
          expectNoProblems(problems, endpoint, { c, raw });
        }
        for (const user of [userFromId('fuzz-user'), null]) {
          const raw = await withTimeout(
            server.createAuthorizationResponseRaw(build(), user),
            2_000,
            'authorize',
          );
          const registered = Object.values(fixture.clients).flatMap(
            (client) => client.redirectUris,
          );
          const { problems } = checkAuthorizationResponse(snapshot(raw), {
            issuer: FUZZ_ISSUER,
            registeredRedirectUris: registered,
            state: build().query.get('state'),
          });
          expectNoProblems([...unwritable(raw), ...problems], 'authorization', { c, raw });
        }
        const protector = server.createResourceProtector();
        const result = await withTimeout(protector.protect(build(), ['read']), 2_000, 'bearer');
        if (!result.ok) {
          const problems = [
            ...unwritable(result.response),
            ...checkBearerRefusal(snapshot(result.response)),
          ];
          expectNoProblems(problems, 'bearer', { c, response: result.response });
        }
      }),
    );
  });
});
