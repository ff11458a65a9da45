import type { TokenRecord } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { at, tokenRecord } from '../../test/fixtures.js';
import { createOfflineConnection, type SentOperation } from '../../test/offline-connection.js';
import { oneWritten, type ScriptedAnswer, scriptDriver } from '../../test/scripted-driver.js';
import { PROVISIONAL_TOKEN_TTL_MS, tokenExpireAt } from '../schemas/token-schema.js';
import { createMongooseStores } from './create-mongoose-stores.js';

// Rotation on a deployment without transactions, walked step by step over a scripted driver
// (offline: no MongoDB here). The property: wherever the process stops, no record whose
// token was never handed out is left with a TTL date later than the provisional one, and a
// lost or failed claim leaves the old token as it was.

const old = 'ab'.repeat(32);
const now = at(100);
const provisionalUntil = new Date(now.getTime() + PROVISIONAL_TOKEN_TTL_MS);

function rotate(answer: (op: SentOperation, index: number) => ScriptedAnswer, next: TokenRecord) {
  const { connection, models } = createOfflineConnection();
  const sent = scriptDriver([models.Token as never], answer);
  const stores = createMongooseStores(connection, { transactions: false });
  const outcome = stores.tokens.rotateRefreshToken(old, next, now).then(
    (won) => won,
    (error: Error) => error,
  );
  return { sent, outcome };
}

/** The TTL date each inserted record has after the operations sent so far. */
function ttlDates(sent: SentOperation[]): Map<string, Date | null> {
  const dates = new Map<string, Date | null>();
  for (const { method, params } of sent) {
    const [filter, update] = params as [Record<string, unknown>, Record<string, unknown>];
    if (method === 'insertOne')
      dates.set(String(filter['accessTokenDigest']), filter['expireAt'] as Date | null);
    if (method === 'deleteOne') dates.delete(String(filter['accessTokenDigest']));
    if (method === 'updateOne' && 'provisional' in filter) {
      const $set = update['$set'] as { expireAt: Date | null };
      dates.set(String(filter['accessTokenDigest']), $set.expireAt);
    }
  }
  return dates;
}

