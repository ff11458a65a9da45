import { DEFAULTS } from '../config/defaults.js';
import { readLimited } from '../web/read-limited.js';
import {
  createOAuth2Request,
  isFormContentType,
  isJsonContentType,
} from './create-oauth2-request.js';
import type { OAuth2Request } from './oauth2-request.js';

/**
 * Reads a Web `Request` into an {@link OAuth2Request}. The body is read only when it is a
 * form or JSON (client registration), and only up to `maxBodyBytes`: a larger one is not buffered.
 */
export async function fromWebRequest(
  request: Request,
  options: { maxBodyBytes?: number; locales?: string[] } = {},
): Promise<OAuth2Request> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  let body: string | Uint8Array | undefined;
  let tooLarge = false;
  if (request.body && request.method !== 'GET' && request.method !== 'HEAD') {
    const type = request.headers.get('content-type');
    if (!isFormContentType(type) && !isJsonContentType(type)) {
      body = new Uint8Array([1]); // only its presence matters: recorded as a content-type problem
      await request.body.cancel().catch(() => {});
    } else {
      // A client that aborts mid-body leaves an empty form: it gets a protocol error, not a 500.
      const read = await readLimited(request.body, maxBodyBytes).catch(() => new Uint8Array(0));
      if (read === null) tooLarge = true;
      else body = read;
    }
  }
  const parsed = createOAuth2Request({
    method: request.method,
    url: request.url,
    headers: request.headers,
    body,
    ...(options.locales ? { locales: options.locales } : {}),
    maxBodyBytes,
  });
  if (tooLarge) parsed.bodyProblem = 'too_large';
  return parsed;
}
