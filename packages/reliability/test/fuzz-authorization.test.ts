import { createFetchHandler, OAuth2Error, userFromId } from '@oauthkit/core';
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addClientAuthentication,
  assertProperty,
  authorizationParamsOf,
  checkAuthorizationResponse,
  checkTokenStyleResponse,
  clientKeyArb,
  contentTypeArb,
  createFuzzFixture,
  encodeForm,
  expectNoProblems,
  FUZZ_ISSUER,
  type FuzzFixture,
  formEncodingArb,
  isFullRun,
  jsonObject,
  justifyAuthorizationSuccess,
  paramNameArb,
  type ResponseSnapshot,
  rawValueArb,
  renderValue,
  type SentRequest,
  snapshotResponse,
  toHeaderValue,
  toWebRequest,
  trustedRedirect,
  valueSpecArb,
  webMethodArb,
  withTimeout,
} from '../src/index.js';

const AUTHORIZE_URL = `${FUZZ_ISSUER}/authorize`;
const AUTHZ_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
] as const;
const user = userFromId('fuzz-user');

const first = (params: URLSearchParams, name: string) => params.getAll(name).find((v) => v !== '');

/** The request's own client and redirect URI as the checks need them. */
function contextOf(fixture: FuzzFixture, sent: SentRequest) {
  const params = authorizationParamsOf(sent);
  const trusted = trustedRedirect(fixture, params);
  return {
    params,
    trusted,
    check: {
      issuer: FUZZ_ISSUER,
      registeredRedirectUris: trusted ? [trusted.redirectUri] : [],
      state: first(params, 'state'),
    },
  };
}

/**
 * A well-formed answer (a 400 page or a 302 to the trusted redirect URI with `iss`), a page
 * exactly when the client or redirect URI cannot be trusted (RFC 6749 4.1.2.1), and a code
 * or token only when earned.
 */
async function checkAnswer(
  fixture: FuzzFixture,
  sent: SentRequest,
  answer: ResponseSnapshot,
  userGiven: boolean,
) {
  const { trusted, check } = contextOf(fixture, sent);
  const { problems, redirect } = checkAuthorizationResponse(answer, check);
  const oversized = typeof sent.body === 'string' && Buffer.byteLength(sent.body) > 16_384;
  if (trusted && answer.status !== 302 && !oversized) problems.push('a page for a trusted client');
  if (redirect && (redirect.params.has('code') || redirect.params.has('access_token'))) {
    problems.push(...(await justifyAuthorizationSuccess(fixture, sent, redirect, userGiven)));
  }
  expectNoProblems(problems, 'authorization answer', { sent, answer });
  return redirect;
}

const chaosCaseArb = fc.record({
  method: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('GET', 'POST') },
    { weight: 1, arbitrary: webMethodArb },
  ),
  inBody: fc.boolean(),
  contentType: contentTypeArb,
  params: fc.array(
    fc.tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...AUTHZ_PARAMS) }, paramNameArb),
      fc.oneof(
        { weight: 3, arbitrary: valueSpecArb },
        {
          weight: 1,
          arbitrary: fc.constantFrom('code', 'token', 'read', 'S256').map((raw) => ({ raw })),
        },
      ),
    ),
    { maxLength: 9 },
  ),
  repeatFirst: fc.boolean(),
  encoding: formEncodingArb,
  loggedIn: fc.boolean(),
  consent: fc.boolean(),
});

/**
 * The app's side of the authorization endpoint, as the Fetch handler calls it; its own
 * answers are marked with `x-app` so the checks can tell them from the core's.
 */
function appHooks(loggedIn: boolean, consent: boolean) {
  return {
    getUser: () => (loggedIn ? user : null),
    login: () => new Response('login', { status: 401, headers: { 'x-app': 'login' } }),
    renderConsent: (
      _: Request,
      authorization: { redirectUri: string; state?: string | undefined },
    ) =>
      Response.json(
        { redirectUri: authorization.redirectUri, state: authorization.state ?? null },
        { headers: { 'x-app': 'consent' } },
      ),
    getConsent: () => consent,
  };
}

// Values worth trying per parameter, beside hostile strings and live values of the fixture.
const INTERESTING: Record<string, readonly string[]> = {
  response_type: ['code', 'token', 'code token', 'id_token', 'CODE', 'code '],
  redirect_uri: [
    'https://app.example/cb',
    'https://app.example/cb2?x=1',
    'https://app.example/cb/',
    'https://APP.example/cb',
    'https://app.example/cb#x',
    'http://app.example/cb',
    'javascript:alert(1)',
    ' https://app.example/cb',
    'https://native.example/cb',
    'https://post.example/cb',
  ],
  scope: ['read', 'write read', 'admin', 'read admin', 'read  write', 'READ'],
  code_challenge_method: ['S256', 'plain', 's256', 'S512'],
  code_challenge: [
    'a'.repeat(42),
    'a'.repeat(43),
    'a'.repeat(128),
    'a'.repeat(129),
    `${'a'.repeat(42)}+`,
  ],
};

