import type { Params } from './params.js';

/** The headers the core reads: a Web `Headers`, or any object with the same `get`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Why a form body could not be read. */
export type BodyProblem = 'content_type' | 'too_large' | 'malformed';

/**
 * A request as the core sees it, parsed once at the edge: grants and endpoints read these
 * fields and never a framework request or a raw body.
 */
export interface OAuth2Request {
  method: string;
  url: URL;
  headers: HeaderReader;
  query: Params;
  /** The `application/x-www-form-urlencoded` body, or `null` when there is none. */
  form: Params | null;
  /** Set when a body was sent but could not be used as a form. */
  bodyProblem: BodyProblem | null;
  /**
   * The text of an `application/json` body (within `maxBodyBytes`), for the endpoints that
   * take JSON (client registration, RFC 7591 3.1); such a body is still `content_type` in
   * `bodyProblem` for every endpoint that takes a form. Absent or `null` otherwise.
   */
  json?: string | null;
  /** Preferred languages, best first (from `Accept-Language`, or set by the app). */
  locales: string[];
}
