/**
 * The redirect URI with response parameters added: in the query for codes, in the fragment
 * for tokens (RFC 6749 4.1.2, 4.2.2). The registered URI is kept byte for byte (no URL
 * normalisation) and values are percent-encoded, so `state` comes back exactly as sent.
 */
export function buildAuthorizationRedirect(
  redirectUri: string,
  params: Record<string, string | undefined>,
  mode: 'query' | 'fragment',
): string {
  const encoded = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) encoded.append(k, v);
  // URLSearchParams writes spaces as '+'; %20 reads back the same in every parser.
  const text = encoded.toString().replace(/\+/g, '%20');
  if (mode === 'fragment') return `${redirectUri}#${text}`;
  const sep = redirectUri.includes('?') ? '&' : '?';
  return `${redirectUri}${sep}${text}`;
}
