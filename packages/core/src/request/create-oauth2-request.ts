import { parseAcceptLanguage } from '../i18n/translate.js';
import type { BodyProblem, HeaderReader, OAuth2Request } from './oauth2-request.js';
import { Params } from './params.js';

/** Input of {@link createOAuth2Request}: what a framework binding already has. */
export interface OAuth2RequestInit {
  method: string;
  /** Absolute URL, or a path (resolved against `http://localhost`). */
  url: string | URL;
  headers: HeaderReader | Record<string, string | string[] | undefined>;
  /**
   * The body: raw text or bytes (parsed here), an object from a body parser (arrays mean a
   * repeated parameter), or `undefined` when there is none.
   */
  body?: string | Uint8Array | Record<string, unknown> | null;
  /** Preferred languages, overriding `Accept-Language`. */
  locales?: string[];
  maxBodyBytes?: number;
}

/** Whether a `Content-Type` is `application/x-www-form-urlencoded` (parameters allowed). */
export function isFormContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const semi = contentType.indexOf(';');
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/** Whether a `Content-Type` is `application/json` (RFC 7591 3.1 registration requests). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const semi = contentType.indexOf(';');
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Builds an {@link OAuth2Request} from parts a binding already parsed. Never throws on
 * client input: a body that cannot be used is recorded in `bodyProblem`.
 */
export function createOAuth2Request(init: OAuth2RequestInit): OAuth2Request {
  // A path without `?` has an empty query: its `URL` is only built if someone reads it.
  const lazyUrl = typeof init.url === 'string' && !init.url.includes('?');
  const url: URL | null = init.url instanceof URL ? init.url : lazyUrl ? null : safeUrl(init.url);
  const headers = toHeaderReader(init.headers);
  let form: Params | null = null;
  let bodyProblem: BodyProblem | null = null;
  let json: string | null = null;
  const { body } = init;
  const hasBody =
    body !== undefined &&
    body !== null &&
    !(typeof body === 'string' && body === '') &&
    !(body instanceof Uint8Array && body.length === 0);
  if (hasBody) {
    if (!isFormContentType(headers.get('content-type'))) {
      bodyProblem = 'content_type';
      if (isJsonContentType(headers.get('content-type'))) {
        json = jsonText(body, init.maxBodyBytes);
        if (json === null) bodyProblem = 'too_large';
      }
    } else if (typeof body === 'string' || body instanceof Uint8Array) {
      const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
      if (init.maxBodyBytes !== undefined && size > init.maxBodyBytes) bodyProblem = 'too_large';
      else {
        // Text decoded from bytes is well formed, as Params.fromForm needs; a string given
        // as it is may not be, and URLSearchParams repairs it.
        form =
          typeof body === 'string'
            ? Params.from(new URLSearchParams(body))
            : Params.fromForm(utf8(body));
      }
    } else {
      form = Params.from(body);
    }
  } else if (init.method === 'POST' && isFormContentType(headers.get('content-type'))) {
    form = new Params();
  }
  const request = new ParsedRequest(
    init.method.toUpperCase(),
    url,
    init.url as string,
    headers,
    url === null ? null : Params.from(url.searchParams),
    form,
    bodyProblem,
    init.locales,
  );
  if (json !== null) request.json = json;
  return request;
}

/** The text of a JSON body, or `null` when it is over the cap (a parsed object is re-serialised). */
function jsonText(
  body: string | Uint8Array | Record<string, unknown>,
  max?: number,
): string | null {
  const text =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array
        ? utf8(body)
        : JSON.stringify(body);
  return max !== undefined && Buffer.byteLength(text) > max ? null : text;
}

/**
 * The request {@link createOAuth2Request} returns: `url`, an empty `query` and `locales` are
 * computed on first read (most requests never read the URL nor render an error description),
 * and assigning one replaces it as for a plain field. A class rather than a literal with accessors,
 * which V8 builds much more slowly.
 */
class ParsedRequest implements OAuth2Request {
  json?: string | null;
  #query: Params | null = null;
  #url: URL | null;
  readonly #rawUrl: string;
  #locales: string[] | undefined;

  constructor(
    public method: string,
    url: URL | null,
    rawUrl: string,
    public headers: HeaderReader,
    query: Params | null,
    public form: Params | null,
    public bodyProblem: BodyProblem | null,
    locales: string[] | undefined,
  ) {
    this.#url = url;
    this.#rawUrl = rawUrl;
    this.#query = query;
    this.#locales = locales;
  }

  /** A URL without `?` has no query: its empty `Params` is made only if someone reads it. */
  get query(): Params {
    this.#query ??= new Params();
    return this.#query;
  }

  set query(value: Params) {
    this.#query = value;
  }

  get url(): URL {
    this.#url ??= safeUrl(this.#rawUrl);
    return this.#url;
  }

  set url(value: URL) {
    this.#url = value;
  }

  get locales(): string[] {
    this.#locales ??= parseAcceptLanguage(this.headers.get('accept-language'));
    return this.#locales;
  }

  set locales(value: string[]) {
    this.#locales = value;
  }
}

/** The text of UTF-8 bytes, read in place (`Buffer.from(bytes)` would copy them first). */
function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function safeUrl(url: string): URL {
  try {
    return new URL(url, 'http://localhost');
  } catch {
    return new URL('http://localhost/');
  }
}

function toHeaderReader(h: OAuth2RequestInit['headers']): HeaderReader {
  if (typeof (h as HeaderReader).get === 'function') return h as HeaderReader;
  return new RecordHeaders(h as Record<string, string | string[] | undefined>);
}

/**
 * A header record read through `get`: a class, not a closure per request; the record is a
 * private field, so that logging or serialising the request shows no credentials.
 */
class RecordHeaders implements HeaderReader {
  readonly #record: Record<string, string | string[] | undefined>;

  constructor(record: Record<string, string | string[] | undefined>) {
    this.#record = record;
  }

  get(name: string): string | null {
    const record = this.#record;
    const lower = name.toLowerCase();
    let v = record[lower];
    if (v === undefined) {
      // node:http gives lowercase keys; a record built by hand may not.
      for (const key in record) {
        if (key.toLowerCase() === lower) {
          v = record[key];
          break;
        }
      }
    }
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }
}
