/**
 * Where to send the browser after login: `next` resolved the way a browser resolves it (the
 * WHATWG URL parser drops tabs and newlines, reads `\` as `/`, percent-encodes control and
 * non-ASCII characters), kept only if it lands on `origin`, and answered as an absolute URL,
 * which no browser can read as another host (a path such as `//evil.example` could be).
 * Anything else goes to `/` on `origin` (SECURITY.md rule 32).
 */
export function sameOriginNext(next: string | null | undefined, origin: string): string {
  const home = new URL('/', origin).href;
  if (typeof next !== 'string' || !next.startsWith('/')) return home;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return home;
  }
  if (url.origin !== new URL(origin).origin || url.username !== '' || url.password !== '') {
    return home;
  }
  return url.href;
}
