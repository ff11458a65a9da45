import { describe, expect, test } from 'vitest';
import { HangError, withTimeout } from './with-timeout.js';

describe('withTimeout', () => {
  test('passes results and rejections through', async () => {
    await expect(withTimeout(Promise.resolve(1), 50, 'x')).resolves.toBe(1);
    await expect(withTimeout(Promise.reject(new Error('no')), 50, 'x')).rejects.toThrow('no');
  });

  test('turns a call that never settles into a HangError with its label', async () => {
    const never = new Promise<never>(() => {});
    await expect(withTimeout(never, 20, 'token endpoint')).rejects.toThrow(
      new HangError('token endpoint: no answer after 20 ms'),
    );
  });

  test('refuses a timeout that is not a positive number', () => {
    expect(() => withTimeout(Promise.resolve(), 0, 'x')).toThrow(TypeError);
  });
});
