import { digestSecret, digestToken, generateToken } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios } from '../suite-harness.js';

/**
 * What dynamic client registration (RFC 7591, RFC 7592) needs of the stores: the digest of
 * a client's registration access token kept with the client, and every token of a deleted
 * client revoked in one call (SECURITY.md 41), whatever its family, and nobody else's.
 */
export const clientRegistrationScenarios: Scenarios = {
  'keeps the registration access token digest with the client; none reads back absent': async (
    h,
  ) => {
    const rat = generateToken();
    const registered = h.make.client({ registrationAccessTokenDigest: digestToken(rat) }).record;
    const plain = h.make.client().record;
    await h.stores.clients.saveClient(registered);
    await h.stores.clients.saveClient(plain);
    expect(await h.stores.clients.findClient(registered.clientId)).toEqual(registered);
    const found = await h.stores.clients.findClient(plain.clientId);
    expect(found).toEqual(plain);
    expect(found).not.toHaveProperty('registrationAccessTokenDigest');
    const raw = await h.raw.client(registered.clientId);
    if (raw?.registrationAccessTokenDigest !== undefined) {
      expect(raw.registrationAccessTokenDigest).toBe(digestToken(rat));
    }
  },

  'replacing a client rotates its registration access token digest, or clears it': async (h) => {
    const first = h.make.client({ registrationAccessTokenDigest: digestToken(generateToken()) });
    await h.stores.clients.saveClient(first.record);
    const rotated = {
      ...first.record,
      registrationAccessTokenDigest: digestToken(generateToken()),
    };
    await h.stores.clients.saveClient(rotated);
    expect(await h.stores.clients.findClient(rotated.clientId)).toEqual(rotated);
    expect(await h.raw.dump()).not.toContain(first.record.registrationAccessTokenDigest!);
    const cleared = { ...rotated, registrationAccessTokenDigest: null };
    await h.stores.clients.saveClient(cleared);
    const found = await h.stores.clients.findClient(rotated.clientId);
    expect(found?.registrationAccessTokenDigest ?? null).toBeNull();
  },

  'revokeClientTokens revokes every token of the client, every family, and no other': async (h) => {
    const revoke = h.stores.tokens.revokeClientTokens;
    expect(revoke, 'the token store has revokeClientTokens').toBeTypeOf('function');
    const other = h.make.client().record;
    await h.stores.clients.saveClient(other);
    const first = h.make.token();
    const rotated = h.make.token({ familyId: first.record.familyId, grantType: 'refresh_token' });
    const machine = h.make.token({ refreshTokenDigest: null, grantType: 'client_credentials' });
    const revokedAt = h.make.date(1);
    const alreadyRevoked = h.make.token({ revokedAt });
    const foreign = h.make.token({ clientId: other.clientId });
    for (const t of [first, machine, alreadyRevoked, foreign])
      await h.stores.tokens.saveToken(t.record);
    expect(
      await h.stores.tokens.rotateRefreshToken(
        first.record.refreshTokenDigest!,
        rotated.record,
        h.make.date(2),
      ),
    ).toBe(true);

    // first was revoked by its rotation: rotated and machine are the two still active.
    expect(await h.stores.tokens.revokeClientTokens!(h.clientId, h.make.date(3))).toBe(2);
    for (const t of [first, rotated, machine, alreadyRevoked]) {
      const raw = await h.raw.token(t.record.accessTokenDigest);
      expect(raw?.revoked, `token of ${t.record.grantType} revoked`).toBe(true);
      const found = await h.stores.tokens.findByAccessToken(t.record.accessTokenDigest);
      expect(found?.revokedAt).toBeInstanceOf(Date);
    }
    // An earlier revocation keeps its date.
    const kept = await h.stores.tokens.findByAccessToken(alreadyRevoked.record.accessTokenDigest);
    expect(kept?.revokedAt).toEqual(revokedAt);
    expect((await h.raw.token(foreign.record.accessTokenDigest))?.revoked).toBe(false);
    expect(await h.stores.tokens.revokeClientTokens!(h.clientId, h.make.date(4))).toBe(0);
    expect(await h.stores.tokens.revokeClientTokens!('no-such-client', h.make.date(4))).toBe(0);
  },

  "revokeClientTokens racing rotations: once it resolves, none of the client's tokens is active":
    async (h) => {
      const issued = Array.from({ length: 10 }, () => h.make.token());
      for (const t of issued) await h.stores.tokens.saveToken(t.record);
      const next = issued.map((t) =>
        h.make.token({ familyId: t.record.familyId, grantType: 'refresh_token' }),
      );
      const rotate = (i: number) =>
        h.stores.tokens.rotateRefreshToken(
          issued[i]!.record.refreshTokenDigest!,
          next[i]!.record,
          h.make.date(1),
        );
      // Half the rotations start before the revocation, half while it runs.
      const before = [0, 1, 2, 3, 4].map(rotate);
      const revoking = h.stores.tokens.revokeClientTokens!(h.clientId, h.make.date(2));
      const during = [5, 6, 7, 8, 9].map(rotate);
      await revoking;
      await Promise.allSettled([...before, ...during]);
      for (const t of [...issued, ...next]) {
        const raw = await h.raw.token(t.record.accessTokenDigest);
        // A rotation that lost stored nothing; one that won stored a token that is revoked.
        if (raw !== null) expect(raw.revoked, 'a token of the deleted client is active').toBe(true);
      }
    },

  'revokeClientTokens refuses an empty client id before touching anything': async (h) => {
    const t = h.make.token();
    await h.stores.tokens.saveToken(t.record);
    for (const bad of ['', undefined, null]) {
      await expect(
        h.stores.tokens.revokeClientTokens!(bad as unknown as string, h.make.date(1)),
      ).rejects.toBeInstanceOf(TypeError);
    }
    expect((await h.raw.token(t.record.accessTokenDigest))?.revoked).toBe(false);
  },

  'a dump holds the digests of registration access tokens and secrets, never the values': async (
    h,
  ) => {
    const rat = generateToken();
    const { record, secret } = h.make.client({ registrationAccessTokenDigest: digestToken(rat) });
    await h.stores.clients.saveClient(record);
    const dump = await h.raw.dump();
    expect(dump).toContain(digestToken(rat));
    expect(dump).toContain(digestSecret(secret));
    for (const clear of [rat, secret]) {
      const bytes = Buffer.from(clear, 'base64url');
      for (const spelling of [
        clear,
        bytes.toString('hex'),
        bytes.toString('base64').replace(/=+$/, ''),
      ]) {
        expect(dump.includes(spelling), `clear value ${spelling} in the dump`).toBe(false);
      }
    }
  },
};