/** One change to a valid request: drop a parameter, replace its value, repeat it, or add one. */
const mutationArb = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), name: fc.constantFrom(...AUTHZ_PARAMS) }),
  fc.record({ kind: fc.constant('repeat' as const), name: fc.constantFrom(...AUTHZ_PARAMS) }),
  fc.constantFrom(...Object.keys(INTERESTING)).chain((name) =>
    fc.record({
      kind: fc.constant('set' as const),
      name: fc.constant(name),
      value: fc.constantFrom(...INTERESTING[name]!).map((raw) => ({ raw })),
    }),
  ),
  fc.record({
    kind: fc.constant('set' as const),
    name: fc.constantFrom(...AUTHZ_PARAMS),
    value: valueSpecArb,
  }),
  fc.record({ kind: fc.constant('add' as const), name: paramNameArb, value: valueSpecArb }),
);

const deepCaseArb = fc.record({
  client: clientKeyArb,
  responseType: fc.constantFrom('code', 'code', 'token'),
  state: fc.option(rawValueArb, { freq: 4, nil: undefined }),
  mutations: fc.oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 3, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.array(mutationArb, { minLength: 2, maxLength: 3 }) },
  ),
  loggedIn: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
  viaPost: fc.boolean(),
  rightVerifier: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
});
type DeepCase = typeof deepCaseArb extends fc.Arbitrary<infer T> ? T : never;

/** A valid request of the chosen client, then the case's mutations applied in order. */
function buildDeepRequest(c: DeepCase, fixture: FuzzFixture): SentRequest {
  const client = fixture.clients[c.client];
  let pairs: [string, string][] = [
    ['response_type', c.responseType],
    ['client_id', client.clientId],
    ['redirect_uri', client.redirectUris[0]!],
    ['scope', 'read'],
  ];
  if (c.state !== undefined) pairs.push(['state', c.state]);
  if (c.responseType === 'code') {
    pairs.push(['code_challenge', fixture.pkce.challenge], ['code_challenge_method', 'S256']);
  }
  for (const m of c.mutations) {
    if (m.kind === 'drop') pairs = pairs.filter(([name]) => name !== m.name);
    else if (m.kind === 'repeat') {
      const found = pairs.find(([name]) => name === m.name);
      if (found) pairs.push([found[0], `${found[1]}x`]);
    } else {
      const value = renderValue(m.value, fixture);
      if (m.kind === 'set') pairs = pairs.filter(([name]) => name !== m.name);
      pairs.push([m.name, value]);
    }
  }
  const encoded = new URLSearchParams(pairs).toString();
  if (!c.viaPost) {
    return { method: 'GET', url: `${AUTHORIZE_URL}?${encoded}`, headers: {}, body: null };
  }
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  return { method: 'POST', url: AUTHORIZE_URL, headers, body: encoded };
}

