import { escapeHtml } from '@oauthkit/core';

// The library's helper: every value from a client registration or a request goes through it.
export { escapeHtml };

const STYLE = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1b1b1f}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.5rem 1.2rem;margin:1rem .5rem 0 0;font-size:1rem}ul{padding-left:1.2rem}.error{color:#b00020}.muted{color:#555;font-size:.9rem}`;

/** A complete page: no external assets, and a CSP that allows none. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The headers of the consent page: its form's answer redirects to the client, so CSP
 * `form-action` (which browsers apply to the redirects after a form post too) must allow the
 * redirect URI's origin, or its scheme for a private-use one, besides this server.
 */
export function consentHeaders(redirectUri: string): Record<string, string> {
  const url = new URL(redirectUri);
  const target = url.origin === 'null' ? url.protocol : url.origin;
  return {
    ...HTML_HEADERS,
    'Content-Security-Policy': HTML_HEADERS['Content-Security-Policy'].replace(
      "form-action 'self'",
      `form-action 'self' ${target}`,
    ),
  };
}

export function loginPage(opts: { csrf: string; next: string; error?: string }): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1>${opts.error ? `<p class="error">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="${escapeHtml(opts.csrf)}">
<input type="hidden" name="next" value="${escapeHtml(opts.next)}">
<label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  );
}

export function consentPage(opts: {
  csrf: string;
  action: string;
  clientName: string;
  clientId: string;
  scopes: string[];
  username: string;
  /** Where an authorization request goes back to (absent for the device flow). */
  redirectUri?: string;
  /** The device flow's user code: shown, and posted back with the answer. */
  userCode?: string;
}): string {
  const scopes = opts.scopes.length
    ? `<ul>${opts.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`
    : '<p class="muted">No specific permissions.</p>';
  return page(
    'Authorize access',
    `<h1>Authorize ${escapeHtml(opts.clientName)}</h1>
<p><strong>${escapeHtml(opts.clientName)}</strong> <span class="muted">(${escapeHtml(opts.clientId)})</span> wants to access your account <strong>${escapeHtml(opts.username)}</strong> with these permissions:</p>${scopes}
${opts.redirectUri === undefined ? '' : `<p class="muted">Either way you go back to <code>${escapeHtml(opts.redirectUri)}</code>.</p>`}${opts.userCode === undefined ? '' : `<p>Check that your device shows the code <strong>${escapeHtml(opts.userCode)}</strong>.</p>`}
<form method="post" action="${escapeHtml(opts.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(opts.csrf)}">
${opts.userCode === undefined ? '' : `<input type="hidden" name="user_code" value="${escapeHtml(opts.userCode)}">\n`}<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
