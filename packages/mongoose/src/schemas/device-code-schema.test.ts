import { generateToken } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { deviceCodeRecord } from '../../test/fixtures.js';
import { createOfflineConnection } from '../../test/offline-connection.js';
import { validationErrors } from '../../test/validation-errors.js';
import { toDeviceCodeDocument, toDeviceCodeRecord } from '../records/device-code-record.js';
import { DEVICE_CODES_COLLECTION, deviceCodeSchema } from './device-code-schema.js';

const { models } = createOfflineConnection();
const invalid = (doc: object) => validationErrors(models.DeviceCode, doc);

describe('deviceCodeSchema', () => {
  it('lives in oauth_device_codes without a version key', () => {
    expect(DEVICE_CODES_COLLECTION).toBe('oauth_device_codes');
    expect(deviceCodeSchema.get('versionKey')).toBe(false);
    expect(models.DeviceCode.collection.collectionName).toBe('oauth_device_codes');
  });

  it('has unique indexes on both digests and expires each record at its own expiresAt', () => {
    expect(deviceCodeSchema.indexes()).toEqual([
      [{ deviceCodeDigest: 1 }, { unique: true }],
      [{ userCodeDigest: 1 }, { unique: true }],
      [{ expiresAt: 1 }, { expireAfterSeconds: 0 }],
    ]);
  });

  it('accepts a new pending record, and reads it back as the same record', async () => {
    const record = deviceCodeRecord({ extensions: { acr: 'urn:x' } });
    const doc = toDeviceCodeDocument(record);
    expect(await invalid(doc)).toEqual({});
    expect(toDeviceCodeRecord(doc)).toEqual(record);
    expect(toDeviceCodeRecord({ ...doc, extensions: null }).extensions).toEqual({});
  });

  it('refuses missing required fields', async () => {
    expect(await invalid({})).toEqual({
      deviceCodeDigest: 'required',
      userCodeDigest: 'required',
      clientId: 'required',
      scope: 'required',
      familyId: 'required',
      issuedAt: 'required',
      expiresAt: 'required',
      interval: 'required',
      status: 'required',
    });
  });

  it('refuses clear codes where digests belong, an unknown status and a bad interval', async () => {
    const doc = toDeviceCodeDocument(deviceCodeRecord());
    expect(
      await invalid({
        ...doc,
        deviceCodeDigest: generateToken(),
        userCodeDigest: 'WDJB-MJHT',
        status: 'maybe',
        interval: 0,
      }),
    ).toEqual({
      deviceCodeDigest: 'digest',
      userCodeDigest: 'digest',
      status: 'enum',
      interval: 'interval',
    });
    expect(await invalid({ ...doc, interval: 2.5 })).toEqual({ interval: 'interval' });
  });
});
