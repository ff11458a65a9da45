import { expect, it } from 'vitest';
import { type SuiteContext, send, urlOf } from '../http-client.js';
import { ISSUER } from '../http-fixture.js';

/** The metadata document (RFC 8414) at its well-known places, and paths nobody serves. */
export function metadataTests(ctx: () => SuiteContext): void {
  it('serves the metadata document at the RFC 8414 path for an issuer with a path', async () => {
    const response = await send(urlOf(ctx(), '/.well-known/oauth-authorization-server/oauth'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(ISSUER);
    expect(metadata.token_endpoint).toBe(`${ISSUER}/token`);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('serves the same document below the issuer path', async () => {
    const response = await send(urlOf(ctx(), '/oauth/.well-known/oauth-authorization-server'));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { issuer: string }).issuer).toBe(ISSUER);
  });

  it('answers 404 for a path below the endpoints that is no endpoint', async () => {
    const response = await send(urlOf(ctx(), '/oauth/nothing-here'));
    expect(response.status).toBe(404);
  });
}
