import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addClientAuthentication,
  assertProperty,
  authenticatedClient,
  buildTokenStyleRequest,
  checkTokenStyleResponse,
  clientAuthenticationArb,
  clientKeyArb,
  createFuzzFixture,
  expectNoProblems,
  type FixtureClient,
  FUZZ_ISSUER,
  type FuzzFixture,
  isFullRun,
  jsonObject,
  paramNameArb,
  type ResponseSnapshot,
  rawValueArb,
  refArb,
  renderValue,
  type SentRequest,
  sentForm,
  single,
  snapshotResponse,
  type TokenStyleEndpoint,
  tokenStyleCaseArb,
  toWebRequest,
  valueSpecArb,
  withTimeout,
} from '../src/index.js';

const URLS = { revocation: `${FUZZ_ISSUER}/revoke`, introspection: `${FUZZ_ISSUER}/introspect` };

async function send(
  fixture: FuzzFixture,
  endpoint: 'revocation' | 'introspection',
  sent: SentRequest,
): Promise<ResponseSnapshot> {
  const response = fixture.server.createEndpointResponse(endpoint, toWebRequest(sent));
  const answer = await snapshotResponse(await withTimeout(response, 2_000, endpoint));
  const basicUsed = /^basic(\s|$)/i.test(sent.headers.authorization ?? '');
  expectNoProblems(
    checkTokenStyleResponse(answer, endpoint as TokenStyleEndpoint, { basicUsed }),
    'malformed answer',
    { sent, answer },
  );
  return answer;
}

/** Which live token of which client the request names, if any. */
function namedToken(fixture: FuzzFixture, sent: SentRequest) {
  const value = sentForm(sent) && single(sentForm(sent)!, 'token');
  for (const client of Object.values(fixture.clients)) {
    if (value === client.accessToken) return { client, kind: 'access' as const };
    if (value === client.refreshToken) return { client, kind: 'refresh' as const };
  }
  return null;
}

/** Whether the client's access token still passes as active in the store. */
async function accessRevoked(fixture: FuzzFixture, client: FixtureClient): Promise<boolean> {
  return (await fixture.recordOf(client.accessToken))?.revokedAt != null;
}

/**
 * RFC 7009 2.1/2.2 and SECURITY 22: a 200 needs a correctly authenticated client; it revokes
 * that client's own token (a refresh token takes its family, access token included) and
 * leaves every other client's token alone.
 */
async function checkRevocation(fixture: FuzzFixture, sent: SentRequest, answer: ResponseSnapshot) {
  if (answer.status !== 200) return;
  const caller = authenticatedClient(sent, fixture);
  const problems: string[] = caller ? [] : ['200 without one correct client authentication'];
  for (const client of Object.values(fixture.clients)) {
    const named = namedToken(fixture, sent);
    const ownNamed = caller !== null && named?.client === client && client === caller;
    if ((await accessRevoked(fixture, client)) !== ownNamed) {
      problems.push(`${client.key} access token ${ownNamed ? 'not revoked' : 'revoked'}`);
    }
  }
  expectNoProblems(problems, 'revocation', { sent, answer });
}

/**
 * RFC 7662 2.2 and SECURITY 23: `active: true` only for a correctly authenticated client
 * asking about its own live token, with that token's facts; and an own live token is active.
 */
function checkIntrospection(fixture: FuzzFixture, sent: SentRequest, answer: ResponseSnapshot) {
  if (answer.status !== 200) return;
  const body = jsonObject(answer.body)!;
  const caller = authenticatedClient(sent, fixture);
  const named = namedToken(fixture, sent);
  const own = caller !== null && named !== null && named.client === caller;
  const problems: string[] = [];
  if (!caller) problems.push('200 without one correct client authentication');
  if (body.active === true) {
    if (!own) problems.push('active for a token that is not the caller’s live token');
    else if (body.client_id !== caller!.clientId) problems.push('client_id of another client');
    const kind = named?.kind === 'refresh' ? 'refresh_token' : 'Bearer';
    if (own && body.token_type !== kind) problems.push(`token_type ${String(body.token_type)}`);
  } else if (own) {
    problems.push('the caller’s own live token reported inactive');
  }
  expectNoProblems(problems, 'introspection', { sent, answer });
}