describe('rotateRefreshToken without transactions (offline, scripted driver)', () => {
  it('inserts a never-expiring successor as provisional, claims the old token, then settles it', async () => {
    const next = tokenRecord({ refreshTokenExpiresAt: null });
    const { sent, outcome } = rotate((op) => oneWritten(op.method), next);
    expect(await outcome).toBe(true);
    expect(sent.map((s) => s.method)).toEqual(['insertOne', 'updateOne', 'updateOne']);
    expect(sent[0]!.params[0]).toMatchObject({
      accessTokenDigest: next.accessTokenDigest,
      expireAt: provisionalUntil,
      provisional: true,
    });
    expect(sent[1]!.params.slice(0, 2)).toEqual([
      {
        refreshTokenDigest: { $eq: old, $type: 'string' },
        familyId: next.familyId,
        revokedAt: null,
        rotatedAt: null,
      },
      { $set: { rotatedAt: now, revokedAt: now } },
    ]);
    expect(sent[2]!.params.slice(0, 2)).toEqual([
      { accessTokenDigest: next.accessTokenDigest, provisional: true },
      { $set: { expireAt: null }, $unset: { provisional: 1 } },
    ]);
  });

  it('a crash after any step leaves no unsettled record that outlives the provisional TTL', async () => {
    const next = tokenRecord({ refreshTokenExpiresAt: null });
    const { sent, outcome } = rotate((op) => oneWritten(op.method), next);
    await outcome;
    // Before the claim has won, and between the claim and the settle, the new record (its
    // token not handed out yet) is kept at most until the provisional date.
    for (let stop = 1; stop < sent.length; stop++) {
      for (const date of ttlDates(sent.slice(0, stop)).values()) {
        expect(date, `stopped after ${stop} operations`).not.toBeNull();
        expect(date!.getTime()).toBeLessThanOrEqual(provisionalUntil.getTime());
      }
    }
    // Settled once the rotation completed: the refresh token never expires, so neither does it.
    expect(ttlDates(sent).get(next.accessTokenDigest)).toBeNull();
  });

  it('a record that expires before the provisional date is inserted as it is, with nothing to settle', async () => {
    const next = tokenRecord({
      accessTokenExpiresAt: at(130),
      refreshTokenExpiresAt: at(160),
    });
    const { sent, outcome } = rotate((op) => oneWritten(op.method), next);
    expect(await outcome).toBe(true);
    expect(sent.map((s) => s.method)).toEqual(['insertOne', 'updateOne']);
    expect(sent[0]!.params[0]).toMatchObject({ expireAt: tokenExpireAt(next) });
    expect(sent[0]!.params[0]).not.toHaveProperty('provisional');
  });

  it('a lost claim deletes the provisional record and settles nothing', async () => {
    const next = tokenRecord({ refreshTokenExpiresAt: null });
    const { sent, outcome } = rotate(
      (op, i) =>
        i === 1
          ? { result: { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0 } }
          : op.method === 'findOne'
            ? { result: null }
            : oneWritten(op.method),
      next,
    );
    expect(await outcome).toBe(false);
    expect(sent.map((s) => s.method)).toEqual(['insertOne', 'updateOne', 'deleteOne', 'findOne']);
    expect(sent[2]!.params[0]).toEqual({ accessTokenDigest: next.accessTokenDigest });
  });

  it('a failed claim deletes the provisional record and rejects', async () => {
    const next = tokenRecord({ refreshTokenExpiresAt: null });
    const { sent, outcome } = rotate(
      (op, i) => (i === 1 ? { error: new Error('connection reset') } : oneWritten(op.method)),
      next,
    );
    expect(await outcome).toEqual(new Error('connection reset'));
    expect(sent.map((s) => s.method)).toEqual(['insertOne', 'updateOne', 'deleteOne']);
  });

  it('a failed settle rejects and leaves the record provisional, for its short TTL to remove', async () => {
    const next = tokenRecord({ refreshTokenExpiresAt: null });
    const { sent, outcome } = rotate(
      (op, i) => (i === 2 ? { error: new Error('connection reset') } : oneWritten(op.method)),
      next,
    );
    expect(await outcome).toEqual(new Error('connection reset'));
    expect(sent.map((s) => s.method)).toEqual(['insertOne', 'updateOne', 'updateOne']);
    expect(ttlDates(sent.slice(0, 2)).get(next.accessTokenDigest)).toEqual(provisionalUntil);
  });

  it('a record gone before it was settled fails closed', async () => {
    const next = tokenRecord({ refreshTokenExpiresAt: null });
    const { outcome } = rotate(
      (op, i) =>
        i === 2
          ? { result: { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0 } }
          : oneWritten(op.method),
      next,
    );
    expect(String(await outcome)).toMatch(/expired before it was settled/);
  });
});

describe('rotateRefreshToken without transactions, timed out (offline, scripted driver)', () => {
  it('a claim answered after the call timed out settles nothing: the record stays provisional', async () => {
    const { connection, models } = createOfflineConnection();
    let answerClaim: (() => void) | undefined;
    const claimAnswered = new Promise<void>((resolve) => {
      answerClaim = resolve;
    });
    const sent = scriptDriver([models.Token as never], (op) => oneWritten(op.method));
    const driver = (models.Token.collection as unknown as { collection: Record<string, unknown> })
      .collection;
    const updateOne = driver['updateOne'] as (...a: unknown[]) => Promise<unknown>;
    driver['updateOne'] = (...params: unknown[]) =>
      sent.length === 1 ? claimAnswered.then(() => updateOne(...params)) : updateOne(...params);
    const stores = createMongooseStores(connection, {
      transactions: false,
      operationTimeoutMs: 20,
    });
    const next = tokenRecord({ refreshTokenExpiresAt: null });
    await expect(stores.tokens.rotateRefreshToken(old, next, now)).rejects.toThrow(
      /did not answer within 20 ms/,
    );
    answerClaim!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent.map((s) => s.method)).toEqual(['insertOne', 'updateOne']);
    expect(ttlDates(sent).get(next.accessTokenDigest)).toEqual(provisionalUntil);
  });
});
