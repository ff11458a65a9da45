import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addClientAuthentication,
  assertProperty,
  buildTokenStyleRequest,
  checkTokenStyleResponse,
  clientAuthenticationArb,
  clientKeyArb,
  createFuzzFixture,
  expectNoProblems,
  type FixtureClientKey,
  FUZZ_ISSUER,
  type FuzzFixture,
  isFullRun,
  jsonObject,
  justifyTokenSuccess,
  KNOWN_PARAMS,
  paramNameArb,
  type RefName,
  type ResponseSnapshot,
  rawValueArb,
  refArb,
  renderValue,
  type SentRequest,
  snapshotResponse,
  tokenStyleCaseArb,
  toWebRequest,
  type ValueSpec,
  valueSpecArb,
  withTimeout,
} from '../src/index.js';

const TOKEN_URL = `${FUZZ_ISSUER}/token`;

/** Sends, checks the answer's shape, and checks that a 200 was earned. */
async function send(fixture: FuzzFixture, sent: SentRequest) {
  const response = fixture.server.createTokenResponse(toWebRequest(sent));
  const answer = await snapshotResponse(await withTimeout(response, 2_000, 'token endpoint'));
  const basicUsed = /^basic(\s|$)/i.test(sent.headers.authorization ?? '');
  expectNoProblems(checkTokenStyleResponse(answer, 'token', { basicUsed }), 'malformed answer', {
    sent,
    answer,
  });
  if (answer.status === 200) {
    const problems = await justifyTokenSuccess(fixture, sent, jsonObject(answer.body)!);
    expectNoProblems(problems, 'unearned 200', { sent, answer });
  }
  return answer;
}

// A slot of a well-formed request: the chosen client's own live value, another client's,
// a hostile string, or nothing.
type Slot = 'own' | ValueSpec | null;
const slotArb = (names: readonly RefName[]): fc.Arbitrary<Slot> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant('own' as const) },
    { weight: 1, arbitrary: refArb(names) },
    { weight: 1, arbitrary: rawValueArb.map((raw) => ({ raw })) },
    { weight: 1, arbitrary: fc.constant(null) },
  );

const deepCaseArb = fc.record({
  client: clientKeyArb,
  auth: clientAuthenticationArb,
  grantType: fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom('authorization_code', 'refresh_token', 'client_credentials'),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('password', 'implicit', 'AUTHORIZATION_CODE', 'refresh_token '),
    },
    { weight: 1, arbitrary: rawValueArb },
  ),
  code: slotArb(['code', 'refreshToken', 'accessToken']),
  verifier: slotArb(['verifier', 'code']),
  redirectUri: fc.oneof(
    { weight: 4, arbitrary: fc.constant<Slot>('own') },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Slot>(
        { raw: 'https://app.example/cb2?x=1' },
        { raw: 'https://app.example/cb/' },
        { raw: 'https://APP.example/cb' },
      ),
    },
    { weight: 1, arbitrary: slotArb(['redirectUri']) },
  ),
  refreshToken: slotArb(['refreshToken', 'accessToken', 'code']),
  scope: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(undefined, 'read', 'read write', 'write read') },
    { weight: 1, arbitrary: fc.constantFrom('admin', 'read admin', ' read', 'read  write') },
    { weight: 1, arbitrary: rawValueArb },
  ),
  extra: fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 2, arbitrary: fc.array(fc.tuple(paramNameArb, valueSpecArb), { maxLength: 3 }) },
  ),
  replay: fc.boolean(),
});
type DeepCase = typeof deepCaseArb extends fc.Arbitrary<infer T> ? T : never;

const OWN: Record<string, RefName> = {
  code: 'code',
  code_verifier: 'verifier',
  redirect_uri: 'redirectUri',
  refresh_token: 'refreshToken',
};

function buildDeepRequest(c: DeepCase, fixture: FuzzFixture): SentRequest {
  const client = fixture.clients[c.client];
  const slot = (name: string, s: Slot): [string, string][] => {
    if (s === null) return [];
    const spec: ValueSpec = s === 'own' ? { ref: OWN[name]!, of: c.client } : s;
    return [[name, renderValue(spec, fixture)]];
  };
  const pairs: [string, string][] = [['grant_type', c.grantType]];
  if (c.grantType === 'authorization_code') {
    pairs.push(...slot('code', c.code), ...slot('code_verifier', c.verifier));
    pairs.push(...slot('redirect_uri', c.redirectUri));
  }
  if (c.grantType === 'refresh_token') pairs.push(...slot('refresh_token', c.refreshToken));
  if (c.scope !== undefined) pairs.push(['scope', c.scope]);
  for (const [name, value] of c.extra) pairs.push([name, renderValue(value, fixture)]);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  addClientAuthentication(pairs, headers, client, c.auth, fixture);
  return { method: 'POST', url: TOKEN_URL, headers, body: new URLSearchParams(pairs).toString() };
}

