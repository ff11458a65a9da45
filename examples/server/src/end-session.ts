import type { EndSessionEndpointOptions } from '@oauthkit/core';
import type { Sessions } from './sessions.js';

/**
 * The example's `endSession` hook for the end-session endpoint (`/logout`): forgets the
 * browser's login session and clears its cookie. A valid `id_token_hint` naming another user
 * than the one signed in here means the client speaks of another session: this one stays.
 * (Without a hint the core has already asked the end user, on a page posted from this origin.)
 */
export function exampleEndSession(sessions: Sessions): EndSessionEndpointOptions['endSession'] {
  return async ({ request, sub }) => {
    const cookie = request.headers.get('cookie');
    const session = sessions.peek(cookie);
    if (session?.userId && sub !== null && session.userId !== sub) return undefined;
    return { headers: { 'Set-Cookie': sessions.end(cookie).setCookie } };
  };
}
