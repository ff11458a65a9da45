import type { Endpoint } from '../endpoints/endpoint.js';
import type { Client } from '../models/client.js';
import type { OAuth2Response } from '../response/oauth2-response.js';

/** CORS settings after defaults and checks (see `AuthorizationServerConfig.cors`). */
export interface ResolvedCors {
  origins: ReadonlySet<string>;
  clientOrigins: boolean;
  maxAgeSeconds: number;
}

/** Request headers a browser client may send to a CORS endpoint. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, DPoP';
/** Response headers a browser client may read. */
const EXPOSED_HEADERS = 'WWW-Authenticate, DPoP-Nonce';

/** Whether any origin could ever be allowed: with neither setting, CORS is off. */
export function corsEnabled(cors: ResolvedCors): boolean {
  return cors.origins.size > 0 || cors.clientOrigins;
}

/**
 * The answer to a CORS preflight (`OPTIONS` with `Origin`) at an endpoint that allows
 * browsers. With client origins on, the preflight carries no client id, so it is answered
 * for any origin: it only lets the browser send the request, and the response itself is
 * shown to the page only when its origin is allowed for the client that made it.
 */
export function preflightResponse(
  endpoint: Endpoint,
  origin: string | null,
  cors: ResolvedCors,
): OAuth2Response {
  const methods = [...(endpoint.methods ?? ['POST'])];
  const headers: Record<string, string> = {
    Allow: [...methods, 'OPTIONS'].join(', '),
    Vary: 'Origin',
  };
  if (origin !== null && (cors.origins.has(origin) || cors.clientOrigins)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Allow-Methods'] = methods.join(', ');
    headers['Access-Control-Allow-Headers'] = ALLOWED_HEADERS;
    headers['Access-Control-Max-Age'] = String(cors.maxAgeSeconds);
  }
  return { status: 204, headers, body: '' };
}

/**
 * Whether a page at `origin` may read this response: a configured origin, or (with client
 * origins on) the origin of one of the client's registered redirect URIs.
 */
export function originAllowed(origin: string, cors: ResolvedCors, client: Client | null): boolean {
  if (cors.origins.has(origin)) return true;
  if (!cors.clientOrigins || !client) return false;
  return client.metadata.redirectUris.some(
    (uri) => URL.canParse(uri) && new URL(uri).origin === origin,
  );
}

/** `response` with the headers that let a page at `origin` read it. */
export function withCorsHeaders(response: OAuth2Response, origin: string): OAuth2Response {
  return {
    ...response,
    headers: {
      ...response.headers,
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
      Vary: response.headers.Vary ? `${response.headers.Vary}, Origin` : 'Origin',
    },
  };
}

/**
 * Checks `config.cors`: origins are serialised origins (`https://app.example`, no path, no
 * trailing slash), never `null` or a wildcard.
 */
export function resolveCors(value: unknown, defaults: { maxAgeSeconds: number }): ResolvedCors {
  if (value === undefined) {
    return { origins: new Set(), clientOrigins: false, maxAgeSeconds: defaults.maxAgeSeconds };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(
      'config.cors must be an object { origins?, clientOrigins?, maxAgeSeconds? }',
    );
  }
  const {
    origins = [],
    clientOrigins = false,
    maxAgeSeconds = defaults.maxAgeSeconds,
    ...rest
  } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) {
    throw new TypeError(
      `config.cors.${unknown} is not an option (origins, clientOrigins, maxAgeSeconds)`,
    );
  }
  if (!Array.isArray(origins)) throw new TypeError('config.cors.origins must be a list of origins');
  for (const origin of origins) {
    if (typeof origin !== 'string' || !URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new TypeError(
        `config.cors.origins: ${JSON.stringify(origin)} is not an origin such as "https://app.example"`,
      );
    }
  }
  if (typeof clientOrigins !== 'boolean') {
    throw new TypeError('config.cors.clientOrigins must be a boolean');
  }
  if (
    typeof maxAgeSeconds !== 'number' ||
    !Number.isInteger(maxAgeSeconds) ||
    maxAgeSeconds < 0 ||
    maxAgeSeconds > 86_400
  ) {
    throw new TypeError('config.cors.maxAgeSeconds must be a whole number from 0 to 86400');
  }
  return { origins: new Set(origins as string[]), clientOrigins, maxAgeSeconds };
}
