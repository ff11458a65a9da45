import type { Client } from '../models/client.js';
import { recordAudience } from '../resources/token-resources.js';
import { jsonResponse } from '../response/oauth2-response.js';
import { callStore } from '../stores/call-store.js';
import type { TokenRecord } from '../stores/token-store.js';
import type { Endpoint } from './endpoint.js';
import { isActive } from './find-token.js';
import { introspectionJwtResponse, wantsIntrospectionJwt } from './introspection-jwt-response.js';
import { readTokenManagementRequest } from './token-management-request.js';

/** Options of {@link createIntrospectionEndpoint}. */
export interface IntrospectionOptions {
  /**
   * Whether `client` may see this token's details (RFC 7662 4). Default: only the client the
   * token was issued to. Resource servers that introspect others' tokens need a rule here.
   */
  canIntrospect?: (client: Client, record: TokenRecord) => boolean | Promise<boolean>;
  /**
   * The `aud` claim of active tokens; default: the audiences of the token's resources
   * (RFC 8707), else the token's client id.
   */
  audience?: (record: TokenRecord) => string | string[];
  /**
   * The client authentication methods accepted here. Default: every registered method but
   * `none`: RFC 7662 2.1 requires authorization, and a bare `client_id` proves nothing.
   */
  authMethods?: readonly string[];
  /** Answer browsers from the origins `config.cors` allows. Default `false`. */
  cors?: boolean;
}

const INACTIVE = { active: false };

/**
 * Token introspection (RFC 7662). The caller must authenticate; anything unknown, expired,
 * revoked or not the caller's to see is `{"active": false}` and nothing more (2.2). A caller
 * sending `Accept: application/token-introspection+jwt` gets the answer as a JWT signed by
 * the server's `signingKeys` (RFC 9701), when it has some.
 */
export function createIntrospectionEndpoint(options: IntrospectionOptions = {}): Endpoint {
  const canIntrospect =
    options.canIntrospect ??
    ((client: Client, record: TokenRecord) => record.clientId === client.clientId);
  const audience = options.audience;
  const authMethods = options.authMethods ? new Set(options.authMethods) : null;
  return {
    name: 'introspection',
    path: '/introspect',
    methods: ['POST'],
    cors: options.cors === true,
    metadataKey: 'introspection_endpoint',
    clientAuth: {
      accepts: (method) => (authMethods ? authMethods.has(method.name) : method.name !== 'none'),
    },
    requiredStores: ['tokens'],
    // RFC 9701 7: the algorithm of JWT introspection responses, when the server can sign them.
    metadata: ({ services: { signingKeys } }) =>
      signingKeys ? { introspection_signing_alg_values_supported: [signingKeys.keyFor().alg] } : {},
    async handle(request, server) {
      const { client, found } = await readTokenManagementRequest(request, server, 'introspection');
      const keys = server.services.signingKeys;
      const answer = async (body: Record<string, unknown>) =>
        keys && wantsIntrospectionJwt(request.headers.get('accept'))
          ? introspectionJwtResponse(keys, server.config.issuer, client.clientId, body)
          : jsonResponse(200, body);
      if (!found || !isActive(found, server.services.now())) return answer(INACTIVE);
      const { record, kind } = found;
      if (!(await canIntrospect(client, record))) return answer(INACTIVE);
      const user =
        record.userId === null
          ? null
          : await callStore(() => server.services.queryUser(record.userId as string));
      if (record.userId !== null && !user) return answer(INACTIVE);
      const exp =
        kind === 'access_token' ? record.accessTokenExpiresAt : record.refreshTokenExpiresAt;
      const body: Record<string, unknown> = {
        active: true,
        ...(record.scope === '' ? {} : { scope: record.scope }),
        client_id: record.clientId,
        token_type: kind === 'access_token' ? record.tokenType : 'refresh_token',
        iat: Math.floor(record.issuedAt.getTime() / 1000),
        iss: server.config.issuer,
        aud: audience
          ? audience(record)
          : recordAudience(record, kind, server.config, record.clientId),
      };
      if (exp) body.exp = Math.floor(exp.getTime() / 1000);
      if (record.userId !== null) body.sub = record.userId;
      // RFC 9449 6.2: the key a DPoP-bound access token must be presented with.
      const jkt = record.extensions?.dpopJkt;
      if (kind === 'access_token' && typeof jkt === 'string') body.cnf = { jkt };
      const username = user?.getUsername?.();
      if (username !== undefined) body.username = username;
      return answer(body);
    },
  };
}
