import { escapeHtml } from '../html/escape-html.js';
import { NO_STORE, type OAuth2Response } from '../response/oauth2-response.js';

/** What the logout confirmation page shows and posts back. */
export interface LogoutConfirmation {
  /** Where the form posts: the end-session endpoint's path. */
  action: string;
  /**
   * The hidden fields to post back with the end user's answer: the request's own parameters.
   * The answer itself is the field `confirm`, `yes` to sign out, anything else to stay.
   */
  fields: Record<string, string>;
  /** The registered name (or id) of the client that asked, when one was named. */
  clientName: string | null;
  /** The server the end user signs out of (the issuer). */
  issuer: string;
  /** `ui_locales`, best first, for a page in the end user's language. */
  uiLocales: string[];
}

/**
 * Headers of the endpoint's own pages: never cached, never framed (a framed confirmation
 * page would turn a click on another site into a same-origin POST), no scripts or outside
 * resources. `Referrer-Policy: same-origin` keeps `Origin` on the confirmation POST.
 */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  ...NO_STORE,
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
} as const;

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.5rem 1rem;margin-right:.5rem}';

function page(title: string, body: string): OAuth2Response {
  return {
    status: 200,
    headers: { ...PAGE_HEADERS },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`,
  };
}

/**
 * The built-in confirmation page (RP-Initiated Logout 1.0, 6: a request without a valid
 * `id_token_hint` is acted upon only after the end user confirms). Its buttons post the
 * request back with `confirm=yes` or `confirm=no`.
 */
export function logoutConfirmationPage(input: LogoutConfirmation): OAuth2Response {
  const hidden = Object.entries(input.fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('');
  const from = input.clientName
    ? `<p>Requested by <strong>${escapeHtml(input.clientName)}</strong>.</p>`
    : '';
  return page(
    'Sign out',
    `<h1>Sign out?</h1><p>Do you want to sign out of <strong>${escapeHtml(input.issuer)}</strong>?</p>${from}<form method="post" action="${escapeHtml(input.action)}">${hidden}<button type="submit" name="confirm" value="yes">Sign out</button><button type="submit" name="confirm" value="no">Stay signed in</button></form>`,
  );
}

/** The built-in page after a logout request with nowhere to return to. */
export function loggedOutPage(signedOut: boolean): OAuth2Response {
  return signedOut
    ? page('Signed out', '<h1>Signed out</h1><p>You are signed out. You can close this page.</p>')
    : page('Still signed in', '<h1>Still signed in</h1><p>You did not sign out.</p>');
}
