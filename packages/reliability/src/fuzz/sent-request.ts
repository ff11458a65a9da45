import type { FixtureClient, FuzzFixture } from './fuzz-fixture.js';

/** A generated HTTP request, kept as plain data so it can be printed as a counterexample. */
export interface SentRequest {
  method: string;
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

/** The Fetch `Request` of a {@link SentRequest} (GET and HEAD never carry a body). */
export function toWebRequest(sent: SentRequest): Request {
  const upper = sent.method.toUpperCase();
  const { body } = sent;
  const bytes = body === null || typeof body === 'string' ? body : new Uint8Array(body);
  return new Request(sent.url, {
    method: sent.method,
    headers: sent.headers,
    body: upper === 'GET' || upper === 'HEAD' ? null : bytes,
  });
}

/**
 * The form as a server that follows the specs reads it: only for a POST whose content type
 * is `application/x-www-form-urlencoded`. This is the test's own reading, independent of
 * the core's parser.
 */
export function sentForm(sent: SentRequest): URLSearchParams | null {
  if (sent.method.toUpperCase() !== 'POST' || sent.body === null) return null;
  const type = (sent.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const text = typeof sent.body === 'string' ? sent.body : Buffer.from(sent.body).toString('utf8');
  return new URLSearchParams(text);
}

/** The value of a parameter sent exactly once with a non-empty value, else `undefined`. */
export function single(form: URLSearchParams, name: string): string | undefined {
  const values = form.getAll(name).filter((v) => v !== '');
  return values.length === 1 ? values[0] : undefined;
}

/**
 * The client that authenticated this request correctly with exactly one method
 * (RFC 6749 2.3: one method per request), or `null`. Basic is decoded as RFC 6749 2.3.1
 * says (base64, then form-decoding of each half).
 */
export function authenticatedClient(sent: SentRequest, fixture: FuzzFixture): FixtureClient | null {
  const form = sentForm(sent);
  const header = sent.headers['authorization'];
  const basicAttempted = header !== undefined && /^basic(\s|$)/i.test(header);
  const secret = form ? single(form, 'client_secret') : undefined;
  // RFC 6749 3.1: an empty value counts as omitted.
  const postAttempted = form?.getAll('client_secret').some((v) => v !== '') === true;
  const { basic, post, public: pub } = fixture.clients;
  if (basicAttempted && postAttempted) return null;
  if (basicAttempted) {
    const pair = decodeBasic(header!);
    const bodyId = form?.get('client_id') ?? '';
    if (pair?.[0] !== basic.clientId || pair[1] !== basic.secret) return null;
    return bodyId === '' || bodyId === basic.clientId ? basic : null;
  }
  const clientId = form ? single(form, 'client_id') : undefined;
  if (postAttempted) return clientId === post.clientId && secret === post.secret ? post : null;
  return clientId === pub.clientId ? pub : null;
}

function decodeBasic(header: string): [string, string] | null {
  const m = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  try {
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return [decode(decoded.slice(0, colon)), decode(decoded.slice(colon + 1))];
  } catch {
    return null;
  }
}
