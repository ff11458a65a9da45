import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AuthorizationInteraction,
  type AuthorizationRequest,
  type AuthorizationServer,
  InvalidRequestError,
  MethodNotAllowedError,
  type RateLimiter,
} from '@oauthkit/core';
import { createNodeHandler, readRequestBody, sendResponse, toOAuth2Request } from '@oauthkit/node';
import { createDevicePage } from './device-page.js';
import {
  consentHeaders,
  consentPage,
  errorPage,
  escapeHtml,
  HTML_HEADERS,
  loginPage,
  page,
} from './html.js';
import { sameOriginNext } from './safe-next.js';
import type { Sessions } from './sessions.js';
import type { ExampleUser, UserDirectory } from './users.js';

/** What the example's HTTP app is built from. */
export interface AppOptions {
  server: AuthorizationServer;
  users: UserDirectory;
  sessions: Sessions;
  /** The origin pages are served from: redirects after login stay on it. */
  origin: string;
  /** Counts failed logins per username and client address (SECURITY.md rule 31). */
  loginLimiter: RateLimiter;
}

/**
 * The example authorization server's request handler: login and consent pages (CSRF-checked
 * forms), the OAuth endpoints through `@oauthkit/node`, and `GET /api/me`, a resource that
 * needs the `profile` scope.
 */
