import type { FuzzFixture } from './fuzz-fixture.js';
import { authenticatedClient, type SentRequest, sentForm, single } from './sent-request.js';

/**
 * Why a `200` from the token endpoint was deserved, checked from the request as sent and
 * the store's record of the issued token: a POST form without repeated parameters, one
 * correct client authentication, and the grant's own secret — the client's code with its
 * verifier and redirect URI, or its refresh token — or a confidential client for
 * `client_credentials` (which gets no refresh token). Returns the problems (empty = earned).
 *
 * @example
 * if (answer.status === 200) expect(await justifyTokenSuccess(fixture, sent, body)).toEqual([]);
 */
export async function justifyTokenSuccess(
  fixture: FuzzFixture,
  sent: SentRequest,
  body: Record<string, unknown>,
): Promise<string[]> {
  const form = sentForm(sent);
  if (!form) return ['200 for a request that is not a POST form'];
  // RFC 6749 3.1: a parameter without a value counts as omitted, so only values repeat.
  const repeated = [...new Set(form.keys())].filter(
    (n) => form.getAll(n).filter((v) => v !== '').length > 1,
  );
  if (repeated.length > 0) return [`200 despite repeated ${repeated[0]}`];
  const client = authenticatedClient(sent, fixture);
  if (!client) return ['200 without one correct client authentication'];
  const record = await fixture.recordOf(String(body.access_token));
  if (!record) return ['200 whose access token is not in the store'];
  const problems: string[] = [];
  if (record.clientId !== client.clientId) problems.push('token issued to another client');
  const granted = record.scope.split(' ').filter((s) => s !== '');
  if (granted.some((s) => s !== 'read' && s !== 'write')) {
    problems.push(`scope ${record.scope} beyond the client's read write`);
  }
  const grantType = single(form, 'grant_type');
  if (record.grantType !== grantType)
    problems.push(`stored grant ${record.grantType} != ${grantType}`);
  if (grantType === 'authorization_code') {
    if (single(form, 'code') !== client.code) problems.push('code exchange without its code');
    if (single(form, 'code_verifier') !== client.verifier)
      problems.push('code without its verifier');
    const redirectUri = single(form, 'redirect_uri');
    if (redirectUri !== client.redirectUri) problems.push(`code with redirect_uri ${redirectUri}`);
  } else if (grantType === 'refresh_token') {
    if (single(form, 'refresh_token') !== client.refreshToken) {
      problems.push('refresh without the client refresh token');
    }
  } else if (grantType === 'client_credentials') {
    if (client.secret === null) problems.push('client_credentials for a public client');
    if (body.refresh_token !== undefined) problems.push('client_credentials with a refresh token');
  } else {
    problems.push(`200 for grant type ${JSON.stringify(grantType)}`);
  }
  return problems;
}
