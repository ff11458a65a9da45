/**
 * A response as the core produces it, framework-neutral: bindings copy status, headers and
 * body to their own response object; {@link toWebResponse} makes a Fetch `Response`.
 */
export interface OAuth2Response {
  status: number;
  headers: Record<string, string>;
  /** The body text (JSON for every endpoint but redirects, which have none). */
  body: string;
}

/** Headers on every token-endpoint style response, success or error (RFC 6749 5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** A JSON response that no cache keeps. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): OAuth2Response {
  const base: Record<string, string> = {
    'Content-Type': 'application/json;charset=UTF-8',
    'Cache-Control': NO_STORE['Cache-Control'],
    Pragma: NO_STORE.Pragma,
  };
  return {
    status,
    headers: headers === undefined ? base : { ...base, ...headers },
    body: JSON.stringify(body),
  };
}

/** A `302 Found` to `location`. */
export function redirectResponse(location: string): OAuth2Response {
  return { status: 302, headers: { Location: location, ...NO_STORE }, body: '' };
}

/** The Fetch API form of an {@link OAuth2Response}. */
export function toWebResponse(response: OAuth2Response): Response {
  const noBody = response.status === 204 || response.status === 304 || response.body === '';
  return new Response(noBody ? null : response.body, {
    status: response.status,
    headers: response.headers,
  });
}
