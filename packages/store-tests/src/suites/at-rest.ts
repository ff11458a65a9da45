import { digestSecret, digestToken, generateToken } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios } from '../suite-harness.js';

/** The spellings a clear value could take if a store kept it in another encoding. */
function encodings(clear: string): string[] {
  const bytes = Buffer.from(clear, 'base64url');
  return [clear, bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, '')];
}

/** SECURITY.md 26 and 41: a full dump after every kind of write holds no issued value in clear. */
export const atRestScenarios: Scenarios = {
  'a full dump holds the digests of tokens, codes and secrets, never the values': async (h) => {
    const { stores } = h;
    // A client registered over HTTP also holds a registration access token (RFC 7592).
    const registrationAccessToken = generateToken();
    const confidential = h.make.client({
      registrationAccessTokenDigest: digestToken(registrationAccessToken),
    });
    const secretExpiring = h.make.client({ clientSecretExpiresAt: h.make.date(86400) });
    const publicClient = h.make.client({ clientSecretDigest: null });
    for (const c of [confidential, secretExpiring, publicClient]) {
      await stores.clients.saveClient(c.record);
    }
    const replaced = h.make.client({ clientId: secretExpiring.record.clientId });
    await stores.clients.saveClient(replaced.record);

    const code = h.make.code();
    const pendingCode = h.make.code();
    await stores.codes.saveCode(code.record);
    await stores.codes.saveCode(pendingCode.record);
    await stores.codes.consumeCode(code.record.codeDigest, h.make.date(1));
    await stores.codes.consumeCode(code.record.codeDigest, h.make.date(2));

    const first = h.make.token({ familyId: code.record.familyId });
    const rotated = h.make.token({ familyId: code.record.familyId, grantType: 'refresh_token' });
    const machine = h.make.token({ refreshTokenDigest: null, grantType: 'client_credentials' });
    const active = h.make.token();
    for (const t of [first, machine, active]) await stores.tokens.saveToken(t.record);
    expect(
      await stores.tokens.rotateRefreshToken(
        first.record.refreshTokenDigest!,
        rotated.record,
        h.make.date(3),
      ),
    ).toBe(true);
    await stores.tokens.revokeAccessToken(machine.record.accessTokenDigest, h.make.date(4));
    await stores.tokens.revokeFamily(code.record.familyId, h.make.date(5));

    const tokens = [first, rotated, machine, active]
      .flatMap((t) => [t.accessToken, t.refreshToken])
      .filter((v): v is string => v !== null);
    const digests = [
      digestSecret(confidential.secret),
      digestToken(registrationAccessToken),
      digestSecret(replaced.secret),
      code.record.codeDigest,
      pendingCode.record.codeDigest,
      ...tokens.map(digestToken),
    ];
    const clear = [
      confidential.secret,
      registrationAccessToken,
      secretExpiring.secret,
      replaced.secret,
      code.code,
      pendingCode.code,
      ...tokens,
    ];
    expect(tokens).toHaveLength(7);

    const dump = await h.raw.dump();
    // The dump is real only if it shows what was written.
    for (const digest of digests) expect(dump, 'dump misses a stored digest').toContain(digest);
    for (const value of clear) {
      for (const spelling of encodings(value)) {
        expect(dump.includes(spelling), `clear value ${spelling} in the dump`).toBe(false);
      }
    }
  },
};