const deepCaseArb = fc.record({
  client: clientKeyArb,
  auth: clientAuthenticationArb,
  token: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('own-access', 'own-refresh') },
    { weight: 2, arbitrary: refArb(['accessToken', 'refreshToken', 'code', 'secret']) },
    { weight: 1, arbitrary: rawValueArb.map((raw) => ({ raw })) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  hint: fc.option(
    fc.oneof(
      fc.constantFrom('access_token', 'refresh_token', 'id_token', 'ACCESS_TOKEN'),
      rawValueArb,
    ),
    { nil: undefined },
  ),
  extra: fc.array(fc.tuple(paramNameArb, valueSpecArb), { maxLength: 2 }),
});
type DeepCase = typeof deepCaseArb extends fc.Arbitrary<infer T> ? T : never;

function buildDeepRequest(c: DeepCase, fixture: FuzzFixture, url: string): SentRequest {
  const client = fixture.clients[c.client];
  const pairs: [string, string][] = [];
  if (c.token === 'own-access') pairs.push(['token', client.accessToken]);
  else if (c.token === 'own-refresh') pairs.push(['token', client.refreshToken]);
  else if (c.token !== null) pairs.push(['token', renderValue(c.token, fixture)]);
  if (c.hint !== undefined) pairs.push(['token_type_hint', c.hint]);
  for (const [name, value] of c.extra) pairs.push([name, renderValue(value, fixture)]);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  addClientAuthentication(pairs, headers, client, c.auth, fixture);
  return { method: 'POST', url, headers, body: new URLSearchParams(pairs).toString() };
}

describe('revocation and introspection under property-based fuzzing', () => {
  for (const endpoint of ['revocation', 'introspection'] as const) {
    test(`${endpoint}: any method, content type, Basic header and parameters get a well-formed answer, and a 200 only when earned`, async () => {
      await assertProperty(
        fc.asyncProperty(tokenStyleCaseArb, async (c) => {
          const fixture = await createFuzzFixture();
          const sent = buildTokenStyleRequest(c, fixture, URLS[endpoint]);
          const answer = await send(fixture, endpoint, sent);
          if (endpoint === 'revocation') await checkRevocation(fixture, sent, answer);
          else checkIntrospection(fixture, sent, answer);
        }),
      );
    });
  }

  test('live tokens, hints and credentials mixed up: revocation revokes only the caller’s own token, introspection agrees afterwards', async () => {
    let revokedOwn = 0;
    await assertProperty(
      fc.asyncProperty(deepCaseArb, async (c) => {
        const fixture = await createFuzzFixture();
        const introspect = buildDeepRequest(c, fixture, URLS.introspection);
        checkIntrospection(fixture, introspect, await send(fixture, 'introspection', introspect));
        const revoke = buildDeepRequest(c, fixture, URLS.revocation);
        const answer = await send(fixture, 'revocation', revoke);
        await checkRevocation(fixture, revoke, answer);
        const caller = authenticatedClient(revoke, fixture);
        const named = namedToken(fixture, revoke);
        if (answer.status !== 200 || !caller || named?.client !== caller) return;
        revokedOwn++;
        // Revoked now: introspection must say so, and only `{"active": false}`. A public
        // client may revoke its tokens but not introspect them (none is refused there).
        const after = await send(fixture, 'introspection', introspect);
        if (caller.key === 'public') {
          expect(after.status).toBe(401);
          return;
        }
        expect(after.status).toBe(200);
        expect(jsonObject(after.body)).toEqual({ active: false });
      }),
    );
    if (isFullRun()) expect(revokedOwn).toBeGreaterThan(15);
  });
});
