import { createHash, randomBytes } from 'node:crypto';

/** What the README quick start's code flow ended with. */
export interface CodeFlowResult {
  /** The protected route's JSON answer with the access token. */
  me: unknown;
  /** The protected route's status without a token (401 expected). */
  withoutToken: number;
  /** The token response's scope. */
  scope: unknown;
}

/**
 * Runs the README quick start's authorization code flow (PKCE S256, client_secret_basic)
 * against a running server whose stand-in login signs in with a cookie: authorize, sign in,
 * consent, redeem the code, call a protected route.
 */
export async function runQuickStartCodeFlow(
  base: string,
  client: { id: string; secret: string },
  redirectUri: string,
): Promise<CodeFlowResult> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const authorize = new URL('/authorize', base);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.id,
    redirect_uri: redirectUri,
    scope: 'profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();

  const login = await fetch(authorize, { redirect: 'manual' });
  expectStatus(login, 302, 'authorize without a session');
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const back = new URL(login.headers.get('location')!, base);
  const consent = await fetch(back, { headers: { cookie }, redirect: 'manual' });
  expectStatus(consent, 200, 'consent page');
  const allowed = await fetch(back, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'consent=allow',
    redirect: 'manual',
  });
  expectStatus(allowed, 302, 'consent');
  const callback = new URL(allowed.headers.get('location')!);
  if (callback.searchParams.get('state') !== state) throw new Error(`state: ${callback}`);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback}`);

  const basic = Buffer.from(
    `${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`,
  ).toString('base64');
  const token = await fetch(new URL('/token', base), {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  expectStatus(token, 200, 'token');
  const tokens = (await token.json()) as { access_token: string; scope?: string };
  const me = await fetch(new URL('/api/me', base), {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  expectStatus(me, 200, 'protected route');
  const anonymous = await fetch(new URL('/api/me', base));
  return { me: await me.json(), withoutToken: anonymous.status, scope: tokens.scope };
}

function expectStatus(res: Response, status: number, step: string): void {
  if (res.status !== status) {
    throw new Error(
      `${step}: expected ${status}, got ${res.status} ${res.headers.get('location') ?? ''}`,
    );
  }
}
