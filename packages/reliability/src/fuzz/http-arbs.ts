import * as fc from 'fast-check';

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Methods a Fetch `Request` accepts: the usual ones in any case, and random RFC 9110
 * tokens (the Fetch API refuses CONNECT, TRACE and TRACK, so they are left out).
 */
export const webMethodArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  },
  { weight: 1, arbitrary: fc.constantFrom('post', 'Post', 'get', 'put') },
  {
    weight: 1,
    arbitrary: fc
      .stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/)
      .filter((m) => !FORBIDDEN_METHODS.has(m.toUpperCase())),
  },
);

/** Any string at all as a method: for the framework-neutral request, which takes anything. */
export const anyMethodArb: fc.Arbitrary<string> = fc.oneof(
  webMethodArb,
  fc.constantFrom('CONNECT', 'TRACE', ''),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

/** The form type in several spellings, other types, garbage, or none (`undefined`). */
export const contentTypeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-8',
      'APPLICATION/X-WWW-FORM-URLENCODED',
      ' application/x-www-form-urlencoded ;charset=latin1',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencodedX',
      'application/x-www-form-urlencoded, application/json',
      '*/*',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/**
 * A string made acceptable as a Fetch header value: code points above U+00FF and CR, LF
 * and NUL are replaced (the Fetch API throws on them; the neutral-request tests send them),
 * and surrounding blanks are trimmed as the Fetch API would.
 */
export function toHeaderValue(value: string): string {
  const safe = Array.from(value, (ch) => {
    const code = ch.codePointAt(0)!;
    return code === 0 || code === 10 || code === 13 || code > 0xff ? '?' : ch;
  }).join('');
  return safe.replace(/^[\t ]+|[\t ]+$/g, '');
}

/** How a form body is written: properly, not at all, or with everything percent-encoded. */
export type FormEncoding = 'standard' | 'raw' | 'percent';

export const formEncodingArb: fc.Arbitrary<FormEncoding> = fc.constantFrom(
  'standard',
  'standard',
  'raw',
  'percent',
);

/**
 * Writes `pairs` (repeated names kept) as a form body. `raw` writes them unencoded, so
 * `&`, `=`, `%` and `+` in values break the body apart as a careless client would.
 */
export function encodeForm(
  pairs: readonly (readonly [string, string])[],
  encoding: FormEncoding,
): string {
  if (encoding === 'standard') return new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString();
  const encode = encoding === 'percent' ? safeEncode : (s: string) => s;
  return pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

// encodeURIComponent throws on lone surrogates; a client would send U+FFFD's bytes.
function safeEncode(s: string): string {
  return encodeURIComponent(s.replace(/\p{Surrogate}/gu, '\uFFFD'));
}