describe('authorization endpoint under property-based fuzzing', () => {
  test('through the Fetch handler, any method, body, parameter and value: a 400 page, a redirect to the trusted URI with iss and state, or the app’s own page; never a 5xx', async () => {
    await assertProperty(
      fc.asyncProperty(chaosCaseArb, async (c) => {
        const fixture = await createFuzzFixture();
        const pairs = c.params.map(([name, value]) => [name, renderValue(value, fixture)] as const);
        if (c.repeatFirst && pairs[0]) pairs.push(pairs[0]);
        const encoded = encodeForm(pairs, c.encoding);
        const inBody = c.inBody && !['GET', 'HEAD'].includes(c.method.toUpperCase());
        const headers: Record<string, string> = {};
        if (c.contentType !== undefined) headers['content-type'] = toHeaderValue(c.contentType);
        const sent: SentRequest = inBody
          ? { method: c.method, url: AUTHORIZE_URL, headers, body: encoded }
          : { method: c.method, url: `${AUTHORIZE_URL}?${encoded}`, headers, body: null };
        const handler = createFetchHandler(fixture.server, appHooks(c.loggedIn, c.consent));
        const response = await withTimeout(handler(toWebRequest(sent)), 2_000, 'authorization');
        const answer = await snapshotResponse(response);
        const { trusted, params } = contextOf(fixture, sent);
        const method = sent.method.toUpperCase();
        const app = answer.headers['x-app'];
        if (method !== 'GET' && method !== 'POST') {
          const problems = checkTokenStyleResponse(answer, 'token');
          if (answer.status !== 405 || !/GET/.test(answer.headers.allow ?? '')) {
            problems.push('not 405 with Allow: GET, POST');
          }
          expectNoProblems(problems, 'method', { sent, answer });
        } else if (app === 'login') {
          // GET validates before asking anyone to log in.
          if (c.loggedIn || (method === 'GET' && !trusted)) {
            expectNoProblems(['login page out of place'], 'login', { sent, answer });
          }
        } else if (app === 'consent') {
          const body = jsonObject(answer.body);
          const problems: string[] = [];
          if (method !== 'GET' || !c.loggedIn || !trusted) problems.push('consent out of place');
          if (body?.redirectUri !== trusted?.redirectUri) problems.push('consent for another URI');
          if ((body?.state ?? undefined) !== first(params, 'state')) problems.push('state changed');
          expectNoProblems(problems, 'consent page', { sent, answer });
        } else {
          await checkAnswer(fixture, sent, answer, c.loggedIn && c.consent);
        }
      }),
    );
  });

  test('through the consent API, well-formed requests mixed up: validation agrees with the decision, codes are bound and redeemable once, tokens only in the fragment', async () => {
    const reached = { codes: 0, exchanged: 0, tokens: 0 };
    await assertProperty(
      fc.asyncProperty(deepCaseArb, async (c) => {
        const fixture = await createFuzzFixture();
        const sent = buildDeepRequest(c, fixture);
        const request = toWebRequest(sent);
        const endUser = c.loggedIn ? user : null;
        const { server } = fixture;
        // The app's sequence: validate for the consent page, then answer the decision, on the
        // same request (its body is read once).
        const validated = await withTimeout(
          server.validateConsentRequest(request, endUser).then(
            (authorization) => ({ authorization }),
            (error: unknown) => ({ error }),
          ),
          2_000,
          'validateConsentRequest',
        );
        const answer = await snapshotResponse(
          await withTimeout(
            server.createAuthorizationResponse(request, endUser),
            2_000,
            'authorize',
          ),
        );
        const redirect = await checkAnswer(fixture, sent, answer, c.loggedIn);
        const problems: string[] = [];
        if ('error' in validated) {
          if (!(validated.error instanceof OAuth2Error))
            problems.push(`threw ${String(validated.error)}`);
          const page = await snapshotResponse(
            await server.createAuthorizationErrorResponse(validated.error, request),
          );
          await checkAnswer(fixture, sent, page, false);
          // A request refused at validation is refused when answered, the same way.
          if (page.status !== answer.status) problems.push('validation and answer disagree');
        } else {
          const { trusted } = contextOf(fixture, sent);
          if (validated.authorization.redirectUri !== trusted?.redirectUri) {
            problems.push('validated for an untrusted redirect URI');
          }
          if (
            c.loggedIn &&
            !redirect?.params.has('code') &&
            !redirect?.params.has('access_token')
          ) {
            problems.push('validated, consented, yet no code or token');
          }
        }
        expectNoProblems(problems, 'consent API', { sent, validated, answer });
        if (redirect?.params.has('access_token')) reached.tokens++;
        const code = redirect?.params.get('code');
        if (!code) return;
        reached.codes++;
        await exchangeIssuedCode(fixture, c, sent, code);
        if (c.rightVerifier) reached.exchanged++;
      }),
    );
    if (isFullRun()) {
      expect(reached.codes).toBeGreaterThan(25);
      expect(reached.exchanged).toBeGreaterThan(15);
      expect(reached.tokens).toBeGreaterThan(3);
    }
  });
});

/**
 * Redeems an issued code with the right or a wrong verifier: the right one succeeds once,
 * anything else is invalid_grant, and either way the code is then spent (SECURITY 12, 14).
 */
async function exchangeIssuedCode(
  fixture: FuzzFixture,
  c: DeepCase,
  sent: SentRequest,
  code: string,
) {
  const client = fixture.clients[c.client];
  const params = authorizationParamsOf(sent);
  const pairs: [string, string][] = [
    ['grant_type', 'authorization_code'],
    ['code', code],
  ];
  const redirectUri = first(params, 'redirect_uri');
  if (redirectUri !== undefined) pairs.push(['redirect_uri', redirectUri]);
  const right = first(params, 'code_challenge') === fixture.pkce.challenge && c.rightVerifier;
  pairs.push(['code_verifier', right ? fixture.pkce.verifier : fixture.clients.basic.verifier]);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  addClientAuthentication(pairs, headers, client, 'own', fixture);
  const tokenRequest = () =>
    toWebRequest({
      method: 'POST',
      url: `${FUZZ_ISSUER}/token`,
      headers,
      body: new URLSearchParams(pairs).toString(),
    });
  const once = await snapshotResponse(await fixture.server.createTokenResponse(tokenRequest()));
  const twice = await snapshotResponse(await fixture.server.createTokenResponse(tokenRequest()));
  const problems = [
    ...checkTokenStyleResponse(once, 'token'),
    ...checkTokenStyleResponse(twice, 'token'),
  ];
  if (right && once.status !== 200) problems.push(`the right verifier got ${once.status}`);
  if (!right && once.status === 200 && first(params, 'code_challenge') !== undefined) {
    problems.push('a wrong verifier redeemed the code');
  }
  if (twice.status === 200) problems.push('the code was redeemed twice');
  expectNoProblems(problems, 'code exchange', { sent, once, twice });
}
