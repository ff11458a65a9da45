import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthorizationServer, OAuth2Error } from '@oauthkit/core';
import { readRequestBody } from '@oauthkit/node';
import { consentPage, errorPage, escapeHtml, page } from './html.js';
import type { Sessions } from './sessions.js';
import type { UserDirectory } from './users.js';

/** One message for every code that cannot be used: it never tells whether a code exists. */
export const INVALID_USER_CODE =
  'That code is not valid or has expired. Check the code shown on your device and try again.';

/** What the device verification page is built from (the app's helpers included). */
export interface DevicePageOptions {
  server: AuthorizationServer;
  users: UserDirectory;
  sessions: Sessions;
  crossSite: (req: IncomingMessage) => boolean;
  send: (
    res: ServerResponse,
    status: number,
    html: string,
    headers?: Record<string, string>,
  ) => void;
  redirect: (res: ServerResponse, location: string, headers?: Record<string, string>) => void;
}

/**
 * The device verification page (RFC 8628 3.3) at `/device`: the user types the code shown on
 * the device (`?user_code=` prefills it), signs in, then allows or denies on the consent page.
 * Wrong codes are counted per client address by the library (RFC 8628 5.1): a new cookie does
 * not buy new guesses.
 */
export function createDevicePage({
  server,
  users,
  sessions,
  crossSite,
  send,
  redirect,
}: DevicePageOptions) {
  const codeForm = (csrf: string, userCode: string, error?: string) =>
    page(
      'Connect a device',
      `<h1>Connect a device</h1>${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<p>Enter the code shown on your device.</p>
<form method="post" action="/device">
<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<label for="user_code">Code</label><input type="text" id="user_code" name="user_code" value="${escapeHtml(userCode)}" autocomplete="off" autocapitalize="characters" spellcheck="false" required>
<button type="submit">Continue</button></form>`,
    );

  return async function device(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (server.config.deviceAuthorization === null) {
      return send(res, 404, errorPage('Not found', 'The device flow is not enabled.'));
    }
    const { session, setCookie } = sessions.get(req.headers.cookie);
    const cookie: Record<string, string> = setCookie ? { 'Set-Cookie': setCookie } : {};
    const key = req.socket.remoteAddress ?? 'unknown';
    const user = session.userId ? await users.findById(session.userId) : null;

    /** Looks the code up; on failure answers the form with one generic message. */
    const pending = async (userCode: string) => {
      try {
        return await server.validateUserCode(userCode, { key });
      } catch (error) {
        failed(error, userCode);
        return null;
      }
    };
    const failed = (error: unknown, userCode: string) => {
      if (!(error instanceof OAuth2Error)) throw error;
      if (error.status === 429) {
        const retry = error.headers?.['retry-after'];
        return send(
          res,
          429,
          codeForm(session.csrf, userCode, 'Too many attempts. Try again later.'),
          { ...cookie, ...(retry ? { 'Retry-After': retry } : {}) },
        );
      }
      if (error.status >= 500) {
        return send(res, 503, errorPage('Try again', 'The server is busy. Try again soon.'));
      }
      send(res, 400, codeForm(session.csrf, userCode, INVALID_USER_CODE), cookie);
    };
    const consent = async (userCode: string) => {
      const request = await pending(userCode);
      if (!request || !user) return;
      const { client } = request;
      send(
        res,
        200,
        consentPage({
          csrf: session.csrf,
          action: '/device',
          clientName: client.metadata.clientName ?? client.clientId,
          clientId: client.clientId,
          scopes: request.scope ? request.scope.split(' ') : [],
          username: user.username,
          userCode: request.userCode,
        }),
        cookie,
      );
    };

    if (req.method === 'GET') {
      const params = new URL(req.url ?? '/', 'http://x').searchParams;
      const userCode = params.get('user_code') ?? '';
      // Back from the login page with a code already checked once: straight to consent.
      if (user && userCode && params.get('step') === 'consent') return consent(userCode);
      return send(res, 200, codeForm(session.csrf, userCode), cookie);
    }
    if (req.method !== 'POST') {
      return send(res, 405, errorPage('Method not allowed', 'Use GET or POST.'), {
        Allow: 'GET, POST',
      });
    }
    const body = await readRequestBody(req, 16_384);
    if ('tooLarge' in body) return send(res, 413, errorPage('Too large', 'The form is too large.'));
    const form = new URLSearchParams(Buffer.from(body.bytes).toString('utf8'));
    const userCode = (form.get('user_code') ?? '').slice(0, 64);
    if (crossSite(req) || !sessions.checkCsrf(session, form.get('csrf'))) {
      return send(
        res,
        403,
        codeForm(session.csrf, userCode, 'The form expired. Please try again.'),
        cookie,
      );
    }
    const decision = form.get('decision');
    if (decision === null) {
      // The code form: check the code, then sign in (if needed) and ask for consent.
      const request = await pending(userCode);
      if (!request) return;
      if (user) return consent(request.userCode);
      const next = `/device?${new URLSearchParams({ user_code: request.userCode, step: 'consent' })}`;
      return redirect(res, `/login?next=${encodeURIComponent(next)}`, cookie);
    }
    if (!user) return redirect(res, `/login?next=${encodeURIComponent('/device')}`, cookie);
    try {
      if (decision === 'allow') {
        await server.approveDeviceAuthorization(userCode, user, { key });
        return send(
          res,
          200,
          page(
            'Device connected',
            '<h1>Device connected</h1><p>You may now continue on your device.</p>',
          ),
        );
      }
      await server.denyDeviceAuthorization(userCode, { key });
      return send(
        res,
        200,
        page('Device denied', '<h1>Device denied</h1><p>The device was denied access.</p>'),
      );
    } catch (error) {
      return failed(error, userCode);
    }
  };
}
