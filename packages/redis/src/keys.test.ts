import { describe, expect, it } from 'vitest';
import { createKeys, DEFAULT_PREFIX } from './keys.js';

/** The part of a key Redis Cluster hashes: the first non-empty `{...}`, else the whole key. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  return close === -1 || close === open + 1 ? key : key.slice(open + 1, close);
}

describe('createKeys', () => {
  it('namespaces every kind under the prefix', () => {
    const keys = createKeys('app:');
    expect(keys.token('f1', 'a1')).toBe('app:token:{f1}:a1');
    expect(keys.family('f1')).toBe('app:family:{f1}');
    expect(keys.familyRevoked('f1')).toBe('app:family-revoked:{f1}');
    expect(keys.accessPointer('a1')).toBe('app:access:a1');
    expect(keys.refreshPointer('r1')).toBe('app:refresh:r1');
    expect(keys.code('c1')).toBe('app:code:c1');
    expect(keys.client('my-app')).toBe('app:client:my-app');
    expect(createKeys().prefix).toBe(DEFAULT_PREFIX);
    expect(DEFAULT_PREFIX).toBe('oauthkit:');
  });

  it('gives all keys of a family one hash tag, even for odd family ids', () => {
    for (const familyId of ['f1', 'a}b', 'x{y', 'with space', '客户']) {
      const keys = createKeys('p:');
      const tags = new Set(
        [
          keys.token(familyId, 'a1'),
          keys.token(familyId, 'a2'),
          keys.family(familyId),
          keys.familyRevoked(familyId),
          keys.tokenBase(familyId) + 'a3',
        ].map(hashTag),
      );
      expect(tags.size, familyId).toBe(1);
    }
  });

  it('refuses prefixes with hash-tag braces and empty family ids', () => {
    expect(() => createKeys('{app}:')).toThrow(TypeError);
    expect(() => createKeys('app{')).toThrow(TypeError);
    expect(() => createKeys('app}')).toThrow(TypeError);
    expect(() => createKeys('p:').family('')).toThrow(TypeError);
    expect(() => createKeys('p:').token('', 'a')).toThrow(TypeError);
  });
});
