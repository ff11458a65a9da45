import * as oauth from 'oauth4webapi';

/**
 * A device (RFC 8628) as a real client library drives it: discovery, the device
 * authorization request, then polls at the interval the server asks for.
 */
export async function startDevice(base: string, clientId: string, scope = 'profile') {
  const issuer = new URL(base);
  const insecure = { [oauth.allowInsecureRequests]: true };
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
  const client: oauth.Client = { client_id: clientId };
  const auth = oauth.None();
  const authorization = await oauth.processDeviceAuthorizationResponse(
    as,
    client,
    await oauth.deviceAuthorizationRequest(as, client, auth, { scope }, insecure),
  );

  /** One poll: the tokens, or the OAuth error code the token endpoint answered. */
  async function pollOnce(): Promise<oauth.TokenEndpointResponse | { error: string }> {
    const response = await oauth.deviceCodeGrantRequest(
      as,
      client,
      auth,
      authorization.device_code,
      insecure,
    );
    try {
      return await oauth.processDeviceCodeResponse(as, client, response);
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) return { error: error.error };
      throw error;
    }
  }

  /** Polls until the user answers: the tokens, or the final error code. */
  async function poll(): Promise<oauth.TokenEndpointResponse | { error: string }> {
    let interval = authorization.interval ?? 5;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, interval * 1000));
      const answer = await pollOnce();
      if ('error' in answer && answer.error === 'authorization_pending') continue;
      if ('error' in answer && answer.error === 'slow_down') {
        interval += 5;
        continue;
      }
      return answer;
    }
  }

  return { as, authorization, poll, pollOnce };
}
