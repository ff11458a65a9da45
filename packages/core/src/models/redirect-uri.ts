const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:']);

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
 * unless loopback or a private-use scheme, and never a script or local-file scheme.
 */
export function redirectUriProblem(uri: string): string | null {
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
  if (scheme === 'https:') return null;
  if (scheme === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname) || url.hostname === 'localhost'
      ? null
      : 'must use https (http is allowed only for loopback)';
  }
  // Private-use URI schemes of native apps (RFC 8252 7.1) are reverse domain names.
  return scheme.includes('.') ? null : 'must use https, loopback http, or a private-use scheme';
}
