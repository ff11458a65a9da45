import { describe, expect, it } from 'vitest';
import { checkAddresses } from './check-addresses.js';

const v4 = (address: string) => ({ address, family: 4 });
const closed = { allowPrivate: false, allowHosts: [] };

describe('checkAddresses (rule 38)', () => {
  it('refuses a host with any non-public address, wherever it is in the answer', () => {
    for (const addresses of [
      [v4('93.184.215.14'), v4('10.0.0.7')],
      [v4('10.0.0.7'), v4('93.184.215.14')],
      [v4('169.254.169.254')],
      [{ address: 'fd00::1', family: 6 }],
    ]) {
      expect(() => checkAddresses('keys.example', addresses, closed)).toThrow(
        expect.objectContaining({ code: 'blocked_address' }),
      );
    }
  });

  it('passes public addresses, and private ones only when allowed', () => {
    expect(checkAddresses('keys.example', [v4('93.184.215.14')], closed)).toEqual(
      v4('93.184.215.14'),
    );
    const internal = { allowPrivate: false, allowHosts: ['keys.internal'] };
    expect(checkAddresses('Keys.Internal', [v4('10.0.0.7')], internal)).toEqual(v4('10.0.0.7'));
    expect(() => checkAddresses('other.internal', [v4('10.0.0.7')], internal)).toThrow();
    expect(checkAddresses('x', [v4('10.0.0.7')], { ...closed, allowPrivate: true })).toEqual(
      v4('10.0.0.7'),
    );
    expect(() => checkAddresses('x', [], closed)).toThrow(expect.objectContaining({ code: 'dns' }));
  });
});