/**
 * SECURITY 12 and 16: a redeemed code, or a public client's rotated refresh token, used
 * again is invalid_grant and revokes what was issued from it. Resolves whether the grant
 * was single-use (and so checked).
 */
async function checkReplay(
  fixture: FuzzFixture,
  c: Pick<DeepCase, 'grantType' | 'client'>,
  sent: SentRequest,
  first: ResponseSnapshot,
  second: ResponseSnapshot,
): Promise<boolean> {
  const singleUse =
    c.grantType === 'authorization_code' ||
    (c.grantType === 'refresh_token' && c.client === 'public');
  if (!singleUse) return false;
  const issued = jsonObject(first.body)!;
  const problems: string[] = [];
  if (second.status !== 400 || jsonObject(second.body)?.error !== 'invalid_grant') {
    problems.push('replay not answered invalid_grant');
  }
  if ((await fixture.recordOf(String(issued.access_token)))?.revokedAt == null) {
    problems.push('replay did not revoke the token issued first');
  }
  expectNoProblems(problems, 'replay', { sent, first, second });
  return true;
}

describe('token endpoint under property-based fuzzing', () => {
  test('any method, content type, Basic header, parameter name and value: a well-formed answer, and a 200 only when earned', async () => {
    await assertProperty(
      fc.asyncProperty(tokenStyleCaseArb, async (c) => {
        const fixture = await createFuzzFixture();
        await send(fixture, buildTokenStyleRequest(c, fixture, TOKEN_URL));
      }),
    );
  });

  test('well-formed grants with live codes, verifiers, refresh tokens and credentials mixed up: only the exact ones succeed, and never twice', async () => {
    const reached = { success: new Set<string>(), replays: 0 };
    await assertProperty(
      fc.asyncProperty(deepCaseArb, async (c) => {
        const fixture = await createFuzzFixture();
        const sent = buildDeepRequest(c, fixture);
        const first = await send(fixture, sent);
        if (first.status === 200) reached.success.add(`${c.grantType}/${c.client}`);
        if (!c.replay) return;
        const second = await send(fixture, sent);
        if (first.status === 200 && (await checkReplay(fixture, c, sent, first, second))) {
          reached.replays++;
        }
      }),
    );
    // The mix must reach the deep paths, or the property proves little.
    if (isFullRun()) {
      expect(reached.success.size, [...reached.success].join()).toBeGreaterThanOrEqual(6);
      expect(reached.replays).toBeGreaterThan(0);
    }
  });

  test('exact grants with unknown extra parameters succeed (RFC 6749 3.2: ignore unknown parameters)', async () => {
    const extraArb = fc.array(
      fc.tuple(
        rawValueArb.filter(
          (n) => n !== '' && n.length < 100 && !(KNOWN_PARAMS as readonly string[]).includes(n),
        ),
        fc.string({ maxLength: 40 }),
      ),
      { maxLength: 4 },
    );
    const grantArb = fc.constantFrom('authorization_code', 'refresh_token', 'client_credentials');
    await assertProperty(
      fc.asyncProperty(clientKeyArb, grantArb, extraArb, async (key, grantType, extra) => {
        const fixture = await createFuzzFixture();
        if (grantType === 'client_credentials' && key === 'public') return;
        const names = new Set<string>();
        const unique = extra.filter(([n]) => !names.has(n) && names.add(n));
        const c: DeepCase = {
          client: key as FixtureClientKey,
          auth: 'own',
          grantType,
          code: 'own',
          verifier: 'own',
          redirectUri: 'own',
          refreshToken: 'own',
          scope: undefined,
          extra: unique.map(([n, v]) => [n, { raw: v }]),
          replay: false,
        };
        const sent = buildDeepRequest(c, fixture);
        const answer = await send(fixture, sent);
        expect(answer.status, JSON.stringify({ sent, answer })).toBe(200);
        await checkReplay(fixture, c, sent, answer, await send(fixture, sent));
      }),
    );
  });
});
