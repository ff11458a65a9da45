import type { AuthorizationServer } from '../server/authorization-server.js';

/**
 * The name of an endpoint a binding serves: `authorization` (with the app's hooks) or the
 * name of any registered endpoint (`token`, `revocation`, `introspection`, `metadata`, yours).
 */
export type EndpointName =
  | 'authorization'
  | 'token'
  | 'revocation'
  | 'introspection'
  | 'metadata'
  | (string & {});

/** Options of {@link createEndpointRouter}. */
export interface EndpointRouterOptions {
  /** Serve the authorization endpoint (only when the app gave its consent hooks). */
  authorization: boolean;
}

/**
 * Maps a request path to the endpoint served there, from the server's registered endpoints
 * (their `path`, moved by `config.endpoints`) and the issuer. Only paths are compared: the
 * host and scheme are the reverse proxy's business. A well-known endpoint (the metadata
 * document) answers at its RFC 8414 3 place (`/.well-known/...` inserted before the
 * issuer's path) and, for issuers with a path, also below the issuer, where handlers
 * mounted on that path (`/oauth/*`) and OpenID-style discovery look for it.
 *
 * The table is rebuilt whenever the server is initialised again or something is registered,
 * so a binding may be created before either.
 *
 * @example
 * const route = createEndpointRouter(server, { authorization: true });
 * route('/token'); // 'token'
 */
export function createEndpointRouter(
  server: AuthorizationServer,
  options: EndpointRouterOptions,
): (pathname: string) => EndpointName | null {
  let config: unknown = null;
  let version = -1;
  let table = new Map<string, EndpointName>();
  return (pathname) => {
    if (config !== server.config || version !== server.registryVersion) {
      config = server.config;
      version = server.registryVersion;
      table = endpointPaths(server, options);
    }
    return table.get(pathname) ?? null;
  };
}

/**
 * Every path served and its endpoint (see {@link createEndpointRouter}), for frameworks that
 * register routes one by one. Two endpoints on one path is a `TypeError`.
 *
 * @example
 * for (const [path, name] of endpointPaths(server, { authorization: true })) {
 *   app.all(path, handlerFor(name));
 * }
 */
export function endpointPaths(
  server: AuthorizationServer,
  options: EndpointRouterOptions,
): Map<string, EndpointName> {
  const table = new Map<string, EndpointName>();
  const add = (path: string, name: string) => {
    const taken = table.get(path);
    if (taken !== undefined && taken !== name) {
      throw new TypeError(`the ${taken} and ${name} endpoints are both at ${path}`);
    }
    table.set(path, name);
  };
  const issuerPath = new URL(server.config.issuer).pathname.replace(/\/+$/, '');
  for (const [name, endpoint] of server.endpoints) {
    if (endpoint.wellKnown !== undefined) {
      add(`${endpoint.wellKnown}${issuerPath}`, name);
      if (issuerPath !== '') add(`${issuerPath}${endpoint.wellKnown}`, name);
    }
    const url = server.endpointUrl(name);
    if (url !== null) add(new URL(url).pathname, name);
  }
  if (options.authorization)
    add(new URL(server.config.endpoints.authorization).pathname, 'authorization');
  return table;
}
