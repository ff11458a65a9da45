const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:']);
// The parameters the authorization server adds to the redirect URI (RFC 6749 4.1.2, 4.1.2.1;
// RFC 9207): one already in the registered query would be sent twice or be ambiguous.
const RESPONSE_PARAMETERS = ['code', 'state', 'iss', 'error'];

/** Options of {@link redirectUriProblem}. */
export interface RedirectUriRules {
  /**
   * Accept `http://localhost` as a loopback redirect URI. Off by default: RFC 8252 8.3 asks for
   * the IP literals `127.0.0.1` and `[::1]`, which no DNS or hosts file can point elsewhere.
   */
  allowLocalhost?: boolean;
}

/**
 * Whether a requested redirect URI matches a registered one. Exact string comparison
 * (RFC 9700 2.1, 4.1.3); the single exception is the port of an `http` loopback IP URI,
 * which native apps pick at run time (RFC 8252 7.3). `localhost` gets no exception.
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = parseLoopback(registered);
  const b = parseLoopback(requested);
  return a !== null && b !== null && a.host === b.host && a.rest === b.rest;
}

function parseLoopback(uri: string): { host: string; rest: string } | null {
  // Match on the raw string, never on a normalised URL: normalisation is what the exact
  // rule exists to avoid (case changes, dot segments, encoded characters).
  const m = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?([/?#].*)?$/.exec(uri);
  if (!m) return null;
  return { host: m[1]!, rest: m[3] ?? '' };
}

/**
 * Why a redirect URI may not be registered, or `null` when it may (RFC 6749 3.1.2,
 * RFC 9700 2.6, RFC 8252 7.1): it must be absolute, without fragment or userinfo, `https`
 * unless loopback (an IP literal, not `localhost`) or a private-use scheme, never a script or
 * local-file scheme, and its query carries none of `code`, `state`, `iss`, `error`
 * (SECURITY.md rules 3 and 33).
 *
 * @example
 * redirectUriProblem('http://localhost:8080/cb'); // 'loopback redirect URIs must use ...'
 * redirectUriProblem('https://app.example/cb?tenant=a'); // null
 */
export function redirectUriProblem(uri: string, rules: RedirectUriRules = {}): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  if (uri !== uri.trim() || /[\u0000-\u0020\u007f]/.test(uri)) {
    return 'must not contain whitespace or control characters';
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute URI';
  }
  const scheme = url.protocol.toLowerCase();
  if (FORBIDDEN_SCHEMES.has(scheme)) return `the ${scheme} scheme is not allowed`;
  if (uri.includes('#')) return 'must not contain a fragment';
  if (url.username !== '' || url.password !== '' || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(uri)) {
    return 'must not contain userinfo';
  }
  const carried = RESPONSE_PARAMETERS.find((name) => url.searchParams.has(name));
  if (carried !== undefined) {
    return `must not carry the response parameter "${carried}" in its query`;
  }
  if (scheme === 'https:') return null;
  if (scheme === 'http:') {
    if (LOOPBACK_HOSTS.has(url.hostname)) return null;
    if (url.hostname === 'localhost') {
      return rules.allowLocalhost
        ? null
        : 'loopback redirect URIs must use 127.0.0.1 or [::1], not localhost';
    }
    return 'must use https (http is allowed only for loopback)';
  }
  // Private-use URI schemes of native apps (RFC 8252 7.1) are reverse domain names.
  return scheme.includes('.') ? null : 'must use https, loopback http, or a private-use scheme';
}
