import type { ResolvedConfig } from '../config/server-config.js';
import { METADATA_PATH } from '../endpoints/metadata-endpoint.js';
import type { AuthorizationServer } from '../server/authorization-server.js';

/** The endpoints a framework binding serves. */
export type EndpointName = 'authorization' | 'token' | 'revocation' | 'introspection' | 'metadata';

/** Options of {@link createEndpointRouter}. */
export interface EndpointRouterOptions {
  /** Serve the authorization endpoint (only when the app gave its consent hooks). */
  authorization: boolean;
}

/**
 * Maps a request path to the endpoint served there, from `server.config.endpoints` and the
 * issuer. Only paths are compared: the host and scheme are the reverse proxy's business.
 * The metadata document answers at its RFC 8414 3 place (`/.well-known/...` inserted before
 * the issuer's path) and, for issuers with a path, also below the issuer, where handlers
 * mounted on that path (`/oauth/*`) and OpenID-style discovery look for it.
 *
 * The table is rebuilt whenever the server's configuration object changes (`init()` again),
 * so a binding may be created before the server is initialised.
 *
 * @example
 * const route = createEndpointRouter(server, { authorization: true });
 * route('/token'); // 'token'
 */
export function createEndpointRouter(
  server: AuthorizationServer,
  options: EndpointRouterOptions,
): (pathname: string) => EndpointName | null {
  let config: ResolvedConfig | null = null;
  let table = new Map<string, EndpointName>();
  return (pathname) => {
    if (config !== server.config) {
      config = server.config;
      table = endpointPaths(config, options);
    }
    return table.get(pathname) ?? null;
  };
}

/**
 * Every path served and its endpoint (see {@link createEndpointRouter}), for frameworks that
 * register routes one by one.
 *
 * @example
 * for (const [path, name] of endpointPaths(server.config, { authorization: true })) {
 *   app.all(path, handlerFor(name));
 * }
 */
export function endpointPaths(
  config: ResolvedConfig,
  options: EndpointRouterOptions,
): Map<string, EndpointName> {
  const table = new Map<string, EndpointName>();
  const issuerPath = new URL(config.issuer).pathname.replace(/\/+$/, '');
  table.set(`${METADATA_PATH}${issuerPath}`, 'metadata');
  if (issuerPath !== '') table.set(`${issuerPath}${METADATA_PATH}`, 'metadata');
  const { authorization, ...others } = config.endpoints;
  for (const [name, url] of Object.entries(others)) {
    table.set(new URL(url).pathname, name as EndpointName);
  }
  if (options.authorization) table.set(new URL(authorization).pathname, 'authorization');
  return table;
}
