import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorizationServer } from '@oauthkit/core';
import { createNodeHandler, readRequestBody } from '@oauthkit/node';
import { consentPage, errorPage, HTML_HEADERS, loginPage, page, escapeHtml } from './html.js';
import type { Sessions } from './sessions.js';
import type { UserDirectory } from './users.js';

/** What the example's HTTP app is built from. */
export interface AppOptions {
  server: AuthorizationServer;
  users: UserDirectory;
  sessions: Sessions;
  /** Whether cookies get `Secure` (the issuer is https). */
  secure: boolean;
}

/**
 * The example authorization server's request handler: login and consent pages (CSRF-checked
 * forms), the OAuth endpoints through `@oauthkit/node`, and `GET /api/me`, a resource that
 * needs the `profile` scope.
 */
export function createApp({ server, users, sessions, secure }: AppOptions) {
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

  const oauth = createNodeHandler(server, {
    async getUser(req) {
      const session = sessions.peek(req.headers.cookie);
      return session?.userId ? users.findById(session.userId) : null;
    },
    login(req, res) {
      redirect(res, `/login?next=${encodeURIComponent(req.url ?? '/')}`);
    },
    renderConsent(req, res, authorization, user) {
      const { session, setCookie } = sessions.get(req.headers.cookie, secure);
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
          username: user.getUsername?.() ?? user.getUserId(),
          redirectUri: authorization.redirectUri,
        }),
        setCookie ? { 'Set-Cookie': setCookie } : {},
      );
    },
    getConsent(req, form) {
      const session = sessions.peek(req.headers.cookie);
      // A forged or replayed form (no session, wrong CSRF token) never grants anything.
      if (!session || !sessions.checkCsrf(session, form.get('csrf'))) return false;
      return form.get('decision') === 'allow';
    },
  });

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await oauth(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/login') return login(req, res);
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
          `<h1>oauthkit example authorization server</h1><p>Metadata: <a href="/.well-known/oauth-authorization-server">/.well-known/oauth-authorization-server</a></p><p class="muted">Issuer ${escapeHtml(server.config.issuer)}</p>`,
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
    const { session, setCookie } = sessions.get(req.headers.cookie, secure);
    const cookie: Record<string, string> = setCookie ? { 'Set-Cookie': setCookie } : {};
    if (req.method === 'GET') {
      const next = safeNext(new URL(req.url ?? '/', 'http://x').searchParams.get('next'));
      return send(res, 200, loginPage({ csrf: session.csrf, next }), cookie);
    }
    if (req.method !== 'POST')
      return send(res, 405, errorPage('Method not allowed', 'Use GET or POST.'), {
        Allow: 'GET, POST',
      });
    const body = await readRequestBody(req, 16_384);
    if ('tooLarge' in body) return send(res, 413, errorPage('Too large', 'The form is too large.'));
    const form = new URLSearchParams(Buffer.from(body.bytes).toString('utf8'));
    const next = safeNext(form.get('next'));
    if (!sessions.checkCsrf(session, form.get('csrf') ?? undefined)) {
      return send(
        res,
        403,
        loginPage({ csrf: session.csrf, next, error: 'The form expired. Please try again.' }),
        cookie,
      );
    }
    const user = await users.authenticate(form.get('username') ?? '', form.get('password') ?? '');
    if (!user) {
      return send(
        res,
        401,
        loginPage({ csrf: session.csrf, next, error: 'Wrong username or password.' }),
        cookie,
      );
    }
    const fresh = sessions.login(session, user.id, secure);
    redirect(res, next, { 'Set-Cookie': fresh.setCookie });
  }
}

/** Only local paths: `next` must never send the browser to another site. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}