export function createApp({ server, users, sessions, origin, loginLimiter }: AppOptions) {
  const ownOrigin = new URL(origin).origin;
  const logoutPath = new URL(server.endpointUrl('end_session') ?? '/logout', ownOrigin).pathname;
  // A form posted from another site is refused even before its CSRF token is checked. Browsers
  // send Sec-Fetch-Site on every request; Origin too, but as "null" under this app's
  // Referrer-Policy: no-referrer, so a "null" Origin alone decides nothing.
  const crossSite = (req: IncomingMessage) => {
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return true;
    const from = req.headers.origin;
    return from !== undefined && from !== 'null' && from !== ownOrigin;
  };
  const send = (
    res: ServerResponse,
    status: number,
    html: string,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { ...HTML_HEADERS, ...headers });
    res.end(html);
  };
  const redirect = (
    res: ServerResponse,
    location: string,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', ...headers });
    res.end();
  };

  // Every endpoint but the authorization endpoint, which `authorize` below serves with the
  // consent API: it tells the core when the user signed in and whether the sign-in was made
  // for this very request (OpenID Connect's `prompt=login`, `max_age`), which the binding's
  // hooks cannot say.
  const oauth = createNodeHandler(server);
  const authorizePath = new URL(server.config.endpoints.authorization).pathname;
  const toLogin = (res: ServerResponse, next: string) =>
    redirect(res, `/login?next=${encodeURIComponent(next)}`);

  async function authorize(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { maxBodyBytes } = server.config;
    const body = req.method === 'POST' ? await readRequestBody(req, maxBodyBytes) : undefined;
    const request = toOAuth2Request(req, body, maxBodyBytes);
    if (req.method !== 'GET' && req.method !== 'POST') {
      return sendResponse(
        res,
        server.errorResponse(new MethodNotAllowedError(['GET', 'POST']), request),
      );
    }
    if (request.bodyProblem === 'too_large') {
      // The decision is in the body we refused to read: never guess it.
      const error = new InvalidRequestError({ description: 'body_too_large' }, 413);
      return sendResponse(res, server.createAuthorizationErrorResponseRaw(error, request), true);
    }
    const here = formNext(req.url ?? '/');
    const session = sessions.peek(req.headers.cookie);
    const user = session?.userId ? await users.findById(session.userId) : null;
    const interaction: AuthorizationInteraction =
      session && user
        ? {
            session: { authTime: session.authTime ?? undefined },
            completed: { login: session.loginFor === here },
          }
        : {};
    if (req.method === 'GET') {
      let authorization: AuthorizationRequest;
      try {
        // Validate before asking anyone to log in: a bad request never reaches the login page.
        authorization = await server.validateConsentRequest(request, user, interaction);
      } catch (error) {
        return sendResponse(res, server.createAuthorizationErrorResponseRaw(error, request));
      }
      // No session, or OpenID Connect demands a new sign-in (prompt=login, max_age).
      if (!session || !user || authorization.openid?.decision.action === 'login') {
        return toLogin(res, here);
      }
      return renderConsent(req, res, authorization, user);
    }
    if (!session || !user) return toLogin(res, here);
    // A forged or replayed form (cross-site, wrong CSRF token) never grants anything.
    const allowed =
      !crossSite(req) &&
      sessions.checkCsrf(session, request.form?.get('csrf')) &&
      request.form?.get('decision') === 'allow';
    // The sign-in made for this request counts once.
    if (session.loginFor === here) session.loginFor = null;
    const response = allowed
      ? await server.createAuthorizationResponseRaw(request, user, {
          ...interaction,
          extensions: {
            ...(session.authTime !== null ? { authTime: session.authTime } : {}),
            amr: ['pwd'],
          },
        })
      : await server.createAuthorizationResponseRaw(request, null);
    sendResponse(res, response);
  }

  function renderConsent(
    req: IncomingMessage,
    res: ServerResponse,
    authorization: AuthorizationRequest,
    user: ExampleUser,
  ): void {
    const { session, setCookie } = sessions.get(req.headers.cookie);
    const { client } = authorization;
    send(
      res,
      200,
      consentPage({
        csrf: session.csrf,
        action: req.url ?? '/authorize',
        clientName: client.metadata.clientName ?? client.clientId,
        clientId: client.clientId,
        scopes: authorization.scope ? authorization.scope.split(' ') : [],
        username: user.username,
        redirectUri: authorization.redirectUri,
      }),
      {
        ...consentHeaders(authorization.redirectUri),
        ...(setCookie ? { 'Set-Cookie': setCookie } : {}),
      },
    );
  }

  const device = createDevicePage({ server, users, sessions, crossSite, send, redirect });

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === authorizePath) return authorize(req, res);
    if (await oauth(req, res)) return;
    if (path === '/login') return login(req, res);
    if (path === '/device') return device(req, res);
    if (path === '/api/me' && req.method === 'GET') {
      const token = await oauth.protect(req, res, ['profile']);
      if (!token) return;
      const userId = token.getUserId();
      const user = userId ? await users.findById(userId) : null;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ sub: userId, username: user?.username ?? null }));
      return;
    }
    if (path === '/' && req.method === 'GET') {
      return send(
        res,
        200,
        page(
          'oauthkit example',
          `<h1>oauthkit example authorization server</h1><p>Metadata: <a href="/.well-known/oauth-authorization-server">/.well-known/oauth-authorization-server</a></p><p class="muted">Issuer ${escapeHtml(server.config.issuer)}</p><p><a href="${escapeHtml(logoutPath)}">Sign out</a></p>`,
        ),
      );
    }
    if (path === '/callback' && req.method === 'GET') {
      // Where the demo client lands: shows the response parameters for a manual flow.
      const params = new URL(req.url ?? '/', 'http://x').searchParams;
      const rows = [...params].map(
        ([k, v]) => `<li><code>${escapeHtml(k)}</code> = <code>${escapeHtml(v)}</code></li>`,
      );
      return send(
        res,
        200,
        page('Callback', `<h1>Authorization response</h1><ul>${rows.join('')}</ul>`),
      );
    }
    send(res, 404, errorPage('Not found', 'There is nothing here.'));
  };

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { session, setCookie } = sessions.get(req.headers.cookie);
    const cookie: Record<string, string> = setCookie ? { 'Set-Cookie': setCookie } : {};
    if (req.method === 'GET') {
      const next = formNext(new URL(req.url ?? '/', ownOrigin).searchParams.get('next'));
      return send(res, 200, loginPage({ csrf: session.csrf, next }), cookie);
    }
    if (req.method !== 'POST')
      return send(res, 405, errorPage('Method not allowed', 'Use GET or POST.'), {
        Allow: 'GET, POST',
      });
    const body = await readRequestBody(req, 16_384);
    if ('tooLarge' in body) return send(res, 413, errorPage('Too large', 'The form is too large.'));
    const form = new URLSearchParams(Buffer.from(body.bytes).toString('utf8'));
    const next = formNext(form.get('next'));
    if (crossSite(req) || !sessions.checkCsrf(session, form.get('csrf'))) {
      return send(
        res,
        403,
        loginPage({ csrf: session.csrf, next, error: 'The form expired. Please try again.' }),
        cookie,
      );
    }
    const username = form.get('username') ?? '';
    const keys = { username, address: req.socket.remoteAddress };
    // One answer whichever key is limited, and before the password is checked: it tells
    // nothing about the username or the password (SECURITY.md rule 31).
    if (await loginLimiter.isLimited(keys)) {
      return send(
        res,
        429,
        loginPage({ csrf: session.csrf, next, error: 'Too many attempts. Try again later.' }),
        { ...cookie, 'Retry-After': String(loginLimiter.retryAfterSeconds) },
      );
    }
    const user = await users.authenticate(username, form.get('password') ?? '');
    if (!user) {
      await loginLimiter.recordFailure(keys);
      return send(
        res,
        401,
        loginPage({ csrf: session.csrf, next, error: 'Wrong username or password.' }),
        cookie,
      );
    }
    await loginLimiter.reset({ username });
    // Stamped with the sign-in time and the request it was made for (see `authorize`).
    const fresh = sessions.login(session, user.id, next);
    redirect(res, sameOriginNext(next, ownOrigin), { 'Set-Cookie': fresh.setCookie });
  }

  /** `next` as the login form carries it: a path on this origin, or `/`. */
  function formNext(next: string | null): string {
    return sameOriginNext(next, ownOrigin).slice(ownOrigin.length);
  }
}
