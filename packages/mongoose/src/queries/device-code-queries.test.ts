import { describe, expect, it } from 'vitest';
import { at, deviceCodeRecord } from '../../test/fixtures.js';
import { createOfflineConnection, opOf, sentBy } from '../../test/offline-connection.js';
import { toDeviceCodeDocument } from '../records/device-code-record.js';
import {
  decideDeviceCodeQuery,
  deleteExpiredDeviceCodesQuery,
  findDeviceCodeQuery,
  findUserCodeQuery,
  pollDeviceCodeQuery,
  pollWasTooSoon,
  redeemDeviceCodeQuery,
} from './device-code-queries.js';

const { models, sent } = createOfflineConnection();
const DeviceCode = models.DeviceCode;
const digest = 'cd'.repeat(32);
const now = at(10);

describe('device code queries', () => {
  it('find a record by device code digest and by user code digest, as lean records', () => {
    const byDevice = findDeviceCodeQuery(DeviceCode, digest);
    expect(opOf(byDevice)).toBe('findOne');
    expect(byDevice.getFilter()).toEqual({ deviceCodeDigest: digest });
    expect(byDevice.mongooseOptions().lean).toBe(true);
    expect(findUserCodeQuery(DeviceCode, digest).getFilter()).toEqual({ userCodeDigest: digest });
  });

  it('decide only a pending record, in one update returning the record after it', () => {
    const approval = {
      status: 'approved',
      userId: 'user-1',
      grantedScope: 'openid',
      extensions: { acr: 'urn:x' },
    } as const;
    const q = decideDeviceCodeQuery(DeviceCode, digest, approval, now);
    expect(opOf(q)).toBe('findOneAndUpdate');
    expect(q.getFilter()).toEqual({ deviceCodeDigest: digest, status: 'pending' });
    expect(q.getUpdate()).toEqual({
      $set: {
        status: 'approved',
        decidedAt: now,
        userId: 'user-1',
        grantedScope: 'openid',
        extensions: '{"acr":"urn:x"}',
      },
    });
    expect(q.getOptions()).toMatchObject({ returnDocument: 'after' });
    expect(q.getOptions()).not.toHaveProperty('upsert');
    const denial = decideDeviceCodeQuery(DeviceCode, digest, { status: 'denied' }, now);
    expect(denial.getFilter()).toEqual({ deviceCodeDigest: digest, status: 'pending' });
    expect(denial.getUpdate()).toEqual({ $set: { status: 'denied', decidedAt: now } });
  });

  it('an approval without extensions leaves the saved ones alone', () => {
    const q = decideDeviceCodeQuery(
      DeviceCode,
      digest,
      { status: 'approved', userId: 'u', grantedScope: '' },
      now,
    );
    expect(q.getUpdate()).not.toHaveProperty('$set.extensions');
  });

  it('redeem only an approved, unredeemed record', () => {
    const q = redeemDeviceCodeQuery(DeviceCode, digest, now);
    expect(opOf(q)).toBe('findOneAndUpdate');
    expect(q.getFilter()).toEqual({
      deviceCodeDigest: digest,
      status: 'approved',
      redeemedAt: null,
    });
    expect(q.getUpdate()).toEqual({ $set: { redeemedAt: now } });
    expect(q.getOptions()).toMatchObject({ returnDocument: 'after' });
  });

  it('poll in one pipeline update that never writes the status', async () => {
    const q = pollDeviceCodeQuery(DeviceCode, digest, now);
    expect(opOf(q)).toBe('findOneAndUpdate');
    expect(q.getFilter()).toEqual({ deviceCodeDigest: digest });
    expect(q.getOptions()).toMatchObject({ returnDocument: 'before' });
    // What reaches the driver: the pipeline as written, not cast away by Mongoose.
    const op = await sentBy(sent, q);
    expect(op.collection).toBe('oauth_device_codes');
    const update = op.params[1] as { $set: Record<string, unknown> }[];
    expect(Array.isArray(update)).toBe(true);
    expect(update).toHaveLength(1);
    expect(Object.keys(update[0]!.$set).sort()).toEqual(['interval', 'lastPolledAt']);
    expect(update[0]!.$set['lastPolledAt']).toEqual({ $literal: now });
    expect(JSON.stringify(update[0]!.$set['interval'])).toContain('"$add":["$interval",5]');
  });

  it('tells slow_down from polled on the record as it was before the poll', () => {
    const record = toDeviceCodeDocument(deviceCodeRecord({ interval: 5 }));
    expect(pollWasTooSoon({ ...record, lastPolledAt: null }, now)).toBe(false);
    expect(pollWasTooSoon({ ...record, lastPolledAt: at(6) }, now)).toBe(true); // 4 s
    expect(pollWasTooSoon({ ...record, lastPolledAt: at(5) }, now)).toBe(false); // 5 s
    expect(pollWasTooSoon({ ...record, interval: 10, lastPolledAt: at(5) }, now)).toBe(true);
  });

  it('delete the expired records whatever their status', () => {
    const q = deleteExpiredDeviceCodesQuery(DeviceCode, now);
    expect(opOf(q)).toBe('deleteMany');
    expect(q.getFilter()).toEqual({ expiresAt: { $lte: now } });
  });
});
